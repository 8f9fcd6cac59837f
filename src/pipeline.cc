#include "foi/pipeline.h"

#include <algorithm>
#include <atomic>
#include <array>
#include <exception>
#include <span>
#include <system_error>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "handoff.h"

namespace foi {

Error no_returns(const std::vector<std::string>& in) {
  return Error({in.size() == 1 ? in.front() : std::string(), 0, 0},
               fmt::format("no returns found{}: a return is a .csv, .tsv or .txt file or a workbook (.xlsx, .xlsm, "
                           ".ods, .xls); hidden files and spreadsheet lock files (~$...) are skipped",
                           in.size() == 1 ? "" : " in the inputs"));
}

std::unique_ptr<Pipeline> open_pipeline(PipelineOptions options) {
  ReferenceData reference = options.reference_dir.empty() ? builtin_reference() : load_reference(options.reference_dir);
  std::vector<Override> overrides;
  Diagnostics override_findings;
  if (!options.overrides.empty()) overrides = load_overrides(options.overrides, &override_findings);
  auto p = std::make_unique<Pipeline>();
  p->override_findings = std::move(override_findings);
  p->options = std::move(options);
  p->reference = std::move(reference);
  p->resolver = std::make_unique<ProviderResolver>(p->reference, std::move(overrides));
  p->inputs = collect_inputs(p->options.inputs, p->options.manifest);
  if (p->inputs.files.empty() && !p->options.allow_no_returns) throw no_returns(p->options.inputs);
  std::string manifest = p->options.manifest.empty() ? p->inputs.manifest : p->options.manifest;
  if (!manifest.empty()) p->manifest = load_manifest(manifest, p->reference);
  p->context.reference = &p->reference;
  p->context.manifest = p->manifest ? &*p->manifest : nullptr;
  p->context.years = p->options.study.years;
  p->context.quality = &p->options.study.quality;
  p->context.table.aliases = p->options.study.aliases;
  if (!p->options.aliases.empty()) {
    auto extra = load_header_aliases(p->options.aliases);
    // The user's alias file comes before the study file's.
    extra.entries.insert(extra.entries.end(), p->context.table.aliases.entries.begin(),
                         p->context.table.aliases.entries.end());
    p->context.table.aliases = std::move(extra);
  }
  if (p->options.adjust_reading) p->options.adjust_reading(p->context);
  return p;
}

namespace {

// Contracts handed from the reading thread to the resolving one, a batch at
// a time so that the two meet rarely.
struct Batch {
  std::vector<Contract> contracts;
  std::size_t size = 0;
  // (contracts before it, files done): where a file ended, so that progress
  // is told once the sink has seen all of a file's contracts.
  std::vector<std::pair<std::size_t, std::size_t>> file_ends;
  bool last = false;  // no contracts after this batch
};

// Thrown inside the reading thread to stop it when the other one failed.
struct Cancelled {};

// Contracts resolved and handed to a sink at a time: enough for their
// lookups to be asked for together, few enough to stay in the cache.
constexpr std::size_t kResolveBatch = 64;

// What a contract's provider is resolved by.
ProviderResolver::Spelling spelling_of(const Contract& c) {
  return {c.provider_raw, c.provider_type_raw, c.provider_code_raw};
}

// Resolves contracts and hands them to the sink in order, a batch at a
// time (ProviderResolver::resolve_and_count).
void resolve_into(ProviderResolver& resolver, std::span<const Contract> contracts, const ContractBatchSink& sink) {
  std::array<ProviderResolver::Spelling, kResolveBatch> spellings;
  std::array<const ProviderDecision*, kResolveBatch> decisions;
  for (std::size_t first = 0; first < contracts.size(); first += kResolveBatch) {
    const std::size_t n = std::min(kResolveBatch, contracts.size() - first);
    const Contract* c = contracts.data() + first;
    for (std::size_t i = 0; i < n; ++i) spellings[i] = spelling_of(c[i]);
    resolver.resolve_and_count({spellings.data(), n}, {decisions.data(), n});
    sink({c, n}, {decisions.data(), n});
  }
}

// A caller's failure on its way out through the reader that called it (a
// half's or a run's sink, take_back and close run inside the reading): the
// reader takes a foi::Error for its file's own and reads on, so the
// caller's error is carried past it in this, and thrown again as it was by
// run_pipeline.
struct SinkFailure {
  std::exception_ptr error;
};
template <typename F>
void as_the_callers(F&& f) {
  try {
    f();
  } catch (...) {
    throw SinkFailure{std::current_exception()};
  }
}

// Where a reader writes contracts when they are resolved a batch at a
// time: its slots are handed out one by one, and a full batch goes to the
// sink. What is held when the reading stops goes with flush().
class BatchedOut {
 public:
  BatchedOut(ProviderResolver& resolver, const ContractBatchSink& sink)
      : resolver_(resolver), sink_(sink), held_(kResolveBatch) {}
  Contract& take(Contract& filled) {
    if (&filled != &held_[n_]) std::swap(held_[n_], filled);  // the reader's first contract, written in its own slot
    if (++n_ == held_.size()) flush();
    return held_[n_];
  }
  ContractOut out() {
    return [this](Contract& c) -> Contract& { return take(c); };
  }
  void flush() {
    const std::size_t n = std::exchange(n_, 0);  // first: a failed batch leaves no slot taken
    as_the_callers([&] { resolve_into(resolver_, {held_.data(), n}, sink_); });
  }
  void drop() { n_ = 0; }

 private:
  ProviderResolver& resolver_;
  const ContractBatchSink& sink_;
  std::vector<Contract> held_;
  std::size_t n_ = 0;
};

// Files [first, end) in order on this thread alone: when no second thread
// can be started (std::thread throws std::system_error at a limit on
// threads), the same figures, slower.
void read_here(Pipeline& p, std::size_t first, std::size_t end, const ContractBatchSink& sink,
               const Progress& progress, std::vector<FileResult>& results) {
  BatchedOut out(*p.resolver, sink);
  const ContractOut next = out.out();
  for (std::size_t i = first; i < end; ++i) {
    results.push_back(read_return_into(p.inputs.files[i], p.context, next));
    out.flush();  // progress is told once the sink has seen all of a file's contracts
    if (progress) progress(i + 1, p.inputs.files.size());
  }
}

// Files [first, end) in order: one thread reads the returns into contracts
// (stages 1-2) while this one resolves providers and feeds the sink (stage
// 3 on), so both cores work on one large file as on many small ones.
void read_in_turn(Pipeline& p, std::size_t first, std::size_t end, const ContractBatchSink& sink,
                  const Progress& progress, std::vector<FileResult>& results) {
  constexpr std::size_t kBatches = 4, kBatchSize = 256;
  Handoff<Batch> queue(kBatches);
  for (auto& b : queue.batches()) b.contracts.resize(kBatchSize);
  std::exception_ptr reader_failure;
  std::thread reader;
  try {
    reader = std::thread([&] {
      Batch* batch = nullptr;
      try {
        for (std::size_t i = first; i < end; ++i) {
          // Contracts are written straight into the batches: each call takes
          // the contract just written and hands out the next free slot.
          results.push_back(read_return_into(p.inputs.files[i], p.context, [&](Contract& c) -> Contract& {
            if (!batch && !(batch = queue.take_free())) throw Cancelled{};
            Contract& slot = batch->contracts[batch->size];
            if (&c != &slot) std::swap(slot, c);  // a file's first contract, written before any slot was handed out
            if (++batch->size == batch->contracts.size()) {
              queue.give_full(std::exchange(batch, nullptr));
              if (!(batch = queue.take_free())) throw Cancelled{};
            }
            return batch->contracts[batch->size];
          }));
          if (!batch && !(batch = queue.take_free())) throw Cancelled{};
          batch->file_ends.emplace_back(batch->size, i + 1);
        }
        if (!batch && !(batch = queue.take_free())) return;
        batch->last = true;
        queue.give_full(batch);
      } catch (const Cancelled&) {
      } catch (...) {
        reader_failure = std::current_exception();
        queue.cancel();
      }
    });
  } catch (const std::system_error&) {
    return read_here(p, first, end, sink, progress, results);
  }
  try {
    for (;;) {
      Batch* batch = queue.take_full();
      if (!batch) break;  // the reader failed
      // Progress is told once the sink has seen all of a file's contracts.
      std::size_t k = 0;
      std::span<const Contract> contracts(batch->contracts.data(), batch->size);
      for (const auto& [before, files_done] : batch->file_ends) {
        resolve_into(*p.resolver, contracts.subspan(k, before - k), sink);
        k = before;
        if (progress) progress(files_done, p.inputs.files.size());
      }
      resolve_into(*p.resolver, contracts.subspan(k), sink);
      bool last = batch->last;
      batch->size = 0;
      batch->file_ends.clear();
      batch->last = false;
      queue.give_free(batch);
      if (last) break;
    }
  } catch (...) {
    queue.cancel();
    reader.join();
    throw;
  }
  reader.join();
  if (reader_failure) std::rethrow_exception(reader_failure);
}

// One large file as two halves at once, each half resolving its own
// providers into its own sink on its own thread.
FileResult read_as_halves(Pipeline& p, const InputFile& file, const ContractBatchSink& sink,
                          const SecondSink& second) {
  ProviderResolver half_resolver(*p.resolver, ProviderResolver::NoDecisions{});
  ContractBatchSink half_sink = second.open();
  BatchedOut first_out(*p.resolver, sink), second_out(half_resolver, half_sink);
  std::function<void(std::span<const Contract>)> take_back;
  if (second.take_back)
    take_back = [&](std::span<const Contract> contracts) {
      second_out.flush();  // every contract of the half is in its sink before some are taken back out
      std::vector<ProviderResolver::Spelling> spellings;
      spellings.reserve(contracts.size());
      for (const Contract& c : contracts) spellings.push_back(spelling_of(c));
      std::vector<const ProviderDecision*> decisions(contracts.size());
      half_resolver.take_back(spellings, decisions);
      as_the_callers([&] { second.take_back(contracts, decisions); });
    };
  SecondHalf half{second_out.out(),
                  [&](bool keep, long lines_before) {
                    if (keep) {
                      // Both halves' contracts are in their sinks before the second's are added in.
                      first_out.flush();
                      second_out.flush();
                      const auto decisions = p.resolver->absorb(half_resolver);
                      if (second.close) as_the_callers([&] { second.close(true, decisions, lines_before); });
                    } else {
                      second_out.drop();
                      if (second.close) as_the_callers([&] { second.close(false, {}, 0); });
                    }
                  },
                  std::move(take_back)};
  FileResult result = read_return_into(file, p.context, first_out.out(), &half);
  first_out.flush();
  return result;
}

// Files [first, end) as two runs at once, for a caller with a second sink
// (many returns of one study, 211 CCGs' worth): this thread reads the first
// files and another the rest, each through the whole data path into its
// own resolver and sink, the second run's added in once both are done. The
// runs are split where the files before hold about half the bytes: the
// same files go to the same run every time, so the figures are the same
// from run to run. Progress is told on this thread, as its files are done.
// sizes: the files' bytes, by index.
void read_in_two_runs(Pipeline& p, std::size_t first, std::size_t end, std::span<const std::uint64_t> sizes,
                      const ContractBatchSink& sink, const SecondSink& second, const Progress& progress,
                      std::vector<FileResult>& results) {
  const auto& files = p.inputs.files;
  std::uint64_t total = 0;
  for (std::size_t i = first; i < end; ++i) total += sizes[i];
  std::size_t mid = first + 1;
  for (std::uint64_t before = sizes[first]; mid + 1 < end && before * 2 < total; ++mid) before += sizes[mid];
  std::vector<FileResult> theirs(end - mid);
  ProviderResolver their_resolver(*p.resolver, ProviderResolver::NoDecisions{});
  ContractBatchSink their_sink = second.open();
  BatchedOut mine(*p.resolver, sink), their_out(their_resolver, their_sink);
  std::atomic<bool> stop{false};
  std::atomic<std::size_t> theirs_done{0};
  std::exception_ptr their_failure;
  std::thread other;
  try {
    other = std::thread([&] {
      try {
        const ContractOut out = their_out.out();
        for (std::size_t i = mid; i < end && !stop.load(std::memory_order_relaxed); ++i) {
          theirs[i - mid] = read_return_into(files[i], p.context, out);
          theirs_done.fetch_add(1, std::memory_order_relaxed);
        }
        their_out.flush();
      } catch (...) {
        their_failure = std::current_exception();
        stop = true;
      }
    });
  } catch (const std::system_error&) {
    if (second.close) second.close(false, {}, 0);
    return read_here(p, first, end, sink, progress, results);
  }
  try {
    const ContractOut out = mine.out();
    for (std::size_t i = first; i < mid && !stop.load(std::memory_order_relaxed); ++i) {
      results.push_back(read_return_into(files[i], p.context, out));
      if (progress) progress(results.size() + theirs_done.load(std::memory_order_relaxed), files.size());
    }
    mine.flush();
  } catch (...) {
    stop = true;
    other.join();
    throw;
  }
  other.join();
  if (their_failure) {
    if (second.close) second.close(false, {}, 0);
    std::rethrow_exception(their_failure);
  }
  const auto decisions = p.resolver->absorb(their_resolver);
  if (second.close) second.close(true, decisions, 0);
  for (FileResult& r : theirs) results.push_back(std::move(r));
  if (progress) progress(results.size(), files.size());
}

// Every input in order, as run_pipeline says; a sink's failure comes out
// as a SinkFailure.
std::vector<FileResult> read_all(Pipeline& p, const ContractBatchSink& sink, const Progress& progress,
                                 const SecondSink* second) {
  const auto& files = p.inputs.files;
  std::vector<FileResult> results;
  results.reserve(files.size());
  auto halves = [&](std::size_t i) { return second && second->halves && reads_in_halves(files[i], p.context); };
  // Each file's size, asked of the file system once.
  std::vector<std::uint64_t> sizes(files.size());
  if (second)
    for (std::size_t i = 0; i < files.size(); ++i) sizes[i] = input_size(files[i]);
  for (std::size_t i = 0; i < files.size();) {
    if (halves(i)) {
      results.push_back(read_as_halves(p, files[i], sink, *second));
      ++i;
      if (progress) progress(i, files.size());
      continue;
    }
    std::size_t j = i + 1;
    std::uint64_t bytes = sizes[i];
    for (; j < files.size() && !halves(j); ++j) bytes += sizes[j];
    // Files that hold as many bytes as a file read as two halves are read as two runs.
    if (second && j - i >= 2 && bytes >= p.context.split_bytes)
      read_in_two_runs(p, i, j, sizes, sink, *second, progress, results);
    else
      read_in_turn(p, i, j, sink, progress, results);
    i = j;
  }
  return results;
}

}  // namespace

ContractBatchSink each_contract(ContractSink sink) {
  return [sink = std::move(sink)](std::span<const Contract> contracts, std::span<const ProviderDecision* const> decisions) {
    for (std::size_t i = 0; i < contracts.size(); ++i) sink(contracts[i], *decisions[i]);
  };
}

std::vector<FileResult> run_pipeline(Pipeline& p, const ContractBatchSink& sink, const Progress& progress,
                                     const SecondSink* second) {
  try {
    return read_all(p, sink, progress, second);
  } catch (const SinkFailure& f) {
    std::rethrow_exception(f.error);
  }
}

}  // namespace foi

#include "foi/pipeline.h"

#include <catch2/catch.hpp>
#include <limits>
#include <map>
#include <sstream>
#include <span>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "foi/commands.h"
#include "foi/error.h"
#include "test_util.h"

namespace {

std::unique_ptr<foi::Pipeline> pipeline_over(const std::string& name, int files, int rows) {
  auto dir = test::scratch(name);
  const char* codes[] = {"08K", "07L", "00C", "08A"};
  for (int f = 0; f < files; ++f) {
    std::string text = "Provider,Contract value\n";
    for (int i = 0; i < rows * (f + 1); ++i) text += "Provider " + std::to_string(i % 50) + "," + std::to_string(i + 1) + "\n";
    test::write_file(dir / (std::string(codes[f]) + "_return.csv"), text);
  }
  foi::PipelineOptions o;
  o.inputs = {dir.string()};
  return foi::open_pipeline(std::move(o));
}

}  // namespace

TEST_CASE("pipeline: progress is told once the sink has seen every contract of the files done", "[pipeline]") {
  auto p = pipeline_over("pipeline-progress", 4, 700);
  long sunk = 0;
  std::vector<long> sunk_at_progress;
  auto results = foi::run_pipeline(
      *p, [&](const foi::Contract&, const foi::ProviderDecision&) { ++sunk; },
      [&](std::size_t done, std::size_t total) {
        CHECK(total == 4);
        CHECK(done == sunk_at_progress.size() + 1);
        sunk_at_progress.push_back(sunk);
      });
  REQUIRE(results.size() == 4);
  REQUIRE(sunk_at_progress.size() == 4);
  long expected = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    expected += results[i].contracts;
    CHECK(sunk_at_progress[i] == expected);
  }
  CHECK(sunk == 700 * (1 + 2 + 3 + 4));
}

TEST_CASE("pipeline: stays where open_pipeline made it, as its parts point into each other", "[pipeline]") {
  STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<foi::Pipeline>);
  STATIC_REQUIRE_FALSE(std::is_move_constructible_v<foi::Pipeline>);
  STATIC_REQUIRE_FALSE(std::is_move_assignable_v<foi::Pipeline>);
}

TEST_CASE("pipeline: contracts reach the sink in file and row order with their providers", "[pipeline]") {
  auto p = pipeline_over("pipeline-order", 2, 600);
  std::vector<std::pair<std::string, long>> seen;
  const auto files = foi::run_pipeline(*p, [&](const foi::Contract& c, const foi::ProviderDecision& d) {
    seen.emplace_back(c.source_file, c.source_line);
    CHECK(p->resolver->canonical_name(d.cluster).starts_with("Provider "));
  });
  CHECK(files.size() == 2);
  REQUIRE(seen.size() == 1800);
  for (std::size_t i = 1; i < seen.size(); ++i)
    if (seen[i].first == seen[i - 1].first) CHECK(seen[i].second == seen[i - 1].second + 1);
}

TEST_CASE("pipeline: an error in the sink stops both threads and reaches the caller", "[pipeline]") {
  auto p = pipeline_over("pipeline-error", 3, 2000);
  long sunk = 0;
  CHECK_THROWS_WITH(foi::run_pipeline(*p,
                                      [&](const foi::Contract&, const foi::ProviderDecision&) {
                                        if (++sunk == 1000) throw std::runtime_error("sink failed");
                                      }),
                    "sink failed");
  CHECK(sunk == 1000);
}

TEST_CASE("pipeline: a large file read as two halves reaches each sink once, halves kept apart", "[pipeline]") {
  auto dir = test::scratch("pipeline-halves");
  std::string text = "CCG,Provider,Contract value\n";
  const char* codes[] = {"08K", "07L", "00C"};
  for (int i = 0; i < 6000; ++i)
    text += std::string(codes[i % 3]) + ",Provider " + std::to_string(i % 90) + "," + std::to_string(i + 1) + "\n";
  test::write_file(dir / "national.csv", text);
  foi::PipelineOptions o;
  o.inputs = {(dir / "national.csv").string()};
  auto p = foi::open_pipeline(std::move(o));
  p->context.split_bytes = 0;
  long first = 0, second = 0, opened = 0, kept = 0, second_first_line = 0;
  double first_sum = 0, second_sum = 0;
  std::vector<const foi::ProviderDecision*> second_decisions;
  foi::SecondSink halves{[&]() -> foi::ContractBatchSink {
                           ++opened;
                           return foi::each_contract([&](const foi::Contract& c, const foi::ProviderDecision& d) {
                             if (second++ == 0) second_first_line = c.source_line;
                             second_sum += *c.value;
                             second_decisions.push_back(&d);
                           });
                         },
                         [&](bool keep, const std::vector<const foi::ProviderDecision*>& decisions,
                             long lines_before) {
                           kept += keep;
                           // The half's lines count from its start: its first contract follows the
                           // first half's (line 1 is the header).
                           CHECK(second_first_line + lines_before == first + 2);
                           // Each decision the half's sink saw maps to the pipeline's decision for the same provider.
                           for (const auto* d : second_decisions) {
                             const foi::ProviderDecision* mine = decisions.at(d->name_id);
                             CHECK(p->resolver->canonical_name(mine->cluster).starts_with("Provider "));
                             CHECK(mine->type == d->type);
                           }
                         },
                         nullptr};
  std::size_t progress_calls = 0;
  auto results = foi::run_pipeline(
      *p,
      foi::each_contract([&](const foi::Contract& c, const foi::ProviderDecision&) {
        ++first;
        first_sum += *c.value;
      }),
      [&](std::size_t done, std::size_t total) {
        CHECK(done == 1);
        CHECK(total == 1);
        ++progress_calls;
      },
      &halves);
  CHECK(opened == 1);
  CHECK(kept == 1);
  CHECK(progress_calls == 1);
  CHECK(first > 0);
  CHECK(second > 0);
  CHECK(first + second == 6000);
  CHECK(first_sum + second_sum == 6000.0 * 6001 / 2);
  REQUIRE(results.size() == 1);
  CHECK(results[0].contracts == 6000);
  CHECK(results[0].read.lines == 6001);
  // The resolver counted both halves: every provider's 6000 / 90 contracts.
  long counted = 0;
  for (const auto& c : p->resolver->clusters()) counted += c.contracts;
  CHECK(counted == 6000);
}

TEST_CASE("pipeline: a second half's contracts that repeat rows of the first are taken back out of its sink and counts",
          "[pipeline]") {
  auto dir = test::scratch("pipeline-take-back");
  std::string text = "CCG,Provider,Contract value\n";
  const char* codes[] = {"08K", "07L", "00C"};
  auto line = [&](int i) {
    return std::string(codes[i % 3]) + ",Provider " + std::to_string(i % 90) + "," + std::to_string(i + 1) + "\n";
  };
  for (int i = 0; i < 6000; ++i) text += line(i);
  for (int i = 0; i < 10; ++i) text += line(i);  // rows 2 to 11 again, at the end of the second half
  test::write_file(dir / "national.csv", text);
  foi::PipelineOptions o;
  o.inputs = {(dir / "national.csv").string()};
  auto p = foi::open_pipeline(std::move(o));
  p->context.split_bytes = 0;
  std::map<const foi::ProviderDecision*, long> second_by_decision;  // contracts in the half's sink, by decision
  double second_sum = 0, first_sum = 0;
  long kept = 0, taken_back = 0;
  foi::SecondSink halves{[&]() -> foi::ContractBatchSink {
                           return foi::each_contract([&](const foi::Contract& c, const foi::ProviderDecision& d) {
                             ++second_by_decision[&d];
                             second_sum += *c.value;
                           });
                         },
                         [&](bool keep, const std::vector<const foi::ProviderDecision*>&, long) { kept += keep; },
                         [&](std::span<const foi::Contract> taken, std::span<const foi::ProviderDecision* const> d) {
                           REQUIRE(taken.size() == d.size());
                           for (std::size_t i = 0; i < taken.size(); ++i) {
                             // Taken back with the decision the half's sink was given it with.
                             CHECK(second_by_decision[d[i]]-- > 0);
                             second_sum -= *taken[i].value;
                             ++taken_back;
                           }
                         }};
  auto results = foi::run_pipeline(
      *p, foi::each_contract([&](const foi::Contract& c, const foi::ProviderDecision&) { first_sum += *c.value; }),
      {}, &halves);
  CHECK(kept == 1);
  CHECK(taken_back == 10);
  CHECK(first_sum + second_sum == 6000.0 * 6001 / 2);
  REQUIRE(results.size() == 1);
  CHECK(results[0].contracts == 6000);
  CHECK(results[0].duplicates == 10);
  // The resolver counts each contract once: the repeats were uncounted.
  long counted = 0;
  for (const auto& c : p->resolver->clusters()) counted += c.contracts;
  CHECK(counted == 6000);
}

TEST_CASE("pipeline: returns as large together as a file read in halves are read as two runs, results in file order",
          "[pipeline]") {
  auto dir = test::scratch("pipeline-two-runs");
  const char* codes[] = {"08K", "07L", "00C", "05C", "10Q", "02N"};
  for (int f = 0; f < 6; ++f) {
    std::string text = "Provider,Contract value\n";
    for (int i = 0; i < 200 + 100 * f; ++i)
      text += "Provider " + std::to_string(i % 30) + "," + std::to_string(i + 1) + "\n";
    test::write_file(dir / (std::string(codes[f]) + "_return.csv"), text);
  }
  foi::PipelineOptions o;
  o.inputs = {dir.string()};
  auto p = foi::open_pipeline(std::move(o));
  p->context.split_bytes = 20000;  // more than any one file, less than all six
  long opened = 0, kept = 0, first = 0, second = 0;
  double first_sum = 0, second_sum = 0;
  std::vector<std::pair<std::size_t, std::size_t>> told;
  foi::SecondSink runs{[&]() -> foi::ContractBatchSink {
                         ++opened;
                         return foi::each_contract([&](const foi::Contract& c, const foi::ProviderDecision&) {
                           ++second;
                           second_sum += *c.value;
                         });
                       },
                       [&](bool keep, const std::vector<const foi::ProviderDecision*>&, long) { kept += keep; },
                       nullptr};
  auto results = foi::run_pipeline(
      *p,
      foi::each_contract([&](const foi::Contract& c, const foi::ProviderDecision&) {
        ++first;
        first_sum += *c.value;
      }),
      [&](std::size_t done, std::size_t total) { told.emplace_back(done, total); }, &runs);
  CHECK(opened == 1);
  CHECK(kept == 1);
  CHECK(first > 0);
  CHECK(second > 0);
  // 200 + 300 + ... + 700 contracts, each file's once.
  CHECK(first + second == 2700);
  double expected = 0;
  for (int f = 0; f < 6; ++f) expected += (200.0 + 100 * f) * (201.0 + 100 * f) / 2;
  CHECK(first_sum + second_sum == expected);
  REQUIRE(results.size() == 6);
  for (std::size_t i = 0; i < 6; ++i) {
    CHECK(results[i].file == p->inputs.files[i].display);  // in the inputs' order
    for (int f = 0; f < 6; ++f)
      if (results[i].file.find(codes[f]) != std::string::npos) CHECK(results[i].contracts == 200 + 100 * f);
  }
  // Told as files are done, ending with all of them.
  REQUIRE_FALSE(told.empty());
  CHECK(told.back() == std::pair<std::size_t, std::size_t>{6, 6});
  for (std::size_t i = 1; i < told.size(); ++i) CHECK(told[i].first >= told[i - 1].first);
  long counted = 0;
  for (const auto& c : p->resolver->clusters()) counted += c.contracts;
  CHECK(counted == 2700);
}

TEST_CASE("pipeline: a second sink that takes no halves is given a run of files, never half of one; each contract "
          "names its input",
          "[pipeline]") {
  auto p = pipeline_over("pipeline-no-halves", 4, 700);
  p->context.split_bytes = 0;  // every file would be read in halves, and all together as two runs
  long opened = 0, kept = 0;
  std::map<std::uint32_t, long> first, second;  // contracts by source_index, as each sink saw them
  // Contracts whose source_index does not name their file, counted by each
  // sink and checked here: Catch's assertions are not to be made on two threads.
  long misnamed_first = 0, misnamed_second = 0;
  const auto misnamed = [&](const foi::Contract& c) {
    return c.source_index >= p->inputs.files.size() || c.source_file != p->inputs.files[c.source_index].display;
  };
  foi::SecondSink runs{[&]() -> foi::ContractBatchSink {
                         ++opened;
                         return foi::each_contract([&](const foi::Contract& c, const foi::ProviderDecision&) {
                           misnamed_second += misnamed(c);
                           ++second[c.source_index];
                         });
                       },
                       [&](bool keep, const std::vector<const foi::ProviderDecision*>&, long) { kept += keep; },
                       nullptr, false};
  auto results = foi::run_pipeline(
      *p,
      foi::each_contract([&](const foi::Contract& c, const foi::ProviderDecision&) {
        misnamed_first += misnamed(c);
        ++first[c.source_index];
      }),
      {}, &runs);
  CHECK(misnamed_first == 0);
  CHECK(misnamed_second == 0);
  CHECK(opened == 1);
  CHECK(kept == 1);
  REQUIRE(results.size() == 4);
  // Each file wholly in one sink: the first run's files in the first, the rest in the second.
  long all = 0;
  for (std::uint32_t i = 0; i < 4; ++i) {
    INFO("file " << i);
    CHECK(first.count(i) + second.count(i) == 1);
    CHECK((first.count(i) ? first[i] : second[i]) == results[i].contracts);
    all += results[i].contracts;
  }
  CHECK(all == 700 * (1 + 2 + 3 + 4));
  CHECK_FALSE(first.empty());
  CHECK_FALSE(second.empty());
  CHECK(first.rbegin()->first < second.begin()->first);

  // One file alone is read through the first sink only.
  auto one = pipeline_over("pipeline-no-halves-one", 1, 3000);
  one->context.split_bytes = 0;
  opened = 0;
  long sunk = 0;
  const auto files =
      foi::run_pipeline(*one, foi::each_contract([&](const foi::Contract&, const foi::ProviderDecision&) { ++sunk; }), {},
                        &runs);
  CHECK(files.size() == 1);
  CHECK(opened == 0);
  CHECK(sunk == 3000);
}

TEST_CASE("pipeline: a sink's foi::Error in either of two runs of files, or in a half, reaches the caller as it was "
          "thrown, not as a finding of the file it was reading",
          "[pipeline]") {
  // A run's sink is called inside the reading of its file, which takes a
  // foi::Error for the file's own: the sink's must not be taken so.
  const auto failing = [](long& n, long at) {
    return foi::each_contract([&n, at](const foi::Contract&, const foi::ProviderDecision&) {
      if (++n == at) throw foi::Error({"sink", 0, 0}, "no room for the sink");
    });
  };
  for (const bool second_fails : {false, true}) {
    INFO("the " << (second_fails ? "second" : "first") << " run's sink fails");
    auto p = pipeline_over(second_fails ? "pipeline-run-error-2" : "pipeline-run-error-1", 4, 700);
    p->context.split_bytes = 0;
    long first = 0, second = 0;
    foi::SecondSink runs{[&] { return failing(second, second_fails ? 100 : -1); },
                         [](bool, const std::vector<const foi::ProviderDecision*>&, long) {}, nullptr, false};
    CHECK_THROWS_WITH(foi::run_pipeline(*p, failing(first, second_fails ? -1 : 100), {}, &runs),
                      Catch::Contains("no room for the sink"));
  }
  // A second half's sink failing: the first half reads the rest itself, into its own sink.
  auto p = pipeline_over("pipeline-half-error", 1, 6000);
  p->context.split_bytes = 0;
  long first = 0, second = 0;
  foi::SecondSink half{[&] { return failing(second, 100); },
                       [](bool, const std::vector<const foi::ProviderDecision*>&, long) {},
                       [](std::span<const foi::Contract>, std::span<const foi::ProviderDecision* const>) {}};
  auto results = foi::run_pipeline(*p, failing(first, -1), {}, &half);
  REQUIRE(results.size() == 1);
  CHECK(results[0].contracts == 6000);
  CHECK(first == 6000);
  CHECK_FALSE(results[0].unreadable);

  // A caller's take_back, called at the join, failing: the same.
  auto dir = test::scratch("pipeline-take-back-error");
  std::string text = "CCG,Provider,Contract value\n";
  for (int i = 0; i < 6000; ++i) text += "08K,Provider " + std::to_string(i % 90) + "," + std::to_string(i + 1) + "\n";
  text += "08K,Provider 0,1\n";  // the first row again, in the second half
  test::write_file(dir / "08K_national.csv", text);
  foi::PipelineOptions o;
  o.inputs = {(dir / "08K_national.csv").string()};
  auto q = foi::open_pipeline(std::move(o));
  q->context.split_bytes = 0;
  long in_first = 0, in_second = 0, taken = 0;  // a count each: the sinks run on two threads
  foi::SecondSink refusing{[&] { return failing(in_second, -1); }, {},
                           [&](std::span<const foi::Contract>, std::span<const foi::ProviderDecision* const>) {
                             ++taken;
                             throw foi::Error({"sink", 0, 0}, "no room to take back");
                           }};
  CHECK_THROWS_WITH(foi::run_pipeline(*q, failing(in_first, -1), {}, &refusing),
                    Catch::Contains("no room to take back"));
  CHECK(taken == 1);
}

TEST_CASE("pipeline: adjust_reading changes the reading context open_pipeline sets up", "[pipeline]") {
  auto dir = test::scratch("pipeline-adjust");
  test::write_file(dir / "08K_return.csv", "Provider,Contract value\nA,1\n");
  foi::PipelineOptions o;
  o.inputs = {dir.string()};
  o.adjust_reading = [](foi::ReadContext& c) {
    CHECK(c.reference != nullptr);  // set up before it is called
    c.split_bytes = 123;
  };
  CHECK(foi::open_pipeline(std::move(o))->context.split_bytes == 123);
}

// Each command on the sample returns (CSV files in many layouts, workbooks,
// an unreadable file), read as small inputs are, then with every file read
// in halves and the files as two runs: the same output and messages. The
// commands' fuzzer (fuzz/fuzz_commands.cc) does the same with any bytes.
TEST_CASE("pipeline: every command says the same read in turn, in halves and as two runs of files", "[pipeline]") {
  const std::string sample = test::source("data/samples/bjgp2019");
  auto run = [&](int command, std::size_t split_bytes) {
    foi::PipelineOptions pipeline;
    pipeline.inputs = {sample + "/returns", sample + "/returns/00C_darlington.csv"};  // one file named twice too
    pipeline.manifest = sample + "/manifest.csv";
    pipeline.adjust_reading = [split_bytes](foi::ReadContext& c) {
      c.split_bytes = split_bytes;
      c.read_ahead_bytes = split_bytes;
    };
    std::ostringstream out, err;
    auto with = [&](auto options, const char* format, auto command_of) {
      options.pipeline = pipeline;
      options.format = format;
      return command_of(options, out, err);
    };
    foi::AnalyseOptions analyse;
    analyse.study_path = sample + "/study.toml";
    const int code = command == 0   ? with(analyse, "json", foi::run_analyse)
                     : command == 1 ? with(foi::ValidateOptions{}, "json", foi::run_validate)
                     : command == 2 ? with(foi::ProvidersOptions{}, "csv", foi::run_providers)
                                    : with(foi::NormaliseOptions{}, "csv", foi::run_normalise);
    return std::tuple(code, out.str(), err.str());
  };
  for (int command = 0; command < 4; ++command) {
    CAPTURE(command);
    const auto in_turn = run(command, std::numeric_limits<std::size_t>::max());
    CHECK(std::get<1>(in_turn).size() > 1000);
    CHECK(run(command, 0) == in_turn);          // every file in halves (or, declining them, runs of files)
    CHECK(run(command, 40000) == in_turn);      // runs of files: no return holds 40,000 bytes, all together many more
  }
}

TEST_CASE("pipeline: a command called with a format it has not refuses it, naming the ones it has", "[pipeline]") {
  foi::PipelineOptions pipeline;
  pipeline.inputs = {test::source("data/samples/bjgp2019/returns/00C_darlington.csv")};
  std::ostringstream out, err;
  auto refused = [&](auto options, const char* format, auto command_of, const char* names) {
    options.pipeline = pipeline;
    options.format = format;
    CHECK_THROWS_WITH(command_of(options, out, err),
                      Catch::Contains(std::string("--format must be one of ") + names + " (not '" + format + "')"));
  };
  refused(foi::AnalyseOptions{}, "jsn", foi::run_analyse, "text, json, csv, markdown");
  refused(foi::ValidateOptions{}, "JSON", foi::run_validate, "text, json, github, junit");
  refused(foi::ProvidersOptions{}, "json", foi::run_providers, "text, csv");
  refused(foi::NormaliseOptions{}, "text", foi::run_normalise, "csv, jsonl");
  CHECK(out.str().empty());
}

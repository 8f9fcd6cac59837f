#include "repeated_hashes.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <functional>
#include <queue>
#include <system_error>
#include <utility>

#include "radix_sort.h"
#include "temp_file.h"

namespace foi {

namespace {

[[noreturn]] void fail(const char* what) { throw std::system_error(errno, std::generic_category(), what); }

// A file no other process can name: it is unlinked as soon as it is made,
// so that nothing is left behind however the program ends.
int temporary_file() {
  TempFile t = make_temp_file("foi-contracts");
  ::unlink(t.path.c_str());
  return t.fd;
}

void read_at(int fd, void* data, std::size_t bytes, std::uint64_t at) {
  char* p = static_cast<char*>(data);
  auto offset = static_cast<off_t>(at);
  while (bytes > 0) {
    ssize_t r = ::pread(fd, p, bytes, offset);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) fail("cannot read the duplicate check's temporary file");
    if (r == 0) {
      errno = EIO;
      fail("the duplicate check's temporary file is shorter than written");
    }
    p += r;
    offset += r;
    bytes -= static_cast<std::size_t>(r);
  }
}

}  // namespace

template <typename Value>
SortedRuns<Value>::SortedRuns(std::size_t run) : run_(std::max<std::size_t>(run, 1)) {}

template <typename Value>
SortedRuns<Value>::~SortedRuns() {
  if (fd_ >= 0) ::close(fd_);
}

template <typename Value>
void SortedRuns<Value>::add(std::uint64_t key, Value value) {
  if (keys_.size() == run_) spill();
  if (keys_.capacity() < run_) keys_.reserve(run_);
  keys_.push_back(key);
  if constexpr (kValues) {
    if (values_.capacity() < run_) values_.reserve(run_);
    values_.push_back(value);
  }
}

// Stable: the entries of one key stay in the order they came.
template <typename Value>
void SortedRuns<Value>::sort() {
  if constexpr (kValues) radix_sort(keys_.data(), values_.data(), keys_.size());
  else radix_sort(keys_.data(), keys_.size());
}

// A run is its keys, then its values.
template <typename Value>
void SortedRuns<Value>::spill() {
  if (fd_ < 0) fd_ = temporary_file();
  sort();
  write_all(fd_, keys_.data(), keys_.size() * sizeof(std::uint64_t));
  if constexpr (kValues) write_all(fd_, values_.data(), values_.size() * sizeof(Value));
  runs_.push_back({written_, keys_.size()});
  written_ += keys_.size() * (sizeof(std::uint64_t) + (kValues ? sizeof(Value) : 0));
  keys_.clear();
  values_.clear();
}

template <typename Value>
void SortedRuns<Value>::merge(const std::function<void(std::uint64_t, const Value&)>& f) {
  SortedRuns* self = this;
  merge(std::span<SortedRuns* const>(&self, 1), f);
}

template <typename Value>
void SortedRuns<Value>::merge(std::span<SortedRuns* const> parts,
                              const std::function<void(std::uint64_t, const Value&)>& f) {
  // Each run written is read 4,096 entries at a time; a part with none is
  // one run in memory. A heap holds each run's next key.
  constexpr std::size_t kChunk = 4096;
  struct Cursor {
    const SortedRuns* part = nullptr;  // whose file the run is in
    Run run;
    std::vector<std::uint64_t> keys;
    std::vector<Value> values;
    std::size_t pos = 0;
    std::uint64_t next = 0, left = 0;  // the next entry to read from the run, and how many remain
  };
  std::vector<Cursor> cursors;
  for (SortedRuns* part : parts) {
    if (part->runs_.empty()) {
      // Everything fits in one run: no file at all.
      part->sort();
      if (!part->keys_.empty()) cursors.push_back({part, {}, std::move(part->keys_), std::move(part->values_)});
      continue;
    }
    if (!part->keys_.empty()) part->spill();
    std::vector<std::uint64_t>().swap(part->keys_);
    std::vector<Value>().swap(part->values_);
    for (const Run& run : part->runs_) cursors.push_back({part, run, {}, {}, 0, 0, run.count});
  }
  const auto value_at = [](const Cursor& c) {
    if constexpr (kValues) return c.values[c.pos];
    else return Value{};
  };
  auto refill = [&](Cursor& c) {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, c.left));
    if (n == 0) return false;
    c.keys.resize(n);
    read_at(c.part->fd_, c.keys.data(), n * sizeof(std::uint64_t), c.run.at + c.next * sizeof(std::uint64_t));
    if constexpr (kValues) {
      c.values.resize(n);
      read_at(c.part->fd_, c.values.data(), n * sizeof(Value),
              c.run.at + c.run.count * sizeof(std::uint64_t) + c.next * sizeof(Value));
    }
    c.next += n;
    c.left -= n;
    c.pos = 0;
    return true;
  };
  if (cursors.size() == 1 && cursors[0].left == 0) {  // one run in memory: in order as it is
    Cursor& c = cursors[0];
    for (; c.pos < c.keys.size(); ++c.pos) f(c.keys[c.pos], value_at(c));
    return;
  }
  // A key and its cursor: of equal keys, the earlier part's, and of one
  // part the earlier run's, come first.
  using Head = std::pair<std::uint64_t, std::size_t>;
  std::priority_queue<Head, std::vector<Head>, std::greater<>> heads;
  for (std::size_t i = 0; i < cursors.size(); ++i)
    if (!cursors[i].keys.empty() || refill(cursors[i])) heads.push({cursors[i].keys[0], i});
  while (!heads.empty()) {
    auto [key, i] = heads.top();
    heads.pop();
    Cursor& c = cursors[i];
    f(key, value_at(c));
    if (++c.pos < c.keys.size() || refill(c)) heads.push({c.keys[c.pos], i});
  }
}

template class SortedRuns<NoValue>;
template class SortedRuns<std::uint64_t>;

std::vector<std::uint64_t> RepeatedHashes::repeated() {
  std::vector<std::uint64_t> out;
  bool any = false;
  std::uint64_t last = 0;
  int seen = 0;
  runs_.merge([&](std::uint64_t h, const NoValue&) {
    if (any && h == last) {
      if (++seen == 2) out.push_back(h);
      return;
    }
    any = true;
    last = h;
    seen = 1;
  });
  return out;
}

}  // namespace foi

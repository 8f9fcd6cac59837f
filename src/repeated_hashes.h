// Entries of a stream given back in order of a 64-bit key, in memory that
// does not grow with the stream: the entries are sorted in runs of a fixed
// size, each run written to a temporary file, and the runs merged. A
// file's duplicate-row check uses it to keep, past a bound, only the rows
// that will be repeated (src/contracts.cc); `validate` to find contracts
// repeated across files (src/cmd_validate.cc).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <type_traits>
#include <vector>

namespace foi {

// The value of entries that are keys alone.
struct NoValue {};

// Value is NoValue or std::uint64_t.
template <typename Value>
class SortedRuns {
 public:
  // `run` entries are held at once (8 bytes each, and the value's) before
  // they go to the file.
  explicit SortedRuns(std::size_t run);
  SortedRuns(const SortedRuns&) = delete;
  SortedRuns& operator=(const SortedRuns&) = delete;
  ~SortedRuns();

  // Throws std::system_error when the temporary file cannot be made or written.
  void add(std::uint64_t key, Value value = {});

  // Calls f(key, value) for every entry added, in order of key, the entries
  // of one key in the order they were added. The merge holds 32 KiB of keys
  // (and as many values) for each run written. Throws std::system_error as
  // add() does. Once only.
  void merge(const std::function<void(std::uint64_t, const Value&)>& f);
  // The same over the entries of several, filled apart (on two threads):
  // of one key, the first part's entries come first, then the second's.
  // Once only, for each part.
  static void merge(std::span<SortedRuns* const> parts, const std::function<void(std::uint64_t, const Value&)>& f);

  // Runs written to the temporary file so far.
  std::size_t runs() const { return runs_.size(); }

 private:
  static constexpr bool kValues = !std::is_empty_v<Value>;
  struct Run {
    std::uint64_t at = 0, count = 0;  // its first byte in the file, and its entries
  };
  void sort();
  void spill();

  std::size_t run_;
  std::vector<std::uint64_t> keys_;
  std::vector<Value> values_;  // beside keys_, when there are values
  std::vector<Run> runs_;
  std::uint64_t written_ = 0;  // bytes in the file
  int fd_ = -1;
};

extern template class SortedRuns<NoValue>;
extern template class SortedRuns<std::uint64_t>;

// Which 64-bit hashes of a stream occur more than once.
class RepeatedHashes {
 public:
  // `run` hashes are held at once (8 bytes each) before they go to the file.
  explicit RepeatedHashes(std::size_t run = std::size_t{1} << 19) : runs_(run) {}

  // Throws std::system_error when the temporary file cannot be made or written.
  void add(std::uint64_t h) { runs_.add(h); }

  // The hashes added more than once, ascending, each once. Throws
  // std::system_error as add() does.
  std::vector<std::uint64_t> repeated();

  // Runs written to the temporary file so far.
  std::size_t runs() const { return runs_.runs(); }

 private:
  SortedRuns<NoValue> runs_;
};

}  // namespace foi

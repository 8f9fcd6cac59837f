// Which 64-bit hashes of a stream occur more than once, found in memory
// that does not grow with the stream: the hashes are sorted in runs of a
// fixed size, each run written to a temporary file, and the runs merged.
// A file's duplicate-row check uses it to keep, past a bound, only the rows
// that will be repeated (src/contracts.cc).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace foi {

class RepeatedHashes {
 public:
  // `run` hashes are held at once (8 bytes each) before they go to the file.
  explicit RepeatedHashes(std::size_t run = std::size_t{1} << 19);
  RepeatedHashes(const RepeatedHashes&) = delete;
  RepeatedHashes& operator=(const RepeatedHashes&) = delete;
  ~RepeatedHashes();

  // Throws std::system_error when the temporary file cannot be made or written.
  void add(std::uint64_t h);

  // The hashes added more than once, ascending, each once. The merge holds
  // 32 KiB for each run written. Throws std::system_error as add() does.
  std::vector<std::uint64_t> repeated();

  // Runs written to the temporary file so far.
  std::size_t runs() const { return runs_.size(); }

 private:
  struct Run {
    std::uint64_t first = 0, count = 0;  // in hashes, from the file's start
  };
  void spill();

  std::size_t run_;
  std::vector<std::uint64_t> buffer_;
  std::vector<Run> runs_;
  std::uint64_t written_ = 0;  // hashes in the file
  int fd_ = -1;
};

}  // namespace foi

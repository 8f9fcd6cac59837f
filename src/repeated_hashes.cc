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

void read_hashes(int fd, std::uint64_t* data, std::size_t n, std::uint64_t at) {
  char* p = reinterpret_cast<char*>(data);
  std::size_t left = n * sizeof(std::uint64_t);
  off_t offset = static_cast<off_t>(at * sizeof(std::uint64_t));
  while (left > 0) {
    ssize_t r = ::pread(fd, p, left, offset);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) fail("cannot read the duplicate-row check's temporary file");
    if (r == 0) {
      errno = EIO;
      fail("the duplicate-row check's temporary file is shorter than written");
    }
    p += r;
    offset += r;
    left -= static_cast<std::size_t>(r);
  }
}

// Fed a sorted stream, keeps each value that occurs more than once, once.
struct RepeatScan {
  std::vector<std::uint64_t>& out;
  bool any = false;
  std::uint64_t last = 0;
  int seen = 0;
  void operator()(std::uint64_t h) {
    if (any && h == last) {
      if (++seen == 2) out.push_back(h);
      return;
    }
    any = true;
    last = h;
    seen = 1;
  }
};

}  // namespace

RepeatedHashes::RepeatedHashes(std::size_t run) : run_(std::max<std::size_t>(run, 1)) {}

RepeatedHashes::~RepeatedHashes() {
  if (fd_ >= 0) ::close(fd_);
}

void RepeatedHashes::add(std::uint64_t h) {
  if (buffer_.size() == run_) spill();
  if (buffer_.capacity() < run_) buffer_.reserve(run_);
  buffer_.push_back(h);
}

void RepeatedHashes::spill() {
  if (fd_ < 0) fd_ = temporary_file();
  radix_sort(buffer_.data(), buffer_.size());
  write_all(fd_, buffer_.data(), buffer_.size() * sizeof(std::uint64_t));
  runs_.push_back({written_, buffer_.size()});
  written_ += buffer_.size();
  buffer_.clear();
}

std::vector<std::uint64_t> RepeatedHashes::repeated() {
  std::vector<std::uint64_t> out;
  RepeatScan scan{out};
  if (runs_.empty()) {
    // Everything fits in one run: no file at all.
    radix_sort(buffer_.data(), buffer_.size());
    for (std::uint64_t h : buffer_) scan(h);
    return out;
  }
  if (!buffer_.empty()) spill();
  std::vector<std::uint64_t>().swap(buffer_);

  // Each run is read 4,096 hashes at a time; a heap holds each run's next hash.
  constexpr std::size_t kChunk = 4096;
  struct Cursor {
    std::vector<std::uint64_t> chunk;
    std::size_t pos = 0;
    std::uint64_t next = 0, left = 0;  // the next hash to read from the file, and how many remain
  };
  std::vector<Cursor> cursors(runs_.size());
  auto refill = [&](Cursor& c) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, c.left));
    c.chunk.resize(n);
    read_hashes(fd_, c.chunk.data(), n, c.next);
    c.next += n;
    c.left -= n;
    c.pos = 0;
    return n > 0;
  };
  using Head = std::pair<std::uint64_t, std::size_t>;  // a hash and its run
  std::priority_queue<Head, std::vector<Head>, std::greater<>> heads;
  for (std::size_t i = 0; i < runs_.size(); ++i) {
    cursors[i].next = runs_[i].first;
    cursors[i].left = runs_[i].count;
    if (refill(cursors[i])) heads.push({cursors[i].chunk[0], i});
  }
  while (!heads.empty()) {
    auto [h, i] = heads.top();
    heads.pop();
    scan(h);
    Cursor& c = cursors[i];
    if (++c.pos < c.chunk.size() || refill(c)) heads.push({c.chunk[c.pos], i});
  }
  return out;
}

}  // namespace foi

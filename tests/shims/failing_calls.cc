// Preloaded into the tool by end-to-end tests (LD_PRELOAD): system calls
// that fail on demand, for what no file on disk can make happen.
//   FOI_FAIL_THREADS=FILE      no new thread can be started (EAGAIN), as
//                              under a limit on threads or memory; each
//                              refusal adds a line to FILE, so that a test
//                              knows threads were asked for
//   FOI_FAIL_READ=NAME:BYTES   reading a file whose path ends in NAME fails
//                              (EIO) once BYTES of it have been read, as a
//                              failing disk or a network share gone away
#include <dlfcn.h>
#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace {

template <typename F>
F next_definition(const char* name) {
  return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

std::atomic<long> read_of_named{0};

bool names_failing_file(int fd, std::string_view name) {
  char link[4096];
  const std::string proc = "/proc/self/fd/" + std::to_string(fd);
  const ssize_t n = readlink(proc.c_str(), link, sizeof link);
  return n > 0 && std::string_view(link, static_cast<std::size_t>(n)).ends_with(name);
}

}  // namespace

extern "C" int pthread_create(pthread_t* thread, const pthread_attr_t* attr, void* (*start)(void*), void* arg) {
  if (const char* log = std::getenv("FOI_FAIL_THREADS")) {
    if (FILE* f = std::fopen(log, "a")) {
      std::fputs("refused\n", f);
      std::fclose(f);
    }
    return EAGAIN;
  }
  static const auto real =
      next_definition<int (*)(pthread_t*, const pthread_attr_t*, void* (*)(void*), void*)>("pthread_create");
  return real(thread, attr, start, arg);
}

extern "C" ssize_t read(int fd, void* buf, size_t n) {
  static const auto real = next_definition<ssize_t (*)(int, void*, size_t)>("read");
  const char* spec = std::getenv("FOI_FAIL_READ");
  if (!spec || fd <= 2) return real(fd, buf, n);
  const std::string_view s(spec);
  const std::size_t colon = s.rfind(':');
  if (colon == std::string_view::npos || !names_failing_file(fd, s.substr(0, colon))) return real(fd, buf, n);
  const long limit = std::atol(spec + colon + 1);
  if (read_of_named.load() >= limit) {
    errno = EIO;
    return -1;
  }
  const ssize_t got = real(fd, buf, n);
  if (got > 0) read_of_named += got;
  return got;
}

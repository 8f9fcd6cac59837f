#include "temp_file.h"

#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <system_error>

namespace foi {

std::string temp_dir() {
  const char* dir = std::getenv("TMPDIR");
  return dir && *dir ? dir : "/tmp";
}

TempFile make_temp_file(const std::string& prefix) {
  TempFile t;
  t.path = temp_dir() + "/" + prefix + "-XXXXXX";
  t.fd = ::mkstemp(t.path.data());
  if (t.fd < 0) throw std::system_error(errno, std::generic_category(), "cannot make a temporary file " + t.path);
  return t;
}

void write_all(int fd, const void* data, std::size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t w = ::write(fd, p, size);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) throw std::system_error(w < 0 ? errno : EIO, std::generic_category(), "cannot write a temporary file");
    p += w;
    size -= static_cast<std::size_t>(w);
  }
}

}  // namespace foi

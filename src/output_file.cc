#include "foi/output_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <ostream>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "foi/error.h"

namespace foi {

void write_text_file(const std::filesystem::path& path, std::string_view text) {
  std::ofstream f(path, std::ios::binary);
  if (f) {
    f.write(text.data(), static_cast<std::streamsize>(text.size()));
    f.close();  // a short write shows when the last bytes go, not before
  }
  if (!f) throw Error({path.string(), 0, 0}, fmt::format("cannot write: {}", std::strerror(errno)));
}

void make_output_folder(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error({dir, 0, 0}, fmt::format("cannot create folder: {}", ec.message()));
}

bool output_written(std::ostream& out, const std::string& name, std::ostream& err) {
  errno = 0;
  if (out.flush()) return true;
  // A stream keeps no error number: the write that failed may have been
  // long before, and errno since set by other calls. It is told only when
  // this flush's own write failed.
  if (errno != 0)
    fmt::print(err, "foi-contracts: cannot write {}: {}; the output is incomplete\n", name, std::strerror(errno));
  else
    fmt::print(err, "foi-contracts: cannot write all of {} (is the disk full?); the output is incomplete\n", name);
  return false;
}

}  // namespace foi

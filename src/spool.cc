#include "spool.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "foi/error.h"
#include "temp_file.h"

namespace foi {

SpooledInput::~SpooledInput() {
  if (fd >= 0) ::close(fd);
  if (named) ::unlink(path.c_str());
}

namespace {

// A new, empty temporary file to copy an input into. Throws std::system_error.
std::shared_ptr<SpooledInput> new_spool(const std::string& prefix) {
  auto spooled = std::make_shared<SpooledInput>();
  TempFile t = make_temp_file(prefix);
  spooled->fd = t.fd;
  spooled->path = fmt::format("/proc/self/fd/{}", t.fd);
  if (int again = ::open(spooled->path.c_str(), O_RDONLY | O_CLOEXEC); again >= 0) {
    ::close(again);
    ::unlink(t.path.c_str());
  } else {
    spooled->path = t.path;
    spooled->named = true;
  }
  return spooled;
}

// How much of a stream is looked at before the rest is copied. The reader
// sniffs 4 KiB, in which random bytes (/dev/urandom) pass for text about
// one time in five, their share of control bytes being just over its 10%;
// over a MiB they never do.
constexpr std::size_t kStreamHead = std::size_t{1} << 20;

// Why a stream's first bytes cannot be a CSV return; empty when they may
// be. The reader's own sniff gives the verdict and the words on its 4 KiB,
// and the rest of the head is held to its share of control bytes.
std::string not_text(std::string_view head, const std::string& display) {
  try {
    const RecordReader probe(display, head, {});
    const Encoding e = probe.stats().encoding;
    if (e != Encoding::utf8 && e != Encoding::utf8_bom) return {};  // UTF-16 is half NULs
  } catch (const Error& e) {
    return e.message();
  }
  std::size_t control = 0;
  for (char ch : head) {
    auto c = static_cast<unsigned char>(ch);
    control += c < 0x09 || (c > 0x0D && c < 0x20 && c != 0x1B) || c == 0x7F;
  }
  if (control > 4 && control * 10 > head.size())
    return fmt::format("this is not text ({} of its first {} bytes are control bytes); if it is a PDF or a "
                       "word-processor document, save its table as CSV (UTF-8); if it is a workbook, give it its "
                       ".xlsx, .xlsm, .ods or .xls name",
                       control, head.size());
  return {};
}

}  // namespace

SpooledStream spool_stream(int fd, const std::string& display, const std::string& what) {
  try {
    auto spooled = new_spool("foi-stdin");
    std::vector<char> block(std::size_t{1} << 20);
    auto read_block = [&]() -> std::size_t {
      for (;;) {
        const ssize_t got = ::read(fd, block.data(), block.size());
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) throw Error({display, 0, 0}, fmt::format("cannot read {}: {}", what, std::strerror(errno)));
        return static_cast<std::size_t>(got);
      }
    };
    std::string head;
    bool ended = false;
    while (!ended && head.size() < kStreamHead) {
      const std::size_t got = read_block();
      head.append(block.data(), got);
      ended = got == 0;
    }
    std::uint64_t limit = UINT64_MAX;
    if (head.starts_with("PK\x03\x04") || head.starts_with("\xD0\xCF\x11\xE0")) {
      limit = WorkbookLimits{}.max_file_bytes + 1;  // a zip or an OLE2 file: the workbook reader sniffs it
    } else if (std::string why = not_text(head, display); !why.empty()) {
      return {nullptr, fmt::format("{}; {} was read no further than its first {} bytes", why, what, head.size())};
    }
    std::uint64_t copied = std::min<std::uint64_t>(head.size(), limit);
    write_all(spooled->fd, head.data(), static_cast<std::size_t>(copied));
    while (!ended && copied < limit) {
      const std::size_t got = static_cast<std::size_t>(std::min<std::uint64_t>(read_block(), limit - copied));
      write_all(spooled->fd, block.data(), got);
      copied += got;
      ended = got == 0;
    }
    return {std::move(spooled), {}};
  } catch (const std::system_error& e) {
    throw Error({display, 0, 0},
                fmt::format("cannot keep a copy of {} in {} ({}); set TMPDIR to a writable folder with room, or "
                            "name the file rather than piping it",
                            what, temp_dir(), e.code().message()));
  }
}

std::optional<Utf8Copy> utf8_copy_of(const InputFile& input) {
  if (input.data || input.workbook || !input.problem.empty()) return std::nullopt;
  try {
    std::shared_ptr<SpooledInput> spooled;
    auto from = copy_utf16_as_utf8(source_path(input), input.display, [&] {
      spooled = new_spool("foi-utf8");
      return spooled->fd;
    });
    if (!from) return std::nullopt;
    Utf8Copy copy{input, *from};
    copy.input.spooled = std::move(spooled);
    return copy;
  } catch (const std::system_error&) {
    return std::nullopt;
  }
}

}  // namespace foi

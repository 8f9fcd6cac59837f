#include "foi/workbook.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <new>

#include <fmt/format.h>

#include "foi/error.h"
#include "sheet_import.h"
#include "text.h"
#include "workbook_common.h"
#include "xls.h"
#include "zip.h"

namespace foi {

const char* to_string(WorkbookFormat f) {
  switch (f) {
    case WorkbookFormat::xlsx: return "xlsx";
    case WorkbookFormat::ods: return "ods";
    case WorkbookFormat::xls: return "xls";
  }
  return "xlsx";
}

namespace {

using detail::distinct_names;
using detail::fail;
using detail::kZipMagic;
using detail::mib;
using detail::read_xls;
using detail::read_zip_workbook;

constexpr std::string_view kOle2Magic = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

Workbook parse(std::string_view bytes, const std::string& path, const std::string& display,
               const WorkbookLimits& limits) {
  Workbook wb;
  if (bytes.substr(0, kOle2Magic.size()) == kOle2Magic) wb = read_xls(bytes, path, display, limits);
  else if (bytes.substr(0, 4) == kZipMagic || bytes.substr(0, 4) == "PK\x05\x06")
    wb = read_zip_workbook(bytes, display, limits);
  else
    fail(display, "this is not a workbook (.xlsx, .ods or .xls)");
  // Every format can repeat a sheet's name (an .ods or .xls written by a
  // program, not by hand, rarely does): each sheet is read by its place,
  // and named apart here.
  std::vector<std::string> names;
  for (const auto& s : wb.sheets) names.push_back(s.name);
  names = distinct_names(names);
  for (std::size_t i = 0; i < names.size(); ++i) wb.sheets[i].name = std::move(names[i]);
  return wb;
}

// ----------------------------------------------------------- isolation

void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}
void put_str(std::string& out, std::string_view s) {
  put_u64(out, s.size());
  out += s;
}

std::string serialize(const Workbook& wb) {
  std::string out;
  put_u64(out, static_cast<std::uint64_t>(wb.format));
  put_u64(out, wb.sheets.size());
  for (const auto& s : wb.sheets) {
    put_str(out, s.name);
    put_u64(out, s.hidden);
    put_u64(out, s.hidden_rows.size());
    for (long r : s.hidden_rows) put_u64(out, static_cast<std::uint64_t>(r));
    put_u64(out, s.hidden_columns.size());
    for (long c : s.hidden_columns) put_u64(out, static_cast<std::uint64_t>(c));
    put_u64(out, static_cast<std::uint64_t>(s.cells));
    put_u64(out, s.merged_down.size());
    for (const MergedDown& m : s.merged_down) {
      put_u64(out, static_cast<std::uint64_t>(m.first_row));
      put_u64(out, static_cast<std::uint64_t>(m.last_row));
      put_u64(out, static_cast<std::uint64_t>(m.column));
      put_str(out, m.text);
    }
    put_str(out, s.csv);
    put_str(out, s.same_part_as);
    put_str(out, s.damaged);
  }
  return out;
}

struct Input {
  std::string_view b;
  std::size_t at = 0;
  std::uint64_t u64() {
    if (b.size() - at < 8) throw std::runtime_error("short message");
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(b[at + i])) << (8 * i);
    at += 8;
    return v;
  }
  std::string str() {
    std::uint64_t n = u64();
    if (b.size() - at < n) throw std::runtime_error("short message");
    std::string s(b.substr(at, static_cast<std::size_t>(n)));
    at += static_cast<std::size_t>(n);
    return s;
  }
};

Workbook deserialize(std::string_view b) {
  Input in{b};
  Workbook wb;
  wb.format = static_cast<WorkbookFormat>(in.u64());
  std::uint64_t n = in.u64();
  for (std::uint64_t i = 0; i < n; ++i) {
    WorkbookSheet s;
    s.name = in.str();
    s.hidden = in.u64() != 0;
    for (std::uint64_t k = in.u64(); k > 0; --k) s.hidden_rows.push_back(static_cast<long>(in.u64()));
    for (std::uint64_t k = in.u64(); k > 0; --k) s.hidden_columns.push_back(static_cast<long>(in.u64()));
    s.cells = static_cast<long>(in.u64());
    for (std::uint64_t k = in.u64(); k > 0; --k) {
      MergedDown m;
      m.first_row = static_cast<long>(in.u64());
      m.last_row = static_cast<long>(in.u64());
      m.column = static_cast<long>(in.u64());
      m.text = in.str();
      s.merged_down.push_back(std::move(m));
    }
    s.csv = in.str();
    s.same_part_as = in.str();
    s.damaged = in.str();
    wb.sheets.push_back(std::move(s));
  }
  return wb;
}

// The address and thread sanitizers reserve terabytes of address space for
// their shadow memory: under a limit on address space the child cannot start.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kShadowMemory = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
constexpr bool kShadowMemory = true;
#else
constexpr bool kShadowMemory = false;
#endif
#else
constexpr bool kShadowMemory = false;
#endif

void write_all(int fd, std::string_view s) {
  while (!s.empty()) {
    ssize_t n = ::write(fd, s.data(), s.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    s.remove_prefix(static_cast<std::size_t>(n));
  }
}

// Runs the parse in a forked child under CPU and memory limits; the parent
// gets the sheets back through a pipe, or an error naming what went wrong.
// The process has one thread when it is called (see workbook.h). Where no
// pipe or child can be had, the limits cannot be kept, and the workbook is
// refused rather than parsed without them.
Workbook parse_isolated(std::string_view bytes, const std::string& path, const std::string& display,
                        const WorkbookLimits& limits) {
  int fds[2];
  const auto no_child = [&] {
    return Error({display, 0, 0}, fmt::format("cannot read the workbook in a process of its own, under its limits "
                                              "({}); free some memory or processes and try again",
                                              std::strerror(errno)));
  };
  if (pipe2(fds, O_CLOEXEC) != 0) throw no_child();
  pid_t pid = fork();
  if (pid < 0) {
    const Error e = no_child();
    ::close(fds[0]);
    ::close(fds[1]);
    throw e;
  }
  if (pid == 0) {
    ::close(fds[0]);
    // A library's diagnostics must not mix into the tool's own output.
    int null = ::open("/dev/null", O_WRONLY);
    if (null >= 0) {
      ::dup2(null, STDOUT_FILENO);
      ::dup2(null, STDERR_FILENO);
      ::close(null);
    }
    rlimit cpu{limits.cpu_seconds, limits.cpu_seconds + 1};
    setrlimit(RLIMIT_CPU, &cpu);
    if (!kShadowMemory) {
      rlimit as{limits.max_memory_bytes, limits.max_memory_bytes};
      setrlimit(RLIMIT_AS, &as);
    }
    std::string out;
    try {
      out = "K" + serialize(parse(bytes, path, display, limits));
    } catch (const Error& e) {
      out = "E" + e.message();
    } catch (const std::bad_alloc&) {
      out = "Ethe workbook needs more memory than allowed to read";
    } catch (const std::exception& e) {
      out = fmt::format("Ethe workbook could not be read ({})", e.what());
    }
    write_all(fds[1], out);
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string got;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2 * limits.cpu_seconds + 10);
  bool timed_out = false;
  std::array<char, 1 << 16> buf;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    int pr = ::poll(&p, 1, static_cast<int>(left.count()));
    if (pr < 0 && errno == EINTR) continue;
    if (pr <= 0) {
      timed_out = pr == 0;
      break;
    }
    ssize_t n = ::read(fds[0], buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got.append(buf.data(), static_cast<std::size_t>(n));
    if (got.size() > limits.max_text_bytes + (64u << 20)) {
      timed_out = false;
      break;
    }
  }
  ::close(fds[0]);
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out)
    fail(display,
         fmt::format("reading the workbook took longer than {} seconds; refusing it", 2 * limits.cpu_seconds + 10));
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    if (sig == SIGXCPU || sig == SIGKILL)
      fail(display, fmt::format("reading the workbook took more than {} seconds of processor time; refusing it",
                                limits.cpu_seconds));
    fail(display, fmt::format("the spreadsheet library crashed on this workbook (signal {}); it is probably damaged: "
                              "open it in a spreadsheet program and save it again",
                              sig));
  }
  if (got.empty()) {
    // The child always exits 0 after answering: another status came from
    // a library (or the runtime) ending the process itself.
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
    fail(display, code != 0 ? fmt::format("the workbook reader stopped with status {} without an answer; the "
                                          "workbook is probably damaged",
                                          code)
                            : "the workbook reader stopped without an answer; the workbook is probably damaged");
  }
  if (got[0] == 'E') fail(display, got.substr(1));
  try {
    return deserialize(std::string_view(got).substr(1));
  } catch (const std::exception&) {
    fail(display, "the workbook reader's answer was cut short; the workbook is probably damaged");
  }
}

Workbook read_any(std::string_view bytes, const std::string& path, const std::string& display,
                  const WorkbookLimits& limits) {
  if (bytes.size() > limits.max_file_bytes)
    fail(display,
         fmt::format("the workbook is {} bytes, over the limit of {}", bytes.size(), mib(limits.max_file_bytes)));
  return limits.isolate ? parse_isolated(bytes, path, display, limits) : parse(bytes, path, display, limits);
}

}  // namespace

const MergedDown* merged_over(const std::vector<MergedDown>& merged, long row, long column) {
  // The last range of the column starting at or above the row.
  auto after = std::upper_bound(merged.begin(), merged.end(), std::pair{column, row},
                                [](const std::pair<long, long>& at, const MergedDown& m) {
                                  return at.first != m.column ? at.first < m.column : at.second < m.first_row;
                                });
  if (after == merged.begin()) return nullptr;
  const MergedDown& m = *std::prev(after);
  return m.column == column && m.first_row <= row && row <= m.last_row ? &m : nullptr;
}

bool has_workbook_extension(std::string_view name) {
  std::string ext = text::lower(std::filesystem::path(std::string(name)).extension().string());
  return ext == ".xlsx" || ext == ".xlsm" || ext == ".ods" || ext == ".xls";
}

bool looks_like_workbook_bytes(std::string_view b, std::string_view name) {
  if (b.substr(0, kOle2Magic.size()) == kOle2Magic) return true;
  if (b.substr(0, 4) != kZipMagic) return false;
  if (has_workbook_extension(name)) return true;
  std::size_t n = std::min<std::size_t>(b.size(), 1 << 16);
  for (std::string_view probe : {"xl/", "content.xml", "[Content_Types].xml"})
    if (b.substr(0, n).find(probe) != std::string_view::npos ||
        b.substr(b.size() - n).find(probe) != std::string_view::npos)
      return true;
  return false;
}

bool looks_like_workbook(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  // The signatures first: a CSV return, nearly every input, needs no more.
  std::string head(kOle2Magic.size(), '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  if (head.substr(0, 4) != kZipMagic) return looks_like_workbook_bytes(head, path);
  const std::size_t got = head.size();
  head.resize(1 << 16);
  in.read(head.data() + got, static_cast<std::streamsize>(head.size() - got));
  head.resize(got + static_cast<std::size_t>(in.gcount()));
  in.clear();
  in.seekg(0, std::ios::end);
  auto size = static_cast<std::uint64_t>(in.tellg());
  std::string tail;
  if (size > head.size()) {
    std::uint64_t from = size > (1u << 16) ? size - (1u << 16) : 0;
    in.seekg(static_cast<std::streamoff>(from));
    tail.assign(static_cast<std::size_t>(size - from), '\0');
    in.read(tail.data(), static_cast<std::streamsize>(tail.size()));
    tail.resize(static_cast<std::size_t>(in.gcount()));
  }
  return looks_like_workbook_bytes(head + tail, path);
}

Workbook read_workbook(const std::string& path, const std::string& display, const WorkbookLimits& limits) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error({display, 0, 0}, "cannot open the file", ErrorKind::not_opened);
  in.seekg(0, std::ios::end);
  auto size = static_cast<std::uint64_t>(in.tellg());
  if (size > limits.max_file_bytes)
    fail(display, fmt::format("the workbook is {} bytes, over the limit of {}", size, mib(limits.max_file_bytes)));
  in.seekg(0);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  return read_any(bytes, path, display, limits);
}

Workbook read_workbook_bytes(std::string_view bytes, const std::string& display, const WorkbookLimits& limits) {
  return read_any(bytes, {}, display, limits);
}

}  // namespace foi

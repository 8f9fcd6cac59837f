#include "foi/inputs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "foi/error.h"
#include "spool.h"
#include "text.h"

namespace foi {

namespace fs = std::filesystem;

std::size_t input_size(const InputFile& input) {
  if (input.data) return input.data->size();
  std::error_code ec;
  auto n = input.path == "-" && !input.spooled ? 0 : fs::file_size(source_path(input), ec);
  return ec ? 0 : static_cast<std::size_t>(n);
}

std::unique_ptr<RecordReader> open_records(const InputFile& input) {
  if (!input.problem.empty()) throw Error({input.display, 0, 0}, input.problem);
  if (input.workbook) {
    // The sheet text is the tool's own CSV: comma-delimited, never sniffed.
    ReaderOptions options;
    options.delimiter = ',';
    return std::make_unique<RecordReader>(input.display, std::string_view(*input.data), options);
  }
  return records_with(input, {});
}

namespace {

bool has_return_extension(const fs::path& p) {
  std::string ext = text::lower(p.extension().string());
  return ext == ".csv" || ext == ".tsv" || ext == ".txt" || has_workbook_extension(p.native());
}

// What a data set keeps beside its returns and never sends as one: its
// notes, the study file, scripts. Not named as files left unread.
bool is_companion(const fs::path& p) {
  static const std::set<std::string, std::less<>> kKinds = {".md", ".toml", ".json", ".yml", ".yaml", ".log",
                                                            ".sh", ".py", ".r", ".rmd", ".do", ".ipynb"};
  return kKinds.count(text::lower(p.extension().string())) > 0;
}

// A workbook becomes one input per sheet; one that cannot be read stays one
// input that reports why.
void add_workbook(std::vector<InputFile>& files, const std::string& path, const std::string& display,
                  const std::string& read_from) {
  std::shared_ptr<const Workbook> book;
  try {
    book = std::make_shared<const Workbook>(read_workbook(read_from, display));
  } catch (const Error& e) {
    files.push_back({path, display, nullptr, nullptr, 0, e.message(), e.kind() == ErrorKind::not_opened});
    return;
  }
  if (book->sheets.empty()) {
    files.push_back({path, display, nullptr, nullptr, 0, "the workbook has no sheets"});
    return;
  }
  for (std::size_t i = 0; i < book->sheets.size(); ++i) {
    std::shared_ptr<const std::string> csv(book, &book->sheets[i].csv);
    files.push_back({path, fmt::format("{}[{}]", display, book->sheets[i].name), csv, book, i, {}});
  }
}

// A file as the system tells it apart: device and inode, the same however
// it is named or linked.
using FileId = std::pair<dev_t, ino_t>;
FileId id_of(const struct stat& st) { return {st.st_dev, st.st_ino}; }

// What a path whose stat failed with errno `err` is, for a message: a
// broken link is named as one, as its own name exists.
std::string why_unreachable(const fs::path& p, int err) {
  struct stat st;
  if (::lstat(p.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
    std::error_code ec;
    const std::string to = fs::read_symlink(p, ec).string();
    if (err == ELOOP) return fmt::format("a symbolic link that leads round in a loop ({})", std::strerror(err));
    if (err == ENOENT) return fmt::format("a symbolic link to {}, which does not exist", to);
    return fmt::format("a symbolic link to {} ({})", to, std::strerror(err));
  }
  return std::strerror(err);
}

const char* kind_of(mode_t mode) {
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISFIFO(mode)) return "a named pipe";
  return "not a regular file";
}

// Whether a link to a folder leads to the folder it is in or to one
// above: followed, it would take in everything beside the folder named.
bool leads_up(const fs::path& entry, const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_symlink(entry, ec)) return false;
  const fs::path to = fs::canonical(entry, ec);
  if (ec) return false;
  const fs::path here = fs::canonical(dir, ec);
  if (ec) return false;
  return std::mismatch(to.begin(), to.end(), here.begin(), here.end()).first == to.end();
}

// An entry of a folder: a return to read, or one that cannot be, and why.
struct FolderEntry {
  std::string path;
  std::string problem;
};

// The returns under a folder, and every entry that looks like one (or like
// a folder of them) and cannot be opened, with why: none is left out
// unsaid, and one that fails does not end the search. Links to folders
// are followed, but not one back up (it would go round for ever), and each
// folder is entered once; those not entered are added to `again`. A
// manifest.csv at the top is the request log, never a return, whether or
// not it is the manifest used.
std::vector<FolderEntry> returns_in(const std::string& top, const struct stat& top_st,
                                    const std::optional<FileId>& manifest, std::vector<std::string>& again,
                                    std::vector<std::string>& not_returns) {
  std::vector<FolderEntry> found;
  std::set<FileId> entered{id_of(top_st)};
  std::vector<fs::path> pending{fs::path(top)};
  while (!pending.empty()) {
    const fs::path dir = std::move(pending.back());
    pending.pop_back();
    std::error_code ec;
    std::vector<std::string> names;
    fs::directory_iterator it(dir, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) names.push_back(it->path().string());
    if (ec)
      found.push_back({dir.string(), fmt::format("cannot open the folder: {}; {}", ec.message(),
                                                 names.empty() ? "the returns in it were not read"
                                                               : "some returns in it may not have been read")});
    // In order, so that a folder reached by two paths is read under the same one each run.
    std::sort(names.begin(), names.end());
    std::vector<fs::path> folders;
    for (const fs::path path : names) {
      const std::string name = path.filename().string();
      // Hidden files, and the "~$book.xlsx" lock files Excel leaves beside open workbooks.
      if (name.starts_with(".") || name.starts_with("~$")) continue;
      struct stat st;
      if (::stat(path.c_str(), &st) != 0) {
        const int err = errno;
        // Whether it was a file or a folder cannot be told: one with no extension may have been a folder.
        if (has_return_extension(path) || path.extension().empty())
          found.push_back({path.string(), "cannot open: " + why_unreachable(path, err)});
        continue;
      }
      if (S_ISDIR(st.st_mode)) {
        if (leads_up(path, dir) || !entered.insert(id_of(st)).second) again.push_back(path.string());
        else folders.push_back(path);
        continue;
      }
      if (!has_return_extension(path)) {
        if (S_ISREG(st.st_mode) && !is_companion(path)) not_returns.push_back(path.string());
        continue;
      }
      if (dir == fs::path(top) && name == "manifest.csv") continue;
      if (manifest && id_of(st) == *manifest) continue;
      // Anything else could keep the run waiting, or reading for ever.
      if (S_ISREG(st.st_mode)) found.push_back({path.string(), {}});
      else if (S_ISFIFO(st.st_mode))
        found.push_back({path.string(), "cannot open: this is a named pipe, which is not read in a folder; name it "
                                        "as an input on its own to read it"});
      else
        found.push_back({path.string(), fmt::format("cannot open: this is {}, not a file; save the returns to a file",
                                                    kind_of(st.st_mode))});
    }
    pending.insert(pending.end(), folders.rbegin(), folders.rend());
  }
  std::sort(found.begin(), found.end(), [](const FolderEntry& a, const FolderEntry& b) { return a.path < b.path; });
  return found;
}

// A 64-bit hash of a file's bytes (FNV-1a), to tell apart files of one
// size without comparing each pair; 0 for one that cannot be read.
std::uint64_t hash_of_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::array<char, 1 << 16> block{};
  std::uint64_t h = 14695981039346656037ull;
  while (in) {
    in.read(block.data(), block.size());
    for (std::streamsize i = 0; i < in.gcount(); ++i) {
      h ^= static_cast<unsigned char>(block[static_cast<std::size_t>(i)]);
      h *= 1099511628211ull;
    }
  }
  return h;
}

// Whether two files hold the same bytes, read a block at a time and
// stopped at the first difference.
bool same_bytes(const std::string& a, const std::string& b) {
  std::ifstream x(a, std::ios::binary), y(b, std::ios::binary);
  if (!x || !y) return false;
  std::array<char, 1 << 16> p{}, q{};
  while (x && y) {
    x.read(p.data(), p.size());
    y.read(q.data(), q.size());
    if (x.gcount() != y.gcount() || std::memcmp(p.data(), q.data(), static_cast<std::size_t>(x.gcount())) != 0)
      return false;
  }
  return x.eof() && y.eof();
}

// Regular files by size, to find one of the same bytes as another without
// reading any file whose size no other shares. Each is read once for a
// hash, on meeting the second file of its size, and compared byte by byte
// only with those of its hash.
struct FilesBySize {
  struct Sized {
    std::string path;
    std::optional<std::uint64_t> hash;
  };
  std::map<std::uintmax_t, std::vector<Sized>> by_size;

  // Notes a file, and in `same` it and the earlier file of its bytes, if any.
  void note_same_bytes(const std::string& f, std::vector<std::pair<std::string, std::string>>& same) {
    std::error_code e;
    const std::uintmax_t size = fs::file_size(f, e);
    if (e || size == 0) return;  // an empty file is told as such
    std::vector<Sized>& same_size = by_size[size];
    if (!same_size.empty()) {
      const std::uint64_t hash = hash_of_file(f);
      for (Sized& earlier : same_size) {
        if (!earlier.hash) earlier.hash = hash_of_file(earlier.path);
        if (*earlier.hash == hash && same_bytes(earlier.path, f)) {
          same.emplace_back(f, earlier.path);
          break;
        }
      }
      same_size.push_back({f, hash});
      return;
    }
    same_size.push_back({f, std::nullopt});
  }
};

// The inputs as they are named one after another: what each is (a file, a
// pipe, a folder of returns, something not to be read) and what has been
// taken already.
struct InputList {
  Inputs out;
  // Each file once, however often it is named: read twice, its contracts would count twice.
  std::set<std::string> taken;
  FilesBySize sizes;
  // Pipes read already, and as what: one named again (/dev/stdin beside
  // -) would give nothing the second time.
  std::map<FileId, std::string> streams;
  const std::string& manifest_path;  // --manifest's, if given
  // The manifest's file, never a return: --manifest's, or else the first folder's manifest.csv.
  std::optional<FileId> manifest;

  explicit InputList(const std::string& manifest_named) : manifest_path(manifest_named) {
    if (struct stat st; !manifest_path.empty() && ::stat(manifest_path.c_str(), &st) == 0) manifest = id_of(st);
  }

  bool first_time(const std::string& f) {
    std::error_code e;
    const std::string canonical = fs::weakly_canonical(f, e).string();
    if (taken.insert(e ? f : canonical).second) return true;
    out.repeated.push_back(f);
    return false;
  }

  // Every input the listing could not open: `why` says so ("cannot open: ...").
  void add_unreadable(const std::string& f, std::string why) {
    out.files.push_back({f, f, nullptr, nullptr, 0, std::move(why), true});
  }

  void add_file(const std::string& f) {
    // Opened once here, so that a file there but not to be read (no
    // permission) is told as one that cannot be opened, a usage error,
    // before anything is read.
    const int fd = ::open(f.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return add_unreadable(f, fmt::format("cannot open: {}", std::strerror(errno)));
    ::close(fd);
    sizes.note_same_bytes(f, out.same_bytes);
    if (looks_like_workbook(f)) add_workbook(out.files, f, f, f);
    else out.files.push_back({f, f, nullptr});
  }

  void add_stream(int fd, const std::string& path, const std::string& display, const std::string& what) {
    struct stat st;
    const bool known = ::fstat(fd, &st) == 0;
    if (!known && errno == EBADF) {
      // Closed (<&-): left so, the first file the run opens would be read as it.
      out.files.push_back({path, display, nullptr, nullptr, 0,
                           fmt::format("cannot open: {} is closed; pipe the returns to it, or name the file", what),
                           true});
      return;
    }
    if (known && S_ISFIFO(st.st_mode)) {
      auto [at, fresh] = streams.emplace(id_of(st), path);
      if (!fresh)
        throw Error({path, 0, 0}, fmt::format("this is the pipe already among the inputs as {}, and a pipe can be "
                                              "read only once; name it once",
                                              at->second));
    }
    SpooledStream s = spool_stream(fd, display, what);
    if (!s.problem.empty()) {
      out.files.push_back({path, display, nullptr, nullptr, 0, std::move(s.problem)});
    } else if (looks_like_workbook(s.copy->path)) {
      // Read from its copy, as a named workbook is from its file: the
      // size limit is checked before any of it is read into memory.
      add_workbook(out.files, path, display, s.copy->path);
    } else {
      out.files.push_back({path, display, nullptr, nullptr, 0, {}, false, std::move(s.copy)});
    }
  }

  // A path whose stat failed with errno `err`.
  void add_unreachable(const std::string& p, int err) {
    if (err == ENOENT || err == ENOTDIR) {
      struct stat link;
      throw Error({p, 0, 0}, ::lstat(p.c_str(), &link) == 0
                                 ? fmt::format("no such file or directory ({})", why_unreachable(p, err))
                                 : "no such file or directory");
    }
    // There, but out of reach (a folder on the way that cannot be
    // entered, a link loop): unreadable, as a file that cannot be opened is.
    if (first_time(p)) add_unreadable(p, "cannot open: " + why_unreachable(p, err));
  }

  // <(cmd), /dev/stdin from a pipe, a named pipe: read once, as - is.
  void add_pipe(const std::string& p) {
    // Opening waits for a writer, as reading the pipe would.
    const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return add_unreadable(p, fmt::format("cannot open: {}", std::strerror(errno)));
    try {
      add_stream(fd, p, p, "the pipe");
    } catch (...) {
      ::close(fd);
      throw;
    }
    ::close(fd);
  }

  void add_folder(const std::string& p, const struct stat& st) {
    fs::path top_manifest = fs::path(p) / "manifest.csv";
    std::error_code ec;
    if (manifest_path.empty() && out.manifest.empty() && fs::is_regular_file(top_manifest, ec)) {
      out.manifest = top_manifest.string();
      if (struct stat mst; ::stat(out.manifest.c_str(), &mst) == 0) manifest = id_of(mst);
    }
    for (auto& f : returns_in(p, st, manifest, out.repeated, out.not_returns)) {
      if (!first_time(f.path)) continue;
      const std::size_t before = out.files.size();
      if (f.problem.empty()) add_file(f.path);
      else add_unreadable(f.path, std::move(f.problem));
      for (std::size_t i = before; i < out.files.size(); ++i) out.files[i].in_folder = true;
    }
  }

  void add(const std::string& p) {
    if (p == "-") return add_stream(STDIN_FILENO, "-", "<stdin>", "standard input");
    struct stat st;
    if (::stat(p.c_str(), &st) != 0) return add_unreachable(p, errno);
    if (S_ISREG(st.st_mode)) {
      if (first_time(p)) add_file(p);
    } else if (S_ISFIFO(st.st_mode)) {
      add_pipe(p);
    } else if (S_ISDIR(st.st_mode)) {
      add_folder(p, st);
    } else if (first_time(p)) {
      // A device reads for ever (/dev/urandom) or waits on a person (a terminal).
      add_unreadable(p, fmt::format("cannot open: this is {}, not a file; save the returns to a file and name it, or "
                                    "pipe them to standard input (-)",
                                    kind_of(st.st_mode)));
    }
  }
};

}  // namespace

Inputs collect_inputs(const std::vector<std::string>& paths, const std::string& manifest_path) {
  // Standard input is a stream: named again, it would read as empty.
  if (std::count(paths.begin(), paths.end(), "-") > 1)
    throw Error({"-", 0, 0}, "standard input (-) is named more than once, and it can be read only once; name it once");
  InputList list(manifest_path);
  for (const auto& p : paths) list.add(p);
  Inputs& out = list.out;
  for (std::size_t i = 0; i < out.files.size(); ++i) {
    out.files[i].index = static_cast<std::uint32_t>(i);
    // Shown in every output, which must stay UTF-8: a name's bytes in
    // another encoding would break them. Its control characters and line
    // breaks are kept, for JSON and GitHub to escape and so still name the
    // file; text output makes them printable (format_diagnostic).
    out.files[i].display = text::valid_utf8(out.files[i].display);
  }
  return std::move(out);
}

}  // namespace foi

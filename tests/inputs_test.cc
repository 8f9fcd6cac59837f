// Inputs as the file system hands them over: folders that cannot be
// entered, links, pipes, devices and standard input.
#include "foi/inputs.h"

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <algorithm>
#include <csignal>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "foi/contracts.h"
#include "test_util.h"

namespace {

// How many contracts an input gives, read as a return.
long contracts_in(const foi::InputFile& input) {
  static const foi::ReferenceData ref = foi::builtin_reference();
  foi::ReadContext ctx;
  ctx.reference = &ref;
  return foi::read_return(input, ctx, [](foi::Contract&) {}).contracts;
}

// Each input collected, as "path|why it cannot be read" ("path|" when it can).
std::vector<std::string> listed(const foi::Inputs& in) {
  std::vector<std::string> out;
  for (const auto& f : in.files) out.push_back(f.path + "|" + f.problem);
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& part) {
  return std::any_of(v.begin(), v.end(), [&](const std::string& s) { return s.find(part) != std::string::npos; });
}

// Standard input taken from fd for one scope (closed when fd is -1), and
// put back after.
class ScopedStdin {
 public:
  explicit ScopedStdin(int fd) : saved_(::dup(STDIN_FILENO)) {
    if (fd < 0) ::close(STDIN_FILENO);
    else ::dup2(fd, STDIN_FILENO);
  }
  ScopedStdin(const ScopedStdin&) = delete;
  ScopedStdin& operator=(const ScopedStdin&) = delete;
  ~ScopedStdin() {
    ::dup2(saved_, STDIN_FILENO);
    ::close(saved_);
  }

 private:
  int saved_;
};

const std::string kReturnWithCcg =
    "CCG,Provider,Service,Contract value\n08K,Mind,Counselling,5000\n08K,Care UK,Beds,2500\n";

}  // namespace

TEST_CASE("collect_inputs: a folder that cannot be entered is an unreadable input saying why, the rest still read",
          "[inputs]") {
  const auto dir = test::scratch("inputs-locked");
  test::write_file(dir / "08K_a.csv", kReturnWithCcg);
  test::write_file(dir / "locked" / "07M_d.csv", kReturnWithCcg);
  // Open to others but for the one folder, whatever the umask.
  for (const auto& d : {dir.parent_path(), dir}) ::chmod(d.c_str(), 0755);
  ::chmod((dir / "08K_a.csv").c_str(), 0644);
  ::chmod((dir / "locked").c_str(), 0);
  // Root enters any folder: the listing is made as nobody, in a child.
  int to_parent[2];
  REQUIRE(::pipe(to_parent) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(to_parent[0]);
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(3);
    std::string said;
    const auto locked = dir / "locked";
    for (const std::string& input : {dir.string(), locked.string(), (locked / "07M_d.csv").string()}) {
      try {
        for (const auto& s : listed(foi::collect_inputs({input}))) said += s + "\n";
      } catch (const foi::Error& e) {
        said += std::string("threw ") + e.what() + "\n";
      }
    }
    const bool written = ::write(to_parent[1], said.data(), said.size()) == static_cast<ssize_t>(said.size());
    ::_exit(written ? 0 : 4);
  }
  ::close(to_parent[1]);
  std::string said;
  char buf[4096];
  for (ssize_t n; (n = ::read(to_parent[0], buf, sizeof buf)) > 0;) said.append(buf, static_cast<std::size_t>(n));
  ::close(to_parent[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  ::chmod((dir / "locked").c_str(), 0755);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  const std::string locked = (dir / "locked").string();
  CHECK(said == fmt::format("{}|\n"
                            "{}|cannot open the folder: Permission denied; the returns in it were not read\n"
                            "{}|cannot open the folder: Permission denied; the returns in it were not read\n"
                            "{}/07M_d.csv|cannot open: Permission denied\n",
                            (dir / "08K_a.csv").string(), locked, locked, locked));
}

TEST_CASE("collect_inputs: a link to a folder is followed; one leading back up is not, and is said",
          "[inputs]") {
  const auto dir = test::scratch("inputs-linked");
  test::write_file(dir / "sl" / "08K_a.csv", kReturnWithCcg);
  test::write_file(dir / "real" / "2016" / "09A_b.csv", kReturnWithCcg);
  std::filesystem::create_directory_symlink("../real/2016", dir / "sl" / "2016");
  std::filesystem::create_directory_symlink("..", dir / "sl" / "up");
  const foi::Inputs in = foi::collect_inputs({(dir / "sl").string()});
  CHECK(listed(in) == std::vector<std::string>{(dir / "sl" / "08K_a.csv").string() + "|",
                                               (dir / "sl" / "2016" / "09A_b.csv").string() + "|"});
  CHECK(in.repeated == std::vector<std::string>{(dir / "sl" / "up").string()});
}

TEST_CASE("collect_inputs: a broken link or a link loop named like a return is unreadable and says which",
          "[inputs]") {
  const auto dir = test::scratch("inputs-broken-links");
  test::write_file(dir / "a" / "08K_x.csv", kReturnWithCcg);
  std::filesystem::create_symlink("nonexist", dir / "07M_dangling.csv");
  std::filesystem::create_symlink("07L_l2.csv", dir / "07L_l1.csv");
  std::filesystem::create_symlink("07L_l1.csv", dir / "07L_l2.csv");
  const auto all = listed(foi::collect_inputs({dir.string()}));
  REQUIRE(all.size() == 4);
  CHECK(all[0] == (dir / "07L_l1.csv").string() +
                      "|cannot open: a symbolic link that leads round in a loop (Too many levels of symbolic links)");
  CHECK(all[2] ==
        (dir / "07M_dangling.csv").string() + "|cannot open: a symbolic link to nonexist, which does not exist");
  CHECK(all[3] == (dir / "a" / "08K_x.csv").string() + "|");
  // Named on its own, a loop is not "no such file or directory".
  const auto one = listed(foi::collect_inputs({(dir / "07L_l1.csv").string()}));
  CHECK(one == std::vector<std::string>{all[0]});
}

TEST_CASE("collect_inputs: a pipe named as an input (<(cmd), /dev/stdin) is read once, every row of it",
          "[inputs]") {
  int p[2];
  REQUIRE(::pipe(p) == 0);
  REQUIRE(::write(p[1], kReturnWithCcg.data(), kReturnWithCcg.size()) == static_cast<ssize_t>(kReturnWithCcg.size()));
  ::close(p[1]);
  const foi::Inputs in = foi::collect_inputs({fmt::format("/dev/fd/{}", p[0])});
  ::close(p[0]);
  REQUIRE(in.files.size() == 1);
  CHECK(in.files[0].problem.empty());
  CHECK(contracts_in(in.files[0]) == 2);
}

TEST_CASE("collect_inputs: a device is refused as an input, not read as an empty file or for ever",
          "[inputs]") {
  CHECK(listed(foi::collect_inputs({"/dev/null"})) ==
        std::vector<std::string>{"/dev/null|cannot open: this is a character device, not a file; save the returns to a "
                                 "file and name it, or pipe them to standard input (-)"});
}

TEST_CASE("collect_inputs: standard input that is not text is copied no further than its first MiB",
          "[inputs]") {
  int p[2];
  REQUIRE(::pipe(p) == 0);
  auto old_sigpipe = std::signal(SIGPIPE, SIG_IGN);
  std::size_t written = 0;
  std::thread writer([&] {
    const std::string zeros(1 << 16, '\0');
    while (written < (std::size_t{64} << 20)) {
      const ssize_t n = ::write(p[1], zeros.data(), zeros.size());
      if (n <= 0) break;
      written += static_cast<std::size_t>(n);
    }
    ::close(p[1]);
  });
  std::vector<std::string> all;
  {
    ScopedStdin in(p[0]);
    ::close(p[0]);
    all = listed(foi::collect_inputs({"-"}));
  }  // the pipe's last reader gone, the writer stops
  writer.join();
  std::signal(SIGPIPE, old_sigpipe);
  REQUIRE(all.size() == 1);
  CHECK(all[0].starts_with("-|this file is not text"));
  CHECK(has(all, "standard input was read no further than its first 1048576 bytes"));
  CHECK(written < (std::size_t{8} << 20));
}

TEST_CASE("collect_inputs: standard input whose first MiB is random bytes is refused though its first 4 KiB pass",
          "[inputs]") {
  const auto dir = test::scratch("inputs-random-stdin");
  std::string bytes = "Provider,Service,Contract value\n";
  while (bytes.size() < 4096) bytes += "Mind,Counselling,5000\n";
  std::uint32_t x = 12345;
  while (bytes.size() < (std::size_t{2} << 20)) {
    x = x * 1664525u + 1013904223u;
    bytes += static_cast<char>(x >> 24);
  }
  test::write_file(dir / "random.bin", bytes);
  const int fd = ::open((dir / "random.bin").c_str(), O_RDONLY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  ScopedStdin in(fd);
  ::close(fd);
  const auto all = listed(foi::collect_inputs({"-"}));
  REQUIRE(all.size() == 1);
  CHECK(all[0].starts_with("-|this is not text ("));
  CHECK(has(all, "control bytes); if it is a PDF or a word-processor document, save its table as CSV (UTF-8); if "
                 "it is a workbook, give it its .xlsx, .xlsm, .ods or .xls name; standard input was read no further "
                 "than its first"));
}

TEST_CASE("collect_inputs: standard input named twice, or again as /dev/stdin, is refused", "[inputs]") {
  int p[2];
  REQUIRE(::pipe(p) == 0);
  REQUIRE(::write(p[1], kReturnWithCcg.data(), kReturnWithCcg.size()) == static_cast<ssize_t>(kReturnWithCcg.size()));
  ::close(p[1]);
  ScopedStdin in(p[0]);
  ::close(p[0]);
  CHECK_THROWS_WITH(foi::collect_inputs({"-", "-"}),
                    "-: standard input (-) is named more than once, and it can be read only once; name it once");
  CHECK_THROWS_WITH(foi::collect_inputs({"-", "/dev/stdin"}),
                    "/dev/stdin: this is the pipe already among the inputs as -, and a pipe can be read only once; "
                    "name it once");
}

TEST_CASE("collect_inputs: closed standard input is said to be closed, not read as an empty file",
          "[inputs]") {
  std::vector<std::string> all;
  {
    ScopedStdin in(-1);
    all = listed(foi::collect_inputs({"-"}));
  }
  CHECK(all == std::vector<std::string>{"-|cannot open: standard input is closed; pipe the returns to it, or name the "
                                        "file"});
}

TEST_CASE("collect_inputs: a folder's own manifest.csv is never a return, also when --manifest names another",
          "[inputs]") {
  const auto dir = test::scratch("inputs-manifest");
  const std::string manifest = "ccg_code,ccg_name,status,file,received,notes\n08K,NHS Lambeth CCG,responded,"
                               "returns/08K_a.csv,2016-07-22,\n";
  test::write_file(dir / "set" / "manifest.csv", manifest);
  test::write_file(dir / "set" / "returns" / "08K_a.csv", kReturnWithCcg);
  test::write_file(dir / "copy.csv", manifest);
  const std::vector<std::string> only{(dir / "set" / "returns" / "08K_a.csv").string() + "|"};
  CHECK(listed(foi::collect_inputs({(dir / "set").string()}, (dir / "copy.csv").string())) == only);
  CHECK(listed(foi::collect_inputs({(dir / "set").string()})) == only);
}

TEST_CASE("collect_inputs: a file of the same bytes as another (a return downloaded twice) is told with it, and both read",
          "[inputs]") {
  const auto dir = test::scratch("inputs-same-bytes");
  const std::string month = "Supplier,Amount,Date\nCygnet Health Care Ltd,40000,15/05/2014\n";
  test::write_file(dir / "08K_2014_05.csv", month);
  test::write_file(dir / "08K_2014_05 (1).csv", month);
  test::write_file(dir / "08K_2014_06.csv", "Supplier,Amount,Date\nCygnet Health Care Ltd,40001,15/06/2014\n");
  test::write_file(dir / "a_empty.csv", "");
  test::write_file(dir / "b_empty.csv", "");
  const foi::Inputs in = foi::collect_inputs({dir.string()});
  CHECK(in.files.size() == 5);
  REQUIRE(in.same_bytes.size() == 1);
  CHECK(in.same_bytes[0].first == (dir / "08K_2014_05.csv").string());
  CHECK(in.same_bytes[0].second == (dir / "08K_2014_05 (1).csv").string());
}

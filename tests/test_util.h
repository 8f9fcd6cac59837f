// Small helpers shared by the tests.
#pragma once

#include <cstdint>
#include <unistd.h>
#include <vector>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "foi/reader.h"

namespace test {

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_file(const std::filesystem::path& p, const std::string& bytes) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << bytes;
}

// UTF-8 (BMP only) to UTF-16, for encoding tests.
inline std::string utf16(const std::string& utf8, bool little_endian, bool bom) {
  std::string out;
  auto put = [&](std::uint16_t u) {
    char a = static_cast<char>(u & 0xFF), b = static_cast<char>(u >> 8);
    out += little_endian ? a : b;
    out += little_endian ? b : a;
  };
  if (bom) put(0xFEFF);
  for (std::size_t i = 0; i < utf8.size();) {
    auto c = static_cast<unsigned char>(utf8[i]);
    std::uint16_t u;
    if (c < 0x80) { u = c; i += 1; }
    else if ((c & 0xE0) == 0xC0) { u = static_cast<std::uint16_t>(((c & 0x1F) << 6) | (utf8[i + 1] & 0x3F)); i += 2; }
    else { u = static_cast<std::uint16_t>(((c & 0x0F) << 12) | ((utf8[i + 1] & 0x3F) << 6) | (utf8[i + 2] & 0x3F)); i += 3; }
    put(u);
  }
  return out;
}

}  // namespace test

#include <cstdlib>
#include <sys/wait.h>

namespace test {

struct Run {
  int code = -1;
  std::string out, err;
};

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// This test process's folders in the temporary folder: one test's files
// (scratch()), and run_tool()'s captured inputs and outputs. test_main.cc
// removes both when every test passed.
inline std::filesystem::path scratch_root() {
  static const std::filesystem::path root =
      std::filesystem::temp_directory_path() / ("foi-scratch-" + std::to_string(::getpid()));
  return root;
}
inline std::filesystem::path tool_runs_folder() {
  static const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("foi-test-" + std::to_string(::getpid()));
  return dir;
}

// Runs the foi-contracts binary with the given arguments (and optional
// standard input, and environment assignments put before the command) and
// captures its exit code and output.
inline Run run_tool(const std::vector<std::string>& args, const std::string& stdin_text = {},
                    const std::string& env = {}) {
  namespace fs = std::filesystem;
  static int counter = 0;
  const fs::path dir = tool_runs_folder();
  fs::create_directories(dir);
  std::string id = std::to_string(counter++);
  fs::path in = dir / (id + ".in"), out = dir / (id + ".out"), err = dir / (id + ".err");
  write_file(in, stdin_text);
  std::string cmd = (env.empty() ? "" : env + " ") + shell_quote(FOI_BINARY);
  for (const auto& a : args) cmd += " " + shell_quote(a);
  cmd += " <" + shell_quote(in.string()) + " >" + shell_quote(out.string()) + " 2>" + shell_quote(err.string());
  int status = std::system(cmd.c_str());
  Run r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

// The environment that preloads tests/shims/failing_calls.cc, with its
// settings ("FOI_FAIL_THREADS=1"); a sanitizer's runtime then is not first
// among the libraries, which AddressSanitizer is told to allow.
inline std::string failing_calls(const std::string& settings) {
  return "LD_PRELOAD=" + shell_quote(FOI_FAILING_CALLS) + " ASAN_OPTIONS=\"$ASAN_OPTIONS:verify_asan_link_order=0\" " +
         settings;
}

inline std::string source(const std::string& rel) { return std::string(FOI_SOURCE_DIR) + "/" + rel; }

// The bundled sample's returns and its study file.
inline const std::string kSample = source("data/samples/bjgp2019");
inline const std::string kStudy = source("data/samples/bjgp2019/study.toml");

// A CSV output as rows of header name -> cell, blank lines left out.
inline std::vector<std::map<std::string, std::string>> csv_rows(const std::string& text) {
  auto records = foi::read_all(text);
  std::vector<std::map<std::string, std::string>> out;
  for (std::size_t i = 1; i < records.size(); ++i) {
    if (records[i].cells.size() == 1 && records[i].cells[0].empty()) continue;
    std::map<std::string, std::string> row;
    for (std::size_t c = 0; c < records[0].cells.size() && c < records[i].cells.size(); ++c)
      row[std::string(records[0].cells[c])] = records[i].cells[c];
    out.push_back(row);
  }
  return out;
}

// Files under dir whose names start with prefix (a temporary file left behind).
inline std::vector<std::string> files_named(const std::filesystem::path& dir, const std::string& prefix) {
  std::vector<std::string> found;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.path().filename().string().starts_with(prefix)) found.push_back(e.path().string());
  return found;
}

// A fresh folder for one test's files.
inline std::filesystem::path scratch(const std::string& name) {
  auto d = scratch_root() / name;
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

// Sets an environment variable for one scope, and puts it back after, also
// when a check throws.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    const char* old = std::getenv(name);
    had_ = old != nullptr;
    if (had_) old_ = old;
    ::setenv(name, value, 1);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;
  ~ScopedEnv() {
    if (had_) ::setenv(name_.c_str(), old_.c_str(), 1);
    else ::unsetenv(name_.c_str());
  }

 private:
  std::string name_, old_;
  bool had_ = false;
};

}  // namespace test

// Small helpers shared by the tests.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

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

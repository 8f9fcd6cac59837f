#include "text.h"

#include <cstdint>

namespace foi::text {

std::string_view trim_spaces(std::string_view s) {
  // Spaces, tabs, line breaks and the no-break space (U+00A0) that Excel
  // exports often carry.
  auto is_space = [](std::string_view v, std::size_t i, std::size_t& len) {
    unsigned char c = static_cast<unsigned char>(v[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') { len = 1; return true; }
    if (c == 0xC2 && i + 1 < v.size() && static_cast<unsigned char>(v[i + 1]) == 0xA0) { len = 2; return true; }
    return false;
  };
  std::size_t len = 0;
  while (!s.empty() && is_space(s, 0, len)) s.remove_prefix(len);
  while (!s.empty()) {
    if (is_space(s, s.size() - 1, len)) { s.remove_suffix(1); continue; }
    if (s.size() >= 2 && is_space(s, s.size() - 2, len) && len == 2) { s.remove_suffix(2); continue; }
    break;
  }
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

namespace {
// Two-byte UTF-8 Latin-1 letters (U+00C0..U+00FF) folded to ASCII.
char fold_latin1(unsigned cp) {
  // U+00D7 (multiplication) and U+00F7 (division) are signs, not letters.
  static const char* const kMap =
      "aaaaaaaceeeeiiiidnooooo ouuuuyts"   // U+00C0..U+00DF
      "aaaaaaaceeeeiiiidnooooo ouuuuyty";  // U+00E0..U+00FF
  if (cp >= 0xC0 && cp <= 0xFF) return kMap[cp - 0xC0];
  return ' ';
}
}  // namespace

std::string fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = true;
  auto put = [&](char c) {
    if (c == ' ') {
      if (!space) out += ' ';
      space = true;
    } else {
      out += c;
      space = false;
    }
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z') put(static_cast<char>(c - 'A' + 'a'));
      else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) put(static_cast<char>(c));
      else if (c == '&') { put(' '); put('a'); put('n'); put('d'); put(' '); }
      else if (c == '\'') continue;  // "St Mungo's" -> "st mungos"
      else put(' ');
    } else if ((c & 0xE0) == 0xC0 && i + 1 < s.size()) {
      unsigned cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
      ++i;
      if (cp == 0xDF) { put('s'); put('s'); continue; }
      put(fold_latin1(cp));
    } else {
      // Other characters (currency signs, curly quotes, dashes) separate words.
      std::size_t len = (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
      // U+2019 right single quote is an apostrophe: drop it like '.
      if (len == 3 && i + 2 < s.size() && c == 0xE2 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
          static_cast<unsigned char>(s[i + 2]) == 0x99) {
        i += 2;
        continue;
      }
      i += len - 1;
      put(' ');
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool starts_with_word(std::string_view s, std::string_view word) {
  if (s.substr(0, word.size()) != word) return false;
  return s.size() == word.size() || s[word.size()] == ' ';
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t j = s.find(sep, start);
    out.push_back(s.substr(start, j == std::string_view::npos ? std::string_view::npos : j - start));
    if (j == std::string_view::npos) break;
    start = j + 1;
  }
  return out;
}


bool contains_phrase(std::string_view folded, std::string_view phrase) {
  for (std::size_t p = folded.find(phrase); p != std::string_view::npos; p = folded.find(phrase, p + 1)) {
    bool starts = p == 0 || folded[p - 1] == ' ';
    bool ends = p + phrase.size() == folded.size() || folded[p + phrase.size()] == ' ';
    if (starts && ends) return true;
  }
  return false;
}


}  // namespace foi::text

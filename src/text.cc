#include "text.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace foi::text {

std::string_view trim_spaces(std::string_view s) {
  // Spaces, tabs, line breaks and the no-break space (U+00A0) that Excel
  // exports often carry; and Ctrl-Z (0x1A), the end-of-file mark old DOS
  // programs leave after the last line.
  auto is_space = [](std::string_view v, std::size_t i, std::size_t& len) {
    unsigned char c = static_cast<unsigned char>(v[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0x1A) { len = 1; return true; }
    if (c == 0xC2 && i + 1 < v.size() && static_cast<unsigned char>(v[i + 1]) == 0xA0) { len = 2; return true; }
    return false;
  };
  std::size_t len = 0;
  while (!s.empty()) {
    if (is_space(s, 0, len)) s.remove_prefix(len);
    else if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
    else break;
  }
  while (!s.empty()) {
    if (is_space(s, s.size() - 1, len)) { s.remove_suffix(1); continue; }
    if (s.size() >= 2 && is_space(s, s.size() - 2, len) && len == 2) { s.remove_suffix(2); continue; }
    break;
  }
  return s;
}

bool only_words_of(std::string_view folded, std::span<const std::string_view> needed,
                   std::span<const std::string_view> allowed) {
  bool said = false;
  for (std::string_view w : split(folded, ' ')) {
    if (w.empty()) continue;
    if (std::find(needed.begin(), needed.end(), w) != needed.end())
      said = true;
    else if (std::find(allowed.begin(), allowed.end(), w) == allowed.end())
      return false;
  }
  return said;
}

std::size_t utf8_length_at(std::string_view s, std::size_t i, std::uint32_t& cp) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  // The length a lead byte announces, and the least code point that
  // length may hold (an overlong form is not UTF-8).
  const std::size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 && c < 0xF0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  cp = n == 4 ? c & 0x07u : n == 3 ? c & 0x0Fu : c & 0x1Fu;
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = cp << 6 | (b & 0x3Fu);
  }
  if (n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return 0;
  if (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return 0;
  return n;
}

namespace {
// Each UTF-8 character of s through put(out, code point, its bytes); a
// byte that starts none is U+FFFD.
template <typename Put>
std::string each_character(std::string_view s, Put put) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::uint32_t cp = 0;
    const std::size_t n = utf8_length_at(s, i, cp);
    if (n == 0) {
      out += kReplacementCharacter;
      ++i;
      continue;
    }
    put(out, cp, s.substr(i, n));
    i += n;
  }
  return out;
}
}  // namespace

std::string printable(std::string_view s) {
  return each_character(s, [](std::string& out, std::uint32_t cp, std::string_view c) {
    if (cp == '\t' || cp == '\n' || cp == '\r') out += ' ';
    else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xFFFE || cp == 0xFFFF) out += kReplacementCharacter;
    else out.append(c);
  });
}

std::string printable_short(std::string_view s, std::size_t most) {
  if (s.size() <= most) return printable(s);
  std::size_t cut = most;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  return printable(s.substr(0, cut)) + "...";
}

std::string valid_utf8(std::string_view s) {
  return each_character(s, [](std::string& out, std::uint32_t, std::string_view c) { out.append(c); });
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

bool is_unsaved_formula(std::string_view cell) { return trim(cell) == kUnsavedFormula; }

bool is_formula_error(std::string_view cell) {
  const std::string_view t = trim(cell);
  if (t == kUnsavedFormula) return true;
  if (t.size() == 7 && equal_ignoring_case(t.substr(0, 4), "err:"))  // LibreOffice: Err:501 to Err:539
    return std::all_of(t.begin() + 4, t.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (t.size() < 4 || t[0] != '#') return false;
  for (std::string_view e : {"#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
                             "#FIELD!", "#GETTING_DATA", "#BLOCKED!", "#UNKNOWN!", "#CONNECT!", "#BUSY!"})
    if (equal_ignoring_case(t, e)) return true;
  return false;
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

namespace {

// The table of distances one row at a time, each row from the one before.
std::size_t edit_distance_by_rows(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

// Provider names are compared a dozen reference names at a time, and a
// whole column of the table fits in a word when the shorter text has at
// most 64 bytes: the column's steps (each +1, 0 or -1 from the cell above)
// are kept as bit vectors and the text is read a byte a step (Myers 1999,
// in Hyyro's form for the distance between two whole texts).
std::size_t edit_distance(std::string_view a, std::string_view b) {
  if (a.size() > b.size()) std::swap(a, b);
  const std::size_t m = a.size();
  if (m == 0) return b.size();
  if (m > 64) return edit_distance_by_rows(a, b);
  std::array<std::uint64_t, 256> match{};  // by byte: where it is in a
  for (std::size_t i = 0; i < m; ++i) match[static_cast<unsigned char>(a[i])] |= std::uint64_t{1} << i;
  const std::uint64_t last = std::uint64_t{1} << (m - 1);
  std::uint64_t plus = m == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << m) - 1, minus = 0;  // vertical steps
  std::size_t distance = m;
  for (char c : b) {
    const std::uint64_t eq = match[static_cast<unsigned char>(c)];
    const std::uint64_t xv = eq | minus;
    const std::uint64_t xh = (((eq & plus) + plus) ^ plus) | eq;
    std::uint64_t hplus = minus | ~(xh | plus), hminus = plus & xh;  // horizontal steps
    if (hplus & last) ++distance;
    else if (hminus & last) --distance;
    // The first row counts up by one a byte of b.
    hplus = (hplus << 1) | 1;
    hminus <<= 1;
    plus = hminus | ~(xv | hplus);
    minus = hplus & xv;
  }
  return distance;
}

}  // namespace foi::text

// Small text utilities shared by the parsing stages.
#pragma once

#include <bit>
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace foi::text {

// Without spaces, tabs, line breaks, no-break spaces and Ctrl-Z at either
// end, and a byte-order mark at the start: one left in the middle of a file
// by two Excel exports joined into one ("cat a.csv b.csv"), where it would
// keep the second file's header from reading as a header.
std::string_view trim_spaces(std::string_view s);
// Most cells have nothing to trim: they are told by their first and last byte.
[[gnu::always_inline]] inline std::string_view trim(std::string_view s) {
  if (s.empty()) return s;
  auto front = static_cast<unsigned char>(s.front()), back = static_cast<unsigned char>(s.back());
  // A leading C2 is a no-break space only before A0: "£1,234" starts with C2 A3.
  // A leading EF is rare (a byte-order mark, U+FFFD), so told apart in trim_spaces.
  bool clean_front = front > ' ' && front != 0xEF &&
                     (front != 0xC2 || s.size() < 2 || static_cast<unsigned char>(s[1]) != 0xA0);
  if (clean_front && back > ' ' && back != 0xA0) return s;
  return trim_spaces(s);
}
std::string lower(std::string_view s);
// s as it may be shown in any output: bytes that are not UTF-8 and control
// characters (an escape sequence from a cell, a byte of a file name in
// another encoding) become U+FFFD, and tabs and line breaks spaces, so that
// no text from an input can break a line, a format or a terminal.
std::string printable(std::string_view s);
// printable(s) cut to at most `most` bytes at a character's start, with
// "..." when cut: a name or key from a file echoed in a message, which a
// hostile file may make a megabyte long.
std::string printable_short(std::string_view s, std::size_t most = 80);
// s with each byte that is not part of a UTF-8 character as U+FFFD, and
// all else kept, control characters and line breaks too: a file name for
// the formats that escape them (JSON, GitHub's properties), where it must
// stay the name of its file.
std::string valid_utf8(std::string_view s);
inline constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD
// The length of the UTF-8 character at s[i], with its code point in cp; 0
// when the bytes there are not one (a stray byte, an overlong form, a
// surrogate, past U+10FFFF or past the end of s).
std::size_t utf8_length_at(std::string_view s, std::size_t i, std::uint32_t& cp);
// Lower-cases, folds Latin letters with accents to ASCII, turns punctuation
// into spaces and collapses runs of spaces: "Total Value (£)" -> "total value".
std::string fold(std::string_view s);
bool starts_with_word(std::string_view s, std::string_view word);
std::vector<std::string_view> split(std::string_view s, char sep);
// Levenshtein distance in bytes: insertions, deletions and substitutions
// of one byte each.
std::size_t edit_distance(std::string_view a, std::string_view b);
// Characters of UTF-8 text (bytes that do not continue one), which is how
// wide fmt pads it: for aligning columns of names.
inline std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}
// The first n characters of UTF-8 text (all of it when it has no more),
// never cutting one in two.
inline std::string_view first_code_points(std::string_view s, std::size_t n) {
  for (std::size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && n-- == 0) return s.substr(0, i);
  return s;
}
// A text ending in a remark in brackets ("01/04/2013 (estimated)", "Rethink
// Mental Illness (formerly Rethink)"): what stands before the remark,
// trimmed, and the remark's words. None when the text has no such remark,
// or is all bracket ("(1,234)", a negative amount).
struct Remark {
  std::string_view before, inside;
};
inline std::optional<Remark> trailing_remark(std::string_view s) {
  if (s.size() < 3 || s.back() != ')') return std::nullopt;
  const std::size_t open = s.rfind('(');
  if (open == std::string_view::npos || open == 0) return std::nullopt;
  return Remark{trim(s.substr(0, open)), s.substr(open + 1, s.size() - open - 2)};
}
inline bool is_blank(std::string_view s) { return trim(s).empty(); }
// What a spreadsheet or finance system wrote to keep a trimmed cell as text:
// a formula of a quoted text, ="08K" or ="01/04/2013" (so that leading
// zeros and dates survive Excel), or an apostrophe before a number or date,
// '5000. The text inside; t itself for anything else (a formula of
// anything but a quoted text, a quote inside it, an apostrophe before a word).
// Asked by the cell parsers once their plain forms have failed.
inline std::string_view without_text_mark(std::string_view t) {
  if (t.size() >= 3 && t[0] == '=' && t[1] == '"' && t.back() == '"') {
    const std::string_view inside = t.substr(2, t.size() - 3);
    return inside.find('"') == std::string_view::npos ? trim(inside) : t;
  }
  if (t.size() >= 2 && t[0] == '\'') {
    const char c = t[1];
    if ((c >= '0' && c <= '9') || c == '-' || c == '(' || c == '\xC2') return t.substr(1);  // \xC2: £
  }
  return t;
}
// Whether folded text holds the phrase as whole words ("no kpis" holds "kpis").
bool contains_phrase(std::string_view folded, std::string_view phrase);
// Whether every word of a folded text is one of `needed` or `allowed`, and
// one at least of `needed`: a text made only of such words ("Various
// providers", "NHS providers") and saying what `needed` says.
bool only_words_of(std::string_view folded, std::span<const std::string_view> needed,
                   std::span<const std::string_view> allowed);
// A spreadsheet formula's error as the cell shows it: Excel's #REF!, #N/A,
// #VALUE!, #DIV/0!, #NAME?, #NUM!, #NULL! (and the newer #SPILL!, #CALC!,
// #FIELD!, #GETTING_DATA), LibreOffice's Err:502 and the like. Such a cell
// held a value the office's copy lost: it is no value, and no "N/A". Also
// kUnsavedFormula, which is no value either.
bool is_formula_error(std::string_view cell);
// What a workbook's cell reads as when it holds a formula saved without its
// result (an .xlsx written by a program that did not calculate it): no
// error of the office's, but a value missing from the file, which opening
// and saving it in a spreadsheet program would give.
inline constexpr std::string_view kUnsavedFormula = "[formula result not saved]";
bool is_unsaved_formula(std::string_view cell);

// ASCII case-insensitive equality. Inline: it is asked of several
// candidate words for a cell of every row, and most differ in length.
inline bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}
// Where needle first is in hay, ASCII case ignored; npos when nowhere.
inline std::size_t find_ignoring_case(std::string_view hay, std::string_view needle) {
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i)
    if (equal_ignoring_case(hay.substr(i, needle.size()), needle)) return i;
  return std::string_view::npos;
}

// A fast 64-bit hash of bytes for in-memory tables (duplicate rows, the
// provider decision cache): eight bytes a step, then a full avalanche, so
// that keys differing in one byte differ in about half the bits.
// hash_more() feeds more bytes (and their length) into a running state;
// hash_finish() avalanches it. Several texts hashed as one stream and
// finished once cost less than hashing each on its own.
inline std::uint64_t hash_more(std::uint64_t h, std::string_view s) {
  static_assert(std::endian::native == std::endian::little, "the tail loads below assume little-endian");
  constexpr std::uint64_t k1 = 0x9E3779B185EBCA87ull, k2 = 0xC2B2AE3D27D4EB4Full, k3 = 0x165667B19E3779F9ull;
  const char* p = s.data();
  std::size_t n = s.size();
  auto round = [&](std::uint64_t w) {
    h += w * k2;
    h = (h << 31) | (h >> 33);
    h *= k1;
  };
  // The length goes in without a round of its own (a row hashes a dozen
  // short cells, and each round waits for the one before): inside the word
  // of a text of up to three bytes, added to the state before the rounds
  // of a longer one, whose words then tell its bytes apart. An empty text
  // still takes a round, so that cells cannot vanish from a row.
  if (n >= 8) {
    h += n;
    const char* end = p + n;
    if (n >= 16) {
      // Two lanes, taking every other word, so that a long text (a service
      // description) waits on half as many rounds in a row; the second lane
      // starts elsewhere and is folded in rotated, so that words swapped
      // between the lanes hash apart.
      std::uint64_t g = h ^ k3;
      auto round_g = [&](std::uint64_t w) {
        g += w * k2;
        g = (g << 31) | (g >> 33);
        g *= k1;
      };
      for (; n >= 16; n -= 16, p += 16) {
        std::uint64_t w0, w1;
        std::memcpy(&w0, p, 8);
        std::memcpy(&w1, p + 8, 8);
        round(w0);
        round_g(w1);
      }
      h = (h ^ ((g << 27) | (g >> 37))) * k1;
    }
    for (; n >= 8; n -= 8, p += 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      round(w);
    }
    if (n > 0) {
      // The last bytes through one load of the string's last eight (a byte
      // at a time would stall on store forwarding), shifted to drop those
      // already hashed (little-endian).
      std::uint64_t w;
      std::memcpy(&w, end - 8, 8);
      round(w >> (8 * (8 - n)));
    }
  } else if (n >= 4) {
    h += n;
    std::uint32_t a, b;
    std::memcpy(&a, p, 4);
    std::memcpy(&b, p + n - 4, 4);
    round(std::uint64_t{b} << 32 | a);
  } else if (n > 0) {
    auto byte = [&](std::size_t i) { return std::uint64_t{static_cast<unsigned char>(p[i])}; };
    round(byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16 | std::uint64_t{n} << 24);
  } else {
    round(k3);
  }
  return h;
}

inline std::uint64_t hash_finish(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 33;
  return h;
}

inline std::uint64_t hash_bytes(std::string_view s, std::uint64_t seed = 0x9E3779B97F4A7C15ull) {
  return hash_finish(hash_more(seed, s));
}

// Masks of sixteen bytes at p, bit i for p[i]: the reader looks for a few
// bytes in every byte of a file, and sixteen at a time is several times
// fewer steps than eight (SSE2 is part of every x86-64 processor; other
// processors take the plain loop).
// Bytes equal to a or b.
inline unsigned mask_of(const char* p, char a, char b) {
#if defined(__SSE2__)
  __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  return static_cast<unsigned>(
      _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(a)), _mm_cmpeq_epi8(v, _mm_set1_epi8(b)))));
#else
  unsigned m = 0;
  for (int i = 0; i < 16; ++i) m |= static_cast<unsigned>(p[i] == a || p[i] == b) << i;
  return m;
#endif
}
// Bytes of 0x80 and above (not ASCII).
inline unsigned high_mask(const char* p) {
#if defined(__SSE2__)
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))));
#else
  unsigned m = 0;
  for (int i = 0; i < 16; ++i) m |= static_cast<unsigned>((static_cast<unsigned char>(p[i]) >> 7) & 1) << i;
  return m;
#endif
}

// Eight UTF-16 code units at p (sixteen bytes) written to out as eight
// ASCII bytes, when every one of them is ASCII; false, nothing written,
// otherwise. A UTF-16 file's text is nearly all ASCII: a step of sixteen
// bytes rather than two.
inline bool ascii_of_utf16(const unsigned char* p, bool little_endian, char* out) {
#if defined(__SSE2__)
  __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  if (!little_endian) v = _mm_or_si128(_mm_slli_epi16(v, 8), _mm_srli_epi16(v, 8));
  const __m128i above = _mm_and_si128(v, _mm_set1_epi16(static_cast<short>(0xFF80)));
  if (_mm_movemask_epi8(_mm_cmpeq_epi16(above, _mm_setzero_si128())) != 0xFFFF) return false;
  _mm_storel_epi64(reinterpret_cast<__m128i*>(out), _mm_packus_epi16(v, v));
  return true;
#else
  for (int i = 0; i < 8; ++i)
    if (p[2 * i + little_endian] != 0 || p[2 * i + !little_endian] >= 0x80) return false;
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>(p[2 * i + !little_endian]);
  return true;
#endif
}

// The first a or b in s at or after from, or npos: s.find() for the short
// distances between a row's delimiters, without a call per cell.
inline std::size_t find_either(std::string_view s, std::size_t from, char a, char b) {
  const char* p = s.data();
  std::size_t i = from;
  for (; i + 16 <= s.size(); i += 16)
    if (unsigned m = mask_of(p + i, a, b)) return i + static_cast<std::size_t>(std::countr_zero(m));
  for (; i < s.size(); ++i)
    if (p[i] == a || p[i] == b) return i;
  return std::string_view::npos;
}
inline std::size_t find_byte(std::string_view s, std::size_t from, char c) { return find_either(s, from, c, c); }

}  // namespace foi::text

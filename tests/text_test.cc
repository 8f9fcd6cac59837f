#include "text.h"

#include <algorithm>
#include <array>

#include <catch2/catch.hpp>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

TEST_CASE("text: fold lower-cases, removes accents and punctuation and reads & as and", "[text]") {
  CHECK(foi::text::fold("Total Value (£)") == "total value");
  CHECK(foi::text::fold("Schön  Clinic") == "schon clinic");
  CHECK(foi::text::fold("St Mungo’s & Broadway") == "st mungos and broadway");
  CHECK(foi::text::fold("  ") == "");
  // Found by fuzzing: signs in the Latin-1 block are not letters, so folding
  // only ever gives letters, digits and single spaces.
  CHECK(foi::text::fold("2\xC3\x97" "3\xC3\xB7" "4") == "2 3 4");
  CHECK(foi::text::fold(std::string("a\xC3\xC3\x17" "b")) == foi::text::fold(foi::text::fold(std::string("a\xC3\xC3\x17" "b"))));
}

TEST_CASE("text: trim takes off a DOS end-of-file mark (Ctrl-Z), so that the line it ends is blank, not a provider",
          "[text]") {
  CHECK(foi::text::trim("\x1a").empty());
  CHECK(foi::text::trim("Mind\x1a") == "Mind");
}

TEST_CASE("text: printable_short cuts a long text at a character's start and says it was cut", "[text]") {
  CHECK(foi::text::printable_short("short") == "short");
  CHECK(foi::text::printable_short(std::string(100000, 'k')) == std::string(80, 'k') + "...");
  // "é" is two bytes: a cut at byte 3 would split it, so it falls before it.
  CHECK(foi::text::printable_short("ab\xC3\xA9" "cd", 3) == "ab...");
  CHECK(foi::text::printable_short("a\tb", 80) == "a b");
}

TEST_CASE("text: printable keeps UTF-8 and makes control characters, C1 controls and bytes that are not UTF-8 U+FFFD",
          "[text]") {
  const std::string r = "\xEF\xBF\xBD";
  CHECK(foi::text::printable("Caf\xC3\xA9 \xE2\x82\xAC" "5 \xF0\x9F\x98\x80") == "Caf\xC3\xA9 \xE2\x82\xAC" "5 \xF0\x9F\x98\x80");
  CHECK(foi::text::printable("a\x1b[31mb") == "a" + r + "[31mb");
  CHECK(foi::text::printable("07L_\xff\xfe.csv") == "07L_" + r + r + ".csv");
  CHECK(foi::text::printable("line\nbreak\ttab") == "line break tab");
  CHECK(foi::text::printable("\xC2\x9B") == r);          // a C1 control (CSI)
  CHECK(foi::text::printable("\xC0\xAF") == r + r);      // an overlong "/"
  CHECK(foi::text::printable("\xED\xA0\x80") == r + r + r);  // a UTF-16 surrogate
  CHECK(foi::text::printable("\xE2\x82") == r + r);      // cut short
  CHECK(foi::text::printable("a\xEF\xBF\xBE" "b\xEF\xBF\xBF") == "a" + r + "b" + r);  // noncharacters
}

TEST_CASE("text: valid_utf8 keeps control characters and line breaks, and makes only bytes that are not UTF-8 U+FFFD",
          "[text]") {
  const std::string r = "\xEF\xBF\xBD";
  CHECK(foi::text::valid_utf8("08T_a\nb\r\t\x1b[31m\x07.csv") == "08T_a\nb\r\t\x1b[31m\x07.csv");
  CHECK(foi::text::valid_utf8("Caf\xC3\xA9 \xF0\x9F\x98\x80") == "Caf\xC3\xA9 \xF0\x9F\x98\x80");
  CHECK(foi::text::valid_utf8("07L_\xff\xfe.csv") == "07L_" + r + r + ".csv");
  CHECK(foi::text::valid_utf8("\xE2\x82") == r + r);  // cut short
}

TEST_CASE("text: only_words_of needs every word from the two lists and one from the first", "[text]") {
  constexpr std::array<std::string_view, 2> needed = {"providers", "sector"};
  constexpr std::array<std::string_view, 2> allowed = {"nhs", "independent"};
  CHECK(foi::text::only_words_of("nhs providers", needed, allowed));
  CHECK(foi::text::only_words_of("independent  sector", needed, allowed));
  CHECK_FALSE(foi::text::only_words_of("nhs independent", needed, allowed));   // nothing needed said
  CHECK_FALSE(foi::text::only_words_of("mind providers", needed, allowed));    // a word of neither
  CHECK_FALSE(foi::text::only_words_of("", needed, allowed));
}

TEST_CASE("text: trim takes off a byte-order mark at a cell's start, and keeps other characters of its first byte",
          "[text]") {
  CHECK(foi::text::trim("\xEF\xBB\xBFProvider") == "Provider");
  CHECK(foi::text::trim(" \xEF\xBB\xBF Provider ") == "Provider");
  CHECK(foi::text::trim("\xEF\xBF\xBDx") == "\xEF\xBF\xBDx");  // U+FFFD stays
  CHECK(foi::text::trim("a\xEF\xBB\xBF") == "a\xEF\xBB\xBF");  // only at the start
}

TEST_CASE("text: trim removes spaces, tabs, line breaks and no-break spaces", "[text]") {
  CHECK(foi::text::trim(" \t\xC2\xA0x y\xC2\xA0\r\n") == "x y");
  CHECK(foi::text::is_blank("\xC2\xA0 "));
  CHECK(foi::text::equal_ignoring_case("Provider", "PROVIDER"));
  CHECK(foi::text::split("a;b;;c", ';').size() == 4);
}

TEST_CASE("text: hash_bytes tells apart texts of every length that differ in one byte", "[text]") {
  std::set<std::uint64_t> seen;
  std::size_t made = 0;
  for (std::size_t n = 0; n <= 100; ++n) {
    std::string base(n, 'a');
    seen.insert(foi::text::hash_bytes(base));
    ++made;
    for (std::size_t i = 0; i < n; ++i) {
      std::string t = base;
      t[i] = 'b';
      seen.insert(foi::text::hash_bytes(t));
      ++made;
    }
  }
  CHECK(seen.size() == made);
  CHECK(foi::text::hash_bytes("abc", 1) != foi::text::hash_bytes("abc", 2));
  // Texts hashed one after another keep their boundaries, and an empty one counts.
  using foi::text::hash_more;
  auto row = [](std::initializer_list<std::string_view> cells) {
    std::uint64_t h = 7;
    for (auto c : cells) h = hash_more(h, c);
    return foi::text::hash_finish(h);
  };
  CHECK(row({"a", "bc"}) != row({"ab", "c"}));
  CHECK(row({"", "x"}) != row({"x"}));
  CHECK(row({"", "", "aa"}) != row({"", "aaa"}));
  CHECK(row({"", "aaaa"}) != row({"aaaaa"}));
  CHECK(row({"abcdefgh", "i"}) != row({"abcdefghi"}));
  // Long texts go two words a step: words swapped between those two still differ.
  CHECK(foi::text::hash_bytes("AAAAAAAABBBBBBBB") != foi::text::hash_bytes("BBBBBBBBAAAAAAAA"));
  CHECK(foi::text::hash_bytes("AAAAAAAABBBBBBBBCCCCCCCCDDDDDDDD") != foi::text::hash_bytes("AAAAAAAADDDDDDDDCCCCCCCCBBBBBBBB"));
  CHECK(foi::text::hash_bytes("AAAAAAAABBBBBBBBCCCCCCCCDDDDDDDD") != foi::text::hash_bytes("CCCCCCCCBBBBBBBBAAAAAAAADDDDDDDD"));
  // A text and the same bytes inside a longer buffer hash alike.
  std::string buffer = "xxabcdefghijklmnopxx";
  CHECK(foi::text::hash_bytes(std::string_view(buffer).substr(2, 16)) == foi::text::hash_bytes("abcdefghijklmnop"));
}

TEST_CASE("text: trim leaves cells without surrounding space untouched and trims the rest", "[text]") {
  using foi::text::trim;
  CHECK(trim("Oxleas") == "Oxleas");
  CHECK(trim("\xC2\xA0Oxleas\xC2\xA0") == "Oxleas");
  CHECK(trim("\tOxleas\r\n") == "Oxleas");
  CHECK(trim("caf\xC3\xA9") == "caf\xC3\xA9");  // a last byte of 0xA9 is not a space
  CHECK(trim(" ").empty());
  CHECK(foi::text::is_blank("\xC2\xA0 \t"));
}

TEST_CASE("text: find_either finds the first of two bytes at any distance, and masks say where they are", "[text]") {
  std::string s(100, 'x');
  CHECK(foi::text::find_either(s, 0, ',', '"') == std::string_view::npos);
  for (std::size_t at : {0u, 1u, 15u, 16u, 17u, 31u, 32u, 63u, 99u}) {
    std::string t = s;
    t[at] = '"';
    for (std::size_t from = 0; from <= at; from += 7) CHECK(foi::text::find_either(t, from, ',', '"') == at);
    CHECK(foi::text::find_either(t, at + 1, ',', '"') == std::string_view::npos);
    if (at + 3 < t.size()) {
      t[at + 3] = ',';
      CHECK(foi::text::find_either(t, at + 1, ',', '"') == at + 3);
    }
  }
  // Every length, place and start, with a match just before the start to be passed over:
  // the last bytes of a text are looked at through its last sixteen.
  for (std::size_t n = 1; n <= 48; ++n)
    for (std::size_t at = 0; at < n; ++at)
      for (std::size_t from = 0; from <= n; ++from) {
        std::string t(n, 'x');
        if (from > 0) t[from - 1] = '"';
        t[at] = '"';
        const std::size_t expected = at >= from ? at : std::string_view::npos;
        if (foi::text::find_either(t, from, '"', '"') != expected) FAIL("length " << n << ", at " << at << ", from " << from);
      }
  // Bytes with the top bit set are found too, and are what high_mask marks.
  std::string u(16, 'a');
  u[5] = '\xC2';
  u[9] = '\xFF';
  CHECK(foi::text::find_byte(u, 0, '\xFF') == 9);
  CHECK(foi::text::high_mask(u.data()) == ((1u << 5) | (1u << 9)));
  CHECK(foi::text::mask_of(u.data(), 'a', '\xC2') == (0xFFFFu & ~(1u << 9)));
}

namespace {

// The distance by its definition: the whole table of prefix distances.
std::size_t edit_distance_by_table(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j)
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
  return d[a.size()][b.size()];
}

}  // namespace

TEST_CASE("text: edit_distance counts the fewest single-byte edits", "[text]") {
  using foi::text::edit_distance;
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("", "trust") == 5);
  CHECK(edit_distance("trust", "") == 5);
  CHECK(edit_distance("trust", "trust") == 0);
  CHECK(edit_distance("trsut", "trust") == 2);
  CHECK(edit_distance("foundaton", "foundation") == 1);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("oxleas", "oxlees") == 1);
  CHECK(edit_distance("\xC3\xA9t\xC3\xA9", "ete") == 4);  // bytes, not letters
}

TEST_CASE("text: edit_distance agrees with the whole table for texts on both sides of 64 bytes", "[text]") {
  // Texts of a few letters, so that they share many bytes, of every length
  // around the word the shorter text's column must fit in.
  std::uint64_t seed = 42;
  auto next = [&] {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return seed >> 33;
  };
  auto text = [&](std::size_t n) {
    std::string s(n, 'a');
    for (char& c : s) c = "abc d\xFF"[next() % 6];
    return s;
  };
  std::size_t checked = 0;
  for (std::size_t m : {1u, 2u, 7u, 31u, 62u, 63u, 64u, 65u, 66u, 100u})
    for (std::size_t n : {0u, 1u, 5u, 40u, 63u, 64u, 65u, 130u})
      for (int k = 0; k < 6; ++k) {
        const std::string a = text(m), b = text(n);
        const std::size_t want = edit_distance_by_table(a, b);
        CHECK(foi::text::edit_distance(a, b) == want);
        CHECK(foi::text::edit_distance(b, a) == want);
        ++checked;
      }
  // A text and one edit of it, at every place of a 64-byte text.
  const std::string base = text(64);
  for (std::size_t i = 0; i < base.size(); ++i) {
    std::string changed = base, dropped = base, added = base;
    changed[i] = changed[i] == 'x' ? 'y' : 'x';
    dropped.erase(i, 1);
    added.insert(i, 1, 'x');
    CHECK(foi::text::edit_distance(base, changed) == 1);
    CHECK(foi::text::edit_distance(base, dropped) == 1);
    CHECK(foi::text::edit_distance(base, added) == edit_distance_by_table(base, added));
    ++checked;
  }
  CHECK(checked == 10 * 8 * 6 + 64);
}

TEST_CASE("text: characters are counted and cut whole in UTF-8", "[text]") {
  using foi::text::code_points;
  using foi::text::first_code_points;
  CHECK(code_points("") == 0);
  CHECK(code_points("abc") == 3);
  CHECK(code_points("Société – Santé") == 15);  // é two bytes, the dash three
  CHECK(first_code_points("Société", 4) == "Soci");
  CHECK(first_code_points("Société", 5) == "Socié");
  CHECK(first_code_points("Société", 7) == "Société");
  CHECK(first_code_points("Société", 70) == "Société");
  CHECK(first_code_points("–x", 1) == "–");
  CHECK(first_code_points("abc", 0).empty());
}

TEST_CASE("text: a remark in brackets at the end is told apart from what it stands beside", "[text]") {
  using foi::text::trailing_remark;
  const auto r = trailing_remark("01/04/2013 (estimated)");
  REQUIRE(r);
  CHECK(r->before == "01/04/2013");
  CHECK(r->inside == "estimated");
  CHECK(trailing_remark("Rethink (formerly (old) name)")->inside == "old) name");  // the last bracket opened
  CHECK_FALSE(trailing_remark("(1,234)"));  // all bracket: a negative amount
  CHECK_FALSE(trailing_remark("01/04/2013"));
  CHECK_FALSE(trailing_remark("()"));
}

TEST_CASE("text: a cell its writer kept as text, =\"08K\" or '5000, is that text", "[text]") {
  using foi::text::without_text_mark;
  CHECK(without_text_mark("=\"08K\"") == "08K");
  CHECK(without_text_mark("=\" 01/04/2013 \"") == "01/04/2013");
  CHECK(without_text_mark("=\"\"").empty());
  CHECK(without_text_mark("'5000") == "5000");
  CHECK(without_text_mark("'-12") == "-12");
  CHECK(without_text_mark("'(1,234)") == "(1,234)");
  CHECK(without_text_mark("'\xC2\xA3" "5") == "\xC2\xA3" "5");
  // Left as written: a quote inside, a formula of anything else, an apostrophe before a word.
  CHECK(without_text_mark("=\"a\"\"b\"") == "=\"a\"\"b\"");
  CHECK(without_text_mark("=SUM(A1:A2)") == "=SUM(A1:A2)");
  CHECK(without_text_mark("'t Hooft") == "'t Hooft");
  CHECK(without_text_mark("=") == "=");
  CHECK(without_text_mark("'") == "'");
  CHECK(without_text_mark("=\"") == "=\"");
}

TEST_CASE("text: eight UTF-16 code units are copied as ASCII only when every one is ASCII", "[text]") {
  for (const bool little : {true, false}) {
    auto units = [&](std::u16string_view s) {
      std::vector<unsigned char> b;
      for (char16_t c : s) {
        const auto hi = static_cast<unsigned char>(c >> 8), lo = static_cast<unsigned char>(c & 0xFF);
        b.push_back(little ? lo : hi);
        b.push_back(little ? hi : lo);
      }
      return b;
    };
    char out[8] = {};
    auto plain = units(u"Mind, 1\x7F");
    REQUIRE(foi::text::ascii_of_utf16(plain.data(), little, out));
    CHECK(std::string_view(out, 8) == "Mind, 1\x7F");
    // Any unit outside ASCII, in any of the eight places, by its high byte
    // or by its low byte, leaves the step to the decoder.
    for (std::size_t at = 0; at < 8; ++at)
      for (const char16_t c : {u'\x80', u'\xA3', u'\x0100', u'\x2014', u'\xD83D', u'\xFF21'}) {
        std::u16string s = u"abcdefgh";
        s[at] = c;
        auto b = units(s);
        char none[8] = {'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x'};
        CHECK_FALSE(foi::text::ascii_of_utf16(b.data(), little, none));
        CHECK(std::string_view(none, 8) == "xxxxxxxx");
      }
  }
}

TEST_CASE("text: a spreadsheet formula's error is known as one, whatever its case and spaces, and nothing else is",
          "[text]") {
  for (const char* e : {"#REF!", "#N/A", "#n/a", " #VALUE! ", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!",
                        "#CALC!", "#GETTING_DATA", "Err:502", "err:504"})
    CHECK(foi::text::is_formula_error(e));
  for (const char* e : {"N/A", "n/a", "#", "#1", "#N/A and more", "#REF", "Err:5", "Err:50x", "Error", "#TBC"})
    CHECK_FALSE(foi::text::is_formula_error(e));
}

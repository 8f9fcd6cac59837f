#include "foi/format.h"

#include <catch2/catch.hpp>

#include <string>

TEST_CASE("csv: cells that would run as formulas get a leading apostrophe", "[format]") {
  CHECK(foi::csv_text("=SUM(A1)") == "'=SUM(A1)");
  CHECK(foi::csv_text("+44 20") == "'+44 20");
  CHECK(foi::csv_text("-cmd") == "'-cmd");
  CHECK(foi::csv_text("@x") == "'@x");
  CHECK(foi::csv_text("Oxleas NHS FT") == "Oxleas NHS FT");
  CHECK(foi::csv_number(-1234.5) == "-1234.5");
}

TEST_CASE("csv: commas, quotes and line breaks are quoted", "[format]") {
  CHECK(foi::csv_text("a,b") == "\"a,b\"");
  CHECK(foi::csv_text("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(foi::csv_text("two\nlines") == "\"two\nlines\"");
  CHECK(foi::csv_number(std::nullopt).empty());
}

TEST_CASE("csv: a comma, quote or line break at any place of a long cell is found and quoted", "[format]") {
  // The cell is looked at sixteen bytes a step, then byte by byte: each place of each step.
  for (char special : {',', '"', '\n', '\r'})
    for (std::size_t len : {1u, 15u, 16u, 17u, 40u})
      for (std::size_t at = 0; at < len; ++at) {
        std::string cell(len, 'x');
        cell[at] = special;
        std::string quoted = "\"";
        for (char c : cell) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        quoted += '"';
        // A leading CR also marks a formula: the apostrophe goes inside the quotes.
        if (at == 0 && special == '\r') quoted.insert(1, "'");
        INFO("special " << int(special) << " at " << at << " of " << len);
        CHECK(foi::csv_text(cell) == quoted);
      }
  CHECK(foi::csv_text(std::string(40, 'x')) == std::string(40, 'x'));
}

TEST_CASE("csv and json: appending writes after what the text holds", "[format]") {
  std::string out = "a,";
  foi::append_csv_text(out, "=b,c");
  CHECK(out == "a,\"'=b,c\"");
  out = "{";
  foi::append_json_string(out, "x\ty");
  CHECK(out == "{\"x\\ty\"");
}

TEST_CASE("csv: whole numbers are their digits, other numbers their shortest form", "[format]") {
  CHECK(foi::csv_number(47964.0) == "47964");
  CHECK(foi::csv_number(-1200000.0) == "-1200000");
  CHECK(foi::csv_number(999999999999999.0) == "999999999999999");
  CHECK(foi::csv_number(1e15) == "1000000000000000");
  CHECK(foi::csv_number(1e16) == "1e+16");
  CHECK(foi::csv_number(-0.0) == "-0");
  CHECK(foi::csv_number(0.0) == "0");
  CHECK(foi::csv_number(530216.08) == "530216.08");
  CHECK(foi::csv_number(0.5, 2) == "0.50");
}

TEST_CASE("json: strings are escaped and numbers are shortest round-trip", "[format]") {
  CHECK(foi::json_string("a\"b\\c\n\x01") == "\"a\\\"b\\\\c\\n\\u0001\"");
  CHECK(foi::json_number(0.653) == "0.653");
  CHECK(foi::json_number(12.0) == "12");
  CHECK(foi::json_number(std::nullopt) == "null");
}

TEST_CASE("human formats: pounds carry thousands separators and their sign, past what a long long holds too; percentages have one decimal", "[format]") {
  CHECK(foi::pounds(1234567.891) == "£1,234,568");
  CHECK(foi::pounds(1234567.891, 2) == "£1,234,567.89");
  CHECK(foi::pounds(-500) == "-£500");
  // Past what a long long holds: digits, not a wrapped negative.
  CHECK(foi::pounds(2e19) == "£20000000000000000000");
  CHECK(foi::pounds(-1e19, 2) == "-£10000000000000000000.00");
  CHECK(foi::percent(0.6534) == "65.3%");
  CHECK(foi::thousands(1234) == "1,234");
}

TEST_CASE("xml: text from any bytes is well-formed XML 1.0", "[format]") {
  const std::string r = "\xEF\xBF\xBD";
  CHECK(foi::xml_text("A & B <Ltd> \"x\"") == "A &amp; B &lt;Ltd&gt; &quot;x&quot;");
  CHECK(foi::xml_text("Caf\xC3\xA9 \xE2\x82\xAC" "5") == "Caf\xC3\xA9 \xE2\x82\xAC" "5");
  CHECK(foi::xml_text("a\x01z") == "a\\u0001z");
  CHECK(foi::xml_text("line\nbreak\ttab") == "line\nbreak\ttab");
  CHECK(foi::xml_text("\xEF\xBF\xBE\xEF\xBF\xBF") == r + r);  // U+FFFE, U+FFFF: not XML characters
  CHECK(foi::xml_text("hy\xE9.csv") == "hy" + r + ".csv");  // a Windows-1252 byte of a folder name
  CHECK(foi::xml_text("\xED\xA0\x80") == r + r + r);         // a UTF-16 surrogate written as UTF-8
}

TEST_CASE("format: an XML attribute keeps its tabs and line breaks as character references, read back as they were",
          "[format]") {
  CHECK(foi::xml_attribute("08T_a\nb\r\tc & \"d\"") == "08T_a&#10;b&#13;&#9;c &amp; &quot;d&quot;");
  CHECK(foi::xml_attribute("a\x1b[31m") == "a\\u001b[31m");
  CHECK(foi::xml_text("a\nb") == "a\nb");
}

#include "xml_scan.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <unordered_set>

#include <fmt/format.h>

#include "foi/reader.h"
#include "utf.h"
#include "workbook_common.h"

namespace foi::detail {

namespace {

struct Tag {
  std::string name;  // local name, prefix dropped
  std::size_t begin = 0, end = 0;  // the tag's text: its '<' up to its '>'
  std::vector<std::pair<std::string, std::string>> attrs;  // local names
  std::string_view attr(std::string_view n) const {
    for (const auto& [k, v] : attrs)
      if (k == n) return v;
    return {};
  }
};

std::string_view local(std::string_view qname) {
  auto colon = qname.find(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

std::string xml_unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    auto semi = s.find(';', i);
    if (semi == std::string_view::npos) {
      out += s.substr(i);
      break;
    }
    std::string_view ent = s.substr(i + 1, semi - i - 1);
    if (ent == "amp") out += '&';
    else if (ent == "lt") out += '<';
    else if (ent == "gt") out += '>';
    else if (ent == "quot") out += '"';
    else if (ent == "apos") out += '\'';
    else if (!ent.empty() && ent[0] == '#') {
      unsigned long cp = 0;
      bool hex = ent.size() > 1 && (ent[1] == 'x' || ent[1] == 'X');
      std::string_view digits = ent.substr(hex ? 2 : 1);
      auto r = std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
      // No character: a surrogate, NUL, or past U+10FFFF.
      if (r.ec != std::errc() || cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
      append_utf8(out, static_cast<std::uint32_t>(cp));  // cp <= 0x10FFFF here
    } else {
      out += s.substr(i, semi - i + 1);
    }
    i = semi;
  }
  return out;
}

// The text of an element from `from` (just after its start tag's '>') up
// to the next tag: entity references decoded, and CDATA sections
// (<![CDATA[Smith <2> Ltd]]>, which a writer may use for text with '<' or
// '&' in it) taken as written. The offset of the tag that ends it comes
// back in `end` (npos when the text never ends).
std::string element_text(std::string_view xml, std::size_t from, std::size_t& end) {
  std::string out;
  for (;;) {
    const std::size_t lt = xml.find('<', from);
    out += xml_unescape(xml.substr(from, lt == std::string_view::npos ? std::string_view::npos : lt - from));
    if (lt == std::string_view::npos || xml.compare(lt, 9, "<![CDATA[") != 0) {
      end = lt;
      return out;
    }
    const std::size_t close = xml.find("]]>", lt + 9);
    if (close == std::string_view::npos) {
      end = close;
      return out;
    }
    out += xml.substr(lt + 9, close - lt - 9);
    from = close + 3;
  }
}

// Where the comment or CDATA section at i ends (its last '>'), or i when
// none starts there: tag scanners step over them, as their '<' starts no tag.
std::size_t past_unparsed(std::string_view xml, std::size_t i) {
  for (auto [open, close] : {std::pair<std::string_view, std::string_view>{"<!--", "-->"}, {"<![CDATA[", "]]>"}})
    if (xml.compare(i, open.size(), open) == 0) {
      const std::size_t end = xml.find(close, i + open.size());
      return end == std::string_view::npos ? xml.size() : end + close.size() - 1;
    }
  return i;
}

// Calls f for every start tag, in document order. Enough for the two facts
// orcus does not pass on (sheet visibility); not a general XML parser.
void for_each_tag(std::string_view x, const std::function<void(const Tag&)>& f) {
  std::size_t i = 0;
  while ((i = x.find('<', i)) != std::string_view::npos) {
    if (x.compare(i, 4, "<!--") == 0) {
      auto end = x.find("-->", i);
      if (end == std::string_view::npos) return;
      i = end + 3;
      continue;
    }
    if (i + 1 < x.size() && (x[i + 1] == '/' || x[i + 1] == '?' || x[i + 1] == '!')) {
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    while (j < x.size() && !std::strchr(" \t\r\n/>", x[j])) ++j;
    Tag t;
    t.begin = i;
    t.name = std::string(local(x.substr(i + 1, j - i - 1)));
    while (j < x.size() && x[j] != '>') {
      while (j < x.size() && std::strchr(" \t\r\n/", x[j])) ++j;
      if (j >= x.size() || x[j] == '>') break;
      std::size_t k = j;
      while (k < x.size() && !std::strchr(" \t\r\n=/>", x[k])) ++k;
      std::string key(local(x.substr(j, k - j)));
      while (k < x.size() && std::strchr(" \t\r\n", x[k])) ++k;
      if (k >= x.size() || x[k] != '=') {
        j = k;
        continue;
      }
      ++k;
      while (k < x.size() && std::strchr(" \t\r\n", x[k])) ++k;
      if (k >= x.size() || (x[k] != '"' && x[k] != '\'')) return;
      auto close = x.find(x[k], k + 1);
      if (close == std::string_view::npos) return;
      t.attrs.emplace_back(std::move(key), xml_unescape(x.substr(k + 1, close - k - 1)));
      j = close + 1;
    }
    t.end = j;
    f(t);
    i = j;
  }
}

}  // namespace

std::vector<XlsxSheet> xlsx_sheets(std::string_view workbook_xml, std::string_view workbook_rels) {
  std::map<std::string, std::string> target_by_id;
  for_each_tag(workbook_rels, [&](const Tag& t) {
    if (t.name != "Relationship") return;
    std::string target(t.attr("Target"));
    target = target.starts_with('/') ? target.substr(1) : "xl/" + target;
    target_by_id[std::string(t.attr("Id"))] = target;
  });
  std::vector<XlsxSheet> out;
  for_each_tag(workbook_xml, [&](const Tag& t) {
    if (t.name != "sheet") return;
    XlsxSheet s;
    s.name = std::string(t.attr("name"));
    s.hidden = t.attr("state") == "hidden" || t.attr("state") == "veryHidden";
    if (auto it = target_by_id.find(std::string(t.attr("id"))); it != target_by_id.end()) s.member = it->second;
    s.id = std::string(t.attr("sheetId"));
    out.push_back(std::move(s));
  });
  return out;
}

bool needs_renumbering(const std::vector<XlsxSheet>& sheets) {
  std::unordered_set<std::string> names;
  for (std::size_t i = 0; i < sheets.size(); ++i)
    if (!names.insert(sheets[i].name).second || sheets[i].id != std::to_string(i + 1)) return true;
  return false;
}

std::string renumbered(std::string_view workbook_xml) {
  std::string out;
  std::size_t copied = 0, position = 0;
  for_each_tag(workbook_xml, [&](const Tag& t) {
    if (t.name != "sheet") return;
    const std::string number = std::to_string(++position);
    const std::string_view tag = workbook_xml.substr(t.begin, t.end - t.begin);
    // The tag again, attribute by attribute as for_each_tag() reads them,
    // with the values of name and sheetId replaced.
    std::size_t j = 1;
    while (j < tag.size() && !std::strchr(" \t\r\n/>", tag[j])) ++j;
    std::string rebuilt(tag.substr(0, j));
    bool has_id = false;
    while (j < tag.size()) {
      std::size_t k = j;
      while (k < tag.size() && std::strchr(" \t\r\n", tag[k])) ++k;
      std::size_t key_end = k;
      while (key_end < tag.size() && !std::strchr(" \t\r\n=/>", tag[key_end])) ++key_end;
      std::size_t eq = key_end;
      while (eq < tag.size() && std::strchr(" \t\r\n", tag[eq])) ++eq;
      std::size_t quote = eq + 1;
      while (quote < tag.size() && std::strchr(" \t\r\n", tag[quote])) ++quote;
      if (key_end == k || eq >= tag.size() || tag[eq] != '=' || quote >= tag.size() ||
          (tag[quote] != '"' && tag[quote] != '\''))
        break;  // the rest ('/', '>' or what for_each_tag() also stops at) is copied as it is
      const std::size_t close = tag.find(tag[quote], quote + 1);
      if (close == std::string_view::npos) break;
      const std::string_view key = local(tag.substr(k, key_end - k));
      if (key == "name" || key == "sheetId") {
        rebuilt.append(tag.substr(j, quote + 1 - j));
        rebuilt += number;
        has_id = has_id || key == "sheetId";
      } else {
        rebuilt.append(tag.substr(j, close - j));
      }
      rebuilt += tag[close];
      j = close + 1;
    }
    if (!has_id) rebuilt += " sheetId=\"" + number + "\"";
    rebuilt.append(tag.substr(j));
    out.append(workbook_xml.substr(copied, t.begin - copied));
    out += rebuilt;
    copied = t.end;
  });
  out.append(workbook_xml.substr(copied));
  return out;
}

bool xlsx_date1904(std::string_view workbook_xml) {
  bool out = false;
  for_each_tag(workbook_xml, [&](const Tag& t) {
    if (t.name == "workbookPr") out = t.attr("date1904") == "1" || t.attr("date1904") == "true";
  });
  return out;
}

std::optional<std::size_t> xml_break(std::string_view xml) {
  auto name_char = [](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
           c == '_' || c == ':' || c >= 0x80;
  };
  // The end of the entity reference at i (its ';'), or npos.
  // A character reference past U+10FFFF is none: liborcus stops on an
  // assertion at one ("&#99999999;", "&#x110000;").
  auto no_character = [&](std::size_t from, std::size_t to) {
    const bool hex = from < to && (xml[from] == 'x' || xml[from] == 'X');
    std::uint64_t cp = 0;
    for (std::size_t k = from + hex; k < to; ++k) {
      const char c = xml[k];
      const int digit = c >= '0' && c <= '9' ? c - '0'
                        : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                      : -1;
      if (digit < 0) return true;
      cp = cp * (hex ? 16 : 10) + static_cast<std::uint64_t>(digit);
      if (cp > 0x10FFFF) return true;
    }
    return to == from + hex;
  };
  auto entity_end = [&](std::size_t i) {
    std::size_t j = i + 1;
    const bool numeric = j < xml.size() && xml[j] == '#';
    if (numeric) ++j;
    const std::size_t first = j;
    while (j < xml.size() && name_char(static_cast<unsigned char>(xml[j]))) ++j;
    if (j == first || j >= xml.size() || xml[j] != ';') return std::string_view::npos;
    return numeric && no_character(first, j) ? std::string_view::npos : j;
  };
  for (std::size_t i = 0; i < xml.size(); ++i) {
    if (xml[i] == '&') {
      const std::size_t end = entity_end(i);
      if (end == std::string_view::npos) return i;
      i = end;
      continue;
    }
    if (xml[i] != '<') continue;
    bool skipped = false;
    for (auto [open, close] : {std::pair<std::string_view, std::string_view>{"<!--", "-->"}, {"<![CDATA[", "]]>"}})
      if (xml.substr(i, open.size()) == open) {
        const std::size_t end = xml.find(close, i + open.size());
        if (end == std::string_view::npos) return i;
        // A comment as XML allows it: not empty (liborcus 0.17 stops on an
        // assertion at "<!---->"), no "--" in it, and not ending in '-'.
        if (open == "<!--") {
          const std::string_view body = xml.substr(i + open.size(), end - i - open.size());
          if (body.empty() || body.find("--") != std::string_view::npos || body.front() == '-' || body.back() == '-')
            return i;
        }
        i = end + close.size() - 1;
        skipped = true;
        break;
      }
    if (skipped) continue;
    // A tag, declaration or instruction: it ends at a '>' outside quotes.
    char quote = 0;
    std::size_t j = i + 1;
    for (; j < xml.size(); ++j) {
      const char c = xml[j];
      if (c == '&') {
        const std::size_t end = entity_end(j);
        if (!quote || end == std::string_view::npos) return j;
        j = end;
      } else if (quote) {
        // XML allows no '<' in an attribute's value; liborcus reads on, and
        // a "max" of a column run reaching into the next tags was taken as
        // a number of 30 digits, whose columns it then set one by one.
        if (c == quote) quote = 0;
        else if (c == '<') return j;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        break;
      }
    }
    if (j >= xml.size()) return i;
    i = j;
  }
  return std::nullopt;
}

namespace {

// Whether the '<' at `at`, where xml_break stopped, stands inside a quoted
// value: the nearest quote or tag mark before it is a quote.
bool in_attribute_value(std::string_view xml, std::size_t at) {
  const std::size_t mark = xml.substr(0, at).find_last_of("<>\"'");
  return mark != std::string_view::npos && (xml[mark] == '"' || xml[mark] == '\'');
}

}  // namespace

void check_xml(std::string_view xml, std::string_view member, const std::string& display) {
  if (auto at = xml_break(xml))
    fail(display, fmt::format("the workbook is damaged: its {} is not well-formed XML at byte {} ({}); open it in a "
                              "spreadsheet program and save it again",
                              member, *at + 1,
                              xml.substr(*at, 2) == "&#" ? "a character reference to no character"
                              : xml[*at] == '&'          ? "an '&' that starts no entity reference such as &amp;"
                              : xml.substr(*at, 4) == "<!--" && xml.find("-->", *at + 4) != std::string_view::npos
                                  ? "a comment XML does not allow: empty, or with '--' in it"
                              : in_attribute_value(xml, *at) ? "a '<' inside an attribute's value"
                                                             : "a tag, comment or CDATA section that never closes"));
}

std::optional<XmlUnclosed> xml_unclosed(std::string_view xml) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  std::vector<std::string_view> open;  // the names of the elements open, outermost first
  bool rooted = false;
  for (std::size_t i = xml.find('<'); i != std::string_view::npos; i = xml.find('<', i + 1)) {
    std::string_view skip_to;
    if (xml.substr(i, 4) == "<!--") skip_to = "-->";
    else if (xml.substr(i, 9) == "<![CDATA[") skip_to = "]]>";
    else if (xml.substr(i, 2) == "<?") skip_to = "?>";
    if (!skip_to.empty()) {
      const std::size_t end = xml.find(skip_to, i + 2);
      if (end == std::string_view::npos) return XmlUnclosed{i, open.empty() ? "" : std::string(open.back()), {}};
      i = end + skip_to.size() - 1;
      continue;
    }
    // A tag or a declaration: it ends at a '>' outside quotes.
    char quote = 0;
    std::size_t end = i + 1;
    for (; end < xml.size(); ++end) {
      const char c = xml[end];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        break;
      }
    }
    if (end >= xml.size()) return XmlUnclosed{i, open.empty() ? "" : std::string(open.back()), {}};
    if (xml[i + 1] == '!') {  // <!DOCTYPE ...>, which liborcus refuses in its own words
      i = end;
      continue;
    }
    const bool closing = xml[i + 1] == '/';
    std::size_t j = i + 1 + closing;
    while (j < end && !is_space(xml[j]) && xml[j] != '/') ++j;
    const std::string_view name = xml.substr(i + 1 + closing, j - i - 1 - closing);
    if (closing) {
      if (open.empty() || open.back() != name)
        return XmlUnclosed{i, open.empty() ? "" : std::string(open.back()), std::string(name)};
      open.pop_back();
    } else if (xml[end - 1] != '/') {
      open.push_back(name);
    }
    rooted = true;
    i = end;
  }
  if (!open.empty() || !rooted) return XmlUnclosed{xml.size(), open.empty() ? "" : std::string(open.back()), {}};
  return std::nullopt;
}

std::optional<std::size_t> column_range_break(std::string_view xml) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  // An attribute's value within the tag [from, to), or nullopt when it has none.
  auto attribute = [&](std::size_t from, std::size_t to, std::string_view name) -> std::optional<std::string_view> {
    for (std::size_t at = xml.find(name, from); at != std::string_view::npos && at < to; at = xml.find(name, at + 1)) {
      std::size_t j = at + name.size();
      if (!is_space(xml[at - 1])) continue;
      while (j < to && is_space(xml[j])) ++j;
      if (j >= to || xml[j] != '=') continue;
      ++j;
      while (j < to && is_space(xml[j])) ++j;
      if (j >= to || (xml[j] != '"' && xml[j] != '\'')) continue;
      const std::size_t end = xml.find(xml[j], j + 1);
      if (end == std::string_view::npos || end > to) return std::nullopt;
      return xml.substr(j + 1, end - j - 1);
    }
    return std::nullopt;
  };
  auto column = [](std::string_view v) {
    if (v.empty() || v.size() > 5) return 0L;
    long n = 0;
    for (char c : v) {
      if (c < '0' || c > '9') return 0L;
      n = n * 10 + (c - '0');
    }
    return n;
  };
  for (std::size_t i = xml.find('<'); i != std::string_view::npos; i = xml.find('<', i + 1)) {
    // The element's local name, after any namespace prefix.
    std::size_t j = i + 1;
    while (j < xml.size() && !is_space(xml[j]) && xml[j] != '>' && xml[j] != '/') ++j;
    std::string_view name = xml.substr(i + 1, j - i - 1);
    if (const std::size_t colon = name.rfind(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
    if (name != "col") continue;
    const std::size_t end = xml.find('>', j);
    if (end == std::string_view::npos) return i;
    const auto min = attribute(j, end, "min"), max = attribute(j, end, "max");
    const long first = min ? column(*min) : 1;
    const long last = max ? column(*max) : first;
    if (first < 1 || last < first || last > 16384) return i;
  }
  return std::nullopt;
}

namespace {

// The smallest value that occurs twice.
template <typename T>
std::optional<T> first_repeat(std::vector<T>& v) {
  if (std::adjacent_find(v.begin(), v.end(), std::greater_equal<T>()) == v.end()) return std::nullopt;  // ascending
  std::sort(v.begin(), v.end());
  auto it = std::adjacent_find(v.begin(), v.end());
  return it == v.end() ? std::nullopt : std::optional<T>(*it);
}

}  // namespace

// The text of an ISO 8601 date cell as the date a sheet's dates are
// written as (yyyy-mm-dd): a time after it is dropped, as a date-time
// cell keeps only its date. Any other text is kept, to be told as not a date.
static std::string iso_day(const std::string& v) {
  auto digits = [&](std::size_t from, std::size_t n) {
    for (std::size_t k = from; k < from + n; ++k)
      if (v[k] < '0' || v[k] > '9') return false;
    return true;
  };
  const bool day = v.size() >= 10 && digits(0, 4) && v[4] == '-' && digits(5, 2) && v[7] == '-' && digits(8, 2) &&
                   (v.size() == 10 || v[10] == 'T' || v[10] == ' ');
  return day ? v.substr(0, 10) : v;
}

// The next row or column of one not numbered: a sheet may number a row
// 2147483647 and put unnumbered ones after it. Past the last place of a
// sheet (1,048,576 rows, 16,384 columns), as a number's place is, the
// reading of the cells drops them.
static std::int32_t next_place(std::int32_t at) { return at < std::numeric_limits<std::int32_t>::max() ? at + 1 : at; }

bool plain_number(std::string_view text) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  if (text.size() > 1 && text[0] == '+' && text[1] != '-') text.remove_prefix(1);
  double v = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  return !text.empty() && r.ec == std::errc() && r.ptr == text.data() + text.size() && std::isfinite(v);
}

SheetScan scan_sheet(std::string_view xml) {
  SheetScan scan;
  std::vector<InlineCell>& out = scan.inline_cells;
  std::vector<std::int32_t> rows;    // of the <row> elements that hold a cell
  std::vector<std::uint64_t> cells;  // key(row, col) of each cell with content
  bool row_counted = true;
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  std::int32_t row = -1, col = -1;
  InlineCell* cell = nullptr;  // the inline-string or error cell being read
  bool error_cell = false;     // its text is its <v>, not its <t> runs
  bool date_cell = false;      // <c t="d">: its <v> is an ISO 8601 date
  bool number_cell = false;    // <c> or <c t="n">: its <v> is a number
  bool shared_cell = false;    // <c t="s">: its <v> is a shared string's index
  bool in_phonetic = false;    // an <rPh> run: a reading aid, not the cell's text
  bool in_cell = false, formula = false, result = false;  // of the open <c>: an <f>, a <v>
  for (std::size_t i = xml.find('<'); i != std::string_view::npos; i = xml.find('<', i + 1)) {
    if (const std::size_t past = past_unparsed(xml, i); past != i) {
      i = past;
      continue;
    }
    const bool closing = i + 1 < xml.size() && xml[i + 1] == '/';
    std::size_t j = i + 1 + closing;
    while (j < xml.size() && !is_space(xml[j]) && xml[j] != '>' && xml[j] != '/') ++j;
    std::string_view name = xml.substr(i + 1 + closing, j - i - 1 - closing);
    if (const std::size_t colon = name.rfind(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
    std::size_t end = xml.find('>', j);
    if (end == std::string_view::npos) break;
    const std::string_view tag = xml.substr(j, end - j);  // the attributes, and a '/' when it closes itself
    auto attribute = [&](std::string_view key) -> std::string_view {
      for (std::size_t at = tag.find(key); at != std::string_view::npos; at = tag.find(key, at + 1)) {
        if (at == 0 || !is_space(tag[at - 1])) continue;
        std::size_t k = at + key.size();
        while (k < tag.size() && is_space(tag[k])) ++k;
        if (k + 1 >= tag.size() || tag[k] != '=') continue;
        ++k;
        while (k < tag.size() && is_space(tag[k])) ++k;
        if (k >= tag.size() || (tag[k] != '"' && tag[k] != '\'')) continue;
        const std::size_t close = tag.find(tag[k], k + 1);
        if (close == std::string_view::npos) return {};
        return tag.substr(k + 1, close - k - 1);
      }
      return {};
    };
    const bool empty_element = !tag.empty() && tag.back() == '/';
    if (!closing && in_cell && name == "v") result = true;
    if (closing) {
      if (name == "c") {
        if (in_cell && formula && !result) scan.unsaved_formulas.emplace_back(row, col);
        if (cell && date_cell) cell->text = iso_day(cell->text);
        cell = nullptr;
        in_cell = false;
      } else if (name == "rPh") {
        in_phonetic = false;
      }
    } else if (name == "row") {
      const std::string_view r = attribute("r");
      std::int32_t n = 0;
      if (!r.empty() && std::from_chars(r.data(), r.data() + r.size(), n).ec == std::errc() && n >= 1) row = n - 1;
      else row = next_place(row);
      col = -1;
      row_counted = empty_element;
    } else if (name == "c") {
      const std::string_view ref = attribute("r");
      std::size_t letters = 0;
      std::int32_t c = 0, r = 0;
      while (letters < ref.size() && ref[letters] >= 'A' && ref[letters] <= 'Z' && c < 16384)
        c = c * 26 + (ref[letters++] - 'A' + 1);
      if (letters > 0 && std::from_chars(ref.data() + letters, ref.data() + ref.size(), r).ec == std::errc() && r >= 1)
        row = r - 1, col = c - 1;
      else
        col = next_place(col);
      cell = nullptr;
      in_cell = !empty_element;
      formula = result = false;
      if (!empty_element) {
        if (!row_counted) rows.push_back(row);
        row_counted = true;
        cells.push_back(key(row, col));
      }
      if (!empty_element) {
        const std::string_view type = attribute("t");
        date_cell = type == "d";
        number_cell = type.empty() || type == "n";
        shared_cell = type == "s";
        error_cell = type == "e" || date_cell;
        if (type == "inlineStr" || error_cell) cell = &out.emplace_back(InlineCell{row, col, {}});
      }
    } else if (name == "rPh") {
      in_phonetic = !empty_element;
    } else if (in_cell && name == "f") {
      formula = true;
    } else if (in_cell && number_cell && name == "v" && !empty_element) {
      const std::size_t text_end = xml.find('<', end + 1);
      if (text_end == std::string_view::npos) break;
      const std::string_view stored = xml.substr(end + 1, text_end - end - 1);
      if (!plain_number(stored)) {
        std::string text = xml_unescape(stored);
        if (!plain_number(text)) scan.odd_numbers.push_back(InlineCell{row, col, std::move(text)});
      }
    } else if (in_cell && shared_cell && name == "v" && !empty_element) {
      const std::size_t text_end = xml.find('<', end + 1);
      if (text_end == std::string_view::npos) break;
      std::string_view stored = xml.substr(end + 1, text_end - end - 1);
      while (!stored.empty() && is_space(stored.front())) stored.remove_prefix(1);
      while (!stored.empty() && is_space(stored.back())) stored.remove_suffix(1);
      std::uint64_t index = 0;
      const auto r = std::from_chars(stored.data(), stored.data() + stored.size(), index);
      if (stored.empty() || r.ec != std::errc() || r.ptr != stored.data() + stored.size()) {
        if (!scan.shared_not_index) scan.shared_not_index = SharedRef{row, col, std::string(stored), 0};
      } else if (!scan.shared_highest || index > scan.shared_highest->index) {
        scan.shared_highest = SharedRef{row, col, std::string(stored), index};
      }
    } else if (cell && !empty_element && (error_cell ? name == "v" : name == "t" && !in_phonetic)) {
      std::size_t text_end = 0;
      cell->text += element_text(xml, end + 1, text_end);
      if (text_end == std::string_view::npos) break;
      end = text_end - 1;
    }
    i = end;
  }
  scan.repeated_row = first_repeat(rows);
  if (auto k = first_repeat(cells))
    scan.repeated_cell = {static_cast<std::int32_t>(*k >> 32), static_cast<std::int32_t>(*k & 0xFFFFFFFFu)};
  return scan;
}

std::vector<std::string> shared_string_texts(std::string_view xml) {
  std::vector<std::string> out;
  std::string text;
  bool in_item = false, in_phonetic = false;
  for (std::size_t i = xml.find('<'); i != std::string_view::npos; i = xml.find('<', i + 1)) {
    if (const std::size_t past = past_unparsed(xml, i); past != i) {
      i = past;
      continue;
    }
    std::size_t end = xml.find('>', i);
    if (end == std::string_view::npos) break;
    const bool closing = i + 1 < xml.size() && xml[i + 1] == '/';
    const bool self_closing = xml[end - 1] == '/';
    std::size_t j = i + 1 + closing;
    while (j < end && xml[j] != ' ' && xml[j] != '\t' && xml[j] != '\n' && xml[j] != '\r' && xml[j] != '/') ++j;
    std::string_view name = xml.substr(i + 1 + closing, j - i - 1 - closing);
    if (const std::size_t colon = name.rfind(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
    if (name == "si") {
      if (closing) {
        if (in_item) out.push_back(std::move(text));
        in_item = false;
      } else if (self_closing) {
        out.emplace_back();
      } else {
        in_item = true;
        text.clear();
      }
    } else if (name == "rPh") {
      in_phonetic = !closing && !self_closing;
    } else if (name == "t" && !closing && !self_closing && in_item && !in_phonetic) {
      std::size_t text_end = 0;
      std::string t = element_text(xml, end + 1, text_end);
      if (text_end == std::string_view::npos) break;
      text += t;
      end = text_end - 1;
    }
    i = end;
  }
  return out;
}

}  // namespace foi::detail

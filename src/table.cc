#include "foi/table.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include <fmt/format.h>

#include "foi/cells.h"
#include "text.h"

namespace foi {

using namespace std::string_view_literals;  // word lists of string_views, measured at compile time

const char* to_string(RowKind k) {
  switch (k) {
    case RowKind::contract: return "contract";
    case RowKind::preamble: return "preamble";
    case RowKind::header: return "header";
    case RowKind::blank: return "blank";
    case RowKind::total: return "total";
    case RowKind::note: return "note";
    case RowKind::rejected: return "rejected";
  }
  return "rejected";
}

long RowCounts::total() const {
  long n = 0;
  for (long v : by_kind) n += v;
  return n;
}

namespace {

// Whether t's first word (its first run of ASCII letters) is w, in any case.
bool first_word_is(std::string_view t, std::string_view w) {
  if (t.size() < w.size() || !text::equal_ignoring_case(t.substr(0, w.size()), w)) return false;
  const char next = static_cast<char>(t.size() == w.size() ? 0 : t[w.size()] | 0x20);
  return next < 'a' || next > 'z';
}

// Whether t's last word is "total" or "totals", in any case: a look at its
// last bytes, as the test runs on the text cells of every row.
bool last_word_is_total(std::string_view t) {
  if (!t.empty() && (t.back() | 0x20) == 's') t.remove_suffix(1);
  if (t.size() < 6 || (t.back() | 0x20) != 'l') return false;
  const std::string_view end = t.substr(t.size() - 6);
  return (end[0] == ' ' || end[0] == '-' || end[0] == '_') && text::equal_ignoring_case(end.substr(1), "total");
}

// The cell tests below are given cells already trimmed (Cells::trimmed).
// `sparse`: the row has few cells filled, as a total row has; only then is
// a label ending in "total" one ("Contracts total"), a test the text cells
// of every contract row are spared.
// Inlined into classify(): out of line, the call on the text cells of every
// contract row cost 1% of analyse's instructions.
[[gnu::always_inline]] inline bool is_total_label(std::string_view t, bool sparse) {
  // Every total label starts with one of these words; looking at the first
  // word, by its first letter, before folding keeps the test cheap on the
  // text cells of every row.
  if (t.empty()) return false;
  bool may = false;
  switch (t[0] | 0x20) {
    case 't': may = first_word_is(t, "total") || first_word_is(t, "totals"); break;
    case 'g': may = first_word_is(t, "grand"); break;
    case 's': may = first_word_is(t, "sub") || first_word_is(t, "subtotal") || first_word_is(t, "sum"); break;
    case 'o': may = first_word_is(t, "overall"); break;
    default: break;
  }
  // Or ends with one, in a short label: "Contracts total", "CCG totals".
  const bool at_end = !may && sparse && last_word_is_total(t);
  if (!may && !at_end) return false;
  std::string f = text::fold(t);
  // A company's name is no label, whatever its first word: "Total Care Ltd".
  for (std::string_view w : {"ltd"sv, "limited"sv, "plc"sv, "llp"sv, "cic"sv})
    if (text::contains_phrase(f, w)) return false;
  if (at_end) return std::count(f.begin(), f.end(), ' ') <= 3;
  for (std::string_view w : {"total"sv, "totals"sv, "grand total"sv, "sub total"sv, "subtotal"sv, "overall total"sv, "total value"sv,
                             "total contract value"sv, "sum"sv})
    if (f == w) return true;
  return text::starts_with_word(f, "total") || text::starts_with_word(f, "grand total") ||
         text::starts_with_word(f, "sub total") || text::starts_with_word(f, "subtotal") ||
         text::starts_with_word(f, "sum total");
}

// A footnote's mark: "*", "†", "‡", "(1)", "[a]", or a number or letter
// with a full stop or bracket and a space ("1. Values exclude VAT", "a) ...").
bool starts_with_footnote_mark(std::string_view t) {
  if (t.empty()) return false;
  if (t[0] == '*' || t[0] == '(' || t[0] == '[') return true;
  if (t.starts_with("\xE2\x80\xA0") || t.starts_with("\xE2\x80\xA1")) return true;  // † ‡
  std::size_t digits = 0;
  while (digits < t.size() && digits < 3 && t[digits] >= '0' && t[digits] <= '9') ++digits;
  const std::size_t mark = digits > 0 ? digits : (t.size() > 1 && std::isalpha(static_cast<unsigned char>(t[0])) ? 1 : 0);
  return mark > 0 && mark + 1 < t.size() && (t[mark] == '.' || t[mark] == ')') && t[mark + 1] == ' ';
}

bool is_note_text(std::string_view t) {
  if (starts_with_footnote_mark(t)) return true;
  std::string f = text::fold(t);
  for (std::string_view w : {"note"sv, "notes"sv, "nb"sv, "n b"sv, "source"sv, "sources"sv, "please note"sv, "footnote"sv, "key"sv,
                             "disclaimer"sv, "excludes"sv, "excluding"sv, "all values"sv, "all figures"sv, "figures are"sv,
                             "values are"sv, "values exclude"sv, "values include"sv, "figures exclude"sv,
                             "figures include"sv, "amounts exclude"sv, "amounts include"sv, "amounts are"sv})
    if (text::starts_with_word(f, w)) return true;
  // What a row says of the amounts' VAT is a note wherever it says it.
  for (std::string_view w : {"exclude vat"sv, "excludes vat"sv, "excluding vat"sv, "exclusive of vat"sv,
                             "include vat"sv, "includes vat"sv, "including vat"sv, "inclusive of vat"sv})
    if (text::contains_phrase(f, w)) return true;
  return false;
}

// A provider's name that starts with a note's word ("Source Healthcare
// Ltd", "NB Mental Health Ltd", "Key Healthcare"): the word is one a name
// may start with (not "Excludes ..."), it is not marked off as a note's
// is ("Source: ...", "Note - ..."), and the text ends in a word an
// organisation's name ends in.
bool names_an_organisation(std::string_view t) {
  const std::string f = text::fold(t);
  bool name_word = false;
  for (std::string_view w : {"note"sv, "notes"sv, "nb"sv, "n b"sv, "source"sv, "sources"sv, "key"sv})
    name_word |= text::starts_with_word(f, w);
  if (!name_word) return false;
  const std::size_t first_end = std::min(t.find(' '), t.size());
  const std::size_t after = t.find_first_not_of(' ', first_end);
  auto mark = [](char c) { return c == ':' || c == ';' || c == '-' || c == '.' || c == ','; };
  if ((first_end > 0 && mark(t[first_end - 1])) || (after != std::string_view::npos && mark(t[after]))) return false;
  const std::size_t last = f.rfind(' ');
  if (last == std::string::npos) return false;
  const std::string_view word = std::string_view(f).substr(last + 1);
  for (std::string_view w : {"ltd"sv, "limited"sv, "cic"sv, "llp"sv, "plc"sv, "inc"sv, "trust"sv, "charity"sv,
                             "group"sv, "partnership"sv, "healthcare"sv, "health"sv, "care"sv, "services"sv,
                             "association"sv, "society"sv, "foundation"sv, "uk"sv})
    if (word == w) return true;
  return false;
}

// A label over a section of the table, alone in its row: "Block contracts",
// "Non-block contracts", "Voluntary sector contracts:", "NHS providers",
// "Independent sector". A provider's name does not end in "contracts" or a
// colon, nor is it made only of the words that name a kind of provider.
bool is_section_label(std::string_view t) {
  if (!t.empty() && t.back() == ':') return true;
  const std::string f = text::fold(t);
  const std::size_t last = f.rfind(' ');
  const std::string_view word = std::string_view(f).substr(last == std::string::npos ? 0 : last + 1);
  if (word == "contracts" || word == "contract") return true;
  // Every word one of these, and one of them a kind of provider in the
  // plural or a sector: "Mind" or "Community Links" is a provider.
  static constexpr std::array<std::string_view, 12> kGroups = {
      "providers", "sector", "trusts", "organisations", "organizations", "charities", "enterprises",
      "authorities", "purchases", "nhs", "voluntary", "independent"};
  static constexpr std::array<std::string_view, 16> kAlso = {
      "non", "provider", "private", "third", "3rd", "community", "and", "vcs", "vcse", "vcfs", "vcfse",
      "social", "local", "other", "statutory", "spot"};
  return text::only_words_of(f, kGroups, kAlso);
}

// Folded text saying, anywhere in it, that the CCG holds no contracts: a
// line of a letter ("The CCG does not hold any mental health contracts") or
// a provider cell ("No contracts held", "Nil return").
bool folded_says_no_contracts(std::string_view f) {
  for (std::string_view w : {"nil return"sv, "nil response"sv, "does not hold"sv, "do not hold"sv, "not hold any"sv,
                             "holds no"sv, "hold no"sv, "no contracts"sv, "no information held"sv,
                             "information is not held"sv, "information not held"sv, "no mental health contracts"sv})
    if (text::contains_phrase(f, w)) return true;
  return false;
}

bool says_no_contracts_held(const std::string& cell) { return folded_says_no_contracts(text::fold(cell)); }

// A provider cell saying the CCG holds no contracts: "No contracts held",
// "Nil return", "Information not held". Looked at in full only when its
// first letters may start one: every row asks.
// Kept out of line: classify() runs on every row, and the compiler would
// otherwise stop inlining its other tests to make room for this rare one.
[[gnu::noinline]] bool says_nil_return(std::string_view t) {
  if (t.size() < 3 || t.size() > 120) return false;
  // Most names are ruled out by their first two or three letters ("NHS",
  // "North", "The", "Inclusion"), before any word is compared.
  const char c = static_cast<char>(t[0] | 0x20), c1 = static_cast<char>(t[1] | 0x20);
  switch (c) {
    case 'n':
      if ((c1 != 'o' && c1 != 'i') ||
          !(first_word_is(t, "no") || first_word_is(t, "nil") || first_word_is(t, "not") || first_word_is(t, "none")))
        return false;
      break;
    case 'i':
      if (c1 != 'n' || (t[2] | 0x20) != 'f' || !first_word_is(t, "information")) return false;
      break;
    case 't':
      if (c1 != 'h' || (t[2] | 0x20) != 'e' || t.size() < 5 || (t[3] | 0x20) != 'r' || !first_word_is(t, "there"))
        return false;
      break;
    default: return false;
  }
  // A letter's words, or a cell's own short ones ("Nil", "Not held", "No
  // services held").
  const std::string f = text::fold(t);
  return folded_says_no_contracts(f) || f == "nil" || f == "not held" || f == "none held" ||
         text::starts_with_word(f, "there are no") || (text::starts_with_word(f, "no") && text::contains_phrase(f, "held"));
}

// What a provider cell says when it names no provider: nothing ("N/A",
// "TBC", "Not known", "-"), or that the row adds VAT to the amounts above
// ("VAT", "VAT @ 20%"). Compared as written, in any case, by its first
// byte first: every row asks.
enum class NameSays { provider, none, vat };
NameSays what_name_says(std::string_view t) {
  if (t.size() > 14) return NameSays::provider;
  auto any = [&](std::initializer_list<std::string_view> words) {
    for (std::string_view w : words)
      if (text::equal_ignoring_case(t, w)) return true;
    return false;
  };
  bool none = false;
  switch (t[0] | 0x20) {
    case 'v':
      return text::equal_ignoring_case(t.substr(0, std::min<std::size_t>(3, t.size())), "vat") &&
                     (t.size() == 3 || t[3] == ' ' || t[3] == ':' || t[3] == '@')
                 ? NameSays::vat
                 : NameSays::provider;
    case 'n':
      none = any({"n/a"sv, "na"sv, "n.a."sv, "n.a"sv, "nk"sv, "n/k"sv, "not known"sv, "none"sv, "not applicable"sv,
                  "not stated"sv});
      break;
    case 't': none = any({"tbc"sv, "tba"sv, "tbd"sv}); break;
    case 'u': none = any({"unknown"sv}); break;
    case '-': none = any({"-"sv, "--"sv}); break;
    case '?': none = t.size() == 1; break;
    default: none = t[0] == '\xE2' && any({"\xE2\x80\x93"sv, "\xE2\x80\x94"sv});  // a dash: "–", "—"
  }
  return none ? NameSays::none : NameSays::provider;
}

// A page's number as a printed report, or its conversion to CSV, writes
// it: "Page 2", "Page 1 of 2", "2 of 7", "p. 3", "Pg 3".
bool is_page_number(const std::vector<std::string_view>& w) {
  auto number = [](std::string_view s) {
    return !s.empty() && s.size() <= 4 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (w.empty()) return false;
  const std::size_t at = w[0] == "page" || w[0] == "p" || w[0] == "pg" ? 1 : 0;
  return (w.size() == at + 1 && at == 1 && number(w[1])) ||
         (w.size() == at + 3 && number(w[at]) && w[at + 1] == "of" && number(w[at + 2]));
}

// What a printed report puts on each page rather than in its table, alone
// in a row: its number ("Page 2", "Page 1 of 2", and, from a PDF turned
// into CSV, a bare "3" or "- 3 -"), that the table goes on ("Continued on
// next page"), its protective marking ("OFFICIAL - SENSITIVE"), and the
// print date, "Printed 12/06/2016 14:32", "Printed: 12 June 2016",
// "Report printed". A name going on after "Printed" or "Continued" in
// words ("Printing Press Ltd", "Printed Matter") is no such line.
[[gnu::cold]] bool is_page_furniture(std::string_view t) {
  const std::string f = text::fold(t);
  const std::vector<std::string_view> w = text::split(f, ' ');
  if (w.empty()) return false;
  if (is_page_number(w)) return true;
  if (w.size() == 1 && w[0].size() <= 4 && std::all_of(w[0].begin(), w[0].end(), [](char c) { return c >= '0' && c <= '9'; }))
    return true;
  if (w[0] == "continued" || w[0] == "cont" || w[0] == "contd")
    return std::all_of(w.begin() + 1, w.end(), [](std::string_view x) {
      return x == "on" || x == "next" || x == "page" || x == "overleaf" || x == "over" || x == "below" ||
             x == "from" || x == "previous" || x == "above" || x == "the";
    });
  // The Government Security Classifications' markings, and those before them.
  if (f == "official" || f.starts_with("official sensitive") || f == "not protectively marked" ||
      f == "unclassified" || f == "restricted")
    return true;
  std::size_t at = 0;
  if (w.size() >= 2 && (w[0] == "report" || w[0] == "date") && w[1] == "printed") at = 2;
  else if (w[0] == "printed") at = 1;
  else return false;
  if (at < w.size() && w[at] == "on") ++at;
  return at == w.size() || (!w[at].empty() && w[at][0] >= '0' && w[at][0] <= '9');
}

// The end of a provider's name that a PDF turned into CSV, or a cell's
// wrapped text, put on a line of its own under the rest: "Foundation
// Trust", "NHS Trust", "Ltd". Words of a legal form alone name no one.
[[gnu::cold]] bool is_name_tail(std::string_view t) {
  const std::string f = text::fold(t);
  const std::vector<std::string_view> w = text::split(f, ' ');
  return !w.empty() && std::all_of(w.begin(), w.end(), [](std::string_view x) {
    return x == "nhs" || x == "foundation" || x == "trust" || x == "ft" || x == "ltd" || x == "limited" ||
           x == "plc" || x == "llp" || x == "cic";
  });
}

// A page's header or footer of two or three cells, one of them the page's
// number with the word ("Lambeth CCG FOI 2016/123 | | Page 3"): no contract
// says "Page 3". "2 of 3" or "p 3" alone may be a contract's ("Contract
// year | 2 of 3"), and so may any row with an amount (asked by the caller).
[[gnu::cold, gnu::noinline]] bool is_page_header(const Cells& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::string_view t = cells.trimmed(i);
    if (t.empty() || t.size() > 20) continue;
    const std::string f = text::fold(t);
    if (f.starts_with("page ") && is_page_number(text::split(f, ' '))) return true;
  }
  return false;
}

// A total's label written in the value column, its amount in the next
// filled cell to the right ("TOTAL CONTRACT VALUE | £6,800,000"): the
// amount's column (1-based), or 0. Asked only of rows of few cells.
[[gnu::cold, gnu::noinline]] long amount_beside_label(const Cells& cells, std::size_t label) {
  // Nothing to its left (a contract's provider there makes it a contract:
  // "Leeds Mind | Included in block total | £20,000"), and a label that
  // starts as a total's does, not one that only ends in "total".
  for (std::size_t i = 0; i < label; ++i)
    if (!cells.trimmed(i).empty()) return 0;
  if (!is_total_label(cells.trimmed(label), false)) return 0;
  for (std::size_t i = label + 1; i < cells.size(); ++i) {
    const std::string_view t = cells.trimmed(i);
    if (t.empty()) continue;
    const Money m = parse_money(t);
    return m.known() ? static_cast<long>(i + 1) : 0;
  }
  return 0;
}

// The first word of the provider column's usual headers, checked without
// allocating: the test runs on every data row.
bool starts_like_provider_header(std::string_view t) {
  if (t.empty()) return false;
  switch (t[0] | 0x20) {
    case 'p': return first_word_is(t, "provider");
    case 's': return first_word_is(t, "supplier");
    case 'n': return first_word_is(t, "name");
    case 'o': return first_word_is(t, "organisation") || first_word_is(t, "organization");
    case 'c': return first_word_is(t, "contractor");
    default: return false;
  }
}

// A row with an amount in its value column is data ("Supplier 12 Ltd,£30,000"
// in a file of suppliers), whatever its provider is called.
bool has_amount(const Cells& cells, const ColumnMap& columns) {
  const Column* vc = columns.of(Field::value);
  return vc && vc->index < cells.size() && parse_plain_amount(cells.trimmed(vc->index));
}

// A total row names itself in a text cell before the value column, or, in
// a row of few cells, in the value column beside its amount; its value is
// checked later. Whether the row is one.
bool classify_total(Row& row, const Cells& cells, const ColumnMap& columns, std::size_t filled) {
  for (const auto& c : columns.columns) {
    if (c.index >= cells.size() || cells.trimmed(c.index).empty()) continue;
    if (c.match.field == Field::value || c.match.field == Field::value_year) {
      if (filled <= 3) [[unlikely]]
        if (const long at = amount_beside_label(cells, c.index)) {
          row.kind = RowKind::total;
          row.column = at;
          return true;
        }
      return false;
    }
    if (is_total_label(cells.trimmed(c.index), filled <= 3)) {
      row.kind = RowKind::total;
      return true;
    }
  }
  return false;
}

// A row saying the CCG holds no contracts fills a cell or two, not a
// contract's many: the test of its words is spared the rows of a national
// file. Whether the row is one.
bool classify_nil_return(Row& row, std::string_view name, const Column& provider, std::size_t filled) {
  if (filled <= 2 && says_nil_return(name)) [[unlikely]] {
    row.kind = RowKind::rejected;
    row.reason = fmt::format("no provider name (column {} '{}' says '{}'): if the CCG holds no contracts, record "
                             "it as nil_return in the manifest",
                             provider.index + 1, provider.header, name);
    row.column = static_cast<long>(provider.index + 1);
    row.nil_return = true;
    return true;
  }
  return false;
}

// What is left of a row once it is no header, total or note: a contract,
// unless its provider cell names no provider.
void classify_by_name(Row& row, std::string_view name, const Column& provider) {
  if (name.empty()) {
    row.kind = RowKind::rejected;
    row.reason = fmt::format("no provider name (column {} '{}' is empty)", provider.index + 1, provider.header);
    row.column = static_cast<long>(provider.index + 1);
    return;
  }
  if (const NameSays says = what_name_says(name); says != NameSays::provider) [[unlikely]] {
    row.kind = says == NameSays::vat ? RowKind::note : RowKind::rejected;
    if (says == NameSays::none) {
      row.reason =
          fmt::format("no provider name (column {} '{}' says '{}')", provider.index + 1, provider.header, name);
      row.column = static_cast<long>(provider.index + 1);
    }
    return;
  }
  row.kind = RowKind::contract;
}

}  // namespace

TableReader::TableReader(RecordReader& reader, const TableOptions& options) : reader_(reader), options_(options) {}

std::string TableReader::no_header_advice() const {
  if (nil_line_ > 0)
    return fmt::format("line {} says the CCG holds no contracts: if so, record it as nil_return in the manifest, "
                       "where it counts as a response, and leave this file out",
                       nil_line_);
  const bool provider_down = std::find(fields_down_.begin(), fields_down_.end(), Field::provider) != fields_down_.end();
  if (provider_down && fields_down_.size() >= 2)
    return "the table seems laid across, its headers down the first column, a contract to a column: turn it "
           "round (in a spreadsheet, copy it and Paste Special > Transpose) so that each contract is a row, and "
           "save it again";
  return "add unusual header texts with --aliases";
}

TableReader::TableReader(RecordReader& reader, const TableOptions& options, const ColumnMap& header,
                         std::vector<std::string> titles)
    : reader_(reader), options_(options), columns_(header), header_found_(true), titles_(std::move(titles)) {
  note_header_lengths();
}

void TableReader::note_title(const std::vector<std::string>& cells) {
  // A line of one text (a title merged across the top is copied into every
  // cell of its range), as a printed report repeats it on every page.
  std::string_view title;
  for (const auto& c : cells) {
    const std::string_view t = text::trim(c);
    if (t.empty()) continue;
    if (!title.empty() && t != title) return;
    title = t;
  }
  if (!title.empty() && titles_.size() < 16 &&
      std::find(titles_.begin(), titles_.end(), title) == titles_.end())
    titles_.emplace_back(title);
}

bool TableReader::repeats_title(std::string_view t) const {
  if (std::find(titles_.begin(), titles_.end(), t) == titles_.end()) return false;
  // A title says what the table is ("St Helens CCG - Mental Health
  // Contracts Register"); one that is only a name ("Rethink Mental
  // Illness", a provider's own return) leaves a row of that name a contract.
  const std::string f = text::fold(t);
  for (std::string_view w : {"ccg", "contract", "contracts", "register", "foi", "freedom", "return", "schedule",
                             "list", "report", "summary", "commissioning", "spend", "spending"})
    if (text::contains_phrase(f, w)) return true;
  return false;
}

void TableReader::note_header_lengths() {
  header_lengths_ = 0;
  const Column* provider = columns_.of(Field::provider);
  for (const Column& c : columns_.columns)
    if (&c != provider && c.match.field != Field::extra && c.header.size() < 64)
      header_lengths_ |= std::uint64_t{1} << c.header.size();
}

bool TableReader::fetch(Record& r) {
  if (has_pending_) {
    swap(r, pending_);
    has_pending_ = false;
    return true;
  }
  return reader_.next(r);
}

void TableReader::set_header(const std::vector<std::string>& cells) {
  columns_ = map_columns(cells, options_.aliases);
  note_header_lengths();
  header_found_ = true;
  if (!columns_.of(Field::provider)) {
    fatal_ = "the header names no provider column; name one 'Provider' (or add its header text to an alias file "
             "with --aliases)";
    fatal_line_ = current_.line;
  } else {
    fatal_.clear();
  }
}


void TableReader::start_header(Row& row, const Record& r, const std::vector<std::string>& texts) {
  row.kind = RowKind::header;
  header_lines_.push_back(r.line);
  std::optional<std::vector<std::string>> joined;
  Record next;
  // A row naming the provider column again is a header of its own (a
  // table with no rows, then the next one's), not this one's second row.
  auto names_provider_again = [&](const std::vector<std::string>& more) {
    const ColumnMap top = map_columns(texts, options_.aliases);
    const Column* p = top.of(Field::provider);
    return p && p->index < more.size() && !text::is_blank(more[p->index]);
  };
  if (reader_.next(next)) {
    if (const std::vector<std::string> more = next.cells.strings();
        (is_header_continuation(more, options_.aliases) && !names_provider_again(more)) ||
        completes_header(texts, more, options_.aliases)) {
      joined = join_header_rows(texts, more);
      pending_ = std::move(next);
      header_lines_.push_back(pending_.line);
    } else {
      pending_ = std::move(next);
      has_pending_ = true;
    }
  }
  set_header(joined ? *joined : texts);
  if (tables_.size() < 16 && (tables_.empty() || !same_fields(tables_.back().second, columns_)))
    tables_.emplace_back(r.line, columns_);
}

bool TableReader::next(Row& row) {
  if (!fetch(current_)) return false;
  long consumed = current_.last_line - current_.line + 1;
  row = Row{};
  row.record = &current_;
  classify(row, current_);
  if (row.kind == RowKind::header && header_lines_.size() >= 2 && header_lines_.back() == pending_.line) {
    // classify() joined the next record into a two-row header.
    consumed += pending_.last_line - pending_.line + 1;
  }
  counts_[row.kind] += consumed;
  return true;
}

void TableReader::classify(Row& row, const Record& r) {
  const auto& cells = r.cells;
  std::size_t filled = 0, only = 0;  // non-blank cells, and the last of them
  for (std::size_t i = 0; i < cells.size(); ++i)
    if (cells.trims[i].size != 0) {
      ++filled;
      only = i;
    }
  if (filled == 0 && !r.too_long) {
    row.kind = RowKind::blank;
    return;
  }
  if (!header_found_) return classify_above_header(row, r);
  if (!fatal_.empty()) {
    row.kind = RowKind::rejected;
    row.reason = fatal_;
    return;
  }
  if (!r.problem.empty()) {
    row.kind = RowKind::rejected;
    row.reason = r.problem;
    return;
  }
  // A repeated header names the provider column again, so only rows whose
  // provider cell reads like a column name need the full check. Written out
  // here, not as a function of its own: passed in, the reader's aliases and
  // header lengths were loaded on every row, not only for the rows the test
  // reaches (ten instructions a row, with the provider's name below).
  const Column* pc = columns_.of(Field::provider);
  // A return appended with its columns in another order has another
  // column's header where the provider's name would be.
  auto names_another_column = [&](std::string_view t) {
    if (!((header_lengths_ >> t.size()) & 1)) return false;  // t is under 40 bytes
    for (const Column& c : columns_.columns)
      if (c.index != pc->index && c.match.field != Field::extra && text::equal_ignoring_case(t, c.header)) return true;
    return false;
  };
  if (pc && pc->index < cells.size() && !cells.trimmed(pc->index).empty() && cells[pc->index].size() < 40 &&
      (((text::equal_ignoring_case(cells.trimmed(pc->index), pc->header) ||
         starts_like_provider_header(cells.trimmed(pc->index))) &&
        match_header(cells[pc->index], options_.aliases).field == Field::provider) ||
       names_another_column(cells.trimmed(pc->index))) &&
      !has_amount(cells, columns_)) {
    // A repeated header (collated files, one table per year, a printed
    // report's pages) starts a new table.
    if (const std::vector<std::string> texts = cells.strings(); looks_like_repeated_header(texts, options_.aliases))
      return start_header(row, r, texts);
  }
  const Column& provider = *columns_.of(Field::provider);
  std::string_view name = provider.index < cells.size() ? cells.trimmed(provider.index) : std::string_view();
  // Under a provider cell merged down over its services, a row of its own.
  bool merged_name = false;
  if (name.empty() && options_.merged_down) [[unlikely]]
    if (const MergedDown* m = merged_over(*options_.merged_down, r.line, static_cast<long>(provider.index + 1));
        m && m->first_row < r.line) {
      name = m->text;
      merged_name = true;
    }
  if (classify_total(row, cells, columns_, filled)) return;
  // Before the notes: "No contracts" is no section label.
  if (classify_nil_return(row, name, provider, filled)) return;
  if (filled >= 2 && filled <= 3 && is_page_header(cells) && !has_amount(cells, columns_)) [[unlikely]] {
    row.kind = RowKind::note;
    return;
  }
  if (filled == 1 && !merged_name && classify_lone_cell(row, cells.trimmed(only), only, provider)) return;
  classify_by_name(row, name, provider);
}

// Above the header, a row is the header or the preamble, which says what a
// file whose header is never found should be told.
void TableReader::classify_above_header(Row& row, const Record& r) {
  if (!fatal_.empty()) {
    row.kind = RowKind::rejected;
    row.reason = fatal_;
    return;
  }
  // The header's matching works on strings; only rows above the header come here.
  const std::vector<std::string> texts = r.cells.strings();
  if (looks_like_header(texts, options_.aliases)) return start_header(row, r, texts);
  row.kind = RowKind::preamble;
  note_title(texts);
  if (texts.size() >= 2) {
    const Field f = match_header(texts[0], options_.aliases).field;
    if (f != Field::extra && std::find(fields_down_.begin(), fields_down_.end(), f) == fields_down_.end())
      fields_down_.push_back(f);
  }
  if (nil_line_ == 0 && std::any_of(texts.begin(), texts.end(), says_no_contracts_held)) nil_line_ = r.line;
  if (++rows_seen_ >= options_.max_preamble_rows) {
    fatal_ = fmt::format(
        "no header row in the first {} rows: expected a row naming at least two columns such as "
        "Provider, Contract value, Start date ({})",
        options_.max_preamble_rows, no_header_advice());
    fatal_line_ = r.line;
  }
}

// A cell alone in its row, t in column `only`: a note (a footnote, a
// section's label, the title again, a page's furniture) or, in the provider
// column, the end of the name above wrapped onto a line of its own. Whether
// it is either; if not, it is told by its name as any other row.
bool TableReader::classify_lone_cell(Row& row, std::string_view t, std::size_t only, const Column& provider) const {
  bool long_prose = t.size() > 80 && std::count(t.begin(), t.end(), ' ') >= 8;
  // An amount alone is a row with a value and no provider (a total whose
  // label was lost), rejected below with its reason, not a note.
  const auto oc = std::find_if(columns_.columns.begin(), columns_.columns.end(),
                               [&](const Column& c) { return c.index == only; });
  const bool in_value = oc != columns_.columns.end() &&
                        (oc->match.field == Field::value || oc->match.field == Field::value_year);
  const ValueStatus says = in_value ? parse_money(t).status : ValueStatus::unparseable;
  const bool lone_amount = says != ValueStatus::unparseable && says != ValueStatus::not_held;
  if (only == provider.index && is_name_tail(t)) [[unlikely]] {
    row.kind = RowKind::rejected;
    row.reason = fmt::format(
        "'{}' alone in column {} '{}' is the end of a provider's name wrapped onto a line of its own (a PDF turned "
        "into CSV?); the row above keeps the name it has: join the two cells so that its name is whole",
        t, provider.index + 1, provider.header);
    row.column = static_cast<long>(provider.index + 1);
    return true;
  }
  const bool note_text = only == provider.index ? is_note_text(t) && !names_an_organisation(t) : is_note_text(t);
  if (!lone_amount && (note_text || only != provider.index || long_prose || is_section_label(t) ||
                       repeats_title(t) || is_page_furniture(t))) {
    row.kind = RowKind::note;
    return true;
  }
  return false;
}

}  // namespace foi

#include "foi/table.h"

#include <catch2/catch.hpp>

using foi::RecordReader;
using foi::RowKind;
using foi::TableOptions;
using foi::TableReader;

namespace {
struct Read {
  std::vector<std::pair<RowKind, long>> rows;
  std::vector<std::string> reasons;  // each row's, empty for most
  foi::RowCounts counts;
  foi::ColumnMap columns;
  std::vector<long> header_lines;
  std::string fatal;
  long lines = 0;
};

Read classify(std::string_view text) {
  RecordReader reader("t.csv", text);
  TableOptions options;
  options.max_preamble_rows = 5;
  TableReader table(reader, options);
  Read out;
  foi::Row row;
  while (table.next(row)) {
    out.rows.emplace_back(row.kind, row.record->line);
    out.reasons.push_back(row.reason);
  }
  out.counts = table.counts();
  out.columns = table.columns();
  out.header_lines = table.header_lines();
  out.fatal = table.fatal();
  out.lines = reader.stats().lines;
  return out;
}
}  // namespace

TEST_CASE("table: the header is found under a preamble and every row lands in one bucket", "[table]") {
  auto r = classify(
      "Freedom of Information request FOI/1234\n"
      "Mental health contracts 2013-2016\n"
      ",,\n"
      "Provider,Contract value,Start date\n"
      "Oxleas NHS FT,\"£1,000\",01/04/2013\n"
      "\"Mind in\nCroydon\",£500,01/04/2013\n"
      ",,\n"
      "Total,\"£1,500\",\n"
      "Notes: values exclude VAT,,\n"
      ",£20,\n");
  using K = RowKind;
  CHECK(r.rows == std::vector<std::pair<K, long>>{{K::preamble, 1}, {K::preamble, 2}, {K::blank, 3},  {K::header, 4},
                                                 {K::contract, 5}, {K::contract, 6}, {K::blank, 8},    {K::total, 9},
                                                 {K::note, 10},    {K::rejected, 11}});
  CHECK(r.counts.total() == r.lines);
  CHECK(r.counts[K::contract] == 3);  // the quoted line break spans two lines
  CHECK(r.columns.of(foi::Field::value)->index == 1);
}

TEST_CASE("table: a label over a section of the table is a note, a provider named alone a contract", "[table]") {
  auto r = classify(
      "Provider,Contract value\n"
      "Block contracts,\n"
      "Oxleas NHS FT,\"£1,000\"\n"
      "Non-block contracts,,\n"
      "Voluntary sector:,\n"
      "Mind,£500\n"
      "Certitude,\n"
      "Lambeth Contract Services Ltd,\n");
  using K = RowKind;
  CHECK(r.rows == std::vector<std::pair<K, long>>{{K::header, 1},   {K::note, 2},     {K::contract, 3},
                                                 {K::note, 4},     {K::note, 5},     {K::contract, 6},
                                                 {K::contract, 7}, {K::contract, 8}});
  CHECK(r.counts.total() == r.lines);
}

TEST_CASE("table: a row naming a kind of provider alone is a section label; a provider of those words and more is not",
          "[table]") {
  auto r = classify(
      "Provider,Contract value\n"
      "NHS providers,\n"
      "Independent sector,\n"
      "Third sector providers,\n"
      "Non-NHS providers,\n"
      "Voluntary and community sector,\n"
      "NHS Trusts,\n"
      "Spot purchases,\n"
      "Community Links,\n"
      "Voluntary Action Lewisham,\n"
      "NHS Lambeth CCG,\n");
  using K = RowKind;
  CHECK(r.rows == std::vector<std::pair<K, long>>{{K::header, 1}, {K::note, 2},     {K::note, 3},     {K::note, 4},
                                                 {K::note, 5},   {K::note, 6},     {K::note, 7},     {K::note, 8},
                                                 {K::contract, 9}, {K::contract, 10}, {K::contract, 11}});
}

TEST_CASE("table: a footnote under its number, letter or mark is a note, as is what a row says of VAT", "[table]") {
  auto r = classify(
      "Provider,Contract value\n"
      "1. Values exclude VAT unless stated.,\n"
      "1) Values exclude VAT,\n"
      "a) values exclude VAT,\n"
      "2. Dates are approximate,\n"
      "\xE2\x80\xA0 Estimated,\n"
      "Figures exclude VAT,\n"
      "All amounts are inclusive of VAT,\n"
      "1st Choice Care Ltd,\n"
      "A.C.E. Care Ltd,\n");
  using K = RowKind;
  CHECK(r.rows == std::vector<std::pair<K, long>>{{K::header, 1}, {K::note, 2}, {K::note, 3},     {K::note, 4},
                                                 {K::note, 5},   {K::note, 6}, {K::note, 7},     {K::note, 8},
                                                 {K::contract, 9}, {K::contract, 10}});
}

TEST_CASE("table: a provider cell saying the CCG holds no contracts is rejected, pointing to the manifest's nil_return",
          "[table]") {
  RecordReader reader("t.csv", std::string_view("Provider,Value\nNo contracts held,\nNil return,\nNil,\nNot held,\n"
                                                "Information not held,\nNo mental health contracts held by the CCG,\n"
                                                "No contracts,\nNottingham Mind,£5\nNorth Star Ltd,£6\nNo. 5 Care Ltd,£7\n"));
  TableOptions options;
  TableReader table(reader, options);
  foi::Row row;
  REQUIRE(table.next(row));  // the header
  std::vector<std::string> got;
  while (table.next(row)) got.push_back(row.kind == RowKind::rejected ? row.reason.substr(0, row.reason.find(':')) : to_string(row.kind));
  const std::string nil = "no provider name (column 1 'Provider' says '";
  CHECK(got == std::vector<std::string>{nil + "No contracts held')", nil + "Nil return')", nil + "Nil')",
                                        nil + "Not held')", nil + "Information not held')",
                                        nil + "No mental health contracts held by the CCG')", nil + "No contracts')",
                                        "contract", "contract", "contract"});
}

TEST_CASE("table: a provider whose name starts with a note's word is a contract; a note marked off, or in a note's own words, is a note",
          "[table]") {
  auto r = classify(
      "Provider,Contract value\n"
      "Source Healthcare Ltd,\n"
      "Note Care Ltd,\n"
      "NB Mental Health Ltd,\n"
      "Excludes IAPT services,\n"
      "Key Healthcare,\n"
      "Source: finance ledger,\n"
      "Note - values exclude VAT,\n"
      "NB. Spot purchases are not listed,\n"
      "Excludes VAT,\n"
      "Notes,\n");
  using K = RowKind;
  CHECK(r.rows == std::vector<std::pair<K, long>>{{K::header, 1},   {K::contract, 2}, {K::contract, 3}, {K::contract, 4},
                                                 {K::note, 5},     {K::contract, 6}, {K::note, 7},     {K::note, 8},
                                                 {K::note, 9},     {K::note, 10},    {K::note, 11}});
}

TEST_CASE("table: an amount alone in its row has no provider and is rejected, saying so, not a note", "[table]") {
  RecordReader reader("t.csv", std::string_view("Provider,Value,Notes\nCertitude,\"£100,000\",\n,\"£200,000\",\n,Commercially "
                                                "sensitive,\n,,see letter\n,N/A,\n"));
  TableOptions options;
  TableReader table(reader, options);
  foi::Row row;
  std::vector<std::pair<RowKind, std::string>> rows;
  while (table.next(row)) rows.emplace_back(row.kind, row.reason);
  using K = RowKind;
  CHECK(rows == std::vector<std::pair<K, std::string>>{{K::header, ""},
                                                      {K::contract, ""},
                                                      {K::rejected, "no provider name (column 1 'Provider' is empty)"},
                                                      {K::rejected, "no provider name (column 1 'Provider' is empty)"},
                                                      {K::note, ""},
                                                      {K::note, ""}});
}

TEST_CASE("table: a row whose provider cell says there is none is rejected, saying what it says", "[table]") {
  RecordReader reader("t.csv", std::string_view("Provider,Value\nN/A,£5\nTBC,£6\n-,£7\nNHS Lambeth CCG,£8\nTurning Point,£9\n"
                                                "Unknown,£10\nNot applicable,£11\nNone,£12\nNorth East Lincs Care,£13\n"));
  TableOptions options;
  TableReader table(reader, options);
  foi::Row row;
  REQUIRE(table.next(row));  // the header
  std::vector<std::string> got;
  while (table.next(row)) got.push_back(row.kind == RowKind::rejected ? row.reason : to_string(row.kind));
  CHECK(got == std::vector<std::string>{"no provider name (column 1 'Provider' says 'N/A')",
                                        "no provider name (column 1 'Provider' says 'TBC')",
                                        "no provider name (column 1 'Provider' says '-')", "contract", "contract",
                                        "no provider name (column 1 'Provider' says 'Unknown')",
                                        "no provider name (column 1 'Provider' says 'Not applicable')",
                                        "no provider name (column 1 'Provider' says 'None')", "contract"});
}

TEST_CASE("table: a row rejected for its provider cell names that cell's column, one for the row as a whole none",
          "[table]") {
  RecordReader reader("t.csv", std::string_view("Contract value,Provider,Start date\n£5,,01/04/2013\n£6,N/A,\n"
                                                "£7,Mind,01/04/2013\n"));
  TableOptions options;
  TableReader table(reader, options);
  foi::Row row;
  REQUIRE(table.next(row));  // the header
  std::vector<std::string> reasons;
  std::vector<long> columns;
  while (table.next(row)) {
    reasons.push_back(row.kind == RowKind::rejected ? row.reason : to_string(row.kind));
    columns.push_back(row.column);
  }
  CHECK(reasons == std::vector<std::string>{"no provider name (column 2 'Provider' is empty)",
                                            "no provider name (column 2 'Provider' says 'N/A')", "contract"});
  CHECK(columns == std::vector<long>{2, 2, 0});
  // A file with no provider column rejects every row, with no column to name.
  RecordReader no_provider("t.csv", std::string_view("Contract value,Start date\n£5,01/04/2013\n"));
  TableReader rejecting(no_provider, options);
  REQUIRE(rejecting.next(row));
  REQUIRE(rejecting.next(row));
  CHECK(row.kind == RowKind::rejected);
  CHECK(row.column == 0);
}

TEST_CASE("table: a preamble line naming the organisation and the date of the reply is no header", "[table]") {
  auto r = classify(
      "Organisation,NHS Lambeth CCG,Date,12/05/2016\n"
      "From:,FOI Team,To:,Requester\n"
      "Supplier,Date,Amount\n"
      "Mind,15/04/2014,£500\n");
  CHECK(r.header_lines == std::vector<long>{3});
  CHECK(r.columns.of(foi::Field::payment_date)->index == 1);
  CHECK(r.counts[RowKind::preamble] == 2);
  CHECK(r.counts[RowKind::contract] == 1);
}

TEST_CASE("table: a VAT line under the table is a note, not a contract", "[table]") {
  auto r = classify(
      "Provider,Contract value\n"
      "Mind,£1000\n"
      "Total,£1000\n"
      "VAT,£200\n"
      "VAT @ 20%,£200\n"
      "vat at 20%,£200\n"
      "Vatican Care Ltd,£300\n"
      "Grand total inc VAT,£1200\n");
  using K = RowKind;
  CHECK(r.rows == std::vector<std::pair<K, long>>{{K::header, 1}, {K::contract, 2}, {K::total, 3}, {K::note, 4},
                                                 {K::note, 5},     {K::note, 6},     {K::contract, 7}, {K::total, 8}});
}

TEST_CASE("table: a row with values but no provider is rejected with a reason", "[table]") {
  RecordReader reader("t.csv", std::string_view("Provider,Value,Start\n,£5,01/04/2013\n"));
  TableOptions options;
  TableReader table(reader, options);
  foi::Row row;
  REQUIRE(table.next(row));
  REQUIRE(table.next(row));
  CHECK(row.kind == RowKind::rejected);
  CHECK(row.reason.find("no provider name") != std::string::npos);
}

TEST_CASE("table: a two-row header with a merged 'Contract value' cell is joined", "[table]") {
  auto r = classify(
      "Provider,Sector,Contract value,,,Length,KPIs\n"
      ",,2013/14,2014/15,2015/16,,\n"
      "Oxleas,FT,1,2,3,3 years,Yes\n");
  CHECK(r.header_lines == std::vector<long>{1, 2});
  CHECK(r.counts[RowKind::header] == 2);
  auto years = r.columns.years();
  REQUIRE(years.size() == 3);
  CHECK(years[0]->header == "Contract value 2013/14");
  CHECK(years[0]->match.year == 2013);
  CHECK(years[2]->match.year == 2015);
  CHECK(r.columns.of(foi::Field::provider_type)->index == 1);
  CHECK(r.columns.of(foi::Field::length)->index == 5);
  CHECK(r.columns.of(foi::Field::quality)->index == 6);
  CHECK(r.counts.total() == 3);
}

TEST_CASE("table: a two-row header whose years have their total beside them is joined, the total the value",
          "[table]") {
  for (const char* total : {"Total", "Total (£)", "3 year total"}) {
    INFO(total);
    auto r = classify(std::string("Provider,Service,Contract value (£),,,,Start date\n,,2013/14,2014/15,2015/16,") +
                      total + ",\nMind,Peer support,1,2,3,6,01/04/2013\n");
    CHECK(r.header_lines == std::vector<long>{1, 2});
    CHECK(r.columns.years().size() == 3);
    REQUIRE(r.columns.of(foi::Field::value));
    CHECK(r.columns.of(foi::Field::value)->index == 5);
    CHECK(r.counts[RowKind::contract] == 1);
  }
  // A row of totals alone is not a header's second row.
  auto r = classify("Provider,Contract value\n,Total\nMind,5\n");
  CHECK(r.header_lines == std::vector<long>{1});
}

TEST_CASE("table: a title merged across the top of a sheet, copied into each of its cells, is no header", "[table]") {
  const std::string title = "NHS Lambeth CCG - mental health contracts 2013/14 to 2015/16";
  std::string row;
  for (int i = 0; i < 5; ++i) row += (i ? "," : "") + title;
  auto r = classify(row + "\n,,,,\nProvider,Provider type,Contract value,Start date,End date\nMind,Charity,5,01/04/2013,\n");
  CHECK(r.header_lines == std::vector<long>{3});
  CHECK(r.counts[RowKind::preamble] == 1);
  CHECK(r.counts[RowKind::contract] == 1);
}

TEST_CASE("table: a return appended with its columns in another order is a new header, not rows", "[table]") {
  auto r = classify(
      "CCG,Provider,Contract value\n08K,Certitude,1000\n"
      "Provider,CCG,Contract value\nThames Reach,08Q,2000\n"
      "CCG,Contract value,Provider\n08R,5,Mind\n");
  CHECK(r.header_lines == std::vector<long>{1, 3, 5});
  CHECK(r.counts[RowKind::contract] == 3);
  CHECK(r.columns.of(foi::Field::provider)->index == 2);
  // A provider whose name is another column's header text, with an amount, is a contract.
  auto data = classify("CCG,Provider,Contract value\n08K,CCG,1000\n");
  CHECK(data.header_lines == std::vector<long>{1});
  CHECK(data.counts[RowKind::contract] == 1);
}

TEST_CASE("table: a file without a header rejects its rows and says how to fix it", "[table]") {
  auto r = classify("a\nb\nc\nd\ne\nf\ng\n");
  CHECK(r.fatal.find("no header row") != std::string::npos);
  CHECK(r.counts[RowKind::preamble] == 5);
  CHECK(r.counts[RowKind::rejected] == 2);
}

TEST_CASE("table: a file without a header whose letter says the CCG holds no contracts is pointed to the manifest's "
          "nil_return, not to --aliases",
          "[table]") {
  auto r = classify("Freedom of Information request 1617-045\nThank you for your request.\n"
                    "The CCG does not hold any mental health contracts.\nYours sincerely\nFOI team\n");
  CHECK(r.fatal.find("line 3 says the CCG holds no contracts: if so, record it as nil_return in the manifest") !=
        std::string::npos);
  auto other = classify("a,b\nc,d\ne,f\ng,h\ni,j\n");
  CHECK(other.fatal.find("add unusual header texts with --aliases") != std::string::npos);
}

TEST_CASE("table: a table laid across, its headers down the first column, is told to be turned round", "[table]") {
  auto r = classify("Provider,Tees Esk and Wear Valleys NHS Foundation Trust,Rethink Mental Illness\n"
                    "Provider type,NHS FT,Charity\nContract value,\"£30,000,000\",\"£55,000\"\n"
                    "Start date,01/04/2013,01/04/2013\nEnd date,31/03/2016,31/03/2015\n");
  CHECK(r.fatal.find("the table seems laid across, its headers down the first column, a contract to a column: turn "
                     "it round") != std::string::npos);
  // One header word down the first column is not a table laid across.
  auto one = classify("Provider,x\nb,c\nd,e\nf,g\nh,i\n");
  CHECK(one.fatal.find("add unusual header texts with --aliases") != std::string::npos);
}

TEST_CASE("table: a header without a provider column is fatal", "[table]") {
  auto r = classify("Service,Value\nx,1\n");
  CHECK(r.fatal.find("no provider column") != std::string::npos);
  CHECK(r.counts[RowKind::rejected] == 1);
}

TEST_CASE("table: header wordings from methods.md (Columns) map to their fields", "[table]") {
  auto m = foi::map_columns({"Name of provider", "Type of provider", "Service description", "Total value (£)",
                             "Contract start", "Expiry date", "Duration (months)", "Quality monitored?",
                             "Tendered?", "Commissioner", "Value 2014/15 (£)", "Comments"});
  using F = foi::Field;
  std::vector<F> fields;
  for (const auto& c : m.columns) fields.push_back(c.match.field);
  CHECK(fields == std::vector<F>{F::provider, F::provider_type, F::service, F::value, F::start_date, F::end_date,
                                 F::length, F::quality, F::procurement, F::ccg, F::value_year, F::extra});
  CHECK(m.columns[6].match.unit == "months");
  CHECK(m.extras().size() == 1);
}

TEST_CASE("table: a row whose provider starts like a header word but has an amount in its value column is data",
          "[table]") {
  using K = RowKind;
  auto r = classify("Supplier,Amount\nSupplier 12 Ltd,30000\nProvider Services Ltd,\"£1,200\"\nSupplier,Amount\n"
                    "Name Change Ltd,TBC\n");
  CHECK(r.counts[K::contract] == 3);
  CHECK(r.counts[K::header] == 2);  // the header repeated, with no amount, still starts a table
}

TEST_CASE("table: user aliases name headers the built-in list does not know", "[table]") {
  foi::HeaderAliases a{{{"organisation commissioned", foi::Field::provider}, {"cost pa", foi::Field::value}}};
  auto m = foi::map_columns({"Organisation commissioned", "Cost p.a."}, a);
  CHECK(m.columns[0].match.field == foi::Field::provider);
  CHECK(m.columns[1].match.field == foi::Field::value);
  CHECK(foi::looks_like_header({"Organisation commissioned", "Cost p.a."}, a));
}

TEST_CASE("table: total labels and repeated headers are told by their first or last word, not by some letters",
          "[table]") {
  using K = RowKind;
  const std::vector<std::pair<std::string, K>> rows = {
      {"TOTALS,,£10", K::total},          {"Grand Total,,£10", K::total},
      {"Sub-total,,£10", K::total},       {"x,overall total,£10", K::total},
      {"Sum,,£10", K::total},             {"Totally Mental Health Ltd,,£10", K::contract},
      {"Sum total,,£10", K::total},       {"Summit Healthcare,,£10", K::contract},
      {"Summit Care,Sub Rosa,£10", K::contract}, {"Grandview Clinic,Overall care,£10", K::contract},
      {"Providence Care,,£10", K::contract},     {"Name Change Ltd,,£10", K::contract},
      {"Supplier,Service,Contract value", K::header}, {"Organisations United,,£10", K::contract},
      // Or by the last word of a short label.
      {"Contracts total,,£10", K::total},        {"CCG TOTALS,,£10", K::total},
      {"Lambeth - total,,£10", K::total},        {"Total Care Ltd,,£10", K::contract},
      {"Personal,Mental health services provided in the borough total,£10", K::contract},
      {"Subtotalling Ltd,,£10", K::contract},    {"Postal,,£10", K::contract}};
  std::string text = "Provider,Service,Contract value\n";
  for (const auto& [row, kind] : rows) text += row + "\n";
  auto r = classify(text);
  REQUIRE(r.rows.size() == rows.size() + 1);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    INFO(rows[i].first);
    CHECK(r.rows[i + 1].first == rows[i].second);
  }
}

TEST_CASE("table: a printed report's page marks, repeated title and print date are notes, its rows contracts",
          "[table]") {
  auto r = classify(
      "St Helens CCG - Mental Health Contracts Register,,,\n"
      "Provider,Value,Start date,End date\n"
      "St Helens Mind,\"£40,000\",01/04/2013,31/03/2014\n"
      ",,,Page 1 of 2\n"
      "St Helens CCG - Mental Health Contracts Register,,,\n"
      "Provider,Value,Start date,End date\n"
      "Making Space,\"£60,000\",01/04/2013,31/03/2015\n"
      "Page 2 of 2,,,\n"
      "Printed 12/06/2016 14:32,,,\n"
      "Report printed,,,\n"
      "Printed: 12 June 2016,,,\n"
      "Printing Press Ltd,,,\n"
      "St Helens CCG,,,\n"
      "Page Hall Medical Centre,,,\n");
  using K = RowKind;
  CHECK(r.rows == std::vector<std::pair<K, long>>{{K::preamble, 1}, {K::header, 2},   {K::contract, 3}, {K::note, 4},
                                                 {K::note, 5},     {K::header, 6},   {K::contract, 7}, {K::note, 8},
                                                 {K::note, 9},     {K::note, 10},    {K::note, 11},    {K::contract, 12},
                                                 {K::contract, 13}, {K::contract, 14}});
  CHECK(r.counts[K::note] == 6);
}

TEST_CASE("table: a PDF's page furniture turned into CSV rows (bare page numbers, 'Continued', markings, a page header) "
          "is notes",
          "[table]") {
  auto r = classify(
      "Provider,Contract value,Quality monitoring\n"
      "Turning Point,\"£200,000\",Yes\n"
      "- 3 -\n"
      "3\n"
      "3 of 7\n"
      "p. 3\n"
      "Continued on next page\n"
      "Continued...\n"
      "OFFICIAL - SENSITIVE\n"
      "Lambeth CCG FOI 2016/123,,Page 3\n"
      "Continued Care Ltd\n"
      "Official Solutions Ltd,\"£5,000\",No\n"
      "Certitude,\"£100,000\",Yes\n"
      "Rethink,\"£20,000\",Page 3\n"
      "Age UK,,2 of 3\n"
      "Mind,,p 3\n");
  using K = RowKind;
  CHECK(r.rows == std::vector<std::pair<K, long>>{{K::header, 1}, {K::contract, 2}, {K::note, 3},     {K::note, 4},
                                                 {K::note, 5},   {K::note, 6},     {K::note, 7},     {K::note, 8},
                                                 {K::note, 9},   {K::note, 10},    {K::contract, 11}, {K::contract, 12},
                                                 {K::contract, 13}, {K::contract, 14}, {K::contract, 15},
                                                 {K::contract, 16}});
}

TEST_CASE("table: the end of a provider's name wrapped onto a line of its own ('Foundation Trust') is rejected with why, "
          "not a contract",
          "[table]") {
  auto r = classify(
      "Provider,Service,Contract value\n"
      "\"Tees, Esk and Wear Valleys NHS\",Adult MH,\"£1,000,000\"\n"
      "Foundation Trust,,\n"
      "Cambridgeshire and Peterborough,Crisis,\"£300,000\"\n"
      "NHS Foundation Trust\n"
      "Mental Health Foundation\n");
  using K = RowKind;
  CHECK(r.rows == std::vector<std::pair<K, long>>{{K::header, 1},   {K::contract, 2}, {K::rejected, 3},
                                                 {K::contract, 4}, {K::rejected, 5}, {K::contract, 6}});
  CHECK(r.reasons[2] ==
        "'Foundation Trust' alone in column 1 'Provider' is the end of a provider's name wrapped onto a line of its own "
        "(a PDF turned into CSV?); the row above keeps the name it has: join the two cells so that its name is whole");
}

TEST_CASE("table: a header repeated on a printed report's next page, its words wrapped onto a second row, is joined again",
          "[table]") {
  auto r = classify(
      "Provider,Service,Contract value\n"
      "Turning Point,Substance misuse,\"£200,000\"\n"
      "Provider,Service,Contract\n"
      ",,value\n"
      "Mind in Croydon,Advocacy,\"£50,000\"\n");
  using K = RowKind;
  CHECK(r.rows == std::vector<std::pair<K, long>>{{K::header, 1}, {K::contract, 2}, {K::header, 3}, {K::contract, 5}});
  CHECK(r.columns.of(foi::Field::value)->index == 2);
  CHECK(r.counts[K::header] == 3);  // the joined row counted with its header
}

TEST_CASE("table: two Excel exports joined into one file: the second's header, after its byte-order mark, is a header, "
          "not a contract",
          "[table]") {
  auto r = classify(
      "\xEF\xBB\xBFProvider,Service,Contract value\r\n"
      "A Ltd,Counselling,100\r\n"
      "\xEF\xBB\xBFProvider,Service,Contract value\r\n"
      "C Ltd,Beds,300\r\n");
  using K = RowKind;
  CHECK(r.rows == std::vector<std::pair<K, long>>{{K::header, 1}, {K::contract, 2}, {K::header, 3}, {K::contract, 4}});
}

TEST_CASE("table: a header of a table with no rows, then the next table's header, are two headers, not one of two rows",
          "[table]") {
  auto r = classify(
      "Provider,Contract value,Start date,End date\n"
      "Mind,\"£10,000\",01/04/2014,31/03/2015\n"
      "Provider,Contract value,Start date,End date\n"
      "Provider,2013/14,2014/15,2015/16\n"
      "Rethink,\"£1,000\",\"£2,000\",\"£3,000\"\n");
  using K = RowKind;
  CHECK(r.rows ==
        std::vector<std::pair<K, long>>{{K::header, 1}, {K::contract, 2}, {K::header, 3}, {K::header, 4}, {K::contract, 5}});
  CHECK(r.columns.years().size() == 3);
}

TEST_CASE("table: a total label in the value column with its amount beside it is a total row, naming the amount's column",
          "[table]") {
  RecordReader reader("t.csv", std::string_view("Provider,Type,Value,Start date\nNavigo,Social Enterprise,\"£6,500,000\",01/04/2013\n"
                                                ",,TOTAL CONTRACT VALUE,\"£6,500,000\"\n,,Total,see above\n"));
  TableOptions options;
  TableReader table(reader, options);
  foi::Row row;
  std::vector<std::pair<RowKind, long>> rows;
  while (table.next(row)) rows.emplace_back(row.kind, row.column);
  using K = RowKind;
  // Beside a label with no amount, the row stays a row with no provider.
  CHECK(rows == std::vector<std::pair<K, long>>{{K::header, 0}, {K::contract, 0}, {K::total, 4}, {K::rejected, 1}});
}

TEST_CASE("table: a contract whose value cell ends in 'total' stays a contract; a row of a name that is also the "
          "sheet's title stays a contract",
          "[table]") {
  auto r = classify("Provider,Contract value,Annual value\nLeeds Mind,Included in block total,\"£20,000\"\n"
                    "Touchstone,\"£90,000\",\"£30,000\"\n");
  CHECK(r.counts[RowKind::contract] == 2);
  CHECK(r.counts[RowKind::total] == 0);
  auto titled = classify("Rethink Mental Illness\nProvider,Service,Contract value\nRethink Mental Illness,Advocacy,"
                         "\"£50,000\"\nRethink Mental Illness,,\n");
  CHECK(titled.counts[RowKind::contract] == 2);
  CHECK(titled.counts[RowKind::note] == 0);
  // A title that says what the table is, repeated on a later page, is a note.
  auto report = classify("St Helens CCG - Mental Health Contracts Register\nProvider,Service,Contract value\n"
                         "Mersey Care NHS Trust,Adult,\"£50,000\"\nSt Helens CCG - Mental Health Contracts Register,,\n");
  CHECK(report.counts[RowKind::contract] == 1);
  CHECK(report.counts[RowKind::note] == 1);
}

// foi-contracts: command-line parsing only; the work is in the library.
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <new>
#include <string_view>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>

#include "foi/commands.h"
#include "foi/output_file.h"
#include "foi/error.h"
#include "foi/study.h"

namespace {

// `providers`: whether the command resolves providers, and so takes overrides.
void add_pipeline_options(CLI::App* cmd, foi::PipelineOptions& p, bool providers = true) {
  cmd->add_option("inputs", p.inputs,
                  "Return files or folders (searched for .csv/.tsv/.txt/.xlsx/.xlsm/.ods/.xls); - reads standard input")
      ->required();
  cmd->add_option("--manifest", p.manifest,
                  "FOI request log CSV (ccg_code,ccg_name,status,file,received,notes); default: manifest.csv at the "
                  "top of an input folder")
      ->check(CLI::ExistingFile);
  if (providers)
    cmd->add_option("--overrides", p.overrides,
                    "Your provider decisions: CSV name,canonical_name,type (header optional; further columns are "
                    "not read; lines starting with # are comments). type is one of nhs_foundation_trust, nhs_trust, "
                    "other_nhs, local_authority, primary_care, private, not_for_profit, voluntary, other, or a "
                    "type cell's word (Charity, NHS FT); a canonical_name with a blank type merges the spelling "
                    "into that provider, keeping its type; a row with neither decides nothing. See "
                    "docs/providers.md")
        ->check(CLI::ExistingFile);
  cmd->add_option("--aliases", p.aliases,
                  "Extra header names: CSV header,field; a field is one of ccg, provider, provider_type, "
                  "provider_code, service, value, value_year, start_date, end_date, payment_date, length, "
                  "quality_monitoring, procurement, extra")
      ->check(CLI::ExistingFile);
  cmd->add_option("--reference", p.reference_dir, "Folder of reference tables to use instead of the built-in ones")
      ->check(CLI::ExistingDirectory);
}

// An empty file or folder name would write nothing and say nothing.
const CLI::Validator kNamed(
    [](std::string& s) { return s.empty() ? std::string("an empty name: give a file or folder to write") : std::string(); },
    "PATH");

// After CLI11's own message for a word it did not take: the command or
// option meant, when a misspelt one is near enough to tell.
void suggest(CLI::App& app, int argc, char** argv) {
  CLI::App* command = nullptr;
  std::vector<std::string> names;  // the commands', to suggest from and to list
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) names.push_back(sub->get_name());
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (!command) {
      if (arg.starts_with("-")) continue;
      for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
        if (sub->check_name(std::string(arg))) command = sub;
      if (command) continue;
      const std::vector<std::string_view> known(names.begin(), names.end());
      fmt::print(std::cerr, "'{}' is not a command: did you mean '{}'? The commands are {}.\n", arg,
                 foi::nearest_name(arg, known), fmt::join(names, ", "));
      return;
    }
    if (!arg.starts_with("--") || arg.size() == 2) continue;
    const std::string_view name = arg.substr(2, arg.find('=') == std::string_view::npos ? arg.npos : arg.find('=') - 2);
    std::vector<std::string> options = {"help"};
    for (const CLI::Option* o : command->get_options())
      for (const std::string& l : o->get_lnames()) options.push_back(l);
    if (std::find(options.begin(), options.end(), name) != options.end()) continue;
    const std::vector<std::string_view> known(options.begin(), options.end());
    fmt::print(std::cerr, "'--{}' is not an option of {}: did you mean '--{}'? (`foi-contracts {} --help` lists them)\n",
               name, command->get_name(), foi::nearest_name(name, known), command->get_name());
    return;
  }
  if (command)
    for (const CLI::Option* o : command->get_options())
      if (o->get_lnames().empty() && o->get_name() == "inputs" && o->count() == 0)
        fmt::print(std::cerr, "Give the returns to read: files or folders, e.g. `foi-contracts {} returns/`.\n",
                   command->get_name());
}

void load_study_into(const std::string& path, foi::PipelineOptions& p) {
  if (!path.empty()) p.study = foi::load_study(path);
}

// A warning limit in decimal, 0 or more, and no bigger than a data set's count could be.
const CLI::Validator kWarningLimit(
    [](std::string& s) {
      const bool whole = !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
      if (!whole) return "'" + s + "' is not a whole number of warnings, 0 or more";
      // The number is converted as C does, where "040" is octal (32) and
      // "08" no number: a limit padded with zeros by a CI variable means
      // what it says in decimal.
      s.erase(0, std::min(s.find_first_not_of('0'), s.size() - 1));
      if (s.size() > 15) return "'" + s + "' is more warnings than any data set has; leave --max-warnings out for no limit";
      return std::string();
    },
    "N");

// The commands as the command line fills them in: each one's options, the
// --study of those that read a study only for its years and aliases (analyse
// reads the whole study, from its own options), and each one's CLI11
// command, which tells whether it was the one named.
struct Commands {
  foi::InspectOptions inspect;
  foi::NormaliseOptions normalise;
  foi::ProvidersOptions providers;
  foi::AnalyseOptions analyse;
  foi::ValidateOptions validate;
  std::string inspect_study, normalise_study, providers_study, validate_study;
  CLI::App* inspect_cmd = nullptr;
  CLI::App* normalise_cmd = nullptr;
  CLI::App* providers_cmd = nullptr;
  CLI::App* analyse_cmd = nullptr;
  CLI::App* validate_cmd = nullptr;
};

CLI::App* add_inspect(CLI::App& app, foi::InspectOptions& inspect, std::string& study) {
  auto* ci = app.add_subcommand("inspect", "Show how each file is read: encoding, delimiter, header, columns, rows");
  add_pipeline_options(ci, inspect.pipeline, false);
  ci->add_option("--study", study, "Study file (TOML) for study years and header aliases (default: 2013/14 to 2015/16)")
      ->check(CLI::ExistingFile);
  ci->add_flag("--records", inspect.records,
               "Print every record as a JSON array of cells, before any mapping (no header or table checks); "
               "with several inputs, each file's records follow a line {\"file\": NAME}");
  ci->footer(
      "Examples:\n"
      "  foi-contracts inspect returns/                        every return: encoding, header, columns, row buckets\n"
      "  foi-contracts inspect returns/08K.csv --records       the records as read, before any mapping");
  return ci;
}

CLI::App* add_normalise(CLI::App& app, foi::NormaliseOptions& normalise, std::string& study) {
  auto* cn = app.add_subcommand("normalise", "Write the clean long table: one row per contract");
  add_pipeline_options(cn, normalise.pipeline);
  cn->add_option("-o,--output", normalise.output, "Output file, overwritten if it exists (default: standard output)")
      ->check(kNamed);
  cn->add_option("--format", normalise.format, "csv or jsonl (default: csv)")->check(CLI::IsMember({"csv", "jsonl"}));
  cn->add_option("--study", study,
                 "Study file (TOML) for study years, header aliases, quality keywords (default: the BJGP 2019 "
                 "study's years, 2013/14 to 2015/16)")
      ->check(CLI::ExistingFile);
  cn->alias("normalize");
  cn->footer(
      "Examples:\n"
      "  foi-contracts normalise returns/ -o contracts.csv\n"
      "  zcat national.csv.gz | foi-contracts normalise - --format jsonl");
  return cn;
}

CLI::App* add_providers(CLI::App& app, foi::ProvidersOptions& providers, std::string& study) {
  auto* cp = app.add_subcommand("providers", "List providers with their canonical name, type and why");
  add_pipeline_options(cp, providers.pipeline);
  cp->add_option("--study", study, "Study file (TOML) for study years and header aliases (default: 2013/14 to 2015/16)")
      ->check(CLI::ExistingFile);
  cp->add_flag("--unresolved", providers.unresolved,
               "Only the providers to decide: unknown type, low confidence, or contracts of several types");
  cp->add_option("--template", providers.template_path,
                 "Write an overrides CSV (overwritten if it exists) with a row for each spelling of the unresolved "
                 "providers (unknown type, low confidence, or several types; with or without --unresolved): canonical_name and "
                 "type left blank for your decisions, the tool's guess beside them (suggested_type, basis), to "
                 "complete and pass to --overrides")
      ->check(kNamed);
  cp->add_option("--format", providers.format, "text or csv (default: text)")->check(CLI::IsMember({"text", "csv"}));
  cp->footer(
      "Examples:\n"
      "  foi-contracts providers returns/ --unresolved         the providers still to settle\n"
      "  foi-contracts providers returns/ --template overrides.csv\n"
      "      then fill in its type column (or canonical_name, to merge spellings) and pass it back:\n"
      "  foi-contracts analyse returns/ --overrides overrides.csv");
  return cp;
}

CLI::App* add_analyse(CLI::App& app, foi::AnalyseOptions& analyse) {
  auto* ca = app.add_subcommand("analyse", "Compute the study's figures; compare them with published ones");
  add_pipeline_options(ca, analyse.pipeline);
  ca->add_option("--study", analyse.study_path,
                 "Study file (TOML): years, thresholds, groupings, expected figures (default: the BJGP 2019 study's "
                 "years 2013/14 to 2015/16, a £100,000 low-value threshold, the 2010 HHI bands, no expected figures)")
      ->check(CLI::ExistingFile);
  ca->add_option("--format", analyse.format, "text, json, csv or markdown (default: text)")
      ->check(CLI::IsMember({"text", "json", "csv", "markdown"}));
  ca->add_option("--out", analyse.out_dir,
                 "Write tables (CSV), figures.json, report.md and SVG charts into this folder, made if need be; its "
                 "files of those names are overwritten")
      ->check(kNamed);
  ca->alias("analyze");
  ca->footer(
      "Examples:\n"
      "  foi-contracts analyse returns/ --study study.toml     figures, with the study's published ones beside them\n"
      "  foi-contracts analyse returns/ --out results/         tables, figures.json, report.md and charts\n"
      "  foi-contracts analyse national.csv --format json      a collated national file");
  return ca;
}

CLI::App* add_validate(CLI::App& app, foi::ValidateOptions& validate, std::string& study) {
  auto* cv = app.add_subcommand("validate", "Check a data set of returns; fails (exit 1) on errors, for CI");
  add_pipeline_options(cv, validate.pipeline);
  cv->add_option("--rules", validate.rules,
                 "Rules file (TOML): severities and thresholds per check (default: as data/rules/default.toml)")
      ->check(CLI::ExistingFile);
  cv->add_option("--format", validate.format, "text, json, github or junit (default: text)")
      ->check(CLI::IsMember({"text", "json", "github", "junit"}));
  cv->add_option("--max-warnings", validate.max_warnings,
                 "Fail when there are more warnings than this (default: no limit; errors always fail)")
      ->transform(kWarningLimit);
  cv->add_option("--study", study, "Study file (TOML) for study years and header aliases (default: 2013/14 to 2015/16)")
      ->check(CLI::ExistingFile);
  cv->footer(
      "Examples:\n"
      "  foi-contracts validate returns/ --max-warnings 0      fail on any warning, not only on errors\n"
      "  foi-contracts validate returns/ --format junit > report.xml\n"
      "  foi-contracts validate returns/ --rules rules.toml    severities and thresholds of your own");
  return cv;
}

// Runs the command the line named, with the study it named loaded; a
// failure of the run is told on standard error, as exit code 2.
int run_command(Commands& c) {
  // What a command wrote to standard output must all have gone: a full
  // disk behind it is an error, not a short table.
  auto written = [](int code) { return foi::output_written(std::cout, "standard output", std::cerr) ? code : 2; };
  try {
    if (*c.inspect_cmd) {
      load_study_into(c.inspect_study, c.inspect.pipeline);
      return written(foi::run_inspect(c.inspect, std::cout, std::cerr));
    }
    if (*c.normalise_cmd) {
      load_study_into(c.normalise_study, c.normalise.pipeline);
      return written(foi::run_normalise(c.normalise, std::cout, std::cerr));
    }
    if (*c.providers_cmd) {
      load_study_into(c.providers_study, c.providers.pipeline);
      return written(foi::run_providers(c.providers, std::cout, std::cerr));
    }
    if (*c.analyse_cmd) {
      c.analyse.progress = isatty(STDERR_FILENO);
      return written(foi::run_analyse(c.analyse, std::cout, std::cerr));
    }
    if (*c.validate_cmd) {
      load_study_into(c.validate_study, c.validate.pipeline);
      return written(foi::run_validate(c.validate, std::cout, std::cerr));
    }
  } catch (const foi::Error& e) {  // file:line:column, each one of a file of several
    for (const std::string& line : foi::error_lines(e)) fmt::print(std::cerr, "foi-contracts: {}\n", line);
    return 2;
  } catch (const std::bad_alloc&) {
    // What grows with an input is its rows' distinct texts (provider
    // spellings, cells) and, for validate and normalise, a row's width.
    fmt::print(std::cerr, "foi-contracts: out of memory: an input holds more distinct providers or wider rows than "
                          "this machine's memory allows (docs/performance.md, \"Memory\"); read fewer files at a "
                          "time, or split a national file\n");
    return 2;
  } catch (const std::exception& e) {  // foi::Error (file:line:column) and the rest alike
    // Through the stream the commands write their messages to, so that
    // the two stay in order.
    fmt::print(std::cerr, "foi-contracts: {}\n", foi::printable_what(e));
    return 2;
  }
  return 2;  // not reached: a command is required
}

}  // namespace

int main(int argc, char** argv) {
  Commands c;
  CLI::App app{"foi-contracts: analyse Freedom of Information returns about NHS mental-health contracts.\n"
               "Reads CCG returns as they arrive (any layout, encoding or delimiter), resolves providers and their\n"
               "types, and computes the figures of a study: shares by provider type, fragmentation, quality\n"
               "monitoring. Exit codes: 0 success, 1 quality gate or expected figures failed, 2 usage or input error.",
               "foi-contracts"};
  app.set_version_flag("--version", std::string("foi-contracts ") + FOI_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  foi-contracts inspect returns/08K.csv                 how one return is read\n"
      "  foi-contracts analyse returns/ --study study.toml     the study's figures beside the published ones\n"
      "  foi-contracts validate returns/ --format github       a data-quality gate for CI\n"
      "returns/ is your folder of returns, with manifest.csv at its top if you keep one (the sample:\n"
      "data/samples/bjgp2019). Run `foi-contracts COMMAND --help` for a command's options and examples.");
  c.inspect_cmd = add_inspect(app, c.inspect, c.inspect_study);
  c.normalise_cmd = add_normalise(app, c.normalise, c.normalise_study);
  c.providers_cmd = add_providers(app, c.providers, c.providers_study);
  c.analyse_cmd = add_analyse(app, c.analyse);
  c.validate_cmd = add_validate(app, c.validate, c.validate_study);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    if (code != 0) suggest(app, argc, argv);
    return code == 0 ? 0 : 2;
  }
  return run_command(c);
}

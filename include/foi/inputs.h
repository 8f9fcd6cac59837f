// The returns to read, from what the command line names: files, folders,
// pipes and standard input. A workbook is one input per sheet, and what
// cannot be read is an input that says why, so that no return is left out
// unsaid.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "foi/reader.h"
#include "foi/workbook.h"

namespace foi {

// An input copied to a temporary file (src/spool.h).
struct SpooledInput;

struct InputFile {
  std::string path;     // "-" for standard input
  std::string display;  // as named in messages
  // Bytes already read (a workbook sheet's CSV text, a workbook's bytes
  // from standard input).
  std::shared_ptr<const std::string> data;
  // Set when the input is one sheet of a workbook (display "book.xlsx[Sheet]",
  // path the workbook's).
  std::shared_ptr<const Workbook> workbook = nullptr;
  std::size_t sheet = 0;
  // Why the input could not be read (a damaged workbook, a folder that cannot be
  // entered, a device); the input is then reported unreadable.
  std::string problem = {};
  // The problem is that the input could not be opened at all (no such
  // file, no permission, a folder that cannot be entered, a device, a
  // closed stream): a usage error, as a misspelt name is, not a return
  // that failed a check.
  bool not_opened = false;
  // Standard input, copied as it comes to a temporary file that is read
  // like any other (in halves, again from a place in it) and goes with
  // the last copy of this input. (read_return_into reads a large UTF-16
  // file the same way, from a UTF-8 copy.)
  std::shared_ptr<const SpooledInput> spooled = nullptr;
  // Its place in Inputs::files, which its contracts carry (Contract::source_index).
  std::uint32_t index = 0;
  // Found in a folder rather than named: a .txt file there with no table is
  // a note or letter kept beside the returns, not a return.
  bool in_folder = false;
};

// Bytes in an input, 0 when not known (standard input not yet read).
std::size_t input_size(const InputFile& input);

// The records of one input: a file, standard input or a workbook sheet.
// Throws foi::Error when the input cannot be read.
std::unique_ptr<RecordReader> open_records(const InputFile& input);

// Files named on the command line; directories are walked (sorted) for
// .csv, .tsv, .txt, .xlsx, .xlsm, .ods and .xls files. A file that is a
// workbook by its content becomes one input per sheet. A manifest.csv at the
// top of a directory is that directory's manifest, not a return.
struct Inputs {
  std::vector<InputFile> files;
  std::string manifest;  // found in a directory, when none was given
  // Files named again (or inside a folder named too): each is read once,
  // and these are the later namings, to tell the user.
  std::vector<std::string> repeated;
  // Files of the same bytes as one before them (a month downloaded twice,
  // "08K_2014_05 (1).csv"): each with that earlier file. Both are read, as
  // two CCGs may send one spreadsheet, so the user is told.
  std::vector<std::pair<std::string, std::string>> same_bytes;
  // Files in the folders named that are of no kind a return is read as (a
  // PDF, an .xlsb, a compressed file): not read, so the user is told.
  std::vector<std::string> not_returns;
};
Inputs collect_inputs(const std::vector<std::string>& paths, const std::string& manifest_path = {});

}  // namespace foi

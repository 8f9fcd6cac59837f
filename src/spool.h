// An input's bytes where the file it names does not hold them as they are
// to be read: standard input or a pipe, copied once to a temporary file as
// it comes (a pipe gives its bytes only once, and a return is opened more
// than once: sniffed, split, read again), and a large UTF-16 file, copied
// as UTF-8 to be read in halves. An input is read from its copy when it
// has one.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "foi/inputs.h"
#include "foi/reader.h"
#include "utf.h"

namespace foi {

// A copy of an input in a temporary file: standard input, or a UTF-16
// file as UTF-8. The file is unlinked as soon as it is made and opened
// again through /proc/self/fd, so that a run stopped half way leaves
// nothing behind; where there is no /proc, it keeps its name until the
// copy goes.
struct SpooledInput {
  std::string path;  // what it is opened as
  int fd = -1;
  bool named = false;  // path is the file's own name, to be removed at the end
  SpooledInput() = default;
  SpooledInput(const SpooledInput&) = delete;
  SpooledInput& operator=(const SpooledInput&) = delete;
  ~SpooledInput();
};

// Where the input's bytes are read from when they are not in memory.
inline const std::string& source_path(const InputFile& input) {
  return input.spooled ? input.spooled->path : input.path;
}

// The input's records, read with these options (from a place in it, say).
inline std::unique_ptr<RecordReader> records_with(const InputFile& input, const ReaderOptions& options) {
  if (input.data) return std::make_unique<RecordReader>(input.display, std::string_view(*input.data), options);
  return std::make_unique<RecordReader>(source_path(input), input.display, options);
}

// A stream's bytes in a temporary file, or why they were not all kept.
struct SpooledStream {
  std::shared_ptr<const SpooledInput> copy;
  std::string problem;
};

// A stream (standard input, a pipe named as an input) copied once to a
// temporary file a megabyte at a time, to be read as a file is. A national
// file piped in (`zcat returns.csv.gz | foi-contracts analyse -`) is then
// read on both cores, its memory not growing with it. Bytes that are not
// text are copied no further than their first MiB, so that an endless
// device piped in does not fill $TMPDIR; a workbook no further than the
// workbook size limit, which then reports it. `what` names the stream in
// messages ("standard input"). Throws foi::Error when it cannot be read or
// no temporary file can be had.
SpooledStream spool_stream(int fd, const std::string& display, const std::string& what);

// A large UTF-16 file as UTF-8 in a temporary file, to be read in halves
// (copy_utf16_as_utf8), with what the copy changed; nullopt for any other
// input, or when no temporary file can be had (it is then read as it is).
struct Utf8Copy {
  InputFile input;
  Utf16Copy from;
};
std::optional<Utf8Copy> utf8_copy_of(const InputFile& input);

}  // namespace foi

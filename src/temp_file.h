// Private temporary files, in $TMPDIR (or /tmp): a copy of a workbook held
// in memory for FreeXL, which reads only files (src/xls.cc), and the
// sorted runs of a bounded duplicate check (src/repeated_hashes.cc).
#pragma once

#include <cstddef>
#include <string>

namespace foi {

struct TempFile {
  std::string path;
  int fd = -1;  // open for reading and writing; the caller closes it
};

// Where temporary files go: $TMPDIR, or /tmp. Messages name it, so that a
// user whose disk there is full knows what to change.
std::string temp_dir();

// A new file that no other file can be mistaken for, named
// <temp_dir()>/<prefix>-XXXXXX. Throws std::system_error.
TempFile make_temp_file(const std::string& prefix);

// Writes every byte, going on after a partial write or an interrupted one.
// Throws std::system_error (a full disk, say).
void write_all(int fd, const void* data, std::size_t size);

}  // namespace foi

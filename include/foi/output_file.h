// Writing the outputs' files: a file, a folder of them, or standard output
// that could not all be written is told, never left as if complete.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>

namespace foi {

// Writes a whole file, or throws Error naming it and why (a full disk, say).
void write_text_file(const std::filesystem::path& path, std::string_view text);

// Makes a folder for outputs (and its parents), or throws Error naming it and why.
void make_output_folder(const std::string& dir);

// Flushes a command's finished output (`out`, or a file it wrote); when it
// could not all be written (a full disk, say), says so on err,
// naming it, and returns false: the caller exits 2.
[[nodiscard]] bool output_written(std::ostream& out, const std::string& name, std::ostream& err);

}  // namespace foi

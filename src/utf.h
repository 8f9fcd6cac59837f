// The reader's text decoding, for the other inputs that need it (a
// workbook's XML, a large UTF-16 file copied to be read in halves): not
// part of the library's interface, which gives records already decoded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "foi/reader.h"

namespace foi {

bool is_valid_utf8(std::string_view s, std::size_t* first_bad = nullptr);
std::string cp1252_to_utf8(std::string_view s);
// Appends a code point as UTF-8.
void append_utf8(std::string& out, std::uint32_t cp);

// What copy_utf16_as_utf8() copied.
struct Utf16Copy {
  Encoding encoding = Encoding::utf16le;  // as sniffed
  long bytes = 0;                         // read from the input
  long odd_bytes = 0;  // a last byte that is half a code unit, which the reader leaves out
  long unpaired = 0;   // halves of a surrogate pair without the other, written as U+FFFD
};
// A UTF-16 input (as the reader sniffs it) written as UTF-8, after a UTF-8
// byte-order mark, to the file descriptor open_out() gives once the input
// is known to be UTF-16: the text the reader decodes from it, but for line
// ends and NULs, written as they are for a reader of the copy to read as
// the reader of the input would have. A large UTF-16 file can then be read
// in halves, which UTF-16 cannot: where a record starts in it cannot be
// told from the text decoded. nullopt, with open_out() never called, for
// any other input, or one that cannot be opened or sniffed (its reader
// says why). Throws std::system_error when the input cannot be read to
// its end or the copy cannot be written (and what open_out() throws):
// the input is then to be read as it is, its reader telling any error.
std::optional<Utf16Copy> copy_utf16_as_utf8(const std::string& path, const std::string& display_name,
                                            const std::function<int()>& open_out);

}  // namespace foi

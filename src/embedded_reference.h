// The reference tables compiled into the library (see cmake/embed.cmake).
#pragma once

#include <cstddef>
#include <string_view>

namespace foi::detail {
struct EmbeddedFile {
  std::string_view name;
  std::string_view text;
};
extern const EmbeddedFile kEmbeddedReference[];
extern const std::size_t kEmbeddedReferenceCount;
}  // namespace foi::detail

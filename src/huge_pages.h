// A national file's large tables (its duplicate tables, its values while
// they are sorted) are written all over within moments of being made, and
// the kernel hands out their memory a 4 KiB page at a time, one fault each:
// about 17,000 faults a million rows. Where the system lets a program ask
// for 2 MiB pages (transparent huge pages, "madvise" or "always"), they take
// 512 times fewer. Elsewhere the advice is ignored and nothing changes.
#pragma once

#include <sys/mman.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <type_traits>
#include <vector>

namespace foi {

// Asks for huge pages for the whole 2 MiB pages inside [p, p + bytes).
inline void advise_huge_pages(void* p, std::size_t bytes) {
#ifdef MADV_HUGEPAGE
  constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
  const auto at = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t from = (at + kHuge - 1) & ~(kHuge - 1), to = (at + bytes) & ~(kHuge - 1);
  if (to > from) ::madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE);  // advice: failing is harmless
#else
  (void)p;
  (void)bytes;
#endif
}

// An empty vector made n elements long (value-initialised), its memory
// advised before it is first written. Below 4 MiB a block seldom holds a
// whole aligned 2 MiB page, and is left as it is.
template <typename T>
void resize_on_huge_pages(std::vector<T>& v, std::size_t n) {
  v.reserve(n);
  if (n * sizeof(T) >= (std::size_t{4} << 20)) advise_huge_pages(v.data(), n * sizeof(T));
  v.resize(n);
}

// Room for n values of T, left unwritten, for a buffer that is filled at
// once (a radix sort's other half). From 2 MiB on it starts on a 2 MiB
// boundary, so that all but its last part can be huge pages: a buffer of a
// few MiB anywhere else holds one huge page or none. Its end is not
// rounded up to a huge page, which would hold up to 2 MiB more for nothing.
struct FreeMemory {
  void operator()(void* p) const { std::free(p); }
};
template <typename T>
std::unique_ptr<T[], FreeMemory> huge_buffer(std::size_t n) {
  static_assert(std::is_trivially_default_constructible_v<T> && std::is_trivially_destructible_v<T>);
  constexpr std::size_t kHuge = std::size_t{2} << 20;
  const std::size_t bytes = std::max<std::size_t>(n * sizeof(T), 1);
  void* p = nullptr;
  if (bytes >= kHuge) {
    if (::posix_memalign(&p, kHuge, bytes) != 0) p = nullptr;
    if (p) advise_huge_pages(p, bytes);
  } else {
    p = std::malloc(bytes);
  }
  if (!p) throw std::bad_alloc();
  return std::unique_ptr<T[], FreeMemory>(static_cast<T*>(p));
}

}  // namespace foi

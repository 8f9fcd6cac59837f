// Reads a return's bytes and the built-in reference through the installed
// library's public headers alone.
#include <foi/reader.h>
#include <foi/reference.h>

#include <cstdio>

int main() {
  const auto records = foi::read_all("Provider;Contract value\n\"Mind; Lambeth\";\"£1,200\"\n");
  const auto& reference = foi::builtin_reference();
  std::printf("%zu records, %zu cells, %zu CCGs\n", records.size(), records.at(1).cells.size(), reference.ccgs.size());
  return records.size() == 2 && records[1].cells.size() == 2 && reference.ccgs.size() == 211 ? 0 : 1;
}

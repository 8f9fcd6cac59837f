#include "zip.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <memory>

#include <fmt/format.h>

#include "text.h"
#include "workbook_common.h"

namespace foi::detail {

namespace {

std::uint16_t le16(std::string_view b, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) | (static_cast<unsigned char>(b[at + 1]) << 8));
}
std::uint32_t le32(std::string_view b, std::size_t at) {
  return static_cast<std::uint32_t>(le16(b, at)) | (static_cast<std::uint32_t>(le16(b, at + 2)) << 16);
}

}  // namespace

std::vector<ZipEntry> zip_directory(std::string_view b, const std::string& display, const WorkbookLimits& limits) {
  const std::string corrupt = "the workbook is damaged or incomplete (truncated?): ";
  if (b.size() < 22) fail(display, corrupt + "too short to be a zip archive");
  std::size_t lowest = b.size() > 22 + 65535 ? b.size() - 22 - 65535 : 0;
  std::size_t eocd = std::string_view::npos;
  for (std::size_t at = b.size() - 22 + 1; at-- > lowest;)
    if (b.compare(at, 4, "PK\x05\x06") == 0) {
      eocd = at;
      break;
    }
  if (eocd == std::string_view::npos) fail(display, corrupt + "the zip directory at its end is missing");
  std::uint64_t count = le16(b, eocd + 10);
  std::uint64_t dir_size = le32(b, eocd + 12), dir_offset = le32(b, eocd + 16);
  if (count == 0xFFFF || dir_offset == 0xFFFFFFFFu)
    fail(display, "the workbook is a ZIP64 archive, which only files over 4 GiB need; it is over the size limits");
  if (dir_offset + dir_size > eocd) fail(display, corrupt + "the zip directory points outside the file");
  if (count > limits.max_zip_entries)
    fail(display, fmt::format("the workbook has {} zip entries, over the limit of {}", count, limits.max_zip_entries));
  std::vector<ZipEntry> out;
  std::size_t at = static_cast<std::size_t>(dir_offset);
  std::uint64_t total = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    if (at + 46 > eocd || b.compare(at, 4, "PK\x01\x02") != 0)
      fail(display, corrupt + "a zip directory entry is broken");
    ZipEntry e;
    e.flags = le16(b, at + 8);
    e.method = le16(b, at + 10);
    e.crc = le32(b, at + 16);
    e.compressed = le32(b, at + 20);
    e.size = le32(b, at + 24);
    std::size_t name_len = le16(b, at + 28), extra_len = le16(b, at + 30), comment_len = le16(b, at + 32);
    e.local_offset = le32(b, at + 42);
    if (at + 46 + name_len > eocd) fail(display, corrupt + "a zip directory entry is broken");
    e.name = std::string(b.substr(at + 46, name_len));
    at += 46 + name_len + extra_len + comment_len;
    if (e.flags & 0x1)
      fail(display, "the workbook is encrypted (password-protected); save a copy without a password and read that");
    if (e.method != 0 && e.method != 8)
      fail(display, fmt::format("zip entry '{}' uses compression method {}, which spreadsheet programs do not write",
                                e.name, e.method));
    if (e.compressed == 0xFFFFFFFFu || e.size == 0xFFFFFFFFu || e.local_offset == 0xFFFFFFFFu)
      fail(display, fmt::format("zip entry '{}' is a ZIP64 entry (over 4 GiB); it is over the size limits", e.name));
    total += e.size;
    if (e.size > limits.max_uncompressed_bytes || total > limits.max_uncompressed_bytes)
      fail(display, fmt::format("the workbook inflates to more than {} (entry '{}' alone is {} bytes); refusing it "
                                "as a possible zip bomb",
                                mib(limits.max_uncompressed_bytes), e.name, e.size));
    out.push_back(std::move(e));
  }
  // Two members of one name: which one a program reads (the first, the
  // last) differs, and one would be dropped without a word.
  std::vector<std::string_view> names;
  for (const ZipEntry& e : out) names.push_back(e.name);
  std::sort(names.begin(), names.end());
  if (auto twice = std::adjacent_find(names.begin(), names.end()); twice != names.end())
    fail(display, fmt::format("the workbook is damaged or ambiguous: its zip archive holds two members named '{}', "
                              "and which one is read is not said; open it in a spreadsheet program and save it again",
                              text::printable(*twice)));
  return out;
}

void check_entry(std::string_view b, const ZipEntry& e, const std::string& display, std::string* keep) {
  const std::string corrupt = fmt::format("the workbook is damaged (zip entry '{}'", e.name);
  std::size_t at = static_cast<std::size_t>(e.local_offset);
  if (at + 30 > b.size() || b.compare(at, 4, kZipMagic) != 0)
    fail(display, corrupt + " is missing; truncated?)");
  std::size_t name_len = le16(b, at + 26), extra_len = le16(b, at + 28);
  bool descriptor = le16(b, at + 6) & 0x8;
  if (!descriptor && (le32(b, at + 18) != e.compressed || le32(b, at + 22) != e.size))
    fail(display, corrupt + ": its two headers disagree on its size)");
  std::size_t data = at + 30 + name_len + extra_len;
  if (data > b.size() || e.compressed > b.size() - data) fail(display, corrupt + " is cut short; truncated?)");
  std::string_view in = b.substr(data, static_cast<std::size_t>(e.compressed));
  std::uint64_t produced = 0;
  uLong crc = crc32(0L, Z_NULL, 0);
  if (keep) keep->clear();
  auto take = [&](const char* p, std::size_t n) {
    produced += n;
    if (produced > e.size)
      fail(display, fmt::format("the workbook is damaged or hostile: zip entry '{}' inflates to more than the {} bytes "
                                "its headers declare",
                                e.name, e.size));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(p), static_cast<uInt>(n));
    if (keep) keep->append(p, n);
  };
  if (e.method == 0) {
    take(in.data(), in.size());
  } else {
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) fail(display, "cannot start zlib");
    std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&z, inflateEnd);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    std::array<char, 1 << 16> out;
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
      z.next_out = reinterpret_cast<Bytef*>(out.data());
      z.avail_out = static_cast<uInt>(out.size());
      rc = inflate(&z, Z_NO_FLUSH);
      if (rc != Z_OK && rc != Z_STREAM_END) fail(display, corrupt + " does not inflate; truncated or corrupt)");
      std::size_t n = out.size() - z.avail_out;
      take(out.data(), n);
      if (rc == Z_OK && n == 0 && z.avail_in == 0) fail(display, corrupt + " is cut short; truncated?)");
    }
  }
  if (produced != e.size) fail(display, corrupt + ": it is shorter than its header says)");
  if (crc != e.crc) fail(display, corrupt + ": its checksum does not match)");
}

std::string with_members(std::string_view b, const std::vector<ZipEntry>& entries,
                         const std::map<std::string, std::string, std::less<>>& replaced) {
  auto put16 = [](std::string& out, std::uint32_t v) {
    out += static_cast<char>(v & 0xFF);
    out += static_cast<char>((v >> 8) & 0xFF);
  };
  auto put32 = [&](std::string& out, std::uint32_t v) {
    put16(out, v & 0xFFFF);
    put16(out, v >> 16);
  };
  std::string out, directory;
  for (const auto& e : entries) {
    const auto replacement = replaced.find(e.name);
    std::string_view data;
    std::uint32_t crc = e.crc, size = static_cast<std::uint32_t>(e.size);
    std::uint16_t method = e.method;
    if (replacement != replaced.end()) {
      data = replacement->second;
      crc = static_cast<std::uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(data.data()),
                                             static_cast<uInt>(data.size())));
      size = static_cast<std::uint32_t>(data.size());
      method = 0;
    } else {
      // check_entry() has read every member: its header and data are there.
      const auto at = static_cast<std::size_t>(e.local_offset);
      data = b.substr(at + 30 + le16(b, at + 26) + le16(b, at + 28), static_cast<std::size_t>(e.compressed));
    }
    const auto offset = static_cast<std::uint32_t>(out.size());
    for (std::string* h : {&out, &directory}) {
      const bool central = h == &directory;
      put32(*h, central ? 0x02014b50 : 0x04034b50);
      if (central) put16(*h, 20);  // version made by
      put16(*h, 20);               // version needed
      put16(*h, e.flags & ~0x8u);  // sizes are in the headers: no data descriptor
      put16(*h, method);
      put16(*h, 0);     // time
      put16(*h, 0x21);  // date: 1 January 1980
      put32(*h, crc);
      put32(*h, static_cast<std::uint32_t>(data.size()));
      put32(*h, size);
      put16(*h, static_cast<std::uint32_t>(e.name.size()));
      put16(*h, 0);  // extra field
      if (central) {
        put16(*h, 0);  // comment
        put16(*h, 0);  // disk
        put16(*h, 0);  // internal attributes
        put32(*h, 0);  // external attributes
        put32(*h, offset);
      }
      *h += e.name;
    }
    out += data;
  }
  const auto directory_offset = static_cast<std::uint32_t>(out.size());
  out += directory;
  put32(out, 0x06054b50);
  put16(out, 0);
  put16(out, 0);
  put16(out, static_cast<std::uint32_t>(entries.size()));
  put16(out, static_cast<std::uint32_t>(entries.size()));
  put32(out, static_cast<std::uint32_t>(directory.size()));
  put32(out, directory_offset);
  put16(out, 0);
  return out;
}

}  // namespace foi::detail

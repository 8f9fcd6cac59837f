#include "foi/reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <array>
#include <cerrno>
#include <cstring>
#include <deque>
#include <functional>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "temp_file.h"
#include "text.h"
#include "utf.h"

namespace foi {

const char* to_string(Encoding e) {
  switch (e) {
    case Encoding::utf8: return "UTF-8";
    case Encoding::utf8_bom: return "UTF-8 with BOM";
    case Encoding::utf16le: return "UTF-16 LE with BOM";
    case Encoding::utf16be: return "UTF-16 BE with BOM";
    case Encoding::utf16le_no_bom: return "UTF-16 LE without BOM (guessed)";
    case Encoding::utf16be_no_bom: return "UTF-16 BE without BOM (guessed)";
  }
  return "?";
}

std::string describe_line_ends(const ReadStats& s) {
  int kinds = (s.lf > 0) + (s.crlf > 0) + (s.cr > 0);
  if (kinds == 0) return "none";
  if (kinds == 1) return s.lf ? "LF" : s.crlf ? "CRLF" : "CR";
  return fmt::format("mixed (LF {}, CRLF {}, CR {})", s.lf, s.crlf, s.cr);
}

std::string describe_delimiter(char d) {
  switch (d) {
    case ',': return "comma";
    case ';': return "semicolon";
    case '\t': return "tab";
    case '|': return "pipe";
  }
  return fmt::format("'{}'", d);
}

bool is_valid_utf8(std::string_view s, std::size_t* first_bad) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t n = s.size(), i = 0;
  while (i < n) {
    // Most FOI text is ASCII: skipped sixteen bytes a step, to its next other byte.
    if (i + 16 <= n || n >= 16) {
      // The last bytes through the text's last sixteen, those before i shifted out.
      const bool last = i + 16 > n;
      unsigned high = last ? text::high_mask(s.data() + n - 16) >> (16 - (n - i)) : text::high_mask(s.data() + i);
      if (high == 0) {
        if (last) break;
        i += 16;
        continue;
      }
      i += static_cast<std::size_t>(std::countr_zero(high));
    } else if (p[i] < 0x80) {
      ++i;
      continue;
    }
    unsigned char c = p[i];
    std::size_t len;
    std::uint32_t cp;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else { if (first_bad) *first_bad = i; return false; }
    if (i + len > n) { if (first_bad) *first_bad = i; return false; }
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) { if (first_bad) *first_bad = i; return false; }
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      if (first_bad) *first_bad = i;
      return false;
    }
    i += len;
  }
  return true;
}

namespace {

// Writes a code point as UTF-8 at w; returns the end of what it wrote.
char* put_utf8(char* w, std::uint32_t cp) {
  if (cp < 0x80) {
    *w++ = static_cast<char>(cp);
  } else if (cp < 0x800) {
    *w++ = static_cast<char>(0xC0 | (cp >> 6));
    *w++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *w++ = static_cast<char>(0xE0 | (cp >> 12));
    *w++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *w++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *w++ = static_cast<char>(0xF0 | (cp >> 18));
    *w++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *w++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *w++ = static_cast<char>(0x80 | (cp & 0x3F));
  }
  return w;
}

}  // namespace

void append_utf8(std::string& out, std::uint32_t cp) {
  char bytes[4];
  out.append(bytes, put_utf8(bytes, cp));
}

namespace {

// Windows-1252 bytes 0x80-0x9F; the five undefined ones map to themselves
// (as C1 controls) so that no byte is lost.
constexpr std::array<std::uint16_t, 32> kCp1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

}  // namespace

std::string cp1252_to_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 4);
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) out += ch;
    else if (c < 0xA0) append_utf8(out, kCp1252High[c - 0x80]);
    else append_utf8(out, c);
  }
  return out;
}

namespace {

// Raw bytes from a file descriptor or from memory.
struct RawInput {
  int fd = -1;
  bool owns_fd = false;
  std::string_view memory;
  std::string name;

  RawInput() = default;
  RawInput(RawInput&& o) noexcept
      : fd(std::exchange(o.fd, -1)), owns_fd(o.owns_fd), memory(o.memory), name(std::move(o.name)) {}
  RawInput& operator=(RawInput&&) = delete;
  ~RawInput() {
    if (owns_fd && fd >= 0) ::close(fd);
  }

  std::size_t read(char* buf, std::size_t n) {
    if (fd < 0) {
      std::size_t k = std::min(n, memory.size());
      std::memcpy(buf, memory.data(), k);
      memory.remove_prefix(k);
      return k;
    }
    std::size_t got = 0;
    while (got < n) {
      ssize_t r = ::read(fd, buf + got, n - got);
      if (r < 0) {
        if (errno == EINTR) continue;
        throw Error({name, 0, 0}, fmt::format("cannot read: {}", std::strerror(errno)));
      }
      if (r == 0) break;
      got += static_cast<std::size_t>(r);
    }
    return got;
  }
};

// Bytes with room to grow that are not cleared when they grow: a reader's
// buffers are written by read() before they are read, and a study reads a
// few hundred small returns, each of which would otherwise clear half a
// megabyte of buffers it never fills (a third of the work of the bundled
// sample's `analyse`).
class ByteBuffer {
 public:
  explicit ByteBuffer(std::size_t size = 0) { resize(size); }
  explicit ByteBuffer(std::string_view bytes) : ByteBuffer(bytes.size()) {
    if (!bytes.empty()) std::memcpy(data(), bytes.data(), bytes.size());
  }
  char* data() { return bytes_.get(); }
  const char* data() const { return bytes_.get(); }
  std::size_t size() const { return size_; }
  char operator[](std::size_t i) const { return bytes_[i]; }
  // Bytes past the old size are left as they were: write them before reading.
  void resize(std::size_t n) {
    if (n > capacity_) {
      auto grown = std::make_unique_for_overwrite<char[]>(n);
      if (size_ > 0) std::memcpy(grown.get(), bytes_.get(), size_);
      bytes_ = std::move(grown);
      capacity_ = n;
    }
    size_ = n;
  }

 private:
  std::unique_ptr<char[]> bytes_;
  std::size_t size_ = 0, capacity_ = 0;
};

// What the decoder counted; complete once the input is exhausted.
struct DecodeCounters {
  long nul = 0, bytes = 0, odd = 0, unpaired = 0;
  // Where the first NUL dropped from 8-bit text was, in the decoded text:
  // for the line that held it to be told. Spent once told.
  std::uint64_t first_nul_at = UINT64_MAX;
  bool ends_with_newline = false;
  // Where 8-bit text stops matching its bytes one for one, in order: a NUL
  // dropped, a lone CR written as three bytes ("\r\r\n"). From decoded
  // offset `at` on (a NUL: past it; a CR: inside the three bytes, where no
  // record starts), raw offsets are `shift` from decoded ones, with `nul`
  // NULs dropped before. A record starting just after a dropped NUL starts
  // at it: the NUL is that record's. Up to kMaxShifts; past them no offset
  // can be told.
  struct Shift {
    std::uint64_t at = 0;
    long shift = 0, nul = 0;
  };
  static constexpr std::size_t kMaxShifts = std::size_t{1} << 16;
  std::vector<Shift> shifts;
  bool shifts_lost = false;
  void add_shift(std::uint64_t at, long by, long nuls) {
    if (shifts_lost) return;
    if (shifts.size() == kMaxShifts) {
      shifts_lost = true;
      std::vector<Shift>().swap(shifts);
      return;
    }
    const Shift last = shifts.empty() ? Shift{} : shifts.back();
    shifts.push_back({at, last.shift + by, last.nul + nuls});
  }
  // The shift in force at decoded offset d, if any.
  const Shift* shift_at(std::uint64_t d) const {
    auto it = std::lower_bound(shifts.begin(), shifts.end(), d, [](const Shift& s, std::uint64_t v) { return s.at < v; });
    return it == shifts.begin() ? nullptr : &*(it - 1);
  }
};

// One code point of UTF-16 from p, where `have` bytes (2 or more) are:
// the bytes it took (2, or 4 for a surrogate pair), or 0 when p is a pair's
// high half whose low half is in bytes still to come. A half of a pair
// without the other is U+FFFD, counted in `unpaired`: the text had a
// character there that is lost.
std::size_t utf16_at(const unsigned char* p, std::size_t have, bool little_endian, bool more_to_come,
                     std::uint32_t& cp, long& unpaired) {
  const auto unit = [&](std::size_t i) -> std::uint32_t {
    return little_endian ? (p[i] | (p[i + 1] << 8u)) : ((p[i] << 8u) | p[i + 1]);
  };
  const std::uint32_t u = unit(0);
  if (u >= 0xD800 && u <= 0xDBFF) {
    if (have < 4 && more_to_come) return 0;
    const std::uint32_t lo = have >= 4 ? unit(2) : 0;
    if (lo >= 0xDC00 && lo <= 0xDFFF) {
      cp = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
      return 4;
    }
    cp = 0xFFFD;
    ++unpaired;
    return 2;
  }
  if (u >= 0xDC00 && u <= 0xDFFF) {
    cp = 0xFFFD;
    ++unpaired;
  } else {
    cp = u;
  }
  return 2;
}

// The first CR or NUL in [p, end), or end: these are the only bytes the
// 8-bit path must act on, so it looks for them sixteen bytes at a time.
// A loop of its own on pointers rather than text::find_either: it measured
// 1.5% faster reading the benchmark file (in alternation, five runs each).
const char* find_cr_or_nul(const char* p, const char* end) {
  for (; end - p >= 16; p += 16)
    if (unsigned m = text::mask_of(p, '\r', '\0')) return p + std::countr_zero(m);
  while (p < end && *p != '\r' && *p != '\0') ++p;
  return p;
}

// Turns the raw bytes into UTF-8 (for UTF-16 inputs) or passes 8-bit text
// through, dropping NUL bytes and rewriting line ends so that every line
// ends in LF and says how it ended: CRLF as "\r\n", a lone CR as "\r\r\n".
// No other CR passes, so the line layer reads the line end back from the
// CRs before the LF. read() fills the buffer unless the input is exhausted.
class Decoder {
 public:
  Decoder(RawInput raw, std::string head, std::size_t skip, Encoding enc, DecodeCounters* counters)
      : raw_(std::move(raw)), chunk_(std::move(head)), pos_(skip), counters_(counters) {
    counters_->bytes = static_cast<long>(chunk_.size());
    wide_ = enc != Encoding::utf8 && enc != Encoding::utf8_bom;
    little_endian_ = enc == Encoding::utf16le || enc == Encoding::utf16le_no_bom;
  }

  std::size_t read(char* out, std::size_t n) {
    std::size_t k = 0;
    while (k < n) {
      if (decoded_pos_ < decoded_.size()) {
        std::size_t take = std::min(n - k, decoded_.size() - decoded_pos_);
        std::memcpy(out + k, decoded_.data() + decoded_pos_, take);
        k += take;
        decoded_pos_ += take;
        if (decoded_pos_ == decoded_.size()) {
          decoded_.clear();
          decoded_pos_ = 0;
        }
        continue;
      }
      if (!wide_ && !pending_cr_ && !eof_ && pos_ == chunk_.size()) {
        // 8-bit text is read straight into the caller's buffer and checked
        // there for the CRs and NULs it must rewrite: one copy of every byte
        // fewer. Whatever follows the first of them goes the rewriting way.
        const std::size_t got = raw_.read(out + k, n - k);
        counters_->bytes += static_cast<long>(got);
        if (got == 0) {
          eof_ = true;
          continue;
        }
        const char* stop = find_cr_or_nul(out + k, out + k + got);
        const auto clean = static_cast<std::size_t>(stop - (out + k));
        if (clean < got) {
          chunk_.resize(got - clean);
          std::memcpy(chunk_.data(), stop, got - clean);
          pos_ = 0;
        }
        k += clean;
        continue;
      }
      if (chunk_.size() - pos_ < (wide_ ? 4u : 1u) && !refill()) {
        if (pending_cr_) {
          pending_cr_ = false;
          k = emit_line_end(out, k, n, false);
          continue;
        }
        break;
      }
      if (wide_) decode_utf16();
      else k = pass_8bit(out, k, n);
    }
    if (k > 0) counters_->ends_with_newline = out[k - 1] == '\n';
    decoded_before_ += k;
    return k;
  }

 private:
  // Moves the unread tail to the front and reads more; false when nothing is left.
  bool refill() {
    std::size_t rest = chunk_.size() - pos_;
    if (eof_) {
      if (rest == 0) return false;
      if (!wide_ || rest >= 2) return true;  // decode what is left
      ++counters_->odd;  // a lone trailing byte of UTF-16 cannot be decoded
      pos_ = chunk_.size();
      return false;
    }
    if (rest > 0) std::memmove(chunk_.data(), chunk_.data() + pos_, rest);
    chunk_.resize(rest + kChunk);
    std::size_t got = raw_.read(chunk_.data() + rest, kChunk);
    counters_->bytes += static_cast<long>(got);
    chunk_.resize(rest + got);
    pos_ = 0;
    if (got == 0) eof_ = true;
    std::size_t available = rest + got;
    if (available == 0) return false;
    if (wide_ && available < 2) {
      if (!eof_) return true;
      ++counters_->odd;
      pos_ = chunk_.size();
      return false;
    }
    return true;
  }

  std::size_t emit_line_end(char* out, std::size_t k, std::size_t n, bool crlf) {
    if (!crlf) counters_->add_shift(decoded_before_ + k + 1, -2, 0);
    std::string_view e = crlf ? std::string_view("\r\n") : std::string_view("\r\r\n");
    std::size_t direct = std::min(n - k, e.size());
    std::memcpy(out + k, e.data(), direct);
    decoded_.append(e.substr(direct));
    return k + direct;
  }

  std::size_t pass_8bit(char* out, std::size_t k, std::size_t n) {
    const char* p = chunk_.data() + pos_;
    const char* end = chunk_.data() + chunk_.size();
    while (p < end && k < n && decoded_.empty()) {
      if (pending_cr_) {
        pending_cr_ = false;
        bool crlf = *p == '\n';
        if (crlf) ++p;
        k = emit_line_end(out, k, n, crlf);
        continue;
      }
      // Copy the run up to the next CR or NUL in one go.
      const char* limit = p + std::min<std::size_t>(static_cast<std::size_t>(end - p), n - k);
      const char* stop = find_cr_or_nul(p, limit);
      std::size_t run = static_cast<std::size_t>(stop - p);
      std::memcpy(out + k, p, run);
      k += run;
      p = stop;
      if (p < limit) {
        if (*p == '\r') {
          pending_cr_ = true;
        } else {
          if (counters_->nul++ == 0) counters_->first_nul_at = decoded_before_ + k;
          counters_->add_shift(decoded_before_ + k, 1, 1);
        }
        ++p;
      }
    }
    pos_ = static_cast<std::size_t>(p - chunk_.data());
    return k;
  }

  // Decodes the whole chunk into decoded_, leaving an incomplete tail.
  void decode_utf16() {
    while (pos_ + 1 < chunk_.size()) {
      std::uint32_t u = 0;
      const std::size_t used = utf16_at(reinterpret_cast<const unsigned char*>(chunk_.data()) + pos_,
                                        chunk_.size() - pos_, little_endian_, !eof_, u, counters_->unpaired);
      if (used == 0) break;  // the low half is in the next chunk
      pos_ += used;
      if (pending_cr_) {
        pending_cr_ = false;
        decoded_ += u == '\n' ? "\r\n" : "\r\r\n";
        if (u == '\n') continue;
      }
      if (u == '\r') {
        pending_cr_ = true;
      } else if (u == 0) {
        ++counters_->nul;
      } else {
        append_utf8(decoded_, u);
      }
    }
    if (eof_ && pos_ + 1 == chunk_.size()) {
      ++counters_->odd;  // half a code unit at the end
      pos_ = chunk_.size();
    }
  }

  static constexpr std::size_t kChunk = 256u << 10;
  RawInput raw_;
  ByteBuffer chunk_;
  std::size_t pos_ = 0;
  std::string decoded_;
  std::size_t decoded_pos_ = 0;
  DecodeCounters* counters_;
  std::uint64_t decoded_before_ = 0;  // bytes handed out by read() before
  bool wide_ = false;
  bool little_endian_ = true;
  bool pending_cr_ = false;
  bool eof_ = false;
};

// Splits the decoded text into LF-terminated lines in one buffer that grows
// only for a long line: memory is bounded by the longest line, not the file.
// A line is handed out as a view, valid until the next call.
class LineSplitter {
 public:
  static constexpr std::size_t kMaxLine = 16u << 20;

  LineSplitter(std::unique_ptr<Decoder> source, long lines_before)
      : source_(std::move(source)), buffer_(kInitial), lines_(lines_before) {}

  bool next(std::string_view& line) {
    overlong_ = false;
    for (;;) {
      if (const void* nl = std::memchr(buffer_.data() + begin_, '\n', end_ - begin_)) {
        auto at = static_cast<std::size_t>(static_cast<const char*>(nl) - buffer_.data());
        line = std::string_view(buffer_.data() + begin_, at - begin_);
        begin_ = at + 1;
        return counted(line);
      }
      if (eof_) {
        if (begin_ == end_ && !skipping_) return false;
        line = std::string_view(buffer_.data() + begin_, end_ - begin_);  // the last line has no line end
        begin_ = end_;
        return counted(line);
      }
      fill();
    }
  }

  long lines() const { return lines_; }
  // The line last handed out was longer than kMaxLine: it is handed out
  // empty, its bytes passed over, so that the lines after it are still read.
  bool overlong() const { return overlong_; }
  // Decoded bytes handed out as lines so far.
  std::uint64_t consumed() const { return base_ + begin_; }

 private:
  void fill() {
    if (begin_ > 0) {
      base_ += begin_;
      std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    if (end_ == buffer_.size()) {
      if (buffer_.size() >= kMaxLine) {
        skipping_ = true;  // until its line end: the line's bytes so far go
        base_ += end_;
        end_ = 0;
      } else {
        buffer_.resize(std::min(buffer_.size() * 2, kMaxLine));
      }
    }
    std::size_t got = source_->read(buffer_.data() + end_, buffer_.size() - end_);
    end_ += got;
    if (got == 0) eof_ = true;
  }

  bool counted(std::string_view& line) {
    ++lines_;
    if (skipping_) [[unlikely]] {
      skipping_ = false;
      overlong_ = true;
      line = {};
    }
    return true;
  }

  static constexpr std::size_t kInitial = 256u << 10;
  std::unique_ptr<Decoder> source_;
  ByteBuffer buffer_;
  std::size_t begin_ = 0, end_ = 0;
  std::uint64_t base_ = 0;  // decoded offset of buffer_[0]
  long lines_ = 0;
  bool eof_ = false;
  bool skipping_ = false, overlong_ = false;
};

namespace {

// A web page: what a finance system's "export to Excel" often writes, under
// an .xls or .csv name. Its table is HTML markup, which no CSV reading can
// make rows of.
void refuse_web_page(std::string_view text, const std::string& name) {
  const std::size_t at = text.find_first_not_of(" \t\r\n");
  if (at == std::string_view::npos) return;
  std::string start(text.substr(at, 14));
  for (char& c : start) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view tag : {"<!doctype html", "<html", "<table", "<head", "<body"})
    if (start.starts_with(tag))
      throw Error({name, 1, 0}, "this is a web page (HTML), not CSV text, whatever its name says; open it in a "
                                "spreadsheet program and save it as CSV (UTF-8)");
  // Excel 2003's XML spreadsheet, which finance systems still export under
  // an .xls name: a workbook, but one no reader here takes.
  if (start.starts_with("<?xml") || start.starts_with("<workbook")) {
    const std::string_view head = text.substr(at, 4096);
    const bool spreadsheet_ml = head.find("urn:schemas-microsoft-com:office:spreadsheet") != std::string_view::npos ||
                                head.find("progid=\"Excel.Sheet\"") != std::string_view::npos;
    throw Error({name, 1, 0},
                spreadsheet_ml ? "this is an Excel 2003 XML spreadsheet (SpreadsheetML), not CSV text, whatever its "
                                 "name says; open it in a spreadsheet program and save it as .xlsx or CSV (UTF-8)"
                               : "this is an XML document, not CSV text, whatever its name says; export the table "
                                 "as CSV (UTF-8) or .xlsx");
  }
}

}  // namespace

Encoding sniff_encoding(std::string_view head, std::size_t& skip, const std::string& name) {
  auto starts = [&](std::string_view magic) { return head.substr(0, magic.size()) == magic; };
  skip = 0;
  if (starts("\xEF\xBB\xBF")) {
    skip = 3;
    refuse_web_page(head.substr(3), name);
    return Encoding::utf8_bom;
  }
  if (starts("\xFF\xFE")) { skip = 2; return Encoding::utf16le; }
  if (starts("\xFE\xFF")) { skip = 2; return Encoding::utf16be; }
  if (starts("PK\x03\x04"))
    throw Error({name, 1, 0},
                "this is a zip container (an .xlsx or .ods workbook), not CSV text; "
                "open it in a spreadsheet program and save each sheet as CSV (UTF-8)");
  if (starts("\xD0\xCF\x11\xE0"))
    throw Error({name, 1, 0},
                "this is a legacy Excel .xls workbook, not CSV text; "
                "open it in a spreadsheet program and save each sheet as CSV (UTF-8)");
  // A PDF's text after its first line can pass for text with odd line ends.
  if (starts("%PDF-"))
    throw Error({name, 1, 0},
                "this is a PDF, not CSV text: save its table as CSV (UTF-8), or ask the CCG for the return as a "
                "spreadsheet");
  std::size_t pairs = head.size() / 2, even0 = 0, odd0 = 0;
  for (std::size_t i = 0; i + 1 < head.size(); i += 2) {
    even0 += head[i] == '\0';
    odd0 += head[i + 1] == '\0';
  }
  if (pairs >= 2) {
    if (odd0 * 10 >= pairs * 4 && even0 * 20 <= pairs) return Encoding::utf16le_no_bom;
    if (even0 * 10 >= pairs * 4 && odd0 * 20 <= pairs) return Encoding::utf16be_no_bom;
  }
  std::size_t control = 0;
  for (char ch : head) {
    auto c = static_cast<unsigned char>(ch);
    control += c < 0x09 || (c > 0x0D && c < 0x20 && c != 0x1B) || c == 0x7F;
  }
  if (control > 4 && control * 10 > head.size())
    throw Error({name, 1, 0},
                fmt::format("this file is not text ({} of its first {} bytes are control bytes); "
                            "if it is a PDF or a word-processor document, save its table as CSV (UTF-8); if it is "
                            "a workbook, give it its .xlsx, .xlsm, .ods or .xls name",
                            control, head.size()));
  refuse_web_page(head, name);
  return Encoding::utf8;
}

enum class LineEnd { none, lf, crlf, cr };

// A physical line: a view into the line splitter's buffer while it is
// being parsed, its own copy once it must outlive the next line (sniffing,
// a multi-line record) or was converted from Windows-1252.
struct Line {
  std::string_view view;
  std::string storage;
  bool owned = false;
  long number = 0;
  std::uint64_t offset = 0;  // of its first byte in the decoded text
  LineEnd end = LineEnd::none;
  bool literal_quotes = false;
  bool counted = false;  // in the reader's counts already (read again after a quote that never closed)
  bool overlong = false;  // longer than LineSplitter::kMaxLine: handed out empty

  std::string_view text() const { return owned ? std::string_view(storage) : view; }
  void own() {
    if (owned) return;
    storage.assign(view);
    owned = true;
  }
  void replace(std::string s) {
    storage = std::move(s);
    owned = true;
  }
};

std::string_view text_of(LineEnd e) {
  switch (e) {
    case LineEnd::crlf: return "\r\n";
    case LineEnd::cr: return "\r";
    default: return "\n";
  }
}

constexpr char kCandidates[] = {',', ';', '\t', '|'};

// Chooses the delimiter whose count per line is the most consistent across
// the first lines; preamble lines (no delimiter) do not vote.
char sniff_delimiter(const std::deque<Line>& lines) {
  // Each candidate's count on each line (a quoted line break joins lines),
  // all four in one pass: where quotes open and close is the same for all.
  constexpr std::size_t kCount = sizeof kCandidates;
  std::array<std::vector<long>, kCount> per_line;
  std::array<long, kCount> count{};
  bool in_quotes = false;
  for (const auto& line : lines) {
    for (char c : line.text()) {
      if (c == '"') {
        in_quotes = !in_quotes;
      } else if (!in_quotes) {
        for (std::size_t k = 0; k < kCount; ++k) count[k] += c == kCandidates[k];
      }
    }
    if (!in_quotes) {
      for (std::size_t k = 0; k < kCount; ++k) {
        if (count[k] > 0) per_line[k].push_back(count[k]);
        count[k] = 0;
      }
    }
  }
  char best = ',';
  long best_score = -1;
  for (std::size_t k = 0; k < kCount; ++k) {
    const char d = kCandidates[k];
    const std::vector<long>& counts = per_line[k];
    if (counts.empty()) continue;
    std::vector<long> sorted = counts;
    std::sort(sorted.begin(), sorted.end());
    long mode = sorted[0], mode_n = 0;
    for (std::size_t i = 0; i < sorted.size();) {
      std::size_t j = i;
      while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
      if (static_cast<long>(j - i) >= mode_n) { mode_n = static_cast<long>(j - i); mode = sorted[i]; }
      i = j;
    }
    long score = mode_n * 1000 + std::min(mode, 999L);
    if (score > best_score) { best_score = score; best = d; }
  }
  return best;
}

struct ParseState {
  bool in_quotes = false;
  bool at_cell_start = true;
  long quote_column = 0;
  std::size_t quote_open = 0;  // where the open quoted cell's opening quote is in the record's text
  // Text right after a quote that closed a cell opened on an earlier line
  // ("...\nC Ltd,"Beds"): the quote that closed it opened another cell, and
  // one before went missing. Its column, or 0.
  long closed_before_text = 0;
  std::uint32_t cell_begin = 0;  // where the current cell starts in the record's text
  std::uint32_t write = 0;       // where its next byte goes: unquoting only ever moves text back
};

// Parses the record's text from `from` on, where its latest line starts
// (or, inside a quoted cell, the line end before it), into cells, in place
// (RFC 4180 with the leniency of spreadsheet programs: spaces before an
// opening quote are ignored, text after a closing quote is kept, a stray
// quote inside a cell is literal). Leaves state.in_quotes set when the
// text ends inside a quoted cell.
void parse_text(Cells& cells, std::size_t from, char d, bool literal_quotes, ParseState& st) {
  std::string& t = cells.text;
  const std::size_t size = t.size();
  auto keep = [&](std::size_t a, std::size_t b) {  // the cell's text [a, b), moved back if need be
    if (st.write != a) std::memmove(t.data() + st.write, t.data() + a, b - a);
    st.write += static_cast<std::uint32_t>(b - a);
  };
  std::size_t i = from;
  for (;;) {
    if (st.in_quotes) {
      std::size_t j = text::find_byte(t, i, '"');
      if (j == std::string::npos) {
        keep(i, size);
        return;
      }
      keep(i, j);
      if (j + 1 < size && t[j + 1] == '"') {
        t[st.write++] = '"';
        i = j + 2;
        continue;
      }
      st.in_quotes = false;
      st.at_cell_start = false;
      if (st.quote_open < from && j + 1 < size && t[j + 1] != d && t[j + 1] != ' ')
        st.closed_before_text = st.quote_column;
      i = j + 1;
    } else if (st.at_cell_start) {
      std::size_t j = i;
      while (j < size && t[j] == ' ') ++j;
      st.at_cell_start = false;
      if (!literal_quotes && j < size && t[j] == '"') {
        st.in_quotes = true;
        st.quote_column = static_cast<long>(cells.spans.size() + 1);
        st.quote_open = j;
        i = j + 1;
      }
    } else {
      std::size_t j = text::find_byte(t, i, d);
      if (j == std::string::npos) {
        keep(i, size);
        return;
      }
      keep(i, j);
      cells.spans.push_back({st.cell_begin, st.write - st.cell_begin});
      st.cell_begin = st.write = static_cast<std::uint32_t>(j + 1);
      st.at_cell_start = true;
      i = j + 1;
    }
  }
}

// Bits set from each quote up to the next (the opening quote in, the
// closing one out): which of a word's bytes a quote pair encloses.
std::uint64_t inside_quotes(std::uint64_t quotes) {
  for (int shift = 1; shift < 64; shift <<= 1) quotes ^= quotes << shift;
  return quotes;
}

// The masks of n <= 64 bytes from p. The `before` bytes before p are the
// text's too: a last block shorter than sixteen bytes is read as the
// sixteen that end where the text ends, its mask shifted to drop those
// before it. Only a text shorter than sixteen bytes is copied out first,
// the bytes past its end read as zeros and their bits cleared (a copy
// read back at once waits on its stores, for every line).
struct WordMasks {
  std::uint64_t delimiters = 0, quotes = 0, high = 0;
};
WordMasks word_masks(const char* p, std::size_t n, char d, std::size_t before) {
  WordMasks m;
  auto block = [&](const char* b, unsigned shift_out, std::size_t at) {
    m.delimiters |= std::uint64_t{text::mask_of(b, d, d) >> shift_out} << at;
    m.quotes |= std::uint64_t{text::mask_of(b, '"', '"') >> shift_out} << at;
    m.high |= std::uint64_t{text::high_mask(b) >> shift_out} << at;
  };
  if (n + before >= 16) {
    std::size_t at = 0;
    for (; at + 16 <= n; at += 16) block(p + at, 0, at);
    if (at < n) block(p + n - 16, static_cast<unsigned>(16 - (n - at)), at);
    return m;
  }
  alignas(16) char pad[16] = {};
  std::memcpy(pad, p, n);
  block(pad, 0, 0);
  const std::uint64_t in = (std::uint64_t{1} << n) - 1;
  m.delimiters &= in;
  m.quotes &= in;
  m.high &= in;
  return m;
}

// Splits a one-line record whose quoting is regular (every quote opens a
// cell or closes it just before a delimiter or the line end, none doubled)
// from the masks of its bytes, a word of 64 at a time, rather than cell by
// cell: most rows of a national file are such lines. Returns false for any
// other line (a stray or doubled quote, spaces before a quote, a quoted
// cell going on to the next line), which parse_text() reads. `high` is set
// to where the line's first byte that is not ASCII is, its size when it has
// none, or 0 when the line is left to parse_text() unread (a space or quote
// as the delimiter).
bool split_regular(Cells& cells, char d, std::size_t& high) {
  const std::string& t = cells.text;
  const std::size_t n = t.size();
  cells.spans.clear();
  high = 0;
  // A quote or a space as the delimiter: the quote rules and the spaces
  // skipped before an opening quote take the delimiter's bytes too.
  if (d == '"' || d == ' ') return false;
  high = n;
  std::uint64_t inside = 0;  // all ones when the word before ended inside quotes
  std::size_t quotes = 0, quoted_cells = 0;
  bool regular = true;
  std::size_t begin = 0;
  auto cell = [&](std::size_t end) {
    if (end > begin && t[begin] == '"') {
      regular &= end - begin >= 2 && t[end - 1] == '"';
      ++quoted_cells;
      cells.spans.push_back({static_cast<std::uint32_t>(begin + 1), static_cast<std::uint32_t>(end - begin - 2)});
    } else {
      cells.spans.push_back({static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end - begin)});
    }
    begin = end + 1;
  };
  for (std::size_t base = 0; base < n; base += 64) {
    WordMasks m = word_masks(t.data() + base, std::min<std::size_t>(64, n - base), d, base);
    if (m.high && high == n) high = base + static_cast<std::size_t>(std::countr_zero(m.high));
    std::uint64_t ends = m.delimiters;
    if (m.quotes) {
      for (std::uint64_t q = m.quotes; q; q &= q - 1) ++quotes;  // a few a word: no popcount call
      std::uint64_t in = inside_quotes(m.quotes) ^ inside;
      inside = static_cast<std::uint64_t>(static_cast<std::int64_t>(in) >> 63);
      ends &= ~in;
    } else {
      ends &= ~inside;
    }
    for (; ends; ends &= ends - 1) cell(base + static_cast<std::size_t>(std::countr_zero(ends)));
  }
  cell(n);
  // Each quoted cell holds two quotes, at its ends: any other quote is irregular.
  return regular && inside == 0 && quotes == 2 * quoted_cells;
}

}  // namespace

struct RecordReader::Impl {
  static constexpr std::size_t kMaxCells = 16384;          // Excel's columns
  static constexpr std::size_t kMaxRecordLines = 100000;  // lines of one quoted cell
  std::string name;
  ReaderOptions options;
  ReadStats stats;
  DecodeCounters counters;
  std::unique_ptr<LineSplitter> lines;
  std::deque<Line> replay;
  bool line_eof = false;
  bool finished = false;
  std::size_t skip = 0;  // a byte-order mark

  void open(RawInput raw) {
    options.max_record_bytes = std::min(options.max_record_bytes, std::size_t{1} << 30);
    std::string head(4096, '\0');
    head.resize(raw.read(head.data(), head.size()));
    // A reader started inside a file takes the 8-bit text the start of the
    // file was (it is never split otherwise): its first bytes are a row's,
    // not a byte-order mark or a container's signature.
    stats.encoding = options.start > 0 ? Encoding::utf8 : sniff_encoding(head, skip, name);
    lines = std::make_unique<LineSplitter>(
        std::make_unique<Decoder>(std::move(raw), std::move(head), skip, stats.encoding, &counters),
        options.first_line - 1);
    // Sniff the delimiter on the first lines, then replay them.
    std::size_t bytes = 0;
    Line l;
    while (replay.size() < 64 && bytes < (256u << 10) && raw_line(l)) {
      l.own();
      bytes += l.text().size();
      replay.push_back(std::move(l));
    }
    if (options.delimiter) {
      stats.delimiter = options.delimiter;
      stats.delimiter_sniffed = false;
    } else {
      stats.delimiter = sniff_delimiter(replay);
    }
  }

  bool raw_line(Line& out) {
    if (line_eof) return false;
    std::string_view t;
    out.offset = lines->consumed();
    if (!lines->next(t)) {
      line_eof = true;
      return false;
    }
    // The decoder wrote CRLF as "\r\n" and CR as "\r\r\n" (no other CR
    // reaches here): the CRs before the LF tell the line end, which a
    // quoted cell keeps as written.
    std::size_t crs = 0;
    while (crs < 2 && crs < t.size() && t[t.size() - 1 - crs] == '\r') ++crs;
    out.view = t.substr(0, t.size() - crs);
    out.owned = false;
    out.number = lines->lines();
    out.end = crs == 2 ? LineEnd::cr : crs == 1 ? LineEnd::crlf : LineEnd::lf;
    out.literal_quotes = false;
    out.counted = false;
    out.overlong = lines->overlong();
    return true;
  }

  // The next line, counted unless `count` is false (then the caller counts it).
  bool next_line(Line& out, bool count = true) {
    if (!replay.empty()) {
      out = std::move(replay.front());
      replay.pop_front();
    } else if (!raw_line(out)) {
      return false;
    }
    if (count) count_line(out);
    return true;
  }

  // Counts a line once, reading it as Windows-1252 when it is not UTF-8
  // (its bytes before `ascii` are known to be ASCII). True when its text
  // was converted.
  bool count_line(Line& out, std::size_t ascii = 0) {
    if (std::exchange(out.counted, true)) return false;
    std::string_view t = out.text();
    if (counters.first_nul_at <= out.offset + t.size()) [[unlikely]] {
      const std::size_t at = static_cast<std::size_t>(counters.first_nul_at - std::min(out.offset, counters.first_nul_at));
      stats.first_nul_line = out.number;
      stats.first_nul_column = 1 + std::count(t.begin(), t.begin() + static_cast<long>(at), stats.delimiter);
      counters.first_nul_at = UINT64_MAX;
    }
    if (ascii >= t.size()) return false;
    std::size_t bad = 0;
    if (is_valid_utf8(t.substr(ascii), &bad)) return false;
    bad += ascii;
    if (stats.cp1252_lines++ == 0) {
      stats.first_cp1252_line = out.number;
      stats.first_cp1252_column = 1 + std::count(t.begin(), t.begin() + static_cast<long>(bad), stats.delimiter);
    }
    out.replace(cp1252_to_utf8(t));
    return true;
  }

  void finish() {
    finished = true;
    // The last line has no line end when the input does not end with one.
    // Told here, when the records run out, not when the splitter first saw
    // the end (the first lines are read ahead for sniffing): a reader
    // stopped before the end has its last line end.
    if (lines && lines->lines() > options.first_line - 1 && !counters.ends_with_newline) --stats.lf;
    stats.lines = lines ? lines->lines() : 0;
    stats.nul_bytes = counters.nul;
    stats.odd_bytes = counters.odd;
    stats.unpaired_utf16 = counters.unpaired;
    stats.bytes = counters.bytes;
  }

  // Parses the record starting at `line` (its text already in the cells)
  // cell by cell, going on over line breaks inside quoted cells; `line` is
  // left at the record's last line.
  void parse_record(Record& r, Line& line) {
    Cells& cells = r.cells;
    cells.spans.clear();
    std::vector<Line> held;  // lines of a multi-line record, kept to re-read it if its quote never closes
    std::size_t from = 0, bytes = line.text().size();  // the lines' bytes, line ends aside
    ParseState state;
    for (;;) {
      parse_text(cells, from, stats.delimiter, line.literal_quotes, state);
      // A quoted cell over line breaks whose closing quote has text after
      // it: read as a quote that never closes, its lines as rows of their
      // own, rather than those rows lost inside one cell.
      const bool misclosed = !state.in_quotes && state.closed_before_text && !held.empty();
      if (!state.in_quotes && !misclosed) break;
      // The quoted cell goes on over the line break.
      ++stats.breaks_in_cells;
      line.own();  // the next line may move the splitter's buffer
      held.push_back(std::move(line));
      Line more;
      // Lines are held to read them again, each with its own storage: a
      // quoted cell of millions of line breaks would hold millions.
      const bool more_read =
          !misclosed && bytes <= options.max_record_bytes && held.size() < kMaxRecordLines && next_line(more);
      // A quote cannot close in a line passed over for its length: the cell
      // is unclosed, and that line a record of its own, after the others.
      if (more_read && more.overlong) [[unlikely]]
        replay.push_front(std::move(more));
      else if (more_read) {
        bytes += more.text().size();
        from = cells.text.size();
        cells.text += text_of(held.back().end);
        cells.text += more.text();
        line = std::move(more);
        r.last_line = line.number;
        continue;
      }
      // The quote never closes: read its first line again with quotes taken
      // literally, and the lines after it as records of their own.
      stats.breaks_in_cells -= static_cast<long>(held.size());  // they were not in a cell after all
      const bool too_long = bytes > options.max_record_bytes || held.size() >= kMaxRecordLines;
      const long held_lines = static_cast<long>(held.size());
      for (std::size_t i = held.size(); i-- > 1;) replay.push_front(std::move(held[i]));
      line = std::move(held.front());
      line.literal_quotes = true;
      held.clear();
      r.problem = misclosed ? fmt::format("a quoted cell runs over {} lines to a quote with text after it, the opening "
                                          "quote of a later cell: its closing quote (\") is missing; the lines are "
                                          "read as rows of their own",
                                          held_lines)
                  : too_long ? fmt::format("a quoted cell runs on for more than {} MiB or {} lines: a closing quote "
                                           "(\") is missing",
                                           options.max_record_bytes >> 20, kMaxRecordLines)
                             : "a quoted cell is never closed: a closing quote (\") is missing";
      r.problem_column = misclosed ? state.closed_before_text : state.quote_column;
      r.line = r.last_line = line.number;
      cells.text.assign(line.text());
      cells.spans.clear();
      state = ParseState{};
      from = 0;
      bytes = line.text().size();
    }
    cells.spans.push_back({state.cell_begin, state.write - state.cell_begin});
    cells.text.resize(state.write);
  }

  // Parses one record; returns false at the end of input.
  bool next(Record& r) {
    if (finished) return false;
    Line line;
    if (!next_line(line, false)) {
      finish();
      return false;
    }
    r.line = r.last_line = line.number;
    r.problem.clear();
    r.problem_column = 0;
    r.too_long = line.overlong;
    Cells& cells = r.cells;
    if (line.overlong) [[unlikely]]
      r.problem = fmt::format("the line is longer than {} MiB, more than any return's row; it is left out",
                              LineSplitter::kMaxLine >> 20);
    // The line's UTF-8 check waits for the split, which tells where its
    // first byte other than ASCII is; a line read as Windows-1252 is split
    // again from its converted text.
    std::size_t high = 0;
    auto split = [&] {
      cells.text.assign(line.text());
      return !line.literal_quotes && split_regular(cells, stats.delimiter, high);
    };
    bool regular = split();
    if (count_line(line, high)) regular = split();
    if (!regular) parse_record(r, line);
    // More cells than a spreadsheet has columns: no return's row, and each
    // would cost memory many times its byte (a header of millions of commas).
    if (cells.size() > kMaxCells) [[unlikely]] {
      r.problem = fmt::format("the row has {} cells, more than the {} columns a spreadsheet can hold; it is left out",
                              cells.size(), kMaxCells);
      r.too_long = true;
      cells.text.clear();
      cells.spans.assign(1, {0, 0});
    }
    const std::size_t n = cells.size();
    cells.trims.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      const std::string_view t = text::trim(cells[i]);
      cells.trims[i] = {static_cast<std::uint32_t>(t.data() - cells.text.data()), static_cast<std::uint32_t>(t.size())};
    }
    // Cells alternate between two running hashes, whose rounds do not wait
    // on each other; lengths mark the cell boundaries.
    std::uint64_t even = 0x9E3779B97F4A7C15ull, odd = 0xC2B2AE3D27D4EB4Full;
    for (std::size_t i = 0; i + 1 < n; i += 2) {
      even = text::hash_more(even, cells.trimmed(i));
      odd = text::hash_more(odd, cells.trimmed(i + 1));
    }
    if (n % 2) even = text::hash_more(even, cells.trimmed(n - 1));
    r.fingerprint = text::hash_finish(even ^ text::hash_finish(odd + n));
    ++stats.records;
    ++(line.end == LineEnd::cr ? stats.cr : line.end == LineEnd::crlf ? stats.crlf : stats.lf);
    return true;
  }
};

RecordReader::RecordReader(const std::string& path, std::string display_name, const ReaderOptions& options)
    : impl_(std::make_unique<Impl>()) {
  impl_->name = std::move(display_name);
  impl_->options = options;
  RawInput raw;
  raw.name = impl_->name;
  if (path == "-") {
    raw.fd = 0;
  } else {
    raw.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (raw.fd < 0)
      throw Error({impl_->name, 0, 0}, fmt::format("cannot open: {}", std::strerror(errno)), ErrorKind::not_opened);
    raw.owns_fd = true;
    if (options.start > 0 && ::lseek(raw.fd, static_cast<off_t>(options.start), SEEK_SET) < 0)
      throw Error({impl_->name, 0, 0}, fmt::format("cannot read: {}", std::strerror(errno)));
  }
  impl_->open(std::move(raw));
}

RecordReader::RecordReader(std::string display_name, std::string_view bytes, const ReaderOptions& options)
    : impl_(std::make_unique<Impl>()) {
  impl_->name = std::move(display_name);
  impl_->options = options;
  RawInput raw;
  raw.name = impl_->name;
  raw.memory = bytes.substr(std::min<std::size_t>(bytes.size(), options.start));
  impl_->open(std::move(raw));
}

RecordReader::~RecordReader() = default;

bool RecordReader::next(Record& out) { return impl_->next(out); }

ReadPosition RecordReader::position() const {
  const Impl& m = *impl_;
  ReadPosition p;
  if (!m.lines) return p;
  // Lines held back (for sniffing, or after a quote that never closed) are read next.
  p.lines = m.replay.empty() ? m.lines->lines() : m.replay.front().number - 1;
  // A line read again was counted already: the counts run past the position.
  bool exact = (m.replay.empty() || !m.replay.front().counted) && !m.counters.shifts_lost &&
               (m.stats.encoding == Encoding::utf8 || m.stats.encoding == Encoding::utf8_bom);
  if (exact) {
    const std::uint64_t decoded = m.replay.empty() ? m.lines->consumed() : m.replay.front().offset;
    const DecodeCounters::Shift* s = m.counters.shift_at(decoded);
    p.offset = m.options.start + m.skip + decoded + static_cast<std::uint64_t>(s ? s->shift : 0);
    p.nul_bytes = s ? s->nul : 0;
  }
  return p;
}
const ReadStats& RecordReader::stats() const { return impl_->stats; }
const std::string& RecordReader::name() const { return impl_->name; }

std::vector<std::string> Cells::strings() const {
  std::vector<std::string> out;
  out.reserve(size());
  for (std::size_t i = 0; i < size(); ++i) out.emplace_back((*this)[i]);
  return out;
}

std::optional<Utf16Copy> copy_utf16_as_utf8(const std::string& path, const std::string& display_name,
                                            const std::function<int()>& open_out) {
  const int in = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return std::nullopt;
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{in};
  // The head the reader sniffs first: a file that is not UTF-16 (every
  // large file, nearly) costs this one read.
  std::vector<unsigned char> chunk(4096);
  std::size_t have = 0;
  bool eof = false;
  auto fill = [&] {
    while (!eof && have < chunk.size()) {
      const ssize_t got = ::read(in, chunk.data() + have, chunk.size() - have);
      if (got < 0 && errno == EINTR) continue;
      // A copy cut short by a read error would lose rows: none is made.
      if (got < 0) throw std::system_error(errno, std::generic_category(), "cannot read " + display_name);
      if (got == 0) {
        eof = true;
        break;
      }
      have += static_cast<std::size_t>(got);
    }
  };
  fill();
  Utf16Copy copy;
  std::size_t skip = 0;
  try {
    copy.encoding = sniff_encoding(std::string_view(reinterpret_cast<const char*>(chunk.data()), have), skip,
                                   display_name);
  } catch (const Error&) {
    return std::nullopt;
  }
  const bool little_endian = copy.encoding == Encoding::utf16le || copy.encoding == Encoding::utf16le_no_bom;
  if (!little_endian && copy.encoding != Encoding::utf16be && copy.encoding != Encoding::utf16be_no_bom)
    return std::nullopt;
  const int out = open_out();
  chunk.resize(std::size_t{1} << 20);
  fill();
  // A chunk's text as UTF-8: at most three bytes for each two, and the
  // byte-order mark before the first.
  std::vector<char> text(chunk.size() / 2 * 3 + 8);
  char* w = std::copy_n("\xEF\xBB\xBF", 3, text.data());
  std::size_t pos = skip;
  for (;;) {
    const unsigned char* p = chunk.data();
    while (pos + 1 < have) {
      // ASCII, most of a return's text, without decoding.
      if (pos + 16 <= have && text::ascii_of_utf16(p + pos, little_endian, w)) {
        w += 8;
        pos += 16;
        continue;
      }
      const unsigned char low = p[pos + !little_endian], high = p[pos + little_endian];
      if (high == 0 && low < 0x80) {
        *w++ = static_cast<char>(low);
        pos += 2;
        continue;
      }
      std::uint32_t cp = 0;
      const std::size_t used = utf16_at(p + pos, have - pos, little_endian, !eof, cp, copy.unpaired);
      if (used == 0) break;
      pos += used;
      w = put_utf8(w, cp);
    }
    write_all(out, text.data(), static_cast<std::size_t>(w - text.data()));
    w = text.data();
    copy.bytes += static_cast<long>(pos);
    std::memmove(chunk.data(), chunk.data() + pos, have - pos);
    have -= pos;
    pos = 0;
    if (eof) break;
    fill();
  }
  copy.bytes += static_cast<long>(have);
  copy.odd_bytes = static_cast<long>(have);  // 0 or 1: half a code unit at the end
  return copy;
}

std::vector<Record> read_all(std::string_view bytes, const ReaderOptions& options, ReadStats* stats) {
  RecordReader reader("<memory>", bytes, options);
  std::vector<Record> out;
  Record r;
  while (reader.next(r)) out.push_back(r);
  if (stats) *stats = reader.stats();
  return out;
}

void refuse_record_problem(const Record& r, const std::string& path) {
  if (!r.problem.empty()) throw Error({path, r.line, r.problem_column}, r.problem);
}

}  // namespace foi

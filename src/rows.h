// A return's rows as the contract stage takes them from the table reader,
// in batches: each contract row with the line of the first row equal to it,
// found in a table of row hashes that can stop growing with the file, and
// read on a second thread for a large file. It runs once a row, so it is
// all inline, for the compiler to inline where the rows are read
// (src/contracts.cc), as it did when it was written there.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "foi/columns.h"
#include "foi/reader.h"
#include "foi/table.h"
#include "handoff.h"
#include "huge_pages.h"

namespace foi {

// What is known of the rows still to come in a file once its duplicate
// table is bounded: the hashes that occur more than once among them
// (ascending, as RowHashes keys them), up to a line.
struct RowsToCome {
  std::vector<std::uint64_t> repeated;
  long through_line = 0;
};

// Rows seen in a file, by a 64-bit hash of their cells, with the line of
// the first. Open addressing at up to 3/4 full, growing by half, in one
// array of 12-byte slots: about 16 bytes a row, and one cache miss a row
// rather than two. A hash collision would merge two different rows; at 64
// bits that is not expected in any real data set.
//
// The table may be bounded: when it is about to hold more rows than the
// bound, it asks which of the rows still to come occur more than once and
// keeps only those from then on. A row that occurs once from there to the
// end cannot be repeated by a later one, so leaving it out changes no
// answer, and the table stops growing with the file.
class RowHashes {
 public:
  // How a bounded table learns what is to come: given the keys of the rows
  // about to be added and their first and last lines, it returns what
  // occurs more than once from the first of them on, or nothing when it
  // cannot tell (the table then stays unbounded).
  using ToCome = std::function<std::optional<RowsToCome>(std::span<const std::uint64_t>, long, long)>;

  static std::uint64_t key(std::uint64_t fingerprint) { return fingerprint | 1; }  // 0 marks an empty slot

  void bound(std::size_t rows, ToCome to_come) {
    bound_ = rows;
    to_come_ = std::move(to_come);
  }

  // Whether adding `rows` more rows would take the table past its bound,
  // when it has one it has not used yet.
  bool reaches_bound(std::size_t rows) const { return to_come_ && size_ + rows > bound_; }

  // Asks what is to come, given the keys of the rows about to be added.
  void use_bound(std::span<const std::uint64_t> keys, long first_line, long last_line) {
    ToCome ask = std::exchange(to_come_, nullptr);
    kept_ = ask(keys, first_line, last_line);
  }

  // Whether the table keeps only the rows repeated later.
  bool bounded() const { return kept_.has_value(); }

  // Asks the cache for the slot a later insert(h) starts at: a batch of
  // rows prefetched together waits for memory once, not once a row.
  void prefetch(std::uint64_t h) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[slot_of(key(h), slots_.size())], 1);
  }

  bool contains(std::uint64_t h) const { return !slots_.empty() && slots_[probe(key(h))].key() != 0; }
  // The line of the first row with this hash, or 0 when there is none.
  long line_of(std::uint64_t h) const {
    if (slots_.empty()) return 0;
    const Slot& s = slots_[probe(key(h))];
    return s.key() != 0 ? static_cast<long>(s.line) : 0;
  }

  // Calls f for each hash in part `part` of `parts` of the table.
  template <typename F>
  void for_each(F f, std::size_t part = 0, std::size_t parts = 1) const {
    const std::size_t from = slots_.size() * part / parts, to = slots_.size() * (part + 1) / parts;
    for (std::size_t i = from; i < to; ++i)
      if (slots_[i].key() != 0) f(slots_[i].key());
  }

  // The line of the first row with this hash; `line` when it is new.
  long insert(std::uint64_t h, long line) {
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();
    h = key(h);
    Slot& s = slots_[probe(h)];
    if (s.key() == h) return s.line;
    if (kept_ && line <= kept_->through_line && !std::binary_search(kept_->repeated.begin(), kept_->repeated.end(), h))
      return line;  // no later row repeats it
    s = Slot::of(h, line);
    ++size_;
    return line;
  }

  std::size_t size() const { return size_; }

  // Room for this many rows in all, made now rather than by growing: a
  // table growing by half holds its old slots and 1.5 times as many new
  // ones at once, and moves every row again.
  void reserve(std::size_t rows) {
    if (to_come_) rows = std::min(rows, bound_);  // a bounded table holds no more before it is bounded
    std::size_t want = rows / 3 * 4 + 4;
    if (want > slots_.size()) resize(want);
  }

 private:
  struct Slot {
    std::uint32_t low = 0, high = 0, line = 0;  // 32-bit parts: 12 bytes, not 16
    std::uint64_t key() const { return std::uint64_t{high} << 32 | low; }
    static Slot of(std::uint64_t h, long line) {
      return {static_cast<std::uint32_t>(h), static_cast<std::uint32_t>(h >> 32), static_cast<std::uint32_t>(line)};
    }
  };

  // Maps a hash onto [0, n) by its high 32 bits, so n need not be a power
  // of two (n stays far below 2^32).
  static std::size_t slot_of(std::uint64_t h, std::size_t n) { return ((h >> 32) * n) >> 32; }

  // The slot holding key h (already |1), or the empty one where it would go.
  std::size_t probe(std::uint64_t h) const {
    std::size_t i = slot_of(h, slots_.size());
    while (slots_[i].key() != h && slots_[i].key() != 0) i = i + 1 == slots_.size() ? 0 : i + 1;
    return i;
  }

  void grow() { resize(std::max<std::size_t>(1024, slots_.size() + slots_.size() / 2)); }

  void resize(std::size_t n) {
    std::vector<Slot> slots;
    resize_on_huge_pages(slots, n);
    for (const Slot& s : slots_) {
      if (s.key() == 0) continue;
      std::size_t i = slot_of(s.key(), slots.size());
      while (slots[i].key() != 0) i = i + 1 == slots.size() ? 0 : i + 1;
      slots[i] = s;
    }
    slots_.swap(slots);
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
  std::size_t bound_ = 0;
  ToCome to_come_;
  std::optional<RowsToCome> kept_;
};

// One row as the table reader gave it, with what the contract stage needs
// to know of the moment it was read.
struct RowItem {
  Record record;
  RowKind kind = RowKind::rejected;
  std::string reason;
  long column = 0;                    // rejected and total rows: Row::column
  bool nil_return = false;            // rejected rows: Row::nil_return
  long first_line = 0;                // contract rows: the line of the first row equal to this one
  bool table_fatal = false;           // the file was not readable as a table when the row was read
  std::optional<ColumnMap> columns;   // header rows: the columns from this row on
};

struct RowBatch {
  std::vector<RowItem> items;
  std::size_t size = 0;
  bool last = false;
  std::exception_ptr error;
};

// Bounds the duplicate table before a batch that would take it past its
// bound: once a file at most, so kept out of fill_rows(), whose row copies
// the compiler then keeps inline.
[[gnu::noinline, gnu::cold]] inline void use_bound(RowHashes& seen, const RowBatch& b) {
  std::vector<std::uint64_t> keys;
  for (std::size_t i = 0; i < b.size; ++i)
    if (b.items[i].kind == RowKind::contract) keys.push_back(RowHashes::key(b.items[i].record.fingerprint));
  seen.use_bound(keys, b.items[0].record.line, b.items[b.size - 1].record.last_line);
}

// Fills a batch with the table's next rows and their duplicate lookups,
// asking go_on() before each row whether to read it; `last` is set at the
// end of the rows or when go_on() said no. Each row's duplicate-table slot
// is fetched as the row is read and looked up once the batch is full, so
// that the lookups find it in the cache rather than wait for memory once a
// row. An error ends the batch after the rows before it.
template <typename GoOn>
void fill_rows(TableReader& table, RowHashes& seen, RowBatch& b, GoOn&& go_on) {
  b.size = 0;
  try {
    Row row;
    while (b.size < b.items.size()) {
      if (!go_on() || !table.next(row)) {
        b.last = true;
        break;
      }
      RowItem& it = b.items[b.size++];
      swap(it.record, *row.record);  // the table reader refills the item's old record next
      it.kind = row.kind;
      it.reason = row.reason;
      it.column = row.column;
      it.nil_return = row.nil_return;
      it.table_fatal = !table.fatal().empty();
      if (row.kind == RowKind::header) it.columns = table.columns();
      else it.columns.reset();
      if (row.kind == RowKind::contract) seen.prefetch(it.record.fingerprint);
    }
  } catch (...) {
    b.error = std::current_exception();
    b.last = true;
  }
  // Duplicates, in row order, once the batch's slots are on their way.
  try {
    if (b.size > 0 && seen.reaches_bound(b.size)) [[unlikely]]
      use_bound(seen, b);
    for (std::size_t i = 0; i < b.size; ++i) {
      RowItem& it = b.items[i];
      it.first_line = it.kind == RowKind::contract ? seen.insert(it.record.fingerprint, it.record.line) : it.record.line;
    }
  } catch (...) {  // out of memory: the batch is dropped and the error goes to the caller
    if (!b.error) b.error = std::current_exception();
    b.size = 0;
    b.last = true;
  }
}

// Sizes a file's duplicate table once, after its first thousand rows, for
// the rest of the bytes at the rate those rows took, rather than growing it
// by half again and again: a table growing by half holds its old slots and
// 1.5 times as many new ones at once, and moves every row again.
class TableSizer {
 public:
  TableSizer(const RecordReader& reader, std::uint64_t end) : reader_(reader), end_(end), start_(reader.position()) {}

  void after(std::size_t batch_rows, RowHashes& seen) {
    if (rows_ >= 1024 || (rows_ += batch_rows) < 1024) return;
    const ReadPosition now = reader_.position();
    if (now.offset == ReadPosition::npos || start_.offset >= now.offset || now.offset >= end_) return;
    const double per_row = static_cast<double>(now.offset - start_.offset) / static_cast<double>(rows_);
    seen.reserve(rows_ + static_cast<std::size_t>(static_cast<double>(end_ - now.offset) / per_row * 1.05));
  }

 private:
  const RecordReader& reader_;
  std::uint64_t end_;
  ReadPosition start_;
  std::size_t rows_ = 0;
};

// Reads records, sorts them into rows and finds duplicate contract rows on
// a second thread, while the caller makes contracts of the rows before:
// the record's cells are still in that thread's cache when they are
// classified, and the duplicate table's cache misses are paid there.
class RowsAhead {
 public:
  RowsAhead(TableReader& table, RowHashes& seen, TableSizer sizer) {
    for (auto& b : queue_.batches()) b.items.resize(kBatchSize);
    worker_ = std::thread([this, &table, &seen, sizer]() mutable {
      for (;;) {
        RowBatch* b = queue_.take_free();
        if (!b) return;  // the caller stopped before the end
        fill_rows(table, seen, *b, [] { return true; });
        sizer.after(b->size, seen);
        bool last = b->last;
        queue_.give_full(b);
        if (last) return;
      }
    });
  }
  RowsAhead(const RowsAhead&) = delete;
  RowsAhead& operator=(const RowsAhead&) = delete;
  ~RowsAhead() {
    queue_.cancel();
    worker_.join();
  }

  // The next row, or nullptr at the end; rethrows what stopped the reading.
  const RowItem* next() {
    for (;;) {
      if (done_) return nullptr;
      if (!current_) {
        if (!(current_ = queue_.take_full())) return nullptr;  // cancelled
        pos_ = 0;
      }
      if (pos_ < current_->size) return &current_->items[pos_++];
      if (current_->last) {
        done_ = true;
        if (current_->error) std::rethrow_exception(current_->error);
        return nullptr;
      }
      queue_.give_free(std::exchange(current_, nullptr));
    }
  }

 private:
  static constexpr std::size_t kBatches = 4, kBatchSize = 512;
  Handoff<RowBatch> queue_{kBatches};
  RowBatch* current_ = nullptr;
  std::size_t pos_ = 0;
  bool done_ = false;
  std::thread worker_;
};

}  // namespace foi

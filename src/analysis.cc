#include "foi/analysis.h"

#include <algorithm>
#include <span>
#include <bit>
#include <deque>
#include <memory>
#include <cmath>
#include <numeric>
#include <set>
#include <cstdint>
#include <cstring>
#include <limits>
#include <utility>
#include <unordered_map>

#include <fmt/format.h>

#include "exact_sum.h"
#include "huge_pages.h"
#include "parallel.h"
#include "radix_sort.h"
#include "u64_map.h"

namespace foi {

namespace {

// From this many values on, sorting them and walking them for medians and
// Gini coefficients is split between the two cores: below it, starting a
// thread costs more than it saves.
constexpr std::size_t kBothCoresValues = std::size_t{1} << 18;

// Where the p-th quantile of n > 0 sorted values falls (R type 7, numpy's
// default): `weight` of the way from the value at lo to the one at hi.
struct QuantilePosition {
  std::size_t lo, hi;
  double weight;
  double between(double v_lo, double v_hi) const { return v_lo + weight * (v_hi - v_lo); }
};

QuantilePosition quantile_position(std::size_t n, double p) {
  double h = (static_cast<double>(n) - 1) * p;
  auto lo = static_cast<std::size_t>(std::floor(h));
  return {lo, std::min(lo + 1, n - 1), h - static_cast<double>(lo)};
}

// The median and Gini coefficient of values in ascending order.
struct SortedStats {
  std::optional<double> median, gini;
};

// Which of the sorted values a statistic is over: those whose tag is a
// member (a type, a grouping's types, or every type), n of them, known
// beforehand from the counts.
struct TagSet {
  std::array<bool, 256> members{};
  std::size_t n = 0;
};

// The median and Gini coefficient of each set, in one walk of the values
// in ascending order, without copying them.
std::vector<SortedStats> stats_of(std::span<const double> sorted, std::span<const std::uint8_t> tags,
                                  const std::vector<TagSet>& sets) {
  // A set's sum, its sum weighted by rank and its middle values, over a
  // stretch of the values; each set's ranks start after its members before.
  struct Walk {
    QuantilePosition q{};
    double sum = 0, weighted = 0, v_lo = 0, v_hi = 0;
    std::size_t rank = 0;
  };
  std::vector<Walk> first(sets.size());
  std::array<std::vector<std::size_t>, 256> sets_of;  // by tag: the sets a value with that tag is in
  for (std::size_t k = 0; k < sets.size(); ++k) {
    if (sets[k].n == 0) continue;
    first[k].q = quantile_position(sets[k].n, 0.5);
    for (std::size_t t = 0; t < 256; ++t)
      if (sets[k].members[t]) sets_of[t].push_back(k);
  }
  auto walk = [&](std::size_t from, std::size_t to, std::vector<Walk>& walks) {
    for (std::size_t i = from; i < to; ++i) {
      const double v = sorted[i];
      for (std::size_t k : sets_of[tags[i]]) {
        Walk& w = walks[k];
        w.sum += v;
        w.weighted += static_cast<double>(++w.rank) * v;
        if (w.rank == w.q.lo + 1) w.v_lo = v;
        if (w.rank == w.q.hi + 1) w.v_hi = v;
      }
    }
  };
  // A national file's values are walked as two halves, one on each core;
  // the second half's ranks start after the members each set has in the first.
  const std::size_t n = sorted.size(), mid = n < kBothCoresValues ? n : n / 2;
  std::vector<Walk> second = first;
  if (mid < n) {
    std::array<std::size_t, 256> before{};
    for (std::size_t i = 0; i < mid; ++i) ++before[tags[i]];
    for (std::size_t t = 0; t < 256; ++t)
      for (std::size_t k : sets_of[t]) second[k].rank += before[t];
  }
  if (mid < n) on_both_cores([&] { walk(mid, n, second); }, [&] { walk(0, mid, first); });
  else walk(0, n, first);
  std::vector<SortedStats> out(sets.size());
  for (std::size_t k = 0; k < sets.size(); ++k) {
    if (sets[k].n == 0) continue;
    const Walk &a = first[k], &b = second[k];
    const std::size_t in_first = a.rank;  // the set's members in the first half
    const double v_lo = a.q.lo < in_first ? a.v_lo : b.v_lo, v_hi = a.q.hi < in_first ? a.v_hi : b.v_hi;
    out[k].median = a.q.between(v_lo, v_hi);
    const double sum = a.sum + b.sum;
    if (sum > 0) {
      double dn = static_cast<double>(sets[k].n);
      out[k].gini = 2 * (a.weighted + b.weighted) / (dn * sum) - (dn + 1) / dn;
    }
  }
  return out;
}

std::array<bool, 256> every_tag() {
  std::array<bool, 256> m{};
  m.fill(true);
  return m;
}

// The median of values given as (value, count), in any order.
std::optional<double> median_of_counts(std::vector<std::pair<double, long>> counts) {
  std::sort(counts.begin(), counts.end());
  std::size_t n = 0;
  for (const auto& c : counts) n += static_cast<std::size_t>(c.second);
  if (n == 0) return std::nullopt;
  const QuantilePosition q = quantile_position(n, 0.5);
  std::optional<double> v_lo, v_hi;
  std::size_t seen = 0;
  for (const auto& [v, k] : counts) {
    seen += static_cast<std::size_t>(k);
    if (!v_lo && seen > q.lo) v_lo = v;
    if (!v_hi && seen > q.hi) {
      v_hi = v;
      break;
    }
  }
  return q.between(*v_lo, *v_hi);
}

}  // namespace

std::optional<double> median(std::vector<double> v) { return percentile(std::move(v), 0.5); }

std::optional<double> percentile(std::vector<double> v, double p) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  const QuantilePosition q = quantile_position(v.size(), p);
  return q.between(v[q.lo], v[q.hi]);
}

std::optional<double> gini(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return stats_of(v, std::vector<std::uint8_t>(v.size(), 0), {TagSet{every_tag(), v.size()}}).front().gini;
}

std::optional<double> hhi(std::vector<double> sizes) {
  // Added up in ascending order, not as given: a CCG's providers come in the
  // order a resolver first met them, which differs between a file read in
  // order and one read as two halves.
  std::sort(sizes.begin(), sizes.end());
  double total = std::accumulate(sizes.begin(), sizes.end(), 0.0);
  if (total <= 0) return std::nullopt;
  double h = 0;
  for (double s : sizes) h += (s / total) * (s / total);
  return h * 10000;
}

std::optional<double> Results::figure(std::string_view name) const {
  for (const auto& [n, v] : figures)
    if (n == name) return v;
  return std::nullopt;
}

bool Results::has_figure(std::string_view name) const {
  return std::any_of(figures.begin(), figures.end(), [&](const auto& f) { return f.first == name; });
}

bool Results::reproduced() const {
  return std::all_of(comparison.begin(), comparison.end(), [](const Comparison& c) { return c.within; });
}

namespace {

constexpr std::size_t kTypes = kProviderTypeCount;

// Values kept for exact medians and Gini coefficients. Blocks, not one
// vector: no doubling spare capacity and no copy on growth while streaming.
using ValueList = std::deque<double>;

// A double's bits made to sort as unsigned integers in the double's order.
std::uint64_t order_key(double v) {
  auto bits = std::bit_cast<std::uint64_t>(v);
  return bits >> 63 ? ~bits : bits | (std::uint64_t{1} << 63);
}

double from_order_key(std::uint64_t k) {
  return std::bit_cast<double>(k >> 63 ? k & ~(std::uint64_t{1} << 63) : ~k);
}

// Contracts by length in months. A length from dates is a whole number of
// tenths of a month, as is most any stated one, and few run past some
// years: those are counted in an array by tenths, a few kilobytes read in
// one place; any other length in a map by its bits.
class LengthCounts {
 public:
  void add(double months, long n = 1) {
    if (months >= 0 && months < kMaxTenths / 10.0) {
      // Rounded without a call into the maths library; the check below
      // sends anything not a whole tenth to the map either way.
      const auto tenths = static_cast<std::size_t>(months * 10 + 0.5);
      if (static_cast<double>(tenths) / 10 == months) {
        if (tenths >= by_tenths_.size()) by_tenths_.resize(tenths + 1);
        by_tenths_[tenths] += n;
        return;
      }
    }
    others_[std::bit_cast<std::uint64_t>(months + 0.0)] += n;
  }
  // f(months, contracts) for each length counted.
  template <typename F>
  void for_each(F&& f) const {
    for (std::size_t t = 0; t < by_tenths_.size(); ++t)
      if (by_tenths_[t] != 0) f(static_cast<double>(t) / 10, by_tenths_[t]);
    others_.for_each([&](std::uint64_t bits, long n) {
      if (n != 0) f(std::bit_cast<double>(bits), n);  // 0: every contract of it taken back
    });
  }

 private:
  static constexpr std::size_t kMaxTenths = 100 * 12 * 10;  // a hundred years
  std::vector<long> by_tenths_;
  U64Map<long> others_;
};

struct TypeAcc {
  long contracts = 0;
  ExactSum value;
  long value_contracts = 0;
  ValueList value_list;  // while streaming
  std::vector<ValueList> merged_lists;  // other analyses' value lists, taken whole by merge()
  // Lengths take few distinct values (whole months, or days apart over a
  // few years), so they are counted rather than listed.
  LengthCounts length_counts;
  long yes = 0, no = 0, not_stated = 0;
  ExactSum value_yes, value_no, value_not_stated;
};

struct CcgAcc {
  long contracts = 0;
  ExactSum value;
  long value_contracts = 0, low_value = 0, yes = 0;
  std::array<long, kTypes> type_contracts{};
  // In units, 64 bits (units_in_64), as a CCG's sums by provider are: a
  // contract reads and writes its CCG's type sum at random among all CCGs',
  // and sums of 16 bytes held them in twice the cache lines.
  std::array<std::int64_t, kTypes> type_value{};
};

// Every CCG's value and contracts by provider cluster, a row per CCG in one
// array (clusters are small integers): where a contract adds to is known
// from its CCG's index and its cluster alone, so that a batch can ask for
// it before reading anything of the CCG's. A file of tens of thousands of
// suppliers (years of spending data) would make that array CCGs ×
// suppliers, nearly all of it empty (860 MiB for 50,000): past kDenseBytes
// the sums go by pairs of CCG and cluster (below).
class CcgProviderSums {
 public:
  using Sum = std::pair<std::int64_t, long>;  // value in units (units_in_64), contracts
  static constexpr std::size_t kDenseBytes = std::size_t{8} << 20;
  // Past the array, sums are added in a map of pairs and, when it holds
  // this many or an eighth of those folded before, folded into a list in
  // order of key: 24 bytes a pair rather than the map's 64 or more, and a
  // map small enough to stay in the cache. Each fold merges the whole list
  // again, but the lists grow by an eighth or more a time.
  static constexpr std::size_t kFoldPairs = std::size_t{1} << 16;

  Sum& at(std::uint32_t ccg, std::size_t cluster) {
    if (!sparse_ && (ccg >= rows_ || cluster >= stride_)) grow(ccg + std::size_t{1}, cluster + 1);
    if (sparse_) {
      if (pairs_.size() >= std::max(kFoldPairs, in_order_.size() / 8)) fold();
      return pairs_[key(ccg, cluster)];
    }
    return sums_[ccg * stride_ + cluster];
  }
  // Where at() would be, while it is there already in the array (a map's
  // place is not asked for ahead).
  const Sum* find(std::uint32_t ccg, std::size_t cluster) const {
    return !sparse_ && ccg < rows_ && cluster < stride_ ? &sums_[ccg * stride_ + cluster] : nullptr;
  }
  // Calls f(cluster, sum) for each cluster with a contract in the CCG, in
  // the clusters' order, which the sums of squares are added up in.
  template <typename F>
  void for_each(std::uint32_t ccg, F&& f) const {
    if (!sparse_) {
      if (ccg >= rows_) return;
      const Sum* row = sums_.data() + ccg * stride_;
      for (std::size_t c = 0; c < stride_; ++c)
        if (row[c].second != 0) f(c, row[c]);
      return;
    }
    fold();
    auto it = std::lower_bound(in_order_.begin(), in_order_.end(), key(ccg, 0),
                               [](const auto& e, std::uint64_t k) { return e.first < k; });
    for (; it != in_order_.end() && it->first >> 32 == ccg; ++it)
      if (it->second.second != 0) f(static_cast<std::size_t>(it->first & 0xFFFFFFFFu), it->second);
  }

  // Adds another's sums, its CCGs and clusters numbered here as ccg[] and
  // cluster[] say (a pair of no contracts, all taken back, has neither).
  // The other's pairs, when it has them by pairs (half a spending file:
  // half a million), are renumbered, sorted and merged into this one's list
  // in order, each side folding its map on a core of its own, rather than
  // looked up one by one in a map grown to hold both.
  void absorb(CcgProviderSums& o, std::span<const std::uint32_t> ccg, std::span<const std::size_t> cluster) {
    auto add = [&](std::uint32_t c, std::size_t k, const Sum& from) {
      Sum& to = at(c, k);
      to.first = plus_units(to.first, from.first);
      to.second += from.second;
    };
    if (!o.sparse_) {
      for (std::size_t r = 0; r < o.rows_; ++r)
        for (std::size_t c = 0; c < o.stride_; ++c)
          if (const Sum& from = o.sums_[r * o.stride_ + c]; from.second != 0) add(ccg[r], cluster[c], from);
      return;
    }
    Pairs theirs;
    on_both_cores(
        [&] {
          o.fold();
          o.pairs_ = {};
          theirs.reserve(o.in_order_.size());
          for (const auto& [k, sum] : o.in_order_)
            if (sum.second != 0) theirs.emplace_back(key(ccg[k >> 32], cluster[k & 0xFFFFFFFFu]), sum);
          Pairs().swap(o.in_order_);
          sort_by_key(theirs);
        },
        [&] {
          if (sparse_) fold();
        });
    if (!sparse_) {
      for (const auto& [k, sum] : theirs) add(static_cast<std::uint32_t>(k >> 32), k & 0xFFFFFFFFu, sum);
      return;
    }
    merge_into(in_order_, theirs);
  }

 private:
  static std::uint64_t key(std::uint32_t ccg, std::size_t cluster) { return std::uint64_t{ccg} << 32 | cluster; }

  using Pairs = std::vector<std::pair<std::uint64_t, Sum>>;

  // Keys have few bits in use (a few hundred CCGs, tens of thousands of
  // clusters): the radix sort skips the digits no key has.
  static void sort_by_key(Pairs& pairs) {
    const std::size_t n = pairs.size();
    if (n < 2) return;
    if (n > UINT32_MAX) {
      std::sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      return;
    }
    std::vector<std::uint64_t> keys(n);
    std::vector<std::uint32_t> from(n);
    for (std::size_t i = 0; i < n; ++i) {
      keys[i] = pairs[i].first;
      from[i] = static_cast<std::uint32_t>(i);
    }
    radix_sort(keys.data(), from.data(), n);
    Pairs sorted(n);
    for (std::size_t i = 0; i < n; ++i) sorted[i] = pairs[from[i]];
    pairs.swap(sorted);
  }

  // Adds b's pairs to a's, both sorted by key, in place: a key in both
  // gets the two sums (a's first). Merged from the back, into a made long
  // enough for both, then closed up by the number of keys in both.
  static void merge_into(Pairs& a, const Pairs& b) {
    if (b.empty()) return;
    const std::size_t total = a.size() + b.size();
    if (a.capacity() < total) a.reserve(total + total / 8);
    std::size_t i = a.size(), j = b.size(), out = total;
    a.resize(total);
    while (j > 0) {
      if (i > 0 && a[i - 1].first > b[j - 1].first) {
        a[--out] = a[--i];
      } else if (i > 0 && a[i - 1].first == b[j - 1].first) {
        --i, --j;
        const Sum sum{plus_units(a[i].second.first, b[j].second.first), a[i].second.second + b[j].second.second};
        a[--out] = {a[i].first, sum};
      } else {
        a[--out] = b[--j];
      }
    }
    // a's first i pairs are where they were; the merged ones start at out.
    if (out > i) {
      std::move(a.begin() + static_cast<long>(out), a.end(), a.begin() + static_cast<long>(i));
      a.resize(total - (out - i));
    }
  }

  // The map's pairs (added since the last fold) into the sorted
  // list, which is all the sums once the map is empty.
  void fold() const {
    if (pairs_.size() == 0) return;
    Pairs fresh;
    fresh.reserve(pairs_.size());
    pairs_.for_each([&](std::uint64_t k, const Sum& sum) { fresh.emplace_back(k, sum); });
    pairs_.clear();
    sort_by_key(fresh);
    merge_into(in_order_, fresh);
  }

  // Doubled at a time, in few and large steps: every new array is fresh
  // memory for the kernel to hand over a page at a time (growing by half
  // took 2,000 more page faults on the benchmark's file).
  void grow(std::size_t rows, std::size_t clusters) {
    const std::size_t new_rows = rows > rows_ ? std::max({rows, rows_ * 2, std::size_t{64}}) : rows_;
    const std::size_t stride = clusters > stride_ ? std::max({clusters, stride_ * 2, std::size_t{256}}) : stride_;
    if (new_rows * stride * sizeof(Sum) > kDenseBytes) {
      for (std::size_t r = 0; r < rows_; ++r)
        for (std::size_t c = 0; c < stride_; ++c)
          if (const Sum& sum = sums_[r * stride_ + c]; sum.second != 0) pairs_[key(static_cast<std::uint32_t>(r), c)] = sum;
      std::vector<Sum>().swap(sums_);
      sparse_ = true;
      return;
    }
    std::vector<Sum> sums;
    resize_on_huge_pages(sums, new_rows * stride);
    for (std::size_t r = 0; r < rows_; ++r)
      std::copy_n(sums_.begin() + static_cast<long>(r * stride_), stride_,
                  sums.begin() + static_cast<long>(r * stride));
    sums_.swap(sums);
    rows_ = new_rows;
    stride_ = stride;
  }

  std::vector<Sum> sums_;
  std::size_t stride_ = 0, rows_ = 0;
  bool sparse_ = false;
  // By pairs: the sums added since the last fold, and the rest in order of
  // key; a key may be in both, its sums to be added.
  mutable U64Map<Sum> pairs_;
  mutable Pairs in_order_;
};

// A provider's CCGs are counted at the end from the CCGs' sums by provider,
// which every contract adds to anyway: a set of them here would be one
// more place in memory for each contract to write.
struct ProviderAcc {
  long contracts = 0;
  long valued = 0;  // of them, those with a known value
  ExactSum value;
};

std::size_t index_of(ProviderType t) { return static_cast<std::size_t>(t); }

__extension__ using UInt128 = unsigned __int128;

// A figure, in the order the results list them.
void add_figure(Results& r, std::string name, std::optional<double> v) { r.figures.emplace_back(std::move(name), v); }

// A share of nothing is no figure, not 0.
std::optional<double> share(double part, double whole) {
  return whole > 0 ? std::optional<double>(part / whole) : std::nullopt;
}

// A CCG's HHI from whole-number sizes (its providers' value in units, or
// their contracts): the sum of the sizes and of their squares, exact, so
// that it is the same whatever order the providers come in (the order a
// resolver met them, which differs between a file read in order and in
// halves) without sorting them. Not exact for a size below zero or squares
// beyond 128 bits, which only amounts no contract has reach: those go
// through hhi() of doubles.
struct WholeSquares {
  Int128 total = 0;
  UInt128 squares = 0;
  bool exact = true;
  void add(std::int64_t size) {
    if (size < 0) {
      exact = false;
      return;
    }
    total += size;
    const UInt128 square = static_cast<UInt128>(size) * static_cast<UInt128>(size);
    exact &= !__builtin_add_overflow(squares, square, &squares);
  }
  std::optional<double> hhi() const {
    if (total <= 0) return std::nullopt;
    const auto t = static_cast<double>(total);
    return 10000 * (static_cast<double>(squares) / (t * t));
  }
};

}  // namespace

struct Analysis::Impl {
  Study study;
  // The study years' first and last days, in order: asked for by every contract.
  std::vector<std::pair<Day, Day>> study_days;
  std::array<TypeAcc, kTypes> types;
  // CCGs by index in order of first sight; rows come grouped by CCG, so the
  // last one is checked before the map.
  std::vector<CcgAcc> ccgs;
  CcgProviderSums ccg_providers;
  std::vector<std::pair<std::string, std::string>> ccg_ids;  // code, name
  std::unordered_map<std::string, std::uint32_t> ccg_index_long;  // codes longer than eight bytes
  U64Map<std::uint32_t> short_ccg_index;                     // codes of up to eight bytes (all ODS codes), + 1
  std::uint32_t last_ccg = UINT32_MAX;
  std::vector<ProviderAcc> providers;  // by cluster
  // Contracts by decision (its name_id), for each provider's usual type
  // and basis: counted where the decision is, not looked for in a list.
  DecisionCounts by_decision;
  // (year, type) -> contracts, value; year slot 0 is undated, then the study years in order.
  struct YearAcc {
    long contracts = 0;
    long valued = 0;  // of them, those with a value in the year: a year of withheld values is not £0
    ExactSum value;
  };
  std::vector<std::array<YearAcc, kTypes>> years;
  YearAcc& year_acc(int year, std::size_t t) {
    return years[year == 0 ? 0 : static_cast<std::size_t>(year - study.years.first + 1)][t];
  }

  // CCGs by their place in the reference's list (Contract::ccg_place), as
  // contracts read from a return carry it: a cache before the code, which
  // would be compared and keyed for every contract. Any other contract is
  // placed by its CCG's code.
  std::vector<std::uint32_t> index_by_place;  // index + 1
  std::uint32_t ccg_of(const Contract& c) {
    if (!c.ccg) return ccg_index(c.ccg_code, c.ccg_name);
    if (c.ccg_place < 0) return ccg_index(c.ccg->code, c.ccg->name);
    const auto place = static_cast<std::size_t>(c.ccg_place);
    if (place >= index_by_place.size()) index_by_place.resize(place + 1);
    std::uint32_t& at = index_by_place[place];
    if (at == 0) at = ccg_index(c.ccg->code, c.ccg->name) + 1;
    return at - 1;
  }

  std::uint32_t ccg_index(const std::string& code, const std::string& name) {
    if (last_ccg != UINT32_MAX && ccg_ids[last_ccg].first == code) return last_ccg;
    auto next = static_cast<std::uint32_t>(ccgs.size());
    const auto index_of = [&]() -> std::uint32_t {
      if (code.size() > 8) return ccg_index_long.emplace(code, next).first->second;
      // The code's bytes are the key: no hashing of a string a row.
      std::uint64_t key = 0;
      std::memcpy(&key, code.data(), code.size());
      std::uint32_t& slot = short_ccg_index[key ^ (std::uint64_t{code.size()} << 60)];
      if (slot == 0) slot = next + 1;
      return slot - 1;
    };
    const std::uint32_t index = index_of();
    if (index == next) {
      ccgs.emplace_back();
      ccg_ids.emplace_back(code, name);
    }
    return last_ccg = index;
  }
  long outside_study = 0, conflicts = 0, low_confidence = 0, contracts_read = 0;
  std::array<long, static_cast<std::size_t>(ValueStatus::negative) + 1> value_status{};

  // Sign: 1 adds the contract, -1 takes it back out (tally()).
  // A contract is active in a year by its dates (methods.md (Contracts)); its value
  // there is its per-year cell's amount when it has per-year cells filled
  // (none in a year without an amount: blank, or withheld), else its value spread evenly over its active
  // days. A per-year cell of a year its dates do not reach
  // adds to no year (told at the row: year-outside-dates). An undated
  // contract with per-year cells is active in the years its cells fill; one
  // without is undated.
  template <int Sign>
  void add_years(const Contract& c, std::size_t t) {
    const StudyYears& y = study.years;
    if (c.start.status != DateStatus::ok && c.end.status != DateStatus::ok) {
      bool any_year = false;
      for (const auto& yv : c.years)
        if (yv.year >= y.first && yv.year <= y.last && yv.value.status != ValueStatus::not_held) {
          YearAcc& acc = year_acc(yv.year, t);
          acc.contracts += Sign;
          if (yv.value.known()) {
            acc.value.add<Sign>(amount_of(yv.value.pounds));
            acc.valued += Sign;
          }
          any_year = true;
        }
      if (any_year) return;  // a cell with a value is a cell that fills its year
      YearAcc& a = year_acc(0, t);
      a.contracts += Sign;
      if (c.value) {
        a.value.add<Sign>(amount_of(*c.value));
        a.valued += Sign;
      }
      return;
    }
    const auto [s, e] = c.active_days(study_days.front().first, study_days.back().second);
    if (!c.years.empty()) [[unlikely]] {
      add_years_by_cells<Sign>(c, t, s, e);
      return;
    }
    // The value spread evenly over the contract's active days.
    double span = e - s + 1;
    for (int fy = y.first; fy <= y.last; ++fy) {
      const auto& [fy_start, fy_end] = study_days[static_cast<std::size_t>(fy - y.first)];
      Day a = std::max(s, fy_start), b = std::min(e, fy_end);
      if (b < a) continue;
      YearAcc& acc = year_acc(fy, t);
      acc.contracts += Sign;
      if (c.value) {
        acc.value.add<Sign>(amount_of(*c.value * (b - a + 1) / span));
        acc.valued += Sign;
      }
    }
  }

  // A dated contract with per-year cells. A cell with an amount gives its
  // year that amount, and a withheld cell gives its year no value (it is
  // not known, and not a share of the total); a year the contract's dates
  // do not reach gets nothing. What the total holds beyond the cells'
  // amounts is spread evenly over the active days of the years no cell
  // fills, whichever years the study has: £300k from 2013 to 2016 with
  // £100k under 2013/14 gives the other two years £200k between them. A
  // cell saying nothing of its year's amount (TBC, "Included in total",
  // unreadable) fills no year.
  template <int Sign>
  [[gnu::noinline]] void add_years_by_cells(const Contract& c, std::size_t t, Day s, Day e) {
    const StudyYears& y = study.years;
    auto fills = [](const YearValue& yv) { return yv.value.known() || yv.value.status == ValueStatus::withheld; };
    auto days_in = [&](int fy) {
      const Day a = std::max(s, financial_year_start(fy)), b = std::min(e, financial_year_start(fy + 1) - 1);
      return b < a ? 0.0 : static_cast<double>(b - a + 1);
    };
    // A contract's cells are few: looked through where asked, nothing kept
    // (this runs for every row of a return with per-year columns).
    auto filled = [&](int fy, std::size_t before) {
      for (std::size_t i = 0; i < before; ++i)
        if (c.years[i].year == fy && fills(c.years[i])) return true;
      return false;
    };
    double in_cells = 0, unfilled_days = e - s + 1;
    for (std::size_t i = 0; i < c.years.size(); ++i) {
      const YearValue& yv = c.years[i];
      if (!fills(yv) || filled(yv.year, i)) continue;  // a year counted once
      unfilled_days -= days_in(yv.year);
      if (yv.value.known()) in_cells += yv.value.pounds;
    }
    for (const auto& yv : c.years) {
      if (!yv.value.known() || yv.year < y.first || yv.year > y.last) continue;
      if (days_in(yv.year) == 0) continue;  // a year its dates do not reach
      YearAcc& acc = year_acc(yv.year, t);
      acc.value.add<Sign>(amount_of(yv.value.pounds));
      acc.valued += Sign;
    }
    const double rest = c.value && *c.value > in_cells ? *c.value - in_cells : 0;
    for (int fy = y.first; fy <= y.last; ++fy) {
      const double days = days_in(fy);
      if (days == 0) continue;
      YearAcc& acc = year_acc(fy, t);
      acc.contracts += Sign;
      if (rest > 0 && unfilled_days > 0 && !filled(fy, c.years.size())) {
        acc.value.add<Sign>(amount_of(rest * days / unfilled_days));
        acc.valued += Sign;
      }
    }
  }

  // A batch's contracts add to sums spread over megabytes (a CCG's sum per
  // provider, the provider's, the decision's count) and read at random:
  // what each will touch is asked for a step ahead, in two steps (the
  // decision two steps ahead, then what its fields point to), so that the
  // memory is there when the contracts of a step add to it.
  void add(std::span<const Contract> contracts, std::span<const ProviderDecision* const> decisions) {
    constexpr std::size_t kStep = 32;
    const std::size_t n = contracts.size();
    std::array<std::array<std::uint32_t, kStep>, 2> ccg;  // a step's CCG indices, for this step and the next
    auto fetch_decisions = [&](std::size_t from) {
      for (std::size_t i = from; i < std::min(n, from + kStep); ++i) __builtin_prefetch(decisions[i]);
    };
    // Works out the step's CCGs (in contract order: CCGs are numbered as first seen) and asks for its sums.
    auto fetch_sums = [&](std::size_t from, std::array<std::uint32_t, kStep>& at) {
      for (std::size_t i = from; i < std::min(n, from + kStep); ++i) {
        const Contract& c = contracts[i];
        const ProviderDecision& d = *decisions[i];
        std::uint32_t& ci = at[i - from];
        ci = kOutsideStudy;
        if (!in_study(c)) continue;  // it adds to no sum, and its CCG is not one of the analysis'
        ci = ccg_of(c);
        __builtin_prefetch(&ccgs[ci], 1);
        if (const auto* sum = ccg_providers.find(ci, d.cluster)) __builtin_prefetch(sum, 1);
        if (d.cluster < providers.size()) __builtin_prefetch(&providers[d.cluster], 1);
        if (d.name_id < by_decision.by_name.size()) __builtin_prefetch(&by_decision.by_name[d.name_id], 1);
      }
    };
    fetch_decisions(0);
    fetch_decisions(kStep);
    if (n > 0) fetch_sums(0, ccg[0]);
    for (std::size_t first = 0, step = 0; first < n; first += kStep, step ^= 1) {
      fetch_decisions(first + 2 * kStep);
      if (first + kStep < n) fetch_sums(first + kStep, ccg[step ^ 1]);
      for (std::size_t i = first; i < std::min(n, first + kStep); ++i)
        add(contracts[i], *decisions[i], ccg[step][i - first]);
    }
  }

  bool in_study(const Contract& c) const { return c.active_in(study_days.front().first, study_days.back().second); }

  // ci: the contract's CCG index (ccg_of), or kOutsideStudy.
  static constexpr std::uint32_t kOutsideStudy = UINT32_MAX;
  void add(const Contract& c, const ProviderDecision& d, std::uint32_t ci) { tally<1>(c, d, ci); }

  // Adds a contract to every sum (Sign 1) or takes it back out (-1): one
  // body, so that taking back undoes exactly what adding did.
  template <int Sign>
  void tally(const Contract& c, const ProviderDecision& d, std::uint32_t ci) {
    contracts_read += Sign;
    if (ci == kOutsideStudy) {
      outside_study += Sign;
      return;
    }
    value_status[static_cast<std::size_t>(c.value_status)] += Sign;
    if (!d.conflict.empty()) conflicts += Sign;
    if (d.confidence < 0.8) low_confidence += Sign;
    std::size_t t = index_of(d.type);
    TypeAcc& ta = types[t];
    ta.contracts += Sign;
    CcgAcc& ca = ccgs[ci];
    ca.contracts += Sign;
    ca.type_contracts[t] += Sign;
    auto& provider_sum = ccg_providers.at(ci, d.cluster);
    provider_sum.second += Sign;
    if (d.cluster >= providers.size()) providers.resize(d.cluster + 1);
    ProviderAcc& prov = providers[d.cluster];
    prov.contracts += Sign;
    by_decision.add(d, Sign);
    switch (c.quality) {
      case Quality::yes: ta.yes += Sign; ca.yes += Sign; break;
      case Quality::no: ta.no += Sign; break;
      case Quality::not_stated: ta.not_stated += Sign; break;
    }
    if (c.length.status == LengthStatus::ok) ta.length_counts.add(c.length.months, Sign);
    if (c.value) {
      const double v = *c.value;
      const Amount amount = amount_of(v);
      ExactSum* const sums[] = {
          &ta.value, &ca.value, &prov.value,
          c.quality == Quality::yes ? &ta.value_yes : c.quality == Quality::no ? &ta.value_no : &ta.value_not_stated};
      // Told apart once for all four, not in each.
      if (amount.beyond == 0) [[likely]]
        for (ExactSum* s : sums) s->add_units<Sign>(amount.units);
      else
        for (ExactSum* s : sums) s->add<Sign>(amount);
      ta.value_contracts += Sign;
      prov.valued += Sign;
      if constexpr (Sign > 0) ta.value_list.push_back(v);
      else taken_back_values[t].push_back(v);
      ca.value_contracts += Sign;
      if (v < study.low_value_threshold) ca.low_value += Sign;
      const std::int64_t units = Sign * units_in_64(amount);
      ca.type_value[t] = plus_units(ca.type_value[t], units);
      provider_sum.first = plus_units(provider_sum.first, units);
    }
    add_years<Sign>(c, t);
  }

  // Values of contracts taken back, by type: left out of the type's list
  // once they all are known (take_back()).
  std::array<std::vector<double>, kTypes> taken_back_values;

  // Takes contracts added before back out (a second half's rows found, at
  // the join, to repeat rows of the first half).
  void take_back(std::span<const Contract> contracts, std::span<const ProviderDecision* const> decisions) {
    for (std::size_t i = 0; i < contracts.size(); ++i) {
      const Contract& c = contracts[i];
      tally<-1>(c, *decisions[i], in_study(c) ? ccg_of(c) : kOutsideStudy);
    }
    // Each value taken back leaves the list once: one pass over the list,
    // the values to leave out counted by their bits.
    for (std::size_t t = 0; t < kTypes; ++t) {
      std::vector<double>& gone = taken_back_values[t];
      if (gone.empty()) continue;
      U64Map<long> left_out;
      for (double v : gone) ++left_out[std::bit_cast<std::uint64_t>(v)];
      auto leave_out = [&](ValueList& list) {
        std::size_t kept = 0;
        for (double v : list) {
          long* n = left_out.find(std::bit_cast<std::uint64_t>(v));
          if (n && *n > 0) {
            --*n;
            continue;
          }
          list[kept++] = v;
        }
        list.resize(kept);
      };
      leave_out(types[t].value_list);
      for (ValueList& list : types[t].merged_lists) leave_out(list);
      gone.clear();
    }
  }

  // Adds what another analysis of other contracts accumulated.
  void merge(Impl& o, const std::vector<const ProviderDecision*>& decisions) {
    for (std::size_t t = 0; t < kTypes; ++t) {
      TypeAcc& a = types[t];
      TypeAcc& b = o.types[t];
      a.contracts += b.contracts;
      a.value.add(b.value);
      a.value_contracts += b.value_contracts;
      // Moved, not copied a value at a time: sort_values() reads every list.
      a.merged_lists.push_back(std::move(b.value_list));
      for (ValueList& l : b.merged_lists) a.merged_lists.push_back(std::move(l));
      b.length_counts.for_each([&](double months, long n) { a.length_counts.add(months, n); });
      a.yes += b.yes, a.no += b.no, a.not_stated += b.not_stated;
      a.value_yes.add(b.value_yes), a.value_no.add(b.value_no), a.value_not_stated.add(b.value_not_stated);
    }
    // The other's providers are its resolver's clusters: each is found here
    // through the decisions its contracts got.
    const std::vector<std::size_t> cluster = by_decision.take_in(o.by_decision, decisions, o.providers.size());
    std::vector<std::uint32_t> ccg(o.ccgs.size());
    for (std::size_t k = 0; k < o.ccgs.size(); ++k) ccg[k] = ccg_index(o.ccg_ids[k].first, o.ccg_ids[k].second);
    for (std::size_t k = 0; k < o.ccgs.size(); ++k) {
      CcgAcc& a = ccgs[ccg[k]];
      const CcgAcc& b = o.ccgs[k];
      a.contracts += b.contracts;
      a.value.add(b.value);
      a.value_contracts += b.value_contracts;
      a.low_value += b.low_value;
      a.yes += b.yes;
      for (std::size_t t = 0; t < kTypes; ++t) {
        a.type_contracts[t] += b.type_contracts[t];
        a.type_value[t] = plus_units(a.type_value[t], b.type_value[t]);
      }
    }
    ccg_providers.absorb(o.ccg_providers, ccg, cluster);
    for (std::size_t c = 0; c < o.providers.size(); ++c) {
      const ProviderAcc& b = o.providers[c];
      if (b.contracts == 0) continue;
      if (cluster[c] >= providers.size()) providers.resize(cluster[c] + 1);
      ProviderAcc& a = providers[cluster[c]];
      a.contracts += b.contracts;
      a.valued += b.valued;
      a.value.add(b.value);
    }
    for (std::size_t y = 0; y < years.size(); ++y)
      for (std::size_t t = 0; t < kTypes; ++t) {
        years[y][t].contracts += o.years[y][t].contracts;
        years[y][t].valued += o.years[y][t].valued;
        years[y][t].value.add(o.years[y][t].value);
      }
    outside_study += o.outside_study;
    conflicts += o.conflicts;
    low_confidence += o.low_confidence;
    contracts_read += o.contracts_read;
    for (std::size_t i = 0; i < value_status.size(); ++i) value_status[i] += o.value_status[i];
  }

  // The values of a type or grouping, for the walk that gives their median and Gini coefficient.
  TagSet values_of(const std::vector<ProviderType>& members) const {
    TagSet set;
    for (ProviderType m : members) {
      set.members[index_of(m)] = true;
      set.n += static_cast<std::size_t>(types[index_of(m)].value_contracts);
    }
    return set;
  }

  ShareRow share_row(std::string name, std::string label, const std::vector<ProviderType>& members, long all_contracts,
                     double all_value, const SortedStats& v) const {
    ShareRow r;
    r.name = std::move(name);
    r.label = std::move(label);
    std::vector<std::pair<double, long>> lengths;
    long yes = 0, no = 0, ns = 0;
    ExactSum value;
    for (ProviderType m : members) {
      const TypeAcc& a = types[index_of(m)];
      r.contracts += a.contracts;
      value.add(a.value);
      r.value_contracts += a.value_contracts;
      a.length_counts.for_each([&](double months, long n) { lengths.emplace_back(months, n); });
      yes += a.yes;
      no += a.no;
      ns += a.not_stated;
      r.definition += (r.definition.empty() ? "" : " + ") + std::string(to_string(m));
    }
    r.value = value.pounds();
    r.contract_share = share(static_cast<double>(r.contracts), static_cast<double>(all_contracts));
    r.value_share = share(r.value, all_value);
    r.median_value = v.median;
    r.gini = v.gini;
    r.median_length = median_of_counts(std::move(lengths));
    if (r.contracts) {
      double n = static_cast<double>(r.contracts);
      r.quality_yes = static_cast<double>(yes) / n;
      r.quality_no = static_cast<double>(no) / n;
      r.quality_not_stated = static_cast<double>(ns) / n;
    }
    return r;
  }

  // Every value in ascending order with its type, for the medians and Gini
  // coefficients of types, groupings and the whole. This is the one step of
  // finish() that grows with the rows, so it is a radix sort: linear, and a
  // fraction of a comparison sort's time on a million values.
  std::unique_ptr<double[], FreeMemory> all_values_memory;
  std::span<double> all_values;
  std::vector<std::uint8_t> all_tags;
  void make_all_values(std::size_t n) {
    all_values_memory = huge_buffer<double>(n);
    all_values = {all_values_memory.get(), n};
  }

  // Writes the values of every type's own list (merged: of the lists
  // merge() took from other analyses) to keys and tags, type by type,
  // freeing each list's blocks as they are copied.
  void collect_values(bool merged, std::uint64_t* keys, std::uint8_t* tags) {
    std::size_t at = 0;
    for (std::size_t t = 0; t < kTypes; ++t) {
      auto take = [&](ValueList& list) {
        std::fill_n(tags + at, list.size(), static_cast<std::uint8_t>(t));
        for (; !list.empty(); list.pop_front()) keys[at++] = order_key(list.front());
      };
      if (!merged) {
        take(types[t].value_list);
        continue;
      }
      for (ValueList& list : types[t].merged_lists) take(list);
      types[t].merged_lists.clear();
    }
  }

  void sort_values() {
    std::size_t own = 0, merged = 0;
    for (const auto& t : types) {
      own += t.value_list.size();
      for (const ValueList& l : t.merged_lists) merged += l.size();
    }
    const std::size_t n = own + merged;
    const auto keys = huge_buffer<std::uint64_t>(n);
    all_tags.resize(n);
    if (n < kBothCoresValues) {
      collect_values(false, keys.get(), all_tags.data());
      collect_values(true, keys.get() + own, all_tags.data() + own);
      radix_sort(keys.get(), all_tags.data(), n);
      make_all_values(n);
      for (std::size_t i = 0; i < n; ++i) all_values[i] = from_order_key(keys[i]);
      return;
    }
    // A national file's values: two runs, each sorted on its own core, then
    // merged. The second half of a large file is an analysis of its own,
    // merged in: each core collects one analysis' values and sorts them.
    // Values all read by one analysis (many smaller files) are collected
    // first and split in two.
    const bool by_analysis = std::min(own, merged) >= n / 4;
    const std::size_t split = by_analysis ? own : n / 2;
    if (!by_analysis) {
      collect_values(false, keys.get(), all_tags.data());
      collect_values(true, keys.get() + own, all_tags.data() + own);
    }
    on_both_cores(
        [&] {
          if (by_analysis) collect_values(true, keys.get() + split, all_tags.data() + split);
          radix_sort(keys.get() + split, all_tags.data() + split, n - split);
        },
        [&] {
          if (by_analysis) collect_values(false, keys.get(), all_tags.data());
          radix_sort(keys.get(), all_tags.data(), split);
        });
    make_all_values(n);  // only now: the sort's buffers are freed
    std::vector<std::uint8_t> tags(n);
    // The runs [0, split) and [split, n) merged, the left run first among
    // equal keys, as one stable sort would: the first half of the output on
    // one core and the rest on the other, from where the merge reaches it.
    // The left run's keys among the first `half` outputs are those no
    // greater than the right run's key that would follow them there.
    const std::uint64_t* k = keys.get();
    const std::size_t half = n / 2;
    std::size_t lo = half > n - split ? half - (n - split) : 0, hi = std::min(half, split);
    while (lo < hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      if (k[mid] <= k[split + (half - mid - 1)]) lo = mid + 1;
      else hi = mid;
    }
    auto merge = [&](std::size_t i, std::size_t i_end, std::size_t j, std::size_t j_end, std::size_t out) {
      for (; i < i_end && j < j_end; ++out) {
        // Without a branch: which run the next key comes from cannot be foretold.
        const bool left = k[i] <= k[j];
        const std::size_t from = left ? i : j;
        i += left;
        j += !left;
        all_values[out] = from_order_key(k[from]);
        tags[out] = all_tags[from];
      }
      for (; i < i_end; ++i, ++out) all_values[out] = from_order_key(k[i]), tags[out] = all_tags[i];
      for (; j < j_end; ++j, ++out) all_values[out] = from_order_key(k[j]), tags[out] = all_tags[j];
    };
    const std::size_t left_taken = lo, right_taken = half - lo;
    on_both_cores([&] { merge(left_taken, split, split + right_taken, n, half); },
                  [&] { merge(0, left_taken, split, split + right_taken, 0); });
    all_tags.swap(tags);
  }

  std::string band_of(double h) const {
    if (h < study.bands.moderate) return "unconcentrated";
    if (h <= study.bands.high) return "moderate";
    return "high";
  }

  // What finish() makes of the accumulators, a part of the results each,
  // in the order the figures are listed.

  // Requests and responses (methods.md (Figures)).
  void add_responses(Results& r, const std::vector<FileResult>& files, const Manifest* manifest,
                     std::size_t reference_ccgs) const {
    double requests = 0, responses = 0;
    if (manifest) {
      r.manifest_path = manifest->path;
      const Requests asked = count_requests(*manifest);
      requests = static_cast<double>(asked.asked);
      responses = static_cast<double>(asked.responded);
    } else {
      requests = static_cast<double>(reference_ccgs);
      std::set<std::string> seen;
      for (const auto& f : files)
        if (!f.unreadable && !f.ccg_code.empty()) seen.insert(f.ccg_code);
      for (const auto& [code, name] : ccg_ids) seen.insert(code);
      responses = static_cast<double>(seen.size());
    }
    add_figure(r, "requests", requests);
    add_figure(r, "responses", responses);
    add_figure(r, "response_rate", share(responses, requests));
  }

  struct Totals {
    long contracts = 0, value_contracts = 0;
    double value = 0;
  };

  Totals add_counts(Results& r) const {
    Totals t;
    ExactSum all;
    for (const auto& acc : types) {
      t.contracts += acc.contracts;
      all.add(acc.value);
      t.value_contracts += acc.value_contracts;
    }
    t.value = all.pounds();
    add_figure(r, "contracts", static_cast<double>(t.contracts));
    std::vector<double> per_ccg;
    for (const auto& a : ccgs)
      if (a.contracts > 0) per_ccg.push_back(static_cast<double>(a.contracts));
    add_figure(r, "contracts_per_ccg.min",
               per_ccg.empty() ? std::nullopt : std::optional(*std::min_element(per_ccg.begin(), per_ccg.end())));
    add_figure(r, "contracts_per_ccg.median", median(per_ccg));
    add_figure(r, "contracts_per_ccg.max",
               per_ccg.empty() ? std::nullopt : std::optional(*std::max_element(per_ccg.begin(), per_ccg.end())));
    add_figure(r, "value.total", t.value);
    add_figure(r, "value.missing_contracts", static_cast<double>(t.contracts - t.value_contracts));
    return t;
  }

  // Shares by type and by grouping, with their medians and Gini
  // coefficients, and those of all values, in one walk of the sorted
  // values. Returns the Gini coefficient of all values.
  std::optional<double> add_shares(Results& r, const Totals& t) const {
    auto share_figures = [&](const char* kind, const ShareRow& row) {
      std::string base = fmt::format("{}.{}.", kind, row.name);
      add_figure(r, base + "contracts", static_cast<double>(row.contracts));
      add_figure(r, base + "contract_share", row.contract_share);
      add_figure(r, base + "value", row.value);
      add_figure(r, base + "value_share", row.value_share);
    };
    std::vector<TagSet> sets;
    for (ProviderType type : kAllProviderTypes) sets.push_back(values_of({type}));
    for (const auto& g : study.groupings) sets.push_back(values_of(g.types));
    sets.push_back({every_tag(), all_values.size()});
    const std::vector<SortedStats> stats = stats_of(all_values, all_tags, sets);
    std::size_t set = 0;
    for (ProviderType type : kAllProviderTypes) {
      r.by_type.push_back(share_row(to_string(type), label(type), {type}, t.contracts, t.value, stats[set++]));
      share_figures("type", r.by_type.back());
    }
    for (const auto& g : study.groupings) {
      r.by_group.push_back(share_row(g.name, g.label, g.types, t.contracts, t.value, stats[set++]));
      share_figures("group", r.by_group.back());
    }
    return stats.back().gini;
  }

  // Quality monitoring, over all contracts and weighted by value.
  void add_quality(Results& r, const Totals& t) const {
    long yes = 0, no = 0, ns = 0;
    ExactSum value_yes, value_no_evidence;
    for (const auto& acc : types) {
      yes += acc.yes, no += acc.no, ns += acc.not_stated;
      value_yes.add(acc.value_yes), value_no_evidence.add(acc.value_no), value_no_evidence.add(acc.value_not_stated);
    }
    const double n = static_cast<double>(t.contracts);
    add_figure(r, "quality.yes_share", share(static_cast<double>(yes), n));
    add_figure(r, "quality.no_share", share(static_cast<double>(no), n));
    add_figure(r, "quality.not_stated_share", share(static_cast<double>(ns), n));
    add_figure(r, "quality.no_evidence_share", share(static_cast<double>(no + ns), n));
    add_figure(r, "quality.value_weighted.yes_share", share(value_yes.pounds(), t.value));
    add_figure(r, "quality.value_weighted.no_evidence_share", share(value_no_evidence.pounds(), t.value));
  }

  // One CCG's row: its concentration (HHI by value and by contracts, CR1,
  // band) and its shares.
  CcgRow ccg_row(std::uint32_t ci) const {
    const CcgAcc& a = ccgs[ci];
    CcgRow row;
    row.code = ccg_ids[ci].first;
    row.name = ccg_ids[ci].second;
    row.contracts = a.contracts;
    row.value = a.value.pounds();
    row.value_contracts = a.value_contracts;
    WholeSquares value_squares, count_squares;
    std::int64_t largest = 0;
    ccg_providers.for_each(ci, [&](std::size_t, const auto& sum) {
      value_squares.add(sum.first);
      count_squares.add(sum.second);
      largest = std::max(largest, sum.first);
      ++row.providers;
    });
    // Past what the whole numbers hold, the sizes again as doubles.
    auto by_doubles = [&](bool values) {
      std::vector<double> sizes;
      ccg_providers.for_each(ci, [&](std::size_t, const auto& sum) {
        sizes.push_back(values ? static_cast<double>(sum.first) / kUnitsPerPound : static_cast<double>(sum.second));
      });
      return hhi(std::move(sizes));
    };
    row.hhi_value = value_squares.exact ? value_squares.hhi() : by_doubles(true);
    row.hhi_count = count_squares.exact ? count_squares.hhi() : by_doubles(false);
    if (row.hhi_value) {
      row.effective_providers = 10000 / *row.hhi_value;
      row.cr1 = static_cast<double>(largest) / kUnitsPerPound / row.value;
      row.band = band_of(*row.hhi_value);
    }
    for (const auto& g : study.groupings) {
      long gc = 0;
      Int128 gv = 0;
      for (ProviderType t : g.types) {
        gc += a.type_contracts[index_of(t)];
        gv += a.type_value[index_of(t)];
      }
      row.group_contract_share.push_back(share(static_cast<double>(gc), static_cast<double>(a.contracts)));
      row.group_value_share.push_back(share(static_cast<double>(gv) / kUnitsPerPound, row.value));
    }
    if (a.value_contracts)
      row.low_value_share = static_cast<double>(a.low_value) / static_cast<double>(a.value_contracts);
    if (a.contracts) row.quality_yes_share = static_cast<double>(a.yes) / static_cast<double>(a.contracts);
    return row;
  }

  // Every CCG's row, in code order, and the figures of concentration across them.
  void add_ccgs(Results& r) const {
    std::vector<std::uint32_t> ccg_order(ccgs.size());
    std::iota(ccg_order.begin(), ccg_order.end(), 0u);
    std::sort(ccg_order.begin(), ccg_order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return ccg_ids[a].first < ccg_ids[b].first; });
    std::vector<double> hhis;
    std::array<long, 3> bands{};
    long low = 0, known = 0;
    for (std::uint32_t ci : ccg_order) {
      CcgRow row = ccg_row(ci);
      if (row.hhi_value) {
        hhis.push_back(*row.hhi_value);
        ++bands[row.band == "unconcentrated" ? 0 : row.band == "moderate" ? 1 : 2];
      }
      low += ccgs[ci].low_value;
      known += ccgs[ci].value_contracts;
      r.by_ccg.push_back(std::move(row));
    }
    add_figure(r, "hhi.median", median(hhis));
    add_figure(r, "hhi.p25", percentile(hhis, 0.25));
    add_figure(r, "hhi.p75", percentile(hhis, 0.75));
    add_figure(r, "hhi.ccgs", static_cast<double>(hhis.size()));
    add_figure(r, "hhi.band.unconcentrated", static_cast<double>(bands[0]));
    add_figure(r, "hhi.band.moderate", static_cast<double>(bands[1]));
    add_figure(r, "hhi.band.high", static_cast<double>(bands[2]));
    add_figure(r, "low_value.contract_share", share(static_cast<double>(low), static_cast<double>(known)));
  }

  void add_year_rows(Results& r) const {
    for (std::size_t y = 0; y < years.size(); ++y)
      for (std::size_t t = 0; t < kTypes; ++t)
        if (const YearAcc& acc = years[y][t]; acc.contracts > 0)
          r.by_year.push_back({y == 0 ? 0 : study.years.first + static_cast<int>(y) - 1, static_cast<ProviderType>(t),
                               acc.contracts, acc.value.pounds(), acc.valued});
  }

  // Every provider's row, by value: the type and basis most of its
  // contracts got, and its CCGs.
  void add_providers(Results& r, const ProviderResolver& resolver) const {
    const std::vector<ProviderVerdict> verdicts = provider_verdicts(by_decision, providers.size());
    // Each provider's CCGs: those whose sums by provider hold a contract of it.
    std::vector<long> ccgs_of(providers.size());
    for (std::uint32_t ci = 0; ci < ccgs.size(); ++ci) {
      ccg_providers.for_each(ci, [&](std::size_t cluster, const auto& sum) {
        if (sum.second <= 0) return;
        if (cluster >= ccgs_of.size()) ccgs_of.resize(cluster + 1);
        ++ccgs_of[cluster];
      });
    }
    for (std::size_t cluster = 0; cluster < providers.size(); ++cluster) {
      const ProviderAcc& a = providers[cluster];
      if (a.contracts == 0) continue;
      ProviderRow row;
      row.name = resolver.canonical_name(cluster);
      row.type = verdicts[cluster].type;
      row.basis = verdicts[cluster].basis;
      row.contracts = a.contracts;
      row.value = a.value.pounds();
      row.value_contracts = a.valued;
      row.ccgs = ccgs_of[cluster];
      r.by_provider.push_back(std::move(row));
    }
    std::sort(r.by_provider.begin(), r.by_provider.end(), [](const ProviderRow& a, const ProviderRow& b) {
      return a.value != b.value ? a.value > b.value : a.name < b.name;
    });
  }

  void add_data_quality(Results& r, const std::vector<FileResult>& files) const {
    DataQuality& q = r.quality;
    for (const auto& f : files) {
      ++q.files;
      q.unreadable_files += f.unreadable;
      for (std::size_t k = 0; k < kRowKindCount; ++k) q.rows.by_kind[k] += f.rows.by_kind[k];
      q.duplicates += f.duplicates;
      q.payment_files += f.payments;
      for (const auto& [id, c] : f.findings.count_by_id) q.findings[id] += c;
      r.inputs.push_back(f.file);
    }
    q.contracts_read = contracts_read;
    q.outside_study = outside_study;
    for (std::size_t i = 0; i < value_status.size(); ++i)
      if (value_status[i]) q.value_status[to_string(static_cast<ValueStatus>(i))] = value_status[i];
    q.unknown_type = types[index_of(ProviderType::unknown)].contracts;
    q.type_conflicts = conflicts;
    q.low_confidence = low_confidence;
  }

  // Each published figure the study expects, against the one computed.
  void compare(Results& r) const {
    for (const auto& e : study.expect) {
      Comparison c{e, r.figure(e.figure), false, r.has_figure(e.figure)};
      c.within = c.computed && within_tolerance(*c.computed, e.value, e.tolerance);
      r.comparison.push_back(std::move(c));
    }
  }
};

bool within_tolerance(double computed, double published, double tolerance) {
  // The published value and the tolerance are decimals that a double holds
  // only to half a unit of its last place, as the computed figure is: near
  // £3.9bn that unit is 5e-7, so a fixed epsilon of 1e-9 let a penny's
  // tolerance fail on one side and pass on the other. A few units of the
  // largest operand's last place absorb it, and no difference a study
  // could mean (a millionth of a penny at £4bn).
  const double scale = std::max({std::fabs(computed), std::fabs(published), tolerance});
  const double slack = std::max(1e-9, 8 * std::numeric_limits<double>::epsilon() * scale);
  return std::fabs(computed - published) <= tolerance + slack;
}

Analysis::Analysis(const Study& study) : impl_(std::make_unique<Impl>()) {
  impl_->study = study;
  for (int fy = study.years.first; fy <= study.years.last; ++fy)
    impl_->study_days.emplace_back(financial_year_start(fy), financial_year_end(fy));
  if (impl_->study_days.empty()) impl_->study_days.emplace_back(study.years.start(), study.years.end());
  impl_->years.resize(static_cast<std::size_t>(std::max(0, study.years.last - study.years.first + 1)) + 1);
}
Analysis::~Analysis() = default;
void Analysis::add(const Contract& c, const ProviderDecision& d) {
  const ProviderDecision* decision = &d;
  impl_->add(std::span(&c, 1), std::span(&decision, 1));
}
void Analysis::add(std::span<const Contract> contracts, std::span<const ProviderDecision* const> decisions) {
  impl_->add(contracts, decisions);
}
void Analysis::take_back(std::span<const Contract> contracts, std::span<const ProviderDecision* const> decisions) {
  impl_->take_back(contracts, decisions);
}
void Analysis::merge(Analysis& other, const std::vector<const ProviderDecision*>& decisions) {
  impl_->merge(*other.impl_, decisions);
}

Results Analysis::finish(const std::vector<FileResult>& files, const Manifest* manifest, std::size_t reference_ccgs,
                         const ProviderResolver& resolver) {
  Impl& m = *impl_;
  m.sort_values();
  Results r;
  r.study_name = m.study.name;
  r.bands = m.study.bands;
  r.years = m.study.years;
  r.low_value_threshold = m.study.low_value_threshold;
  for (const auto& g : m.study.groupings) r.group_names.push_back(g.name);
  m.add_responses(r, files, manifest, reference_ccgs);
  const Impl::Totals totals = m.add_counts(r);
  const std::optional<double> gini = m.add_shares(r, totals);
  m.add_quality(r, totals);
  m.add_ccgs(r);
  add_figure(r, "gini.value", gini);
  for (const auto& row : r.by_group) add_figure(r, fmt::format("gini.group.{}", row.name), row.gini);
  m.add_year_rows(r);
  m.add_providers(r, resolver);
  r.overrides = static_cast<long>(resolver.overrides().size());
  for (const Override& o : resolver.unused_overrides()) r.overrides_unused.push_back(o.line);
  std::sort(r.overrides_unused.begin(), r.overrides_unused.end());
  m.add_data_quality(r, files);
  m.compare(r);
  return r;
}

Analysed analyse_inputs(Pipeline& p, const Progress& progress) {
  Analysis analysis(p.options.study);
  std::unique_ptr<Analysis> half;
  SecondSink second{[&]() -> ContractBatchSink {
                      half = std::make_unique<Analysis>(p.options.study);
                      return [a = half.get()](std::span<const Contract> c, std::span<const ProviderDecision* const> d) {
                        a->add(c, d);
                      };
                    },
                    [&](bool keep, const std::vector<const ProviderDecision*>& decisions, long) {
                      if (keep) analysis.merge(*half, decisions);
                      half.reset();
                    },
                    [&](std::span<const Contract> c, std::span<const ProviderDecision* const> d) {
                      half->take_back(c, d);
                    }};
  Analysed out;
  out.files = run_pipeline(
      p, [&](std::span<const Contract> c, std::span<const ProviderDecision* const> d) { analysis.add(c, d); },
      progress, &second);
  out.results =
      analysis.finish(out.files, p.manifest ? &*p.manifest : nullptr, p.reference.ccgs.size(), *p.resolver);
  out.results.overrides_path = p.options.overrides;
  return out;
}

}  // namespace foi

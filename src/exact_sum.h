// Amounts of money added up exactly: each amount is rounded once to a whole
// number of hundredths of a penny and added as an integer, so that a sum
// does not depend on the order it is added up in. A large file read as two
// halves, or returns read as two runs of files, has each part added up
// before the parts are added together, and a contract found at the join to
// repeat another is taken back out; with sums of doubles, the same
// contracts came to 2747919901.899999 one way and 2747919901.9 the other.
#pragma once

#include <cmath>
#include <cstdint>

namespace foi {

inline constexpr double kUnitsPerPound = 1e4;

// An amount as the units it adds, the same every time. One of more than
// about 900 trillion pounds (a code or a date read as an amount: no
// contract is worth that) does not fit, and is added as it is, apart.
struct Amount {
  std::int64_t units = 0;
  double beyond = 0;
};

inline Amount amount_of(double pounds) {
  const double x = pounds * kUnitsPerPound;
  if (std::fabs(x) < 9.2e18) return {static_cast<std::int64_t>(x < 0 ? x - 0.5 : x + 0.5), 0};
  return {0, pounds};
}

__extension__ using Int128 = __int128;  // GCC's and Clang's; -Wpedantic knows it is not ISO C++

class ExactSum {
 public:
  // Sign -1 takes an amount added before back out, leaving no trace.
  template <int Sign = 1>
  void add(const Amount& a) {
    units_ += Sign * static_cast<Int128>(a.units);
    if (a.beyond != 0) [[unlikely]]
      beyond_ += Sign * a.beyond;
  }
  // An amount known to fit the units (its beyond is 0).
  template <int Sign = 1>
  void add_units(std::int64_t units) {
    units_ += Sign * static_cast<Int128>(units);
  }
  void add(double pounds) { add(amount_of(pounds)); }
  void add(const ExactSum& o) {
    units_ += o.units_;
    beyond_ += o.beyond_;
  }
  void take_back(const ExactSum& o) {
    units_ -= o.units_;
    beyond_ -= o.beyond_;
  }
  double pounds() const { return static_cast<double>(units_) / kUnitsPerPound + beyond_; }

 private:
  Int128 units_ = 0;
  double beyond_ = 0;
};

// A sum in 64 bits, for where there are many (a CCG's sum for each
// provider and type): an amount beyond them counts as the most they hold,
// and a sum saturates rather than overflows, at ±INT64_MAX (so that it can
// be negated). Neither happens but with amounts no contract has.
inline std::int64_t units_in_64(const Amount& a) {
  if (a.beyond == 0) return a.units;
  return a.beyond > 0 ? INT64_MAX : -INT64_MAX;  // not INT64_MIN, which has no negative
}
inline std::int64_t plus_units(std::int64_t a, std::int64_t b) {
  std::int64_t sum;
  if (__builtin_add_overflow(a, b, &sum) || sum == INT64_MIN) return b < 0 ? -INT64_MAX : INT64_MAX;
  return sum;
}

}  // namespace foi

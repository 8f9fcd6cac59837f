#include "handoff.h"

#include <catch2/catch.hpp>
#include <thread>
#include <vector>

namespace {
struct Numbers {
  std::vector<int> items;
  bool last = false;
};
}  // namespace

TEST_CASE("handoff: batches arrive in order and are reused", "[handoff]") {
  foi::Handoff<Numbers> queue(2);
  std::thread producer([&] {
    for (int b = 0; b < 100; ++b) {
      Numbers* n = queue.take_free();
      n->items.assign({b * 3, b * 3 + 1, b * 3 + 2});
      n->last = b == 99;
      queue.give_full(n);
    }
  });
  std::vector<int> got;
  for (;;) {
    Numbers* n = queue.take_full();
    REQUIRE(n != nullptr);
    got.insert(got.end(), n->items.begin(), n->items.end());
    bool last = n->last;
    queue.give_free(n);
    if (last) break;
  }
  producer.join();
  REQUIRE(got.size() == 300);
  for (int i = 0; i < 300; ++i) CHECK(got[static_cast<std::size_t>(i)] == i);
}

TEST_CASE("handoff: cancel wakes a side that waits for good", "[handoff]") {
  foi::Handoff<Numbers> queue(1);
  Numbers* waited = reinterpret_cast<Numbers*>(1);
  std::thread consumer([&] { waited = queue.take_full(); });  // nothing will ever be given
  queue.cancel();
  consumer.join();
  CHECK(waited == nullptr);
  CHECK(queue.take_free() == nullptr);
}

#include "memo.h"

#include <catch2/catch.hpp>
#include <string>

using foi::TextMemo;

TEST_CASE("memo: a text is computed once and its result given back after", "[memo]") {
  TextMemo<int> memo;
  int calls = 0;
  auto length = [&](std::string_view t) {
    ++calls;
    return static_cast<int>(t.size());
  };
  for (int round = 0; round < 3; ++round)
    for (int i = 0; i < 500; ++i) CHECK(memo.get("text " + std::to_string(i), length) == 5 + static_cast<int>(std::to_string(i).size()));
  CHECK(calls == 500);
  CHECK(memo.get("", length) == 0);
  CHECK(calls == 501);
}

TEST_CASE("memo: past its limit new texts are computed each time, still right", "[memo]") {
  TextMemo<std::string> memo(2);
  int calls = 0;
  auto upper = [&](std::string_view t) {
    ++calls;
    std::string u(t);
    for (char& c : u) c = static_cast<char>(c - 32);
    return u;
  };
  CHECK(memo.get("ab", upper) == "AB");
  CHECK(memo.get("cd", upper) == "CD");
  CHECK(memo.get("ef", upper) == "EF");
  CHECK(memo.get("ef", upper) == "EF");
  CHECK(memo.get("ab", upper) == "AB");
  CHECK(calls == 4);  // "ab" and "cd" remembered, "ef" twice
}

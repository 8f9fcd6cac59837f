// Small text utilities shared by the parsing stages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace foi::text {

std::string_view trim(std::string_view s);
std::string lower(std::string_view s);
// Lower-cases, folds Latin letters with accents to ASCII, turns punctuation
// into spaces and collapses runs of spaces: "Total Value (£)" -> "total value".
std::string fold(std::string_view s);
bool starts_with_word(std::string_view s, std::string_view word);
std::vector<std::string_view> split(std::string_view s, char sep);
bool is_blank(std::string_view s);
// Whether folded text holds the phrase as whole words ("no kpis" holds "kpis").
bool contains_phrase(std::string_view folded, std::string_view phrase);
// ASCII case-insensitive equality.
bool equal_ignoring_case(std::string_view a, std::string_view b);

}  // namespace foi::text

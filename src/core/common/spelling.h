// "Did you mean": the closest known word to a misspelt one, for every message that names an
// unknown key, field, command or selection (scenario and quiz loaders, queries, detection rules).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace socsim {

// Optimal string alignment distance: like Levenshtein, but a swapped pair of letters ("hsot")
// counts as one edit, the most common typo in keys.
int edit_distance(std::string_view a, std::string_view b);

// The closest of `candidates` within two edits (the first of equals), or "" when none is that
// close. Words longer than 64 bytes get no suggestion: nothing sensible is that far from a name.
template <class Range>
std::string closest_word(std::string_view word, const Range& candidates) {
    if (word.size() > 64) return {};
    int best = 3;
    std::string found;
    for (const auto& candidate : candidates) {
        const std::string_view c(candidate);
        const int d = edit_distance(word, c);
        if (d < best) {
            best = d;
            found = std::string(c);
        }
    }
    return found;
}

}  // namespace socsim

// Small helpers shared by the scenario loader tests: where a piece of text is, and every
// message of a load for INFO. Header only; include after <catch2/catch.hpp>.
#pragma once

#include <string>
#include <string_view>

#include "core/scenario/loader.h"

namespace socsim::test {

struct Pos {
    int line = 0;
    int column = 0;
};

// 1-based line and column (in bytes) of the nth occurrence of `needle`; the test fails when
// there are fewer, so a test cannot silently look at the wrong place.
inline Pos pos_of(const std::string& text, std::string_view needle, int nth = 1) {
    std::size_t at = std::string::npos;
    for (int i = 0; i < nth; ++i) {
        at = text.find(needle, at == std::string::npos ? 0 : at + 1);
        INFO("looking for occurrence " << i + 1 << " of: " << needle);
        REQUIRE(at != std::string::npos);
    }
    Pos p{1, 1};
    for (std::size_t i = 0; i < at; ++i) {
        if (text[i] == '\n') {
            ++p.line;
            p.column = 1;
        } else {
            ++p.column;
        }
    }
    return p;
}

template <class T>
std::string all_messages(const Loaded<T>& r) {
    std::string out;
    for (const auto& d : r.errors) out += d.to_string() + "\n";
    return out;
}

}  // namespace socsim::test

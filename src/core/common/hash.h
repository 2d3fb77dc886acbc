// Content hashes: identify a scenario file version, digest generated logs in tests, derive ids.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace socsim {

// FNV-1a 64-bit, streamable. Not cryptographic: it names content, it does not protect it.
class Fnv1a64 {
public:
    void add(std::string_view bytes);
    void add_u64(std::uint64_t v);
    std::uint64_t value() const { return h_; }
    std::string hex() const;  // 16 lowercase hex digits

private:
    std::uint64_t h_ = 0xcbf29ce484222325ULL;
};

std::string fnv1a64_hex(std::string_view bytes);

// splitmix64's finaliser: every bit of the result depends on every bit of `x`. For ids derived
// from counters (an exported record's Zeek uid from the seed and its number), where FNV would
// leave neighbouring numbers looking alike.
constexpr std::uint64_t mix64(std::uint64_t x) {
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

}  // namespace socsim

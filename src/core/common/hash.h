// Content hashes: identify a scenario file version and digest generated logs in tests.
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

}  // namespace socsim

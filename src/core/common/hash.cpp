// FNV-1a 64: a small, well-known content hash for file identities and log digests.
#include "core/common/hash.h"

#include <cstdio>

namespace socsim {

void Fnv1a64::add(std::string_view bytes) {
    for (unsigned char c : bytes) {
        h_ ^= c;
        h_ *= 0x100000001b3ULL;
    }
}

void Fnv1a64::add_u64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) {
        h_ ^= (v >> (8 * i)) & 0xff;
        h_ *= 0x100000001b3ULL;
    }
}

std::string Fnv1a64::hex() const {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h_));
    return buf;
}

std::string fnv1a64_hex(std::string_view bytes) {
    Fnv1a64 h;
    h.add(bytes);
    return h.hex();
}

}  // namespace socsim

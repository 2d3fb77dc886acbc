// xoshiro256** seeded through splitmix64 (both public-domain designs by Blackman and Vigna),
// implemented here; stream names are hashed with FNV-1a so a stream depends only on its name.
#include "core/common/random.h"

#include <cmath>

#include "core/common/hash.h"

namespace socsim {
namespace {

std::uint64_t splitmix64(std::uint64_t& x) { return mix64(x += 0x9e3779b97f4a7c15ULL); }

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

Random::Random(std::uint64_t seed) {
    for (auto& s : s_) s = splitmix64(seed);
}

Random Random::stream(std::uint64_t run_seed, std::string_view name) {
    Fnv1a64 h;
    h.add_u64(run_seed);
    h.add(name);
    return Random(h.value());
}

std::uint64_t Random::next_u64() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
}

double Random::uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

double Random::uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

std::int64_t Random::uniform_int(std::int64_t lo, std::int64_t hi) {
    if (hi <= lo) return lo;
    const std::uint64_t span = static_cast<std::uint64_t>(hi - lo) + 1;
    if (span == 0) return static_cast<std::int64_t>(next_u64());
    // Rejection sampling avoids modulo bias.
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % span;
    std::uint64_t v;
    do v = next_u64();
    while (v >= limit);
    return lo + static_cast<std::int64_t>(v % span);
}

double Random::exponential(double mean) {
    double u = uniform();
    if (u <= 0) u = 0x1.0p-53;
    return -std::log(u) * mean;
}

double Random::normal(double mean, double stddev) {
    double u1 = uniform();
    if (u1 <= 0) u1 = 0x1.0p-53;
    const double u2 = uniform();
    return mean + stddev * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

bool Random::chance(double p) { return uniform() < p; }

std::size_t Random::zipf(std::size_t n, double s) {
    if (n <= 1) return 0;
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) total += 1.0 / std::pow(static_cast<double>(i + 1), s);
    double target = uniform() * total;
    for (std::size_t i = 0; i < n; ++i) {
        target -= 1.0 / std::pow(static_cast<double>(i + 1), s);
        if (target < 0) return i;
    }
    return n - 1;
}

}  // namespace socsim

// The one random number generator of socsim.
//
// The simulation must be reproducible from (scenario, seed, journal), so every source of
// randomness is a Random stream derived from the run seed and a stable name ("host:ws-07/browsing").
// Streams are independent: adding a behaviour to one host never shifts the numbers of another.
#pragma once

#include <cstdint>
#include <string_view>

namespace socsim {

class Random {
public:
    explicit Random(std::uint64_t seed);
    // A stream for one behaviour: depends only on the run seed and the name.
    static Random stream(std::uint64_t run_seed, std::string_view name);

    std::uint64_t next_u64();                              // xoshiro256**
    double uniform();                                      // [0, 1)
    double uniform(double lo, double hi);                  // [lo, hi)
    std::int64_t uniform_int(std::int64_t lo, std::int64_t hi);  // [lo, hi] inclusive
    double exponential(double mean);                       // waiting time of a Poisson process
    double normal(double mean, double stddev);
    bool chance(double p);                                 // true with probability p
    // Index in [0, n) with Zipf-like weights 1/(i+1)^s: a few popular items, a long tail.
    std::size_t zipf(std::size_t n, double s);

private:
    std::uint64_t s_[4];
};

}  // namespace socsim

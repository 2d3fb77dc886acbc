// The benchmarks' one clock: CPU time of the calling thread, so a figure is what the work cost on
// its core even when the machine is shared and the wall clock also counts other programs' turns.
#pragma once

#include <ctime>

namespace socsim::bench {

inline double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

inline double thread_cpu_ms() { return thread_cpu_seconds() * 1e3; }

}  // namespace socsim::bench

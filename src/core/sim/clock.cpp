// Advances simulated time from real frame times.
#include "core/sim/clock.h"

#include <algorithm>

namespace socsim::sim {

void SimClock::tick(double real_seconds) {
    if (paused_ || real_seconds <= 0 || finished()) return;
    // A frame longer than a second (debugger, window drag) is not allowed to jump hours ahead.
    real_seconds = std::min(real_seconds, 1.0);
    carry_ms_ += real_seconds * 1000.0 * speed_;
    const auto whole = static_cast<Millis>(carry_ms_);
    carry_ms_ -= static_cast<double>(whole);
    now_ = std::min(end_, now_ + whole);
}

void SimClock::advance_to(SimTime t) { now_ = std::clamp(t, now_, end_); }

}  // namespace socsim::sim

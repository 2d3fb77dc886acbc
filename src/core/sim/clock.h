// The simulation clock: the only "now" in socsim.
//
// The UI feeds it real elapsed seconds (from its frame timer) and it advances simulated time by
// that times the speed. The core itself never reads the wall clock, so a replay is exact.
#pragma once

#include "core/common/time.h"

namespace socsim::sim {

class SimClock {
public:
    SimClock(SimTime start, SimTime end) : start_(start), end_(end), now_(start) {}

    // Advances by `real_seconds` of wall time at the current speed; stops at the end.
    void tick(double real_seconds);
    // Jumps forward to `t` (never backwards: the logs already shown cannot be taken back).
    void advance_to(SimTime t);

    void set_speed(double speed) { speed_ = speed; }
    double speed() const { return speed_; }
    void set_paused(bool paused) { paused_ = paused; }
    bool paused() const { return paused_; }

    SimTime now() const { return now_; }
    SimTime start() const { return start_; }
    SimTime end() const { return end_; }
    bool finished() const { return now_ >= end_; }
    Millis elapsed() const { return now_ - start_; }

    // The speeds offered to trainees: 1x, 10x, 60x, 600x.
    static constexpr double kSpeeds[] = {1.0, 10.0, 60.0, 600.0};

private:
    SimTime start_;
    SimTime end_;
    SimTime now_;
    double speed_ = 60.0;
    bool paused_ = false;
    double carry_ms_ = 0;  // sub-millisecond remainder, so slow speeds still move
};

}  // namespace socsim::sim

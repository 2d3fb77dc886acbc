// The frame's share of real time for work done in slices: the log explorer's queries and the
// charts' reading of new records. A frame must stay under 4 ms of CPU with 10 million records
// (drawing ~1 ms), so all sliced work of one frame shares one deadline, set when App::draw
// starts: the explorer's visible tab first, its hidden tabs, then the charts, with what is left.
// Real time here is only how long the trainee waits; the simulation's one clock is SimClock.
#pragma once

#include <chrono>

namespace socsim::app {

constexpr double kFrameWorkMs = 2.5;  // sliced work per frame, all panels together

// Milliseconds of the steady clock, for budgets and refresh intervals only.
inline double wall_ms() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace socsim::app

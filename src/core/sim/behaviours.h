// Behaviours: who does what, when. Each is a small state machine with its own random stream,
// woken by the engine at the times it asks for; what it does is written through the World.
//
// Benign: power and DHCP (arrive, renew at half the lease, leave), web browsing that follows
// working hours, periodic services (NTP, update checks: the "periodic is not always malicious"
// trap) and logons with the odd mistyped password. Attack: the DNS beacon.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "core/sim/world.h"

namespace socsim::sim {

class Behaviour {
public:
    virtual ~Behaviour() = default;
    // When it first acts (nullopt: never).
    virtual std::optional<SimTime> first(World& world) = 0;
    // Acts at `now` and says when to act next (nullopt: done).
    virtual std::optional<SimTime> fire(World& world, SimTime now) = 0;
};

// Every behaviour the scenario declares, in a fixed order (the order is part of determinism).
std::vector<std::unique_ptr<Behaviour>> make_behaviours(const scenario::Scenario& scenario, std::uint64_t seed);

// When a person is at their desk on one local day.
struct DayPlan {
    bool works = false;         // false on weekends (if the scenario says so)
    SimTime arrive = 0;
    SimTime lunch_out = 0;
    SimTime lunch_back = 0;
    SimTime leave = 0;
    bool leaves_pc_on = false;  // the PC stays on overnight
};

// The plan of `hostname`'s owner on the local day that contains `t`; the same for every caller.
DayPlan day_plan(const scenario::Scenario& scenario, std::uint64_t seed, const std::string& hostname, SimTime t);

// One host's day plans, remembered: browsing asks for "today" at every candidate visit, and
// day_plan() builds a stream name and draws numbers each time. Same answers, made once a day.
class DayPlans {
public:
    DayPlans(const scenario::Scenario& scenario, std::uint64_t seed, const std::string& hostname)
        : scenario_(scenario), seed_(seed), hostname_(hostname) {}
    const DayPlan& at(SimTime t);

private:
    struct Remembered {
        SimTime midnight = INT64_MIN;
        DayPlan plan;
    };
    const scenario::Scenario& scenario_;
    std::uint64_t seed_;
    std::string hostname_;
    Remembered days_[4];   // a behaviour looks at most a few days around now
    std::size_t next_ = 0;  // the slot the next new day takes
};

}  // namespace socsim::sim

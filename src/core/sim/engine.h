// The deterministic simulation engine: scenario + seed -> log records in time order.
//
// The engine generates records lazily as the clock moves (advance_to), so the trainee sees logs
// stream in; trainee actions are applied at the current simulated time and change what happens
// next. The same scenario, seed and journal of actions always give the same records: that one
// property lets socsim resume, replay, grade from the command line and test with golden digests.
//
// Ground truth (which record is malicious, by which attack step) is kept beside the records,
// never inside them: panels show LogStore, only scoring and debriefs read truth().
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <queue>
#include <string>
#include <vector>

#include "core/logs/log_store.h"
#include "core/scenario/scenario.h"
#include "core/score/score.h"
#include "core/sim/action.h"
#include "core/sim/behaviours.h"
#include "core/sim/world.h"

namespace socsim::sim {

struct ActionResult {
    bool ok = false;
    std::string error_key;  // catalog key saying why it was refused ("action.unknown_host"...)
};

class Engine {
public:
    // The engine plays the scenario's variant for this seed (scenario/variant.h): scenario()
    // is that variant, the world every panel and score must read.
    Engine(const scenario::Scenario& scenario, std::uint64_t seed);
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    const scenario::Scenario& scenario() const { return scenario_; }
    std::uint64_t seed() const { return seed_; }
    SimTime start() const { return scenario_.start_time; }
    SimTime end() const { return scenario_.start_time + scenario_.duration; }
    SimTime now() const { return now_; }

    // Generates every record with time <= t (clamped to the scenario end). Never goes back.
    void advance_to(SimTime t);

    // Applies a trainee action at action.time (the engine first advances to it).
    ActionResult apply(const Action& action);

    const logs::LogStore& logs() const { return store_; }
    // Ground truth per record index: attack step index, kBenign, or a sanctioned job's label (sim/truth.h).
    const std::vector<std::int16_t>& truth() const { return truth_; }
    const HostState& host_state(int host) const { return world_->host(host); }
    const World& world() const { return *world_; }
    int host_count() const { return world_->host_count(); }

    // Hosts infected so far, with when and by which step: what scoring compares actions against.
    std::vector<score::Infection> infections() const;
    // The first malicious record's time, or nullopt if the attack has not started yet.
    std::optional<SimTime> first_malicious_time() const;
    // Streaming: hands every record made since the last call (with its ground-truth step index or
    // kBenign, and its number in the whole run) to `take`, then forgets them. Exports of a week on
    // thousands of hosts go through this instead of the store. The store reads empty afterwards.
    void drain(const std::function<void(const logs::Event&, std::int16_t truth, std::uint64_t number)>& take);
    std::uint64_t drained() const { return drained_; }

    // FNV-1a digest of every record generated so far: equal digests, equal logs.
    std::string digest() const;

private:
    struct Wakeup {
        SimTime when;
        std::uint64_t seq;
        std::uint32_t behaviour;
        bool operator>(const Wakeup& o) const { return when != o.when ? when > o.when : seq > o.seq; }
    };
    void schedule(std::uint32_t behaviour, std::optional<SimTime> when);

    const scenario::Scenario scenario_;  // the variant; behaviours and the world point into it
    std::uint64_t seed_;
    logs::LogStore store_;
    std::vector<std::int16_t> truth_;
    std::unique_ptr<World> world_;
    std::vector<std::unique_ptr<Behaviour>> behaviours_;
    std::priority_queue<Wakeup, std::vector<Wakeup>, std::greater<>> wakeups_;
    std::uint64_t next_seq_ = 0;
    SimTime now_;
    std::uint64_t drained_ = 0;                       // records handed out by drain() so far
    mutable std::size_t truth_scanned_ = 0;            // first_malicious_time() scans each record once
    mutable std::optional<SimTime> first_malicious_;
};

}  // namespace socsim::sim

// Runs behaviours in time order and keeps the log store and the ground truth (see engine.h).
#include "core/sim/engine.h"

#include <charconv>

#include "core/common/hash.h"
#include "core/scenario/variant.h"

namespace socsim::sim {

Engine::Engine(const scenario::Scenario& scenario, std::uint64_t seed)
    : scenario_(scenario::with_variant(scenario, seed)),
      seed_(seed),
      world_(std::make_unique<World>(scenario_, seed, store_, truth_)),
      behaviours_(make_behaviours(scenario_, seed)),
      now_(scenario_.start_time) {
    for (std::uint32_t i = 0; i < behaviours_.size(); ++i) schedule(i, behaviours_[i]->first(*world_));
}

Engine::~Engine() = default;

void Engine::schedule(std::uint32_t behaviour, std::optional<SimTime> when) {
    if (when && *when < end()) wakeups_.push({*when, next_seq_++, behaviour});
}

void Engine::advance_to(SimTime t) {
    t = std::min(t, end());
    if (t <= now_ && now_ != start()) return;
    while (!wakeups_.empty() && wakeups_.top().when <= t) {
        const Wakeup w = wakeups_.top();
        wakeups_.pop();
        // Everything made before this moment is final: later wakeups only write at or after it.
        world_->flush(w.when);
        schedule(w.behaviour, behaviours_[w.behaviour]->fire(*world_, w.when));
    }
    world_->flush(t);
    now_ = std::max(now_, t);
}

ActionResult Engine::apply(const Action& action) {
    advance_to(action.time);
    // Ending and triaging change nothing in the world (the attempt checks a triage's alert).
    if (action.kind == ActionKind::EndScenario || action.kind == ActionKind::Triage) return {true, {}};
    if (action.kind == ActionKind::Pin) {
        // Evidence changes nothing in the world; it must name a record the trainee could see.
        std::uint64_t index = 0;
        const auto& t = action.target;
        const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), index);
        if (t.empty() || ec != std::errc() || ptr != t.data() + t.size() || index >= store_.size())
            return {false, "action.unknown_record"};
        return {true, {}};
    }
    switch (action.kind) {
        case ActionKind::BlockDomain: {
            std::string d = action.target;
            for (auto& c : d) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            while (!d.empty() && d.back() == '.') d.pop_back();
            if (d.empty() || d.find('.') == std::string::npos || d.size() > 253 ||
                d.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-._") != std::string::npos)
                return {false, "action.bad_domain"};
            // The company's own names cannot be blocked: everybody's logon and file shares need them.
            const std::string& own = scenario_.network.domain;
            if (d == own || (d.size() > own.size() && d.ends_with("." + own))) return {false, "action.own_domain"};
            if (world_->domain_blocked(d)) return {false, "action.already_blocked"};
            world_->block_domain(d);
            return {true, {}};
        }
        case ActionKind::DisableAccount:
        case ActionKind::ResetPassword: {
            if (!world_->user_exists(action.target)) return {false, "action.unknown_user"};
            if (action.kind == ActionKind::DisableAccount) {
                if (world_->account_disabled(action.target)) return {false, "action.already_disabled"};
                world_->disable_account(action.target);
            } else {
                world_->reset_password(action.target, now_);
            }
            return {true, {}};
        }
        default: break;
    }
    const int host = scenario_.host_index(action.target);
    if (host < 0) return {false, "action.unknown_host"};
    switch (action.kind) {
        case ActionKind::Isolate:
            if (world_->host(host).isolated) return {false, "action.already_isolated"};
            world_->isolate(host, now_);
            return {true, {}};
        case ActionKind::Release:
            if (!world_->host(host).isolated) return {false, "action.not_isolated"};
            world_->release(host, now_);
            return {true, {}};
        default: break;
    }
    return {false, "action.unknown"};
}

std::vector<score::Infection> Engine::infections() const {
    std::vector<score::Infection> out;
    for (int i = 0; i < world_->host_count(); ++i) {
        const HostState& h = world_->host(i);
        if (!h.infected || h.infected_at > now_) continue;
        const auto& step = scenario_.attack[static_cast<std::size_t>(h.infected_by)];
        out.push_back({scenario_.network.hosts[static_cast<std::size_t>(i)].hostname, h.infected_at, step.id,
                       step.technique});
    }
    return out;
}

std::optional<SimTime> Engine::first_malicious_time() const {
    for (; !first_malicious_ && truth_scanned_ < truth_.size(); ++truth_scanned_)
        if (is_malicious(truth_[truth_scanned_])) first_malicious_ = store_.at(static_cast<std::uint32_t>(truth_scanned_)).time;
    return first_malicious_;
}

void Engine::drain(const std::function<void(const logs::Event&, std::int16_t, std::uint64_t)>& take) {
    const auto& events = store_.events();
    for (std::size_t i = 0; i < events.size(); ++i) take(events[i], truth_[i], drained_ + i);
    drained_ += events.size();
    // first_malicious_time() must still answer after the records are gone.
    first_malicious_time();
    truth_scanned_ = 0;
    store_.clear_records();
    truth_.clear();
}

std::string Engine::digest() const {
    Fnv1a64 h;
    for (const auto& e : store_.events()) {
        h.add_u64(static_cast<std::uint64_t>(e.time));
        h.add_u64((std::uint64_t(e.src_ip) << 32) | e.dst_ip);
        h.add_u64((std::uint64_t(e.src_port) << 48) | (std::uint64_t(e.dst_port) << 32) | e.value);
        h.add_u64((std::uint64_t(e.host) << 32) | (std::uint64_t(e.kind) << 24) | (std::uint64_t(e.code) << 16) |
                  static_cast<std::uint64_t>(e.source));
        h.add_u64((std::uint64_t(e.span) << 40) | (std::uint64_t(e.detail) << 32) | e.value2);
        h.add(store_.text(e));
    }
    return h.hex();
}

}  // namespace socsim::sim

// The attack library: one behaviour per attack step, whatever its kind (scenario.h lists them).
//
// Every step shares one life cycle (StepBehaviour): it waits for its start (or for the step it
// follows), checks its conditions once, infects its host if it is malware (through the lure
// site, or silently when the host was compromised before the shift), then acts until it stops,
// its host is cleaned, or the trainee's actions leave it nothing to do. The kinds differ only in
// what one action is, and each draws from its own random stream so that the rest of the
// company's logs stay the same whatever the attack does.
//
// Figures behind the defaults (design page): a DNS beacon every 60 s with a few seconds of
// jitter; Necurs-like DGA names of 7-21 letters, 2048 a day, nearly all NXDOMAIN; dnscat2-like
// tunnels with hex labels up to 62 characters about once a second; iodine pings every 4 s.
#include <algorithm>
#include <array>
#include <cmath>

#include "core/logs/render.h"
#include "core/sim/behaviour_library.h"

namespace socsim::sim::library {
namespace {

using scenario::AttackKind;
using scenario::AttackStep;

constexpr char kHex[] = "0123456789abcdef";
constexpr char kBase32[] = "abcdefghijklmnopqrstuvwxyz234567";
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string random_text(Random& rng, const char* alphabet, std::size_t alphabet_size, int length) {
    std::string out(static_cast<std::size_t>(length), 'a');
    for (auto& c : out) c = alphabet[rng.uniform_int(0, static_cast<std::int64_t>(alphabet_size) - 1)];
    return out;
}

std::uint32_t between(Random& rng, std::uint32_t lo, std::uint32_t hi) {
    return static_cast<std::uint32_t>(rng.uniform_int(lo, std::max(lo, hi)));
}

// Does a step of this kind take over a host when it succeeds?
bool compromises(const AttackStep& a) {
    switch (a.kind) {
        case AttackKind::PortScan:
        case AttackKind::PolicyViolation: return false;
        case AttackKind::SshBruteForce:
        case AttackKind::RdpBruteForce:
        case AttackKind::PasswordSpray: return !a.success_user.empty();
        default: return true;
    }
}

Millis jittered(Random& rng, Millis interval, Millis jitter) {
    const Millis j = jitter > 0 ? rng.uniform_int(-jitter, jitter) : 0;
    return std::max<Millis>(interval + j, 1);
}

// ---------------------------------------------------------------------------------------------
// The life cycle every step shares.
class StepBehaviour : public Behaviour {
public:
    StepBehaviour(const scenario::Scenario& s, std::uint64_t seed, std::int16_t index)
        : s_(s), step_(s.attack[static_cast<std::size_t>(index)]), index_(index), host_(s.host_index(step_.host)),
          after_(step_.after.empty() ? -1 : s.step_index(step_.after)),
          rng_(Random::stream(seed, "attack:" + step_.id)) {}

    std::optional<SimTime> first(World&) override {
        if (!step_.host.empty() && host_ < 0) return std::nullopt;
        return after_ >= 0 ? s_.start_time : s_.start_time + step_.start;
    }

    std::optional<SimTime> fire(World& world, SimTime now) override {
        if (phase_ == Phase::Waiting) {
            if (after_ >= 0) {
                // Follow the step it comes after: `start` after that step compromised a host (its
                // infection, its guessed password, its logon), or after its first record when it
                // compromises nothing (a scan, a policy violation).
                const auto& before = s_.attack[static_cast<std::size_t>(after_)];
                const auto seen = compromises(before) ? world.step_compromised(static_cast<std::int16_t>(after_))
                                                      : world.step_seen(static_cast<std::int16_t>(after_));
                if (!seen) return now + kMinute;
                if (now < *seen + step_.start) return *seen + step_.start;
            }
            if (!conditions_hold(world)) return std::nullopt;  // the trainee changed the story in time
            stop_at_ = step_.stop > 0 ? s_.start_time + step_.stop : INT64_MAX;
            phase_ = is_malware() ? Phase::Infecting : Phase::Acting;
            if (phase_ == Phase::Acting) return begin(world, now);
        }
        if (now >= stop_at_) return std::nullopt;
        if (phase_ == Phase::Infecting) {
            const HostState& h = world.host(host_);
            if (h.infected) {
                // Already someone's: this step's implant joins it (a step after it may wait on this).
                world.infect(host_, now, index_);
                phase_ = Phase::Acting;
                return begin(world, now);
            }
            if (step_.lure_domain.empty()) {
                // Compromised before the shift began: the implant is simply there.
                world.infect(host_, now, index_);
                phase_ = Phase::Acting;
                return begin(world, now);
            }
            if (!world.can_send(host_)) return now + kMinute;  // the user is not at the PC yet
            const Lookup lure = world.lookup(host_, now, step_.lure_domain, logs::DnsType::A, step_.lure_ip, 300, index_);
            if (lure == Lookup::Failed) return std::nullopt;  // the lure site is blocked: nothing is downloaded
            const SimTime download = now + rng_.uniform_int(200, 900);
            Connection c;
            c.dst = step_.lure_ip;
            c.sent = between(rng_, 900, 1800);
            c.received = between(rng_, 800000, 2400000);  // the "invoice" with the implant
            c.duration = rng_.uniform_int(1500, 4000);
            world.connect(host_, download, c, index_);
            world.infect(host_, download + 2 * kSecond, index_);
            phase_ = Phase::Acting;
            return download + rng_.uniform_int(20, 45) * kSecond;  // the implant starts up
        }
        // Malware stops when its host is cleaned (a reimage); the rest when they are done.
        if (is_malware() && !world.host(host_).infected) return std::nullopt;
        const auto next = act(world, now);
        if (next && *next >= stop_at_) return std::nullopt;
        return next;
    }

protected:
    // The first action once the step has begun; by default, act at once.
    virtual std::optional<SimTime> begin(World& world, SimTime now) { return act(world, now); }
    // One action; returns when to act next (nullopt: the step is over).
    virtual std::optional<SimTime> act(World& world, SimTime now) = 0;
    // Malware lives on an infected host; the others are people or devices doing something.
    virtual bool is_malware() const { return false; }

    bool conditions_hold(const World& world) const {
        for (const auto& c : step_.only_if) {
            bool holds = true;
            switch (c.kind) {
                case scenario::ConditionKind::NotIsolated:
                case scenario::ConditionKind::Isolated: {
                    const int h = s_.host_index(c.target);
                    const bool isolated = h >= 0 && world.host(h).isolated;
                    holds = c.kind == scenario::ConditionKind::Isolated ? isolated : !isolated;
                    break;
                }
                case scenario::ConditionKind::NotBlocked: holds = !world.domain_blocked(c.target); break;
                case scenario::ConditionKind::NotDisabled: holds = !world.account_disabled(c.target); break;
                case scenario::ConditionKind::PasswordNotReset: holds = world.password_reset_at(c.target) == 0; break;
                case scenario::ConditionKind::StepHappened: {
                    const int k = s_.step_index(c.target);
                    holds = k >= 0 && world.step_seen(static_cast<std::int16_t>(k)).has_value();
                    break;
                }
            }
            if (!holds) return false;
        }
        return true;
    }

    // The C2 answer and the check-in connection after it; false when the name did not resolve.
    bool resolve(World& world, SimTime now, std::string_view name, logs::DnsType type, int ttl) {
        const Lookup r = world.lookup(host_, now, name, type, step_.c2_ip, ttl, index_);
        return r == Lookup::Answered || r == Lookup::Cached;
    }

    void check_in(World& world, SimTime t) {
        Connection c;
        c.dst = step_.c2_ip;
        c.port = step_.port;
        c.sent = between(rng_, step_.sent_min, step_.sent_max);           // small, always alike
        c.received = between(rng_, step_.received_min, step_.received_max);  // "no new orders"
        c.duration = rng_.uniform_int(120, 600);
        world.connect(host_, t, c, index_);
    }

    enum class Phase { Waiting, Infecting, Acting };
    const scenario::Scenario& s_;
    const AttackStep& step_;
    std::int16_t index_;
    int host_;
    int after_;
    Random rng_;
    Phase phase_ = Phase::Waiting;
    SimTime stop_at_ = INT64_MAX;
};

// ---------------------------------------------------------------------------------------------
// dns_beacon: the implant asks for its C2 name every interval (TTL 0, so every ask reaches the
// DNS log), optionally under a changing subdomain, and checks in over HTTPS.
class DnsBeacon final : public StepBehaviour {
public:
    using StepBehaviour::StepBehaviour;

protected:
    bool is_malware() const override { return true; }
    std::optional<SimTime> act(World& world, SimTime now) override {
        if (world.can_send(host_)) {
            const std::string name = subdomain() + step_.c2_domain;
            const auto type = logs::parse_dns_type(step_.record_type).value_or(logs::DnsType::A);
            if (resolve(world, now, name, type, step_.ttl_s)) check_in(world, now + rng_.uniform_int(10, 60));
        }
        return now + jittered(rng_, step_.interval, step_.jitter);
    }

private:
    std::string subdomain() {
        const int n = step_.subdomain_length;
        switch (step_.subdomain) {
            case scenario::Subdomain::None: return {};
            case scenario::Subdomain::Hex: return random_text(rng_, kHex, 16, n) + ".";
            case scenario::Subdomain::Base32: return random_text(rng_, kBase32, 32, n) + ".";
            case scenario::Subdomain::Counter: return std::to_string(++counter_) + ".";
            case scenario::Subdomain::HostId:
                if (host_id_.empty()) host_id_ = random_text(rng_, kHex, 16, n);
                return host_id_ + ".";
        }
        return {};
    }
    int counter_ = 0;
    std::string host_id_;
};

// https_beacon: checks in over HTTPS every interval; its name is looked up like any client's,
// so the DNS log shows it only when the TTL runs out, and the firewall sees every check-in.
class HttpsBeacon final : public StepBehaviour {
public:
    using StepBehaviour::StepBehaviour;

protected:
    bool is_malware() const override { return true; }
    std::optional<SimTime> act(World& world, SimTime now) override {
        if (world.can_send(host_)) {
            const bool named = !step_.c2_domain.empty();
            if (!named || resolve(world, now, step_.c2_domain, logs::DnsType::A, step_.ttl_s))
                check_in(world, now + (named ? rng_.uniform_int(10, 60) : 0));
        }
        return now + jittered(rng_, step_.interval, step_.jitter);
    }
};

// dga: every interval, a burst of generated names, one after another, until one answers. The
// names depend only on the period (as a real DGA depends on the date), so every infected host
// tries the same ones; nearly all get NXDOMAIN.
class Dga final : public StepBehaviour {
public:
    Dga(const scenario::Scenario& s, std::uint64_t seed, std::int16_t index) : StepBehaviour(s, seed, index), seed_(seed) {}

protected:
    bool is_malware() const override { return true; }
    std::optional<SimTime> act(World& world, SimTime now) override {
        if (!world.can_send(host_)) return now + jittered(rng_, step_.interval, step_.jitter);
        const std::int64_t period = (now - s_.start_time) / std::max<Millis>(step_.period, kMinute);
        if (period != period_) make_names(period);
        SimTime t = now;
        for (int i = 0; i < step_.burst; ++i) {
            const Name& n = names_[next_++ % names_.size()];
            const auto rcode = n.registered ? logs::DnsRcode::NoError : logs::DnsRcode::NxDomain;
            const Lookup r = world.lookup(host_, t, n.text, logs::DnsType::A, n.registered ? step_.c2_ip : 0, 300, index_, rcode);
            if (r == Lookup::Answered || r == Lookup::Cached) {
                check_in(world, t + rng_.uniform_int(20, 200));
                break;
            }
            t += rng_.uniform_int(40, 400);
        }
        return std::max(t, now) + jittered(rng_, step_.interval, step_.jitter);
    }

private:
    struct Name {
        std::string text;
        bool registered = false;
    };
    void make_names(std::int64_t period) {
        period_ = period;
        next_ = 0;
        names_.clear();
        // The period's list, from the run seed and the date only.
        Random gen = Random::stream(seed_, "dga:" + step_.id + "/period:" + std::to_string(period));
        for (int i = 0; i < step_.names_per_period; ++i) {
            const int len = static_cast<int>(gen.uniform_int(step_.min_length, step_.max_length));
            Name n;
            n.text = random_text(gen, kBase32, 26, len) + "." +
                     step_.tlds[static_cast<std::size_t>(gen.uniform_int(0, static_cast<std::int64_t>(step_.tlds.size()) - 1))];
            n.registered = gen.chance(1.0 - step_.nxdomain_share);
            names_.push_back(std::move(n));
        }
    }
    std::uint64_t seed_;
    std::int64_t period_ = -1;
    std::size_t next_ = 0;
    std::vector<Name> names_;
};

// dns_tunnel: the data, encoded, in the labels of queries to the attacker's zone, about one a
// second; once it is out, short keep-alive queries every idle interval.
class DnsTunnel final : public StepBehaviour {
public:
    using StepBehaviour::StepBehaviour;

protected:
    bool is_malware() const override { return true; }
    std::optional<SimTime> begin(World& world, SimTime now) override {
        remaining_ = step_.data_bytes;
        return act(world, now);
    }
    std::optional<SimTime> act(World& world, SimTime now) override {
        if (!world.can_send(host_)) return now + kMinute;
        const auto& types = step_.record_types;
        const auto type = logs::parse_dns_type(types[static_cast<std::size_t>(
                                                   rng_.uniform_int(0, static_cast<std::int64_t>(types.size()) - 1))])
                              .value_or(logs::DnsType::TXT);
        if (remaining_ == 0) {
            // A ping: a short label so the server can send down what it has.
            world.lookup(host_, now, random_text(rng_, kHex, 16, 8) + "." + step_.c2_domain, type, 0, 0, index_);
            return now + jittered(rng_, step_.idle_interval, step_.idle_interval / 10);
        }
        std::string name;
        int bits = 4;
        const char* alphabet = kHex;
        std::size_t size = 16;
        if (step_.encoding == scenario::Encoding::Base32) bits = 5, alphabet = kBase32, size = 32;
        if (step_.encoding == scenario::Encoding::Base64) bits = 6, alphabet = kBase64, size = 64;
        // Labels and dots must fit the 253 characters of a name.
        const int room = 253 - static_cast<int>(step_.c2_domain.size()) - 1;
        int chars = 0;
        for (int i = 0; i < step_.labels; ++i) {
            const int len = std::min(step_.label_length, room - chars - 1);
            if (len < 1) break;
            name += random_text(rng_, alphabet, size, len) + ".";
            chars += len + 1;
        }
        const std::uint64_t carried = static_cast<std::uint64_t>(chars - step_.labels) * static_cast<std::uint64_t>(bits) / 8;
        remaining_ -= std::min(remaining_, std::max<std::uint64_t>(carried, 1));
        world.lookup(host_, now, name + step_.c2_domain, type, 0, 0, index_);
        return now + jittered(rng_, step_.interval, step_.jitter);
    }

private:
    std::uint64_t remaining_ = 0;
};

// ssh_brute_force, rdp_brute_force, password_spray: passwords tried against accounts, from our
// host or from outside, at a rate; the account in `success` falls after so many attempts.
class PasswordGuessing final : public StepBehaviour {
public:
    using StepBehaviour::StepBehaviour;

protected:
    std::optional<SimTime> begin(World& world, SimTime now) override {
        target_ = s_.host_index(step_.target);
        if (target_ < 0) return std::nullopt;
        users_ = step_.users;  // the loader fills a brute force's default list
        if (users_.empty())
            for (const auto& u : s_.network.users) users_.push_back(u.name);
        // Attempts in the order they are made: a spray walks through the accounts, a brute force
        // hammers each name in turn.
        const bool spray = step_.kind == AttackKind::PasswordSpray;
        for (int a = 0; a < step_.attempts; ++a)
            for (std::size_t u = 0; u < users_.size(); ++u) {
                if (!spray && a > 0) break;
                order_.push_back(u);
            }
        if (!spray) {
            // A brute force repeats the list of names until the attempts are used up.
            order_.clear();
            for (int a = 0; a < step_.attempts; ++a) order_.push_back(static_cast<std::size_t>(a) % users_.size());
        }
        source_port_ = static_cast<std::uint16_t>(rng_.uniform_int(32768, 60999));
        return act(world, now);
    }

    std::optional<SimTime> act(World& world, SimTime now) override {
        if (next_ >= order_.size()) return std::nullopt;
        if (host_ >= 0 && !world.can_send(host_)) return now + kMinute;  // the attacking host is cut off
        const bool ssh = step_.kind == AttackKind::SshBruteForce;
        // sshd allows a few passwords per connection; bots use one to three.
        const int per_connection = ssh ? static_cast<int>(rng_.uniform_int(1, 3)) : 1;
        Connection c;
        c.port = ssh ? 22 : step_.kind == AttackKind::RdpBruteForce ? 3389 : 445;
        c.sent = between(rng_, 1500, 3500) * static_cast<std::uint32_t>(per_connection);
        c.received = between(rng_, 1800, 4000);
        c.duration = rng_.uniform_int(800, 4000) * per_connection;
        c.state = logs::ConnState::RSTO;
        source_port_ = static_cast<std::uint16_t>(source_port_ >= 60999 ? 32768 : source_port_ + rng_.uniform_int(1, 7));
        bool reachable = true;
        if (host_ >= 0) reachable = world.connect_internal(host_, target_, now, c, index_);
        else world.connect_in(step_.source_ip, source_port_, target_, now, c, index_);
        if (host_ < 0) reachable = world.can_receive(target_);
        SimTime t = now + rng_.uniform_int(300, 900);
        for (int k = 0; k < per_connection && next_ < order_.size() && reachable; ++k) {
            const std::string& user = users_[order_[next_]];
            ++next_;
            // `success.after`: the N-th password tried on that account is the right one.
            const int tried = user == step_.success_user ? ++tries_of_success_user_ : 0;
            const bool guessed = !step_.success_user.empty() && user == step_.success_user && tried >= step_.success_after;
            const auto service = ssh ? logs::AuthService::Sshd : logs::AuthService::Windows;
            const int logon_type = step_.kind == AttackKind::RdpBruteForce ? 10 : 3;
            const auto outcome = world.server_logon(target_, host_, step_.source_ip, source_port_, t, user,
                                                    guessed ? logs::AuthOutcome::Success : logs::AuthOutcome::BadPassword,
                                                    service, logon_type, index_);
            if (outcome == logs::AuthOutcome::Success) {
                // In: the attacker controls the account on that host, which now needs containing.
                world.infect(target_, t, index_);
                return std::nullopt;  // the next step takes over
            }
            t += rng_.uniform_int(1500, 3000);
        }
        const double mean = 60000.0 / std::max(step_.rate_per_minute, 0.01);
        return now + std::max<Millis>(static_cast<Millis>(rng_.exponential(mean)), 50);
    }

private:
    int target_ = -1;
    std::vector<std::string> users_;
    std::vector<std::size_t> order_;  // index into users_ per attempt
    std::size_t next_ = 0;
    int tries_of_success_user_ = 0;
    std::uint16_t source_port_ = 40000;
};

// lateral_movement: with a stolen account, the infected host logs on to another over SMB, RDP,
// WinRM or SSH, copies its tool across, and the target is infected. A disabled account or a
// reset password stops it; it tries again a few times.
class LateralMovement final : public StepBehaviour {
public:
    using StepBehaviour::StepBehaviour;

protected:
    std::optional<SimTime> act(World& world, SimTime now) override {
        const int target = s_.host_index(step_.target);
        if (target < 0 || tries_ >= 4) return std::nullopt;
        ++tries_;
        if (!world.host(host_).infected || !world.can_send(host_)) return now + 10 * kMinute;
        Connection c;
        c.port = scenario::service_port(step_.service);
        c.sent = between(rng_, 150000, 900000);  // the tool copied across
        c.received = between(rng_, 4000, 30000);
        c.duration = rng_.uniform_int(2, 20) * kSecond;
        if (!world.connect_internal(host_, target, now, c, index_)) return now + 10 * kMinute;
        const bool ssh = step_.service == scenario::Service::Ssh;
        const int logon_type = step_.service == scenario::Service::Rdp ? 10 : 3;
        const auto outcome = world.server_logon(target, host_, 0, static_cast<std::uint16_t>(rng_.uniform_int(49152, 65535)),
                                                now + rng_.uniform_int(100, 600), step_.user, logs::AuthOutcome::Success,
                                                ssh ? logs::AuthService::Sshd : logs::AuthService::Windows, logon_type,
                                                index_);
        if (outcome != logs::AuthOutcome::Success) return now + 10 * kMinute;
        world.infect(target, now + kSecond, index_);
        return std::nullopt;
    }

private:
    int tries_ = 0;
};

// port_scan: probes of addresses and ports at a rate, from our host or from outside.
class PortScan final : public StepBehaviour {
public:
    using StepBehaviour::StepBehaviour;

protected:
    std::optional<SimTime> begin(World& world, SimTime now) override {
        sweep_ = std::make_unique<Sweep>(s_, step_.targets, step_.ports, rng_, host_ < 0);
        return act(world, now);
    }
    std::optional<SimTime> act(World& world, SimTime now) override {
        if (sweep_->done()) return std::nullopt;
        if (host_ >= 0 && !world.can_send(host_)) return now + kMinute;
        return now + sweep_->send_batch(world, host_, step_.source_ip, now, step_.rate_per_minute, index_, rng_);
    }

private:
    std::unique_ptr<Sweep> sweep_;
};

// rogue_device: an unregistered device (plugged in by its power behaviour when it `joins`)
// visits its sites and may look around the network.
class RogueDevice final : public StepBehaviour {
public:
    using StepBehaviour::StepBehaviour;

protected:
    // The device itself is the intruder: it counts as a host to contain from the moment it acts.
    bool is_malware() const override { return true; }
    std::optional<SimTime> begin(World& world, SimTime now) override {
        if (!step_.targets.empty() || !step_.ports.empty()) sweep_ = std::make_unique<Sweep>(s_, step_.targets, step_.ports, rng_);
        return act(world, now);
    }
    std::optional<SimTime> act(World& world, SimTime now) override {
        if (!world.can_send(host_)) return now + kMinute;  // not plugged in yet, or cut off
        if (sweep_ && !sweep_->done()) {
            const Millis next = sweep_->send_batch(world, host_, 0, now, step_.rate_per_minute, index_, rng_);
            if (!sweep_->done()) return now + next;
        }
        if (visits_ >= step_.visits || step_.sites.empty()) return std::nullopt;
        visit(world, now, step_.sites[static_cast<std::size_t>(rng_.zipf(step_.sites.size(), 1.0))]);
        ++visits_;
        return now + static_cast<Millis>(rng_.exponential(4.0 * kMinute)) + kSecond;
    }
    void visit(World& world, SimTime now, const scenario::Site& site) {
        const Lookup r = world.lookup(host_, now, site.domain, logs::DnsType::A, site.ip, site.ttl_s, index_);
        if (r == Lookup::Failed || r == Lookup::NotSent) return;
        Connection c;
        c.dst = site.ip;
        c.sent = between(rng_, 600, 3000);
        c.received = between(rng_, 2000, 400000);
        c.duration = rng_.uniform_int(300, 8000);
        world.connect(host_, now + rng_.uniform_int(20, 150), c, index_, site.category);
    }

private:
    std::unique_ptr<Sweep> sweep_;
    int visits_ = 0;
};

// policy_violation: somebody visits sites of a forbidden category now and then; the firewall's
// URL filter denies the categories the company blocks, and logs the rest.
class PolicyViolation final : public StepBehaviour {
public:
    using StepBehaviour::StepBehaviour;

protected:
    std::optional<SimTime> act(World& world, SimTime now) override {
        if (visits_ >= step_.visits) return std::nullopt;
        const Millis span = step_.stop > step_.start ? step_.stop - step_.start : 2 * kHour;
        if (world.can_send(host_)) {
            const auto& site = step_.sites[static_cast<std::size_t>(rng_.uniform_int(0, static_cast<std::int64_t>(step_.sites.size()) - 1))];
            const Lookup r = world.lookup(host_, now, site.domain, logs::DnsType::A, site.ip, site.ttl_s, index_);
            if (r == Lookup::Answered || r == Lookup::Cached) {
                Connection c;
                c.dst = site.ip;
                c.sent = between(rng_, 700, 2500);
                c.received = between(rng_, 20000, 900000);
                c.duration = rng_.uniform_int(500, 20000);
                world.connect(host_, now + rng_.uniform_int(20, 150), c, index_, site.category);
            }
            ++visits_;
        }
        return now + static_cast<Millis>(rng_.exponential(static_cast<double>(span) / std::max(step_.visits, 1))) + kSecond;
    }

private:
    int visits_ = 0;
};

// large_upload: the data leaves in large HTTPS uploads to cloud storage, one after another.
class LargeUpload final : public StepBehaviour {
public:
    using StepBehaviour::StepBehaviour;

protected:
    bool is_malware() const override { return true; }
    std::optional<SimTime> begin(World& world, SimTime now) override {
        remaining_ = step_.data_bytes;
        return act(world, now);
    }
    std::optional<SimTime> act(World& world, SimTime now) override {
        if (remaining_ == 0) return std::nullopt;
        if (!world.can_send(host_)) return now + kMinute;
        if (!step_.c2_domain.empty() && !resolve(world, now, step_.c2_domain, logs::DnsType::A, 300)) return now + 5 * kMinute;
        const std::uint64_t chunk = std::min<std::uint64_t>(remaining_, between(rng_, 50u << 20, 150u << 20));
        Connection c;
        c.dst = step_.c2_ip;
        c.port = step_.port;
        c.sent = static_cast<std::uint32_t>(chunk);
        c.received = between(rng_, 8000, 40000);
        c.duration = static_cast<Millis>(static_cast<double>(chunk) / rng_.uniform(6e6, 12e6) * 1000.0);  // 6-12 MB/s up
        world.connect(host_, now + rng_.uniform_int(20, 80), c, index_);
        remaining_ -= chunk;
        return now + c.duration + jittered(rng_, step_.interval, step_.jitter);
    }

private:
    std::uint64_t remaining_ = 0;
};

}  // namespace

std::unique_ptr<Behaviour> attack_step(const scenario::Scenario& s, std::uint64_t seed, std::int16_t step) {
    switch (s.attack[static_cast<std::size_t>(step)].kind) {
        case AttackKind::DnsBeacon: return std::make_unique<DnsBeacon>(s, seed, step);
        case AttackKind::HttpsBeacon: return std::make_unique<HttpsBeacon>(s, seed, step);
        case AttackKind::Dga: return std::make_unique<Dga>(s, seed, step);
        case AttackKind::DnsTunnel: return std::make_unique<DnsTunnel>(s, seed, step);
        case AttackKind::SshBruteForce:
        case AttackKind::RdpBruteForce:
        case AttackKind::PasswordSpray: return std::make_unique<PasswordGuessing>(s, seed, step);
        case AttackKind::LateralMovement: return std::make_unique<LateralMovement>(s, seed, step);
        case AttackKind::PortScan: return std::make_unique<PortScan>(s, seed, step);
        case AttackKind::RogueDevice: return std::make_unique<RogueDevice>(s, seed, step);
        case AttackKind::PolicyViolation: return std::make_unique<PolicyViolation>(s, seed, step);
        case AttackKind::LargeUpload: return std::make_unique<LargeUpload>(s, seed, step);
    }
    return nullptr;
}

}  // namespace socsim::sim::library

// The benign life of the company and the attack, as behaviours (see behaviours.h).
//
// Figures that shape the traffic and why:
// - arrivals spread about 15 min around the start of working hours, departures later than the end;
// - browsing is a Poisson process whose rate drops to 30% over lunch and to zero when away;
// - site choice follows the scenario's popularity weights, so a few sites dominate and a long
//   tail stays rare, as in real DNS logs;
// - periodic services keep running while nobody is there, which is what makes them look suspicious.
#include "core/sim/behaviours.h"

#include <algorithm>
#include <cmath>

namespace socsim::sim {
namespace {

using scenario::Role;

bool is_person_device(const scenario::Host& h) {
    return (h.role == Role::Workstation || h.role == Role::Laptop) && !h.owner.empty();
}

SimTime local_midnight(SimTime t, int offset_minutes) {
    const SimTime local = t + offset_minutes * kMinute;
    const SimTime day = local >= 0 ? local / kDay : -((-local + kDay - 1) / kDay);
    return day * kDay - offset_minutes * kMinute;
}

// --- power and DHCP --------------------------------------------------------------------------
class PowerAndDhcp final : public Behaviour {
public:
    PowerAndDhcp(const scenario::Scenario& s, std::uint64_t seed, int host)
        : s_(s), seed_(seed), host_(host), decl_(s.network.hosts[static_cast<std::size_t>(host)]),
          rng_(Random::stream(seed, "host:" + decl_.hostname + "/power")) {}

    std::optional<SimTime> first(World& world) override {
        const SimTime start = s_.start_time;
        const DayPlan yesterday = day_plan(s_, seed_, decl_.hostname, start - kDay);
        const DayPlan today = day_plan(s_, seed_, decl_.hostname, start);
        const bool always_on = !is_person_device(decl_);
        if (always_on || yesterday.leaves_pc_on || (today.works && today.arrive < start && start < today.leave)) {
            // Already on when the scenario opens, holding a lease obtained some time ago.
            HostState& h = world.host(host_);
            h.online = true;
            h.ip = decl_.ip;
            const Millis half = s_.network.lease_time / 2;
            next_renew_ = start + rng_.uniform_int(1, half);
        }
        return next_after(world, start - 1);
    }

    std::optional<SimTime> fire(World& world, SimTime now) override {
        HostState& h = world.host(host_);
        const DayPlan plan = day_plan(s_, seed_, decl_.hostname, now);
        if (now == next_renew_ && h.online) {
            world.dhcp_renew(host_, now);
            next_renew_ = now + s_.network.lease_time / 2;
        }
        if (plan.works && now == plan.arrive - kBootTime && !h.online) {
            world.dhcp_obtain(host_, now);
            next_renew_ = now + s_.network.lease_time / 2;
        }
        if (plan.works && now == plan.leave && h.online && is_person_device(decl_)) {
            if (decl_.role == Role::Laptop) {
                world.dhcp_release(host_, now);  // goes home in a bag
            } else if (!plan.leaves_pc_on) {
                h.online = false;                // shut down: Windows sends no release
                h.ip = 0;
            }
        }
        return next_after(world, now);
    }

private:
    static constexpr Millis kBootTime = 3 * kMinute;

    std::optional<SimTime> next_after(World& world, SimTime now) {
        SimTime best = INT64_MAX;
        if (world.host(host_).online && next_renew_ > now) best = next_renew_;
        if (is_person_device(decl_)) {
            for (int d = 0; d < 2; ++d) {
                const DayPlan p = day_plan(s_, seed_, decl_.hostname, now + d * kDay);
                if (!p.works) continue;
                for (SimTime t : {p.arrive - kBootTime, p.leave})
                    if (t > now) best = std::min(best, t);
            }
            if (best == INT64_MAX) best = local_midnight(now, s_.utc_offset_minutes) + 2 * kDay;  // a weekend
        }
        if (best == INT64_MAX) return std::nullopt;
        return best;
    }

    const scenario::Scenario& s_;
    std::uint64_t seed_;
    int host_;
    const scenario::Host& decl_;
    Random rng_;
    SimTime next_renew_ = INT64_MAX;
};

// --- web browsing ---------------------------------------------------------------------------
class Browsing final : public Behaviour {
public:
    Browsing(const scenario::Scenario& s, std::uint64_t seed, int host)
        : s_(s), seed_(seed), host_(host), decl_(s.network.hosts[static_cast<std::size_t>(host)]),
          rng_(Random::stream(seed, "host:" + decl_.hostname + "/browsing")) {
        double total = 0;
        for (const auto& site : s.benign.sites) cumulative_.push_back(total += site.weight);
        // Each person has a slightly different appetite for the web.
        rate_per_ms_ = s.benign.lookups_per_hour * rng_.uniform(0.6, 1.4) / static_cast<double>(kHour);
        internal_name_ = s.network.dns_server + "." + s.network.domain;
    }

    std::optional<SimTime> first(World&) override {
        if (cumulative_.empty() || rate_per_ms_ <= 0) return std::nullopt;
        return s_.start_time + static_cast<Millis>(rng_.exponential(1.0 / rate_per_ms_));
    }

    std::optional<SimTime> fire(World& world, SimTime now) override {
        // Thinning: candidates arrive at the full rate, and are kept with the share of the
        // moment (away: 0, lunch: 0.3, at the desk: 1).
        const DayPlan p = day_plan(s_, seed_, decl_.hostname, now);
        double share = 0;
        if (p.works && now >= p.arrive && now < p.leave)
            share = (now >= p.lunch_out && now < p.lunch_back) ? 0.3 : 1.0;
        if (share > 0 && rng_.chance(share) && world.can_send(host_)) visit(world, now);
        return now + 1 + static_cast<Millis>(rng_.exponential(1.0 / rate_per_ms_));
    }

private:
    void visit(World& world, SimTime now) {
        if (rng_.chance(0.08)) {
            // Internal names: the file share, the intranet.
            world.lookup(host_, now, internal_name_, logs::DnsType::A, 0, 1200, kBenign);
            return;
        }
        const double pick = rng_.uniform() * cumulative_.back();
        const auto i = static_cast<std::size_t>(
            std::upper_bound(cumulative_.begin(), cumulative_.end(), pick) - cumulative_.begin());
        const auto& site = s_.benign.sites[std::min(i, s_.benign.sites.size() - 1)];
        const bool aaaa = rng_.chance(0.15);
        world.lookup(host_, now, site.domain, aaaa ? logs::DnsType::AAAA : logs::DnsType::A, aaaa ? 0 : site.ip,
                     site.ttl_s, kBenign);
        // The page itself: sizes are heavy-tailed (a few big downloads, many small requests).
        const double bytes = std::exp(rng_.normal(8.5, 1.3));
        Connection c;
        c.dst = site.ip;
        c.sent = static_cast<std::uint32_t>(rng_.uniform_int(600, 2400));  // TLS hello and the requests
        c.received = static_cast<std::uint32_t>(std::min(bytes, 5.0e7));
        c.duration = rng_.uniform_int(200, 4000) + static_cast<Millis>(c.received / 2000);  // ~2 MB/s office line
        world.connect(host_, now + rng_.uniform_int(15, 120), c, kBenign);
    }

    const scenario::Scenario& s_;
    std::uint64_t seed_;
    int host_;
    const scenario::Host& decl_;
    Random rng_;
    std::vector<double> cumulative_;
    double rate_per_ms_ = 0;
    std::string internal_name_;
};

// --- periodic services (NTP, update checks) ---------------------------------------------
class Periodic final : public Behaviour {
public:
    Periodic(const scenario::Scenario& s, std::uint64_t seed, int host, const scenario::PeriodicService& service)
        : s_(s), host_(host), service_(service),
          rng_(Random::stream(seed, "host:" + s.network.hosts[static_cast<std::size_t>(host)].hostname + "/periodic:" +
                                        service.name)) {}

    std::optional<SimTime> first(World&) override {
        return s_.start_time + rng_.uniform_int(0, std::max<Millis>(service_.interval, 1));
    }

    std::optional<SimTime> fire(World& world, SimTime now) override {
        if (world.can_send(host_)) {
            world.lookup(host_, now, service_.domain, logs::DnsType::A, service_.ip, service_.ttl_s, kBenign);
            Connection c;
            c.dst = service_.ip;
            c.port = static_cast<std::uint16_t>(service_.port);
            c.proto = service_.protocol == "udp" ? logs::Protocol::Udp : logs::Protocol::Tcp;
            if (c.proto == logs::Protocol::Udp) {
                c.sent = c.received = 48;  // one NTP packet each way
                c.duration = rng_.uniform_int(5, 60);
            } else {
                c.sent = static_cast<std::uint32_t>(rng_.uniform_int(700, 1600));
                c.received = static_cast<std::uint32_t>(rng_.uniform_int(900, 4000));
                c.duration = rng_.uniform_int(150, 900);
            }
            world.connect(host_, now + rng_.uniform_int(5, 40), c, kBenign);
        }
        const Millis jitter = service_.jitter > 0 ? rng_.uniform_int(-service_.jitter, service_.jitter) : 0;
        return now + std::max<Millis>(service_.interval + jitter, kSecond);
    }

private:
    const scenario::Scenario& s_;
    int host_;
    const scenario::PeriodicService& service_;
    Random rng_;
};

// --- logons -------------------------------------------------------------------------------
class Logons final : public Behaviour {
public:
    Logons(const scenario::Scenario& s, std::uint64_t seed, int host)
        : s_(s), seed_(seed), host_(host), decl_(s.network.hosts[static_cast<std::size_t>(host)]),
          rng_(Random::stream(seed, "host:" + decl_.hostname + "/logons")) {}

    std::optional<SimTime> first(World&) override { return next_after(s_.start_time - 1); }

    std::optional<SimTime> fire(World& world, SimTime now) override {
        const DayPlan p = day_plan(s_, seed_, decl_.hostname, now);
        const int type = now == p.arrive ? 2 : 7;  // interactive at arrival, unlock after lunch
        if (rng_.chance(s_.benign.failed_logon_chance)) {
            world.logon(host_, now, decl_.owner, logs::AuthOutcome::BadPassword, type, kBenign);
            now += rng_.uniform_int(4, 15) * kSecond;  // types it again
        }
        world.logon(host_, now, decl_.owner, logs::AuthOutcome::Success, type, kBenign);
        return next_after(now);
    }

private:
    std::optional<SimTime> next_after(SimTime now) {
        for (int d = 0; d < 7; ++d) {
            const DayPlan p = day_plan(s_, seed_, decl_.hostname, now + d * kDay);
            if (!p.works) continue;
            for (SimTime t : {p.arrive, p.lunch_back})
                if (t > now) return t;
        }
        return std::nullopt;
    }

    const scenario::Scenario& s_;
    std::uint64_t seed_;
    int host_;
    const scenario::Host& decl_;
    Random rng_;
};

// --- attack: DNS beacon ---------------------------------------------------------------------
// The victim visits the lure site and downloads the malware; from then on the implant asks for
// its C2 name every `interval` +- `jitter` (TTL 0, so every ask reaches the DNS log) and checks in
// over HTTPS with small, similar-sized messages.
class DnsBeacon final : public Behaviour {
public:
    DnsBeacon(const scenario::Scenario& s, std::uint64_t seed, std::int16_t step_index)
        : s_(s), step_(s.attack[static_cast<std::size_t>(step_index)]), step_index_(step_index),
          host_(s.host_index(step_.host)), rng_(Random::stream(seed, "attack:" + step_.id)) {}

    std::optional<SimTime> first(World&) override {
        if (host_ < 0) return std::nullopt;
        return s_.start_time + step_.start;
    }

    std::optional<SimTime> fire(World& world, SimTime now) override {
        HostState& h = world.host(host_);
        if (!h.infected) {
            if (!world.can_send(host_)) return now + kMinute;  // the user is not at the PC yet
            world.lookup(host_, now, step_.lure_domain, logs::DnsType::A, step_.lure_ip, 300, step_index_);
            const SimTime download = now + rng_.uniform_int(200, 900);
            Connection c;
            c.dst = step_.lure_ip;
            c.sent = static_cast<std::uint32_t>(rng_.uniform_int(900, 1800));
            c.received = static_cast<std::uint32_t>(rng_.uniform_int(800000, 2400000));  // the "invoice" with the implant
            c.duration = rng_.uniform_int(1500, 4000);
            world.connect(host_, download, c, step_index_);
            world.infect(host_, download + 2 * kSecond, step_index_);
            return download + rng_.uniform_int(20, 45) * kSecond;  // the implant starts up
        }
        if (world.can_send(host_)) {
            world.lookup(host_, now, step_.c2_domain, dns_type(), step_.c2_ip, step_.ttl_s, step_index_);
            Connection c;
            c.dst = step_.c2_ip;
            c.sent = static_cast<std::uint32_t>(rng_.uniform_int(380, 520));  // the check-in: small, always alike
            c.received = static_cast<std::uint32_t>(rng_.uniform_int(180, 260));  // "no new orders"
            c.duration = rng_.uniform_int(120, 600);
            world.connect(host_, now + rng_.uniform_int(10, 60), c, step_index_);
        }
        const Millis jitter = step_.jitter > 0 ? rng_.uniform_int(-step_.jitter, step_.jitter) : 0;
        return now + std::max<Millis>(step_.interval + jitter, kSecond);
    }

private:
    logs::DnsType dns_type() const {
        if (step_.record_type == "TXT") return logs::DnsType::TXT;
        if (step_.record_type == "AAAA") return logs::DnsType::AAAA;
        if (step_.record_type == "CNAME") return logs::DnsType::CNAME;
        if (step_.record_type == "MX") return logs::DnsType::MX;
        if (step_.record_type == "NULL") return logs::DnsType::NULL_;
        return logs::DnsType::A;
    }

    const scenario::Scenario& s_;
    const scenario::AttackStep& step_;
    std::int16_t step_index_;
    int host_;
    Random rng_;
};

}  // namespace

DayPlan day_plan(const scenario::Scenario& s, std::uint64_t seed, const std::string& hostname, SimTime t) {
    const SimTime midnight = local_midnight(t, s.utc_offset_minutes);
    const std::int64_t day = (midnight + s.utc_offset_minutes * kMinute) / kDay;
    Random r = Random::stream(seed, "host:" + hostname + "/day:" + std::to_string(day));
    DayPlan p;
    const auto& hours = s.benign.hours;
    p.works = !(hours.weekends_off && local_weekday(midnight + kHour, s.utc_offset_minutes) >= 5);
    const auto at = [&](double minute) { return midnight + static_cast<Millis>(minute * static_cast<double>(kMinute)); };
    const double arrive = std::clamp(r.normal(hours.start_minute, 15.0), hours.start_minute - 60.0, hours.start_minute + 60.0);
    const double out = hours.lunch_start_minute + r.uniform(-5.0, 10.0);
    const double back = hours.lunch_end_minute + r.uniform(-10.0, 5.0);
    const double leave = std::clamp(r.normal(hours.end_minute + 20.0, 30.0), hours.end_minute - 30.0, hours.end_minute + 150.0);
    p.arrive = at(arrive);
    p.lunch_out = at(out);
    p.lunch_back = at(std::max(back, out + 20.0));
    p.leave = at(leave);
    p.leaves_pc_on = r.chance(0.3);
    return p;
}

std::vector<std::unique_ptr<Behaviour>> make_behaviours(const scenario::Scenario& s, std::uint64_t seed) {
    std::vector<std::unique_ptr<Behaviour>> out;
    const auto& hosts = s.network.hosts;
    for (std::size_t i = 0; i < hosts.size(); ++i) {
        const auto& h = hosts[i];
        const int index = static_cast<int>(i);
        if (h.addressing == scenario::Addressing::Dhcp) out.push_back(std::make_unique<PowerAndDhcp>(s, seed, index));
        if (is_person_device(h)) {
            out.push_back(std::make_unique<Browsing>(s, seed, index));
            out.push_back(std::make_unique<Logons>(s, seed, index));
        }
        for (const auto& service : s.benign.periodic) {
            const bool runs = service.roles.empty()
                                  ? (h.role == Role::Workstation || h.role == Role::Laptop)
                                  : std::find(service.roles.begin(), service.roles.end(), h.role) != service.roles.end();
            if (runs) out.push_back(std::make_unique<Periodic>(s, seed, index, service));
        }
    }
    for (std::size_t k = 0; k < s.attack.size(); ++k) {
        if (s.attack[k].kind == scenario::AttackKind::DnsBeacon)
            out.push_back(std::make_unique<DnsBeacon>(s, seed, static_cast<std::int16_t>(k)));
    }
    return out;
}

}  // namespace socsim::sim

// The benign life of the company, as behaviours (see behaviours.h and behaviour_library.h).
//
// Figures that shape the traffic and why:
// - arrivals spread about 15 min around the start of working hours, departures later than the end;
// - browsing is a Poisson process whose rate drops to 30% over lunch and to zero when away;
// - site choice follows the scenario's popularity weights, so a few sites dominate and a long
//   tail stays rare, as in real DNS logs;
// - periodic services keep running while nobody is there, which is what makes them look suspicious;
// - scheduled jobs (backups, the vulnerability scanner, admin sessions) look like attacks on purpose.
#include <algorithm>
#include <cmath>

#include "core/logs/render.h"
#include "core/sim/behaviour_library.h"

namespace socsim::sim::library {
namespace {

using scenario::Role;

// --- power and DHCP --------------------------------------------------------------------------
class PowerAndDhcp final : public Behaviour {
public:
    PowerAndDhcp(const scenario::Scenario& s, std::uint64_t seed, int host)
        : s_(s), seed_(seed), host_(host), decl_(s.network.hosts[static_cast<std::size_t>(host)]),
          rng_(Random::stream(seed, "host:" + decl_.hostname + "/power")),
          plans_(s, seed, decl_.hostname) {}

    std::optional<SimTime> first(World& world) override {
        const SimTime start = s_.start_time;
        const DayPlan yesterday = day_plan(s_, seed_, decl_.hostname, start - kDay);
        const DayPlan today = day_plan(s_, seed_, decl_.hostname, start);
        const bool always_on = !is_person_device(decl_);
        if (!decl_.inventoried) {
            // A device nobody registered: it plugs in when the scenario says and stays.
            join_at_ = start + decl_.joins;
            return join_at_;
        }
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
        if (!decl_.inventoried && now == join_at_ && !h.online) {
            world.dhcp_obtain(host_, now);
            next_renew_ = now + s_.network.lease_time / 2;
            return next_renew_;
        }
        const DayPlan plan = plans_.at(now);
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
                const DayPlan p = plans_.at(now + d * kDay);
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
    DayPlans plans_;  // this host's owner's days
    SimTime next_renew_ = INT64_MAX;
    SimTime join_at_ = INT64_MAX;
};

// --- web browsing ---------------------------------------------------------------------------
class Browsing final : public Behaviour {
public:
    Browsing(const scenario::Scenario& s, std::uint64_t seed, int host)
        : s_(s), seed_(seed), host_(host), decl_(s.network.hosts[static_cast<std::size_t>(host)]),
          rng_(Random::stream(seed, "host:" + decl_.hostname + "/browsing")),
          plans_(s, seed, decl_.hostname) {
        // Sites meant for other roles (the CAD vendor for engineers' PCs...) are left out.
        double total = 0;
        for (std::size_t i = 0; i < s.benign.sites.size(); ++i) {
            const auto& site = s.benign.sites[i];
            if (!site.roles.empty() && std::find(site.roles.begin(), site.roles.end(), decl_.role) == site.roles.end())
                continue;
            sites_.push_back(i);
            cumulative_.push_back(total += site.weight);
        }
        // Each person has a slightly different appetite for the web.
        rate_per_ms_ = s.benign.lookups_per_hour * rng_.uniform(0.6, 1.4) / static_cast<double>(kHour);
        // Internal names: the file share, the intranet, the printers, the domain controller.
        for (std::size_t i = 0; i < s.network.hosts.size(); ++i) {
            const auto& h = s.network.hosts[i];
            if (h.addressing != scenario::Addressing::Static || h.role == Role::Firewall || !h.inventoried) continue;
            // What a desk uses the server for: its file share, its web page, its printer port.
            std::uint16_t port = h.role == Role::Printer ? 9100 : 0;
            for (auto svc : h.services)
                if (svc == scenario::Service::Smb || svc == scenario::Service::Https || svc == scenario::Service::Http) {
                    port = scenario::service_port(svc);
                    break;
                }
            if (h.exposed || h.role == Role::Iot) continue;  // nobody browses the SFTP drop or the camera
            internal_.push_back({h.hostname + "." + s.network.domain, h.ip, static_cast<int>(i), port});
        }
    }

    std::optional<SimTime> first(World&) override {
        if (cumulative_.empty() || rate_per_ms_ <= 0) return std::nullopt;
        return s_.start_time + static_cast<Millis>(rng_.exponential(1.0 / rate_per_ms_));
    }

    std::optional<SimTime> fire(World& world, SimTime now) override {
        // Thinning: candidates arrive at the full rate, and are kept with the share of the
        // moment. (Stepping over the away ones inside one wakeup would save queue work, but it
        // pushes the next wakeup earlier, which reorders ties in time: other records.)
        const double share = share_at(now);
        if (share > 0 && rng_.chance(share) && world.can_send(host_)) visit(world, now);
        return now + 1 + static_cast<Millis>(rng_.exponential(1.0 / rate_per_ms_));
    }

private:
    // The share of candidate visits kept at `t`: away 0, at lunch 0.3, at the desk 1.
    double share_at(SimTime t) {
        const DayPlan& p = plans_.at(t);
        if (!p.works || t < p.arrive || t >= p.leave) return 0;
        return (t >= p.lunch_out && t < p.lunch_back) ? 0.3 : 1.0;
    }

    void visit(World& world, SimTime now) {
        if (!internal_.empty() && rng_.chance(0.08)) {
            // Internal names stay inside: the DNS server answers them itself.
            const auto& target = internal_[static_cast<std::size_t>(rng_.zipf(internal_.size(), 1.2))];
            world.lookup(host_, now, target.name, logs::DnsType::A, target.ip, 1200, kBenign);
            // Then the share, the intranet page or the print job itself; the firewall sees it when
            // the server sits in another LAN, which is why SMB to the file server is ordinary.
            if (target.port) {
                Connection c;
                c.port = target.port;
                c.sent = static_cast<std::uint32_t>(std::exp(rng_.normal(9.0, 1.2)));
                c.received = static_cast<std::uint32_t>(std::exp(rng_.normal(10.0, 1.5)));
                c.duration = rng_.uniform_int(100, 8000);
                world.connect_internal(host_, target.host, now + rng_.uniform_int(5, 40), c, kBenign);
            }
            return;
        }
        const double pick = rng_.uniform() * cumulative_.back();
        const auto i = static_cast<std::size_t>(
            std::upper_bound(cumulative_.begin(), cumulative_.end(), pick) - cumulative_.begin());
        const auto& site = s_.benign.sites[sites_[std::min(i, sites_.size() - 1)]];
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
        world.connect(host_, now + rng_.uniform_int(15, 120), c, kBenign, site.category);
    }

    const scenario::Scenario& s_;
    std::uint64_t seed_;
    int host_;
    const scenario::Host& decl_;
    Random rng_;
    DayPlans plans_;  // this host's owner's days
    std::vector<std::size_t> sites_;   // indices of the sites this host visits
    std::vector<double> cumulative_;   // their running weights, for picking one
    double rate_per_ms_ = 0;
    struct Internal {
        std::string name;          // "fs01.corp.example"
        Ipv4 ip = 0;
        int host = -1;
        std::uint16_t port = 0;    // what a desk connects to afterwards (0: nothing)
    };
    std::vector<Internal> internal_;
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
            world.lookup(host_, now, service_.domain, logs::parse_dns_type(service_.record_type).value_or(logs::DnsType::A), service_.ip, service_.ttl_s,
                         kBenign);
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
            // A service with its own sizes (a telemetry upload, a signature download) keeps them, give or take.
            if (service_.sent) c.sent = static_cast<std::uint32_t>(service_.sent * rng_.uniform(0.9, 1.1));
            if (service_.received) c.received = static_cast<std::uint32_t>(service_.received * rng_.uniform(0.9, 1.1));
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
          rng_(Random::stream(seed, "host:" + decl_.hostname + "/logons")),
          plans_(s, seed, decl_.hostname) {}

    std::optional<SimTime> first(World&) override { return next_after(s_.start_time - 1); }

    std::optional<SimTime> fire(World& world, SimTime now) override {
        const DayPlan p = plans_.at(now);
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
            const DayPlan p = plans_.at(now + d * kDay);
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
    DayPlans plans_;  // this host's owner's days
};

// --- scheduled jobs ----------------------------------------------------------------------
// Benign work that looks alarming: the nightly backup uploads gigabytes, the vulnerability
// scanner probes every port of the server LAN, the admin logs on to servers over SSH and
// sometimes mistypes the password. Trainees must learn to tell them from attacks.
class ScheduledJob final : public Behaviour {
public:
    ScheduledJob(const scenario::Scenario& s, std::uint64_t seed, const scenario::Job& job)
        : s_(s),
          job_(job),
          host_(s.host_index(job.host)),
          label_(sanctioned_label(static_cast<std::size_t>(&job - s.benign.jobs.data()))),
          rng_(Random::stream(seed, "job:" + job.name)) {}

    std::optional<SimTime> first(World&) override {
        if (host_ < 0) return std::nullopt;
        return next_run(s_.start_time);
    }

    std::optional<SimTime> fire(World& world, SimTime now) override {
        if (!running_) {
            running_ = true;
            step_ = 0;
            if (job_.kind == scenario::JobKind::VulnerabilityScan) {
                sweep_ = std::make_unique<Sweep>(s_, job_.targets, job_.ports, rng_);
                gap_ = std::max<Millis>(job_.duration / static_cast<Millis>(std::max<std::size_t>(sweep_->size(), 1)), 5);
            }
            if (job_.kind == scenario::JobKind::Backup)
                world.lookup(host_, now, job_.domain, logs::DnsType::A, job_.ip, 300, label_);
        }
        const std::optional<SimTime> next = work(world, now);
        if (next) return next;
        running_ = false;
        return next_run(now + kMinute);
    }

private:
    // One piece of the run; nullopt when the run is over.
    std::optional<SimTime> work(World& world, SimTime now) {
        switch (job_.kind) {
            case scenario::JobKind::Backup: {
                // Four parallel streams share the data: long, large uploads in the middle of the night.
                constexpr int kStreams = 4;
                if (step_ >= kStreams) return std::nullopt;
                Connection c;
                c.dst = job_.ip;
                c.sent = static_cast<std::uint32_t>(std::min<std::uint64_t>(job_.bytes / kStreams, 0xFFFFFFFFu));
                c.received = static_cast<std::uint32_t>(c.sent / 400 + rng_.uniform_int(2000, 9000));
                c.duration = static_cast<Millis>(static_cast<double>(job_.duration) * rng_.uniform(0.85, 1.0));
                world.connect(host_, now + rng_.uniform_int(100, 900), c, label_);
                ++step_;
                return now + rng_.uniform_int(1, 3) * kSecond;
            }
            case scenario::JobKind::VulnerabilityScan: {
                if (sweep_->done()) return std::nullopt;
                sweep_->probe(world, host_, 0, now, label_, rng_);
                return now + gap_;
            }
            case scenario::JobKind::AdminSsh: {
                if (step_ >= job_.servers.size()) return std::nullopt;
                const int server = s_.host_index(job_.servers[step_]);
                ++step_;
                if (server < 0 || !world.can_send(host_)) return now + kMinute;
                Connection c;
                c.port = 22;
                c.sent = static_cast<std::uint32_t>(rng_.uniform_int(8000, 60000));
                c.received = static_cast<std::uint32_t>(rng_.uniform_int(20000, 400000));
                c.duration = rng_.uniform_int(5, 40) * kMinute;
                const std::uint16_t port = static_cast<std::uint16_t>(rng_.uniform_int(50000, 60999));
                SimTime t = now;
                if (rng_.chance(job_.typo_chance)) {
                    world.server_logon(server, host_, 0, port, t, job_.user, logs::AuthOutcome::BadPassword,
                                       logs::AuthService::Sshd, 3, label_);
                    t += rng_.uniform_int(3, 9) * kSecond;
                }
                world.connect_internal(host_, server, now, c, label_);
                world.server_logon(server, host_, 0, port, t, job_.user, logs::AuthOutcome::Success, logs::AuthService::Sshd,
                                   3, label_);
                return t + c.duration;  // one server after another
            }
        }
        return std::nullopt;
    }

    // The next local time-of-day start on a day the job runs, after `t`.
    std::optional<SimTime> next_run(SimTime t) const {
        for (int d = 0; d < 8; ++d) {
            const SimTime midnight = local_midnight(t, s_.utc_offset_minutes) + d * kDay;
            const int weekday = local_weekday(midnight + kHour, s_.utc_offset_minutes);
            if (!job_.weekdays.empty() && std::find(job_.weekdays.begin(), job_.weekdays.end(), weekday) == job_.weekdays.end())
                continue;
            const SimTime at = midnight + job_.at_minute * kMinute;
            if (at >= t) return at;
        }
        return std::nullopt;
    }

    const scenario::Scenario& s_;
    const scenario::Job& job_;
    int host_;
    std::int16_t label_;  // its records' ground truth: sanctioned, not ordinary
    Random rng_;
    bool running_ = false;
    std::size_t step_ = 0;
    Millis gap_ = kSecond;
    std::unique_ptr<Sweep> sweep_;
};

}  // namespace

std::unique_ptr<Behaviour> power_and_dhcp(const scenario::Scenario& s, std::uint64_t seed, int host) {
    return std::make_unique<PowerAndDhcp>(s, seed, host);
}
std::unique_ptr<Behaviour> browsing(const scenario::Scenario& s, std::uint64_t seed, int host) {
    return std::make_unique<Browsing>(s, seed, host);
}
std::unique_ptr<Behaviour> periodic(const scenario::Scenario& s, std::uint64_t seed, int host,
                                    const scenario::PeriodicService& service) {
    return std::make_unique<Periodic>(s, seed, host, service);
}
std::unique_ptr<Behaviour> logons(const scenario::Scenario& s, std::uint64_t seed, int host) {
    return std::make_unique<Logons>(s, seed, host);
}
std::unique_ptr<Behaviour> job(const scenario::Scenario& s, std::uint64_t seed, const scenario::Job& j) {
    return std::make_unique<ScheduledJob>(s, seed, j);
}

}  // namespace socsim::sim::library

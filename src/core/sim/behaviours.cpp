// Who does what in the simulated company: the day plan of each person and the list of
// behaviours a scenario declares (see behaviours.h). The behaviours themselves live in
// benign_behaviours.cpp and attack_behaviours.cpp; the shared pieces are here.
#include "core/sim/behaviours.h"

#include <algorithm>
#include <cmath>

#include "core/sim/behaviour_library.h"

namespace socsim::sim {

namespace library {

bool is_person_device(const scenario::Host& h) {
    return (h.role == scenario::Role::Workstation || h.role == scenario::Role::Laptop) && !h.owner.empty() &&
           h.inventoried;
}

SimTime local_midnight(SimTime t, int offset_minutes) {
    const SimTime local = t + offset_minutes * kMinute;
    const SimTime day = local >= 0 ? local / kDay : -((-local + kDay - 1) / kDay);
    return day * kDay - offset_minutes * kMinute;
}

const std::vector<int>& common_ports() {
    // The ports scanners try first (nmap's top ports, abridged to 100).
    static const std::vector<int> ports = {
        21,   22,   23,   25,   53,   80,   81,   88,   110,  111,  113,  119,  123,  135,  137,  139,  143,
        161,  179,  199,  389,  427,  443,  444,  445,  465,  513,  514,  515,  543,  544,  548,  554,  587,
        631,  636,  646,  873,  990,  993,  995,  1025, 1026, 1027, 1028, 1029, 1110, 1433, 1720, 1723, 1755,
        1900, 2000, 2001, 2049, 2121, 2717, 3000, 3128, 3306, 3389, 3986, 4899, 5000, 5009, 5051, 5060, 5101,
        5190, 5357, 5432, 5631, 5666, 5800, 5900, 5985, 6000, 6001, 6646, 7070, 8000, 8008, 8009, 8080, 8081,
        8443, 8888, 9100, 9999, 10000, 32768, 49152, 49153, 49154, 49155, 49156, 49157, 50000};
    return ports;
}

Sweep::Sweep(const scenario::Scenario& s, const std::vector<std::string>& targets, const std::vector<int>& ports,
             Random& rng, bool from_outside)
    : s_(s) {
    const auto& hosts = s.network.hosts;
    std::vector<int> picked;
    if (from_outside) picked.push_back(-1);
    for (std::size_t i = 0; i < hosts.size(); ++i) {
        const auto& h = hosts[i];
        if (h.role == scenario::Role::Firewall || from_outside) continue;
        const bool wanted = targets.empty() ||
                            std::find(targets.begin(), targets.end(), h.hostname) != targets.end() ||
                            std::find(targets.begin(), targets.end(), h.subnet) != targets.end();
        if (wanted) picked.push_back(static_cast<int>(i));
    }
    const std::vector<int>& list = ports.empty() ? common_ports() : ports;
    for (int host : picked)
        for (int port : list) probes_.push_back({host, port});
    // Scanners shuffle their probes so that no one host or port sees a burst.
    for (std::size_t i = probes_.size(); i > 1; --i)
        std::swap(probes_[i - 1], probes_[static_cast<std::size_t>(rng.uniform_int(0, static_cast<std::int64_t>(i) - 1))]);
}

void Sweep::probe(World& world, int from, Ipv4 outside_ip, SimTime t, std::int16_t truth, Random& rng) {
    if (done()) return;
    Probe p = probes_[next_++];
    if (p.host < 0) {
        // The public address: a port forwarded to an exposed host reaches that host.
        for (std::size_t i = 0; i < s_.network.hosts.size() && p.host < 0; ++i) {
            const auto& h = s_.network.hosts[i];
            if (!h.exposed) continue;
            for (auto svc : h.services)
                if (scenario::service_port(svc) == p.port) p.host = static_cast<int>(i);
        }
        if (p.host < 0) {
            Connection c;
            c.port = static_cast<std::uint16_t>(p.port);
            c.action = logs::FirewallAction::Deny;
            c.state = logs::ConnState::S0;
            world.connect_in(outside_ip, static_cast<std::uint16_t>(rng.uniform_int(32768, 60999)), -1, t, c, truth);
            return;
        }
    }
    const auto& target = s_.network.hosts[static_cast<std::size_t>(p.host)];
    bool open = false;
    for (auto svc : target.services)
        if (scenario::service_port(svc) == p.port) open = true;
    Connection c;
    c.port = static_cast<std::uint16_t>(p.port);
    // A closed port answers the SYN with a reset; an open one completes the handshake and the
    // scanner hangs up at once.
    c.state = open ? logs::ConnState::RSTO : logs::ConnState::REJ;
    c.sent = open ? static_cast<std::uint32_t>(rng.uniform_int(0, 60)) : 0;
    c.received = open ? static_cast<std::uint32_t>(rng.uniform_int(0, 300)) : 0;
    c.duration = open ? rng.uniform_int(2, 40) : 0;
    if (from >= 0) {
        world.connect_internal(from, p.host, t, c, truth);
    } else {
        // From outside only the firewall's own address is reachable; it drops what it does not forward.
        const bool forwarded = open && target.exposed;
        if (!forwarded) {
            c.action = logs::FirewallAction::Deny;
            c.state = logs::ConnState::S0;
            c.sent = c.received = 0;
            c.duration = 0;
        }
        world.connect_in(outside_ip, static_cast<std::uint16_t>(rng.uniform_int(32768, 60999)), forwarded ? p.host : -1, t,
                         c, truth);
    }
}

Millis Sweep::send_batch(World& world, int from, Ipv4 outside_ip, SimTime now, double rate_per_minute, std::int16_t truth,
                         Random& rng) {
    const double per_second = std::max(rate_per_minute / 60.0, 0.001);
    const int batch = std::max(1, static_cast<int>(per_second));
    for (int i = 0; i < batch && !done(); ++i) probe(world, from, outside_ip, now + static_cast<Millis>(i * 1000 / batch), truth, rng);
    return per_second >= 1 ? kSecond : static_cast<Millis>(1000.0 / per_second);
}

}  // namespace library

DayPlan day_plan(const scenario::Scenario& s, std::uint64_t seed, const std::string& hostname, SimTime t) {
    const SimTime midnight = library::local_midnight(t, s.utc_offset_minutes);
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

const DayPlan& DayPlans::at(SimTime t) {
    const SimTime midnight = library::local_midnight(t, scenario_.utc_offset_minutes);
    for (const auto& d : days_)
        if (d.midnight == midnight) return d.plan;
    Remembered& slot = days_[next_];
    next_ = (next_ + 1) % std::size(days_);
    slot.midnight = midnight;
    slot.plan = day_plan(scenario_, seed_, hostname_, t);
    return slot.plan;
}

std::vector<std::unique_ptr<Behaviour>> make_behaviours(const scenario::Scenario& s, std::uint64_t seed) {
    using scenario::Role;
    std::vector<std::unique_ptr<Behaviour>> out;
    const auto& hosts = s.network.hosts;
    for (std::size_t i = 0; i < hosts.size(); ++i) {
        const auto& h = hosts[i];
        const int index = static_cast<int>(i);
        if (h.addressing == scenario::Addressing::Dhcp) out.push_back(library::power_and_dhcp(s, seed, index));
        if (library::is_person_device(h)) {
            out.push_back(library::browsing(s, seed, index));
            out.push_back(library::logons(s, seed, index));
        }
        if (!h.inventoried) continue;  // a rogue device does only what its attack step says
        for (const auto& service : s.benign.periodic) {
            const bool runs = service.roles.empty()
                                  ? (h.role == Role::Workstation || h.role == Role::Laptop)
                                  : std::find(service.roles.begin(), service.roles.end(), h.role) != service.roles.end();
            if (runs) out.push_back(library::periodic(s, seed, index, service));
        }
    }
    for (const auto& j : s.benign.jobs) out.push_back(library::job(s, seed, j));
    for (std::size_t k = 0; k < s.attack.size(); ++k) out.push_back(library::attack_step(s, seed, static_cast<std::int16_t>(k)));
    return out;
}

}  // namespace socsim::sim

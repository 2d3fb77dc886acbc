// The building blocks behaviours are made of, shared by the benign and the attack files.
// Internal to src/core/sim: the engine only sees make_behaviours() (behaviours.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/common/random.h"
#include "core/sim/behaviours.h"

namespace socsim::sim::library {

// A desk PC or laptop somebody uses (the devices that browse and log on).
bool is_person_device(const scenario::Host& h);
// UTC time of the local midnight that starts the day holding `t`.
SimTime local_midnight(SimTime t, int offset_minutes);

// Benign life (benign_behaviours.cpp).
std::unique_ptr<Behaviour> power_and_dhcp(const scenario::Scenario& s, std::uint64_t seed, int host);
std::unique_ptr<Behaviour> browsing(const scenario::Scenario& s, std::uint64_t seed, int host);
std::unique_ptr<Behaviour> periodic(const scenario::Scenario& s, std::uint64_t seed, int host,
                                    const scenario::PeriodicService& service);
std::unique_ptr<Behaviour> logons(const scenario::Scenario& s, std::uint64_t seed, int host);
std::unique_ptr<Behaviour> job(const scenario::Scenario& s, std::uint64_t seed, const scenario::Job& job);

// The attack library (attack_behaviours.cpp): one behaviour per step, whatever its kind.
std::unique_ptr<Behaviour> attack_step(const scenario::Scenario& s, std::uint64_t seed, std::int16_t step);

// Probes of many (address, port) pairs spread over time: a port scan, the vulnerability scanner,
// a rogue device looking around. Open ports (a service the host offers) answer; closed ones reset.
class Sweep {
public:
    // `targets`: subnet names or hostnames (empty: every subnet); `ports`: empty = the commonest 100.
    // From outside only the firewall's public address can be reached: one probe per port.
    Sweep(const scenario::Scenario& s, const std::vector<std::string>& targets, const std::vector<int>& ports,
          Random& rng, bool from_outside = false);
    bool done() const { return next_ >= probes_.size(); }
    std::size_t size() const { return probes_.size(); }
    // Sends the next probe from our host `from` (or, when `from` is -1, from `outside_ip` to the
    // firewall's public address) at `t`.
    void probe(World& world, int from, Ipv4 outside_ip, SimTime t, std::int16_t truth, Random& rng);
    // The probes of the second starting at `now` at `rate_per_minute` (one batch a second, so a
    // fast scan costs one wakeup a second); returns how long until the next batch is due.
    Millis send_batch(World& world, int from, Ipv4 outside_ip, SimTime now, double rate_per_minute, std::int16_t truth,
                      Random& rng);

private:
    struct Probe {
        int host;      // target host index; -1: the firewall's public address
        int port;
    };
    const scenario::Scenario& s_;
    std::vector<Probe> probes_;
    std::size_t next_ = 0;
};

// The ports a scanner tries first when told nothing: the commonest services.
const std::vector<int>& common_ports();

}  // namespace socsim::sim::library

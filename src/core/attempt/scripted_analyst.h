// The scripted analyst of `socsim demo`: plays an attempt the way a trainee should, using the
// same core calls as the GUI. Every few simulated minutes it scores the (client, domain) pairs
// of the recent DNS log, takes a pair that queries like a machine every few minutes or faster,
// finds the client's hostname from the DHCP leases, and isolates it.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/attempt/attempt.h"

namespace socsim {

struct AnalystFinding {
    SimTime at = 0;
    std::string client_ip;
    std::string domain;
    std::string hostname;  // from the DHCP log
    int queries = 0;
    Millis median_interval = 0;
    double beacon_score = 0;
};

struct AnalystOptions {
    Millis step = 5 * kMinute;          // how often it looks
    Millis window = 30 * kMinute;       // how much of the DNS log it scores
    double min_score = 0.85;
    int min_queries = 15;
    Millis max_interval = 5 * kMinute;  // NTP and update checks are periodic too, but slow
};

// Advances the attempt until a beacon is found and its host isolated (or the scenario ends).
// `on_step` is called after each look with the attempt (for progress output or screenshots).
std::optional<AnalystFinding> hunt_and_isolate(Attempt& attempt, const AnalystOptions& options,
                                               const std::function<void(const Attempt&)>& on_step = {});

// The client's hostname according to the newest DHCPACK for `ip` at or before `at`.
std::optional<std::string> hostname_from_dhcp(const logs::LogStore& store, Ipv4 ip, SimTime at);

}  // namespace socsim

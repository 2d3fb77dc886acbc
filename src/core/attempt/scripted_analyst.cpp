// The demo's analyst (see scripted_analyst.h).
#include "core/attempt/scripted_analyst.h"

#include "core/detect/beacon.h"

namespace socsim {

std::optional<std::string> hostname_from_dhcp(const logs::LogStore& store, Ipv4 ip, SimTime at) {
    const auto& rows = store.of(logs::Source::Dhcp);
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
        const logs::Event& e = store.at(*it);
        if (e.time > at || e.src_ip != ip) continue;
        if (static_cast<logs::DhcpMessage>(e.kind) == logs::DhcpMessage::Ack) return std::string(store.text(e));
    }
    return std::nullopt;
}

std::optional<AnalystFinding> hunt_and_isolate(Attempt& attempt, const AnalystOptions& options,
                                               const std::function<void(const Attempt&)>& on_step) {
    while (!attempt.ended()) {
        attempt.advance_to(attempt.clock().now() + options.step);
        if (on_step) on_step(attempt);
        const SimTime now = attempt.clock().now();
        const auto& store = attempt.engine().logs();
        for (const auto& pair : detect::score_dns_pairs(store, now - options.window, now, options.min_queries)) {
            if (pair.score < options.min_score || pair.median_interval > options.max_interval) continue;
            auto host = hostname_from_dhcp(store, pair.client, now);
            if (!host) continue;  // a static address: a server, not a desk PC; look further
            AnalystFinding f{now,        format_ipv4(pair.client),  std::string(store.strings().get(pair.domain)),
                             *host,      pair.count,                pair.median_interval,
                             pair.score};
            const auto result = attempt.act(sim::ActionKind::Isolate, *host,
                                            "Same DNS query every " + format_duration(pair.median_interval) + " to " +
                                                f.domain);
            if (result.ok) return f;
        }
        if (attempt.clock().finished()) break;
    }
    return std::nullopt;
}

}  // namespace socsim

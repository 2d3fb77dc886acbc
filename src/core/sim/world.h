// The state of the simulated company while a scenario runs, and the one place records are made.
//
// Behaviours (sim/behaviours.h) decide *when* a host does something; the World turns that into
// the log records each device would write: a DNS query in the DNS server's log (and, on a cache
// miss, the server's own query upstream through the firewall), a connection in the firewall log,
// a DHCP exchange in the DHCP server's log, a logon in the domain controller's log. It applies the
// rules of the network: an isolated host sends nothing, a client caches answers for their TTL,
// a device whose log host is isolated cannot deliver its log.
#pragma once

#include <cstdint>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/common/random.h"
#include "core/logs/log_store.h"
#include "core/scenario/scenario.h"

namespace socsim::sim {

constexpr std::int16_t kBenign = -1;  // ground-truth label of ordinary traffic

struct HostState {
    bool online = false;           // powered on with a network address
    bool isolated = false;
    SimTime isolated_at = 0;
    bool infected = false;
    SimTime infected_at = 0;
    std::int16_t infected_by = kBenign;  // attack step index
    Ipv4 ip = 0;                   // current address (0 while it has none)
    SimTime lease_expires = 0;
    std::uint16_t next_port = 49152;  // ephemeral source ports, as Windows hands them out
    std::unordered_map<std::uint32_t, SimTime> dns_cache;  // domain id -> expiry
};

// One connection as the firewall sees it.
struct Connection {
    Ipv4 dst = 0;
    std::uint16_t port = 443;
    logs::Protocol proto = logs::Protocol::Tcp;
    std::uint32_t sent = 0;       // bytes from the originator (our host)
    std::uint32_t received = 0;   // bytes back from the responder
    Millis duration = 0;
    logs::ConnState state = logs::ConnState::SF;
    logs::FirewallAction action = logs::FirewallAction::Allow;
};

// A record waiting for its time: behaviours may describe a few milliseconds ahead
// (a DHCP exchange, the connection after a lookup), and the store takes records in time order.
struct PendingRecord {
    logs::Event event;
    std::uint64_t seq = 0;        // tie-break so equal times keep the order they were made in
    std::int16_t truth = kBenign; // attack step index or kBenign
    std::uint16_t cause = logs::kNoHost;  // host whose action produced it (dropped if it is isolated)
};

struct PendingLater {
    bool operator()(const PendingRecord& a, const PendingRecord& b) const {
        return a.event.time != b.event.time ? a.event.time > b.event.time : a.seq > b.seq;
    }
};

class World {
public:
    // Records go into `store` (whose string pool they share) and their labels into `truth`.
    World(const scenario::Scenario& scenario, std::uint64_t seed, logs::LogStore& store,
          std::vector<std::int16_t>& truth);

    const scenario::Scenario& scenario() const { return scenario_; }
    std::uint64_t seed() const { return seed_; }
    int host_count() const { return static_cast<int>(hosts_.size()); }
    HostState& host(int i) { return hosts_[static_cast<std::size_t>(i)]; }
    const HostState& host(int i) const { return hosts_[static_cast<std::size_t>(i)]; }
    int dns_server() const { return dns_server_; }
    int dhcp_server() const { return dhcp_server_; }
    int auth_server() const { return auth_server_; }
    int firewall() const { return firewall_; }

    logs::StringPool& strings() { return store_.strings(); }

    // --- what hosts do; each call writes the records the devices would log -------------------
    // A name lookup by `host`: nothing if the answer is still cached, else the DNS server logs
    // the query (and forwards it upstream through the firewall if its own cache is cold).
    // Returns true if the query went on the wire.
    bool lookup(int host, SimTime t, std::string_view domain, logs::DnsType type, Ipv4 answer, int ttl_s,
                std::int16_t truth, logs::DnsRcode rcode = logs::DnsRcode::NoError);
    // An outbound connection through the firewall, logged when it closes (as Zeek's conn.log does)
    // but stamped with the time it opened.
    void connect(int host, SimTime t, const Connection& c, std::int16_t truth);
    // The DHCP exchanges, as the DHCP server logs them.
    void dhcp_obtain(int host, SimTime t);  // DISCOVER, OFFER, REQUEST, ACK
    void dhcp_renew(int host, SimTime t);   // REQUEST, ACK at half the lease
    void dhcp_release(int host, SimTime t);
    // A logon as the domain controller logs it (logon_type 2 interactive, 3 network, 7 unlock, 10 RDP).
    void logon(int host, SimTime t, std::string_view user, logs::AuthOutcome outcome, int logon_type,
               std::int16_t truth);

    // --- the trainee's hand on the network --------------------------------------------------
    void isolate(int host, SimTime t);
    void release(int host, SimTime t);
    void infect(int host, SimTime t, std::int16_t step);

    // Moves every pending record with time <= t into the store, with its label into the truth.
    void flush(SimTime t);
    // Records waiting with time <= t exist? (lets the engine interleave ticks and flushes)
    bool has_pending_before(SimTime t) const { return !pending_.empty() && pending_.top().event.time <= t; }

    // Can `host` send at t? Online, with an address, not isolated.
    bool can_send(int host) const;

private:
    void emit(const logs::Event& e, std::int16_t truth, int cause);
    std::uint16_t ephemeral_port(int host);
    bool log_host_up(int log_host) const;

    const scenario::Scenario& scenario_;
    std::uint64_t seed_;
    std::vector<HostState> hosts_;
    int dns_server_ = -1, dhcp_server_ = -1, auth_server_ = -1, firewall_ = -1;
    Ipv4 upstream_dns_ = 0;
    std::unordered_map<std::uint32_t, SimTime> server_cache_;  // the DNS server's own cache
    logs::LogStore& store_;
    std::vector<std::int16_t>& truth_;
    std::priority_queue<PendingRecord, std::vector<PendingRecord>, PendingLater> pending_;
    std::uint64_t next_seq_ = 0;
    Random wire_;  // small on-the-wire variations (ports, sizes, latencies) of infrastructure
};

}  // namespace socsim::sim

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
#include <optional>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/common/random.h"
#include "core/logs/log_store.h"
#include "core/scenario/scenario.h"
#include "core/sim/truth.h"

namespace socsim::sim {


// Name id -> expiry time: the DNS caches. Open addressing in one array, because every host keeps
// one and a node-based map costs a cache miss or two per lookup, which dominated a 5,000-host run.
class ExpiryTable {
public:
    // The expiry of `key`, or INT64_MIN when it was never set.
    SimTime find(std::uint32_t key) const {
        if (slots_.empty()) return INT64_MIN;
        for (std::size_t i = slot_of(key);; i = (i + 1) & (slots_.size() - 1)) {
            if (slots_[i].key == key + 1) return slots_[i].expiry;
            if (slots_[i].key == 0) return INT64_MIN;
        }
    }
    void set(std::uint32_t key, SimTime expiry);

private:
    struct Slot {
        std::uint32_t key = 0;  // the name id + 1; 0: empty
        SimTime expiry = 0;
    };
    std::size_t slot_of(std::uint32_t key) const {
        return static_cast<std::size_t>((key * 0x9E3779B1u) >> shift_) & (slots_.size() - 1);
    }
    std::vector<Slot> slots_;  // a power of two long, at most 70% full
    std::size_t used_ = 0;
    int shift_ = 0;
};

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
    ExpiryTable dns_cache;         // domain id -> expiry
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
    std::int16_t truth = kBenign; // attack step index, kBenign or a sanctioned job's label (sim/truth.h)
    std::uint16_t cause = logs::kNoHost;  // host whose action produced it (dropped if it is isolated)
};

struct PendingLater {
    bool operator()(const PendingRecord& a, const PendingRecord& b) const {
        return a.event.time != b.event.time ? a.event.time > b.event.time : a.seq > b.seq;
    }
};

// What became of a name lookup.
enum class Lookup {
    NotSent,   // the host cannot send, or there is no DNS server
    Cached,    // answered from the host's own cache: nothing on the wire
    Answered,  // the DNS server logged it and answered
    Failed,    // logged, but no address came back (NXDOMAIN, or refused because the domain is blocked)
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
    // A blocked domain is refused by the DNS server (logged as REFUSED) and never forwarded.
    Lookup lookup(int host, SimTime t, std::string_view domain, logs::DnsType type, Ipv4 answer, int ttl_s,
                  std::int16_t truth, logs::DnsRcode rcode = logs::DnsRcode::NoError);
    // An outbound connection through the firewall, logged when it closes (as Zeek's conn.log does)
    // but stamped with the time it opened. A site in a category the firewall blocks is denied.
    void connect(int host, SimTime t, Connection c, std::int16_t truth, std::string_view category = {});
    // A connection from the Internet to one of our hosts through a port forward (or to the
    // firewall's own address when `target` is -1). An isolated target never answers.
    void connect_in(Ipv4 from, std::uint16_t from_port, int target, SimTime t, Connection c, std::int16_t truth);
    // A connection between two of our hosts; the firewall logs it only when it crosses subnets.
    // Returns false when it cannot happen (either end isolated or off).
    bool connect_internal(int from, int to, SimTime t, Connection c, std::int16_t truth);
    // The DHCP exchanges, as the DHCP server logs them.
    void dhcp_obtain(int host, SimTime t);  // DISCOVER, OFFER, REQUEST, ACK
    void dhcp_renew(int host, SimTime t);   // REQUEST, ACK at half the lease
    void dhcp_release(int host, SimTime t);
    // A logon as the domain controller logs it (logon_type 2 interactive, 3 network, 7 unlock, 10 RDP).
    void logon(int host, SimTime t, std::string_view user, logs::AuthOutcome outcome, int logon_type,
               std::int16_t truth);
    // A logon to `server` as the server itself logs it: sshd's lines, or Windows 4624/4625 in the
    // server's own security log. `client` is our host it came from, or -1 for `from_ip` outside.
    // The outcome is decided here from the account's state (disabled, password reset since it
    // was stolen at `credential_time`) when `try_password` is true; returns what was logged.
    logs::AuthOutcome server_logon(int server, int client, Ipv4 from_ip, std::uint16_t from_port, SimTime t,
                                   std::string_view user, logs::AuthOutcome wanted, logs::AuthService service,
                                   int logon_type, std::int16_t truth);

    // --- accounts and names, as the trainee's actions leave them -----------------------------
    bool account_disabled(std::string_view user) const;
    // When the account's password was last reset (0: never).
    SimTime password_reset_at(std::string_view user) const;
    bool user_exists(std::string_view user) const;
    bool domain_blocked(std::string_view domain) const;
    // The first time a record of attack step `step` reached a log (nullopt: not yet).
    std::optional<SimTime> step_seen(std::int16_t step) const;
    // When attack step `step` first compromised a host: infected it, guessed its password,
    // logged on to it (nullopt: not yet).
    std::optional<SimTime> step_compromised(std::int16_t step) const;
    // The address a host holds now, or its static address.
    Ipv4 address_of(int host) const;
    // Can `host` receive? Online with an address and not isolated (servers: always on).
    bool can_receive(int host) const { return can_send(host); }

    // --- the trainee's hand on the network --------------------------------------------------
    void isolate(int host, SimTime t);
    void release(int host, SimTime t);
    void infect(int host, SimTime t, std::int16_t step);
    void block_domain(std::string_view domain);
    void disable_account(std::string_view user);
    void reset_password(std::string_view user, SimTime t);

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
    ExpiryTable server_cache_;     // the DNS server's own cache
    logs::LogStore& store_;
    std::vector<std::int16_t>& truth_;
    std::priority_queue<PendingRecord, std::vector<PendingRecord>, PendingLater> pending_;
    std::uint64_t next_seq_ = 0;
    Random wire_;  // small on-the-wire variations (ports, sizes, latencies) of infrastructure
    std::vector<std::string> blocked_;                    // domains the DNS server refuses (and names under them)
    std::unordered_map<std::string, bool> disabled_;      // accounts disabled by the trainee
    std::unordered_map<std::string, SimTime> reset_at_;   // accounts whose password was reset, and when
    std::vector<SimTime> step_seen_;                      // per attack step: first record time, or -1
    std::vector<SimTime> step_compromised_;               // per attack step: first host compromised, or -1
    std::vector<std::string> user_names_;                 // every account of the company
};

}  // namespace socsim::sim

// How the devices of the simulated company log what hosts do (see world.h).
#include "core/sim/world.h"

#include <algorithm>
#include <bit>

namespace socsim::sim {
namespace {

constexpr std::uint16_t kDnsPort = 53;

std::uint16_t ttl_field(int ttl_s) { return static_cast<std::uint16_t>(std::clamp(ttl_s, 0, 65535)); }

// The firewall's record of one connection, as connect(), connect_in() and connect_internal() log it.
logs::Event firewall_record(SimTime t, Ipv4 src, Ipv4 dst, std::uint16_t src_port, const Connection& c, int about) {
    logs::Event e;
    e.time = t;
    e.source = logs::Source::Firewall;
    e.src_ip = src;
    e.dst_ip = dst;
    e.src_port = src_port;
    e.dst_port = c.port;
    e.value = c.sent;
    e.value2 = c.received;
    e.span = static_cast<std::uint16_t>(std::clamp<Millis>(c.duration / 100, 0, 65535));
    e.host = static_cast<std::uint16_t>(about);
    e.kind = static_cast<std::uint8_t>(c.action);
    e.code = static_cast<std::uint8_t>(c.proto);
    e.detail = static_cast<std::uint8_t>(c.state);
    return e;
}

}  // namespace

World::World(const scenario::Scenario& scenario, std::uint64_t seed, logs::LogStore& store,
             std::vector<std::int16_t>& truth)
    : scenario_(scenario),
      seed_(seed),
      hosts_(scenario.network.hosts.size()),
      store_(store),
      truth_(truth),
      wire_(Random::stream(seed, "world/wire")) {
    dns_server_ = scenario.host_index(scenario.network.dns_server);
    dhcp_server_ = scenario.host_index(scenario.network.dhcp_server);
    auth_server_ = scenario.host_index(scenario.network.auth_server);
    firewall_ = scenario.host_index(scenario.network.firewall);
    upstream_dns_ = parse_ipv4(scenario.network.upstream_dns).value_or(0);
    step_seen_.assign(scenario.attack.size(), -1);
    step_compromised_.assign(scenario.attack.size(), -1);
    for (const auto& u : scenario.network.users) user_names_.push_back(u.name);
    for (const auto& u : scenario::builtin_accounts()) user_names_.push_back(u);
    for (std::size_t i = 0; i < hosts_.size(); ++i) {
        const auto& h = scenario.network.hosts[i];
        Random ports = Random::stream(seed, "host:" + h.hostname + "/ports");
        hosts_[i].next_port = static_cast<std::uint16_t>(ports.uniform_int(49152, 60000));
        if (h.addressing == scenario::Addressing::Static) {
            // Servers and network devices are always on with their fixed address.
            hosts_[i].online = true;
            hosts_[i].ip = h.ip;
        }
    }
}

void ExpiryTable::set(std::uint32_t key, SimTime expiry) {
    if ((used_ + 1) * 10 > slots_.size() * 7) {
        // Grow: twice the slots (16 to begin with), every entry placed again.
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{});
        shift_ = 32 - std::countr_zero(slots_.size());
        used_ = 0;
        for (const Slot& s : old)
            if (s.key != 0) set(s.key - 1, s.expiry);
    }
    std::size_t i = slot_of(key);
    while (slots_[i].key != 0 && slots_[i].key != key + 1) i = (i + 1) & (slots_.size() - 1);
    if (slots_[i].key == 0) ++used_;
    slots_[i] = {key + 1, expiry};
}

bool World::can_send(int host) const {
    const HostState& h = hosts_[static_cast<std::size_t>(host)];
    return h.online && h.ip != 0 && !h.isolated;
}

bool World::log_host_up(int log_host) const {
    return log_host < 0 || !hosts_[static_cast<std::size_t>(log_host)].isolated;
}

std::uint16_t World::ephemeral_port(int host) {
    HostState& h = hosts_[static_cast<std::size_t>(host)];
    const std::uint16_t port = h.next_port;
    h.next_port = h.next_port >= 65535 ? 49152 : static_cast<std::uint16_t>(h.next_port + 1);
    return port;
}

void World::emit(const logs::Event& e, std::int16_t truth, int cause) {
    PendingRecord r;
    r.event = e;
    r.seq = next_seq_++;
    r.truth = truth;
    r.cause = cause < 0 ? logs::kNoHost : static_cast<std::uint16_t>(cause);
    pending_.push(r);
}

Lookup World::lookup(int host, SimTime t, std::string_view domain, logs::DnsType type, Ipv4 answer, int ttl_s,
                     std::int16_t truth, logs::DnsRcode rcode) {
    if (!can_send(host) || dns_server_ < 0 || !can_send(dns_server_)) return Lookup::NotSent;
    HostState& h = hosts_[static_cast<std::size_t>(host)];
    const std::uint32_t name = store_.strings().intern(domain);
    if (h.dns_cache.find(name) > t) return Lookup::Cached;
    const bool blocked = domain_blocked(domain);
    if (blocked) rcode = logs::DnsRcode::Refused;
    if (ttl_s > 0 && rcode == logs::DnsRcode::NoError) h.dns_cache.set(name, t + ttl_s * kSecond);

    logs::Event q;
    q.time = t;
    q.source = logs::Source::Dns;
    q.src_ip = h.ip;
    q.dst_ip = hosts_[static_cast<std::size_t>(dns_server_)].ip;
    q.src_port = ephemeral_port(host);
    q.dst_port = kDnsPort;
    q.text = name;
    q.value = rcode == logs::DnsRcode::NoError ? answer : 0;
    q.host = static_cast<std::uint16_t>(host);
    q.kind = static_cast<std::uint8_t>(type);
    q.code = static_cast<std::uint8_t>(rcode);
    q.span = ttl_field(ttl_s);
    q.detail = blocked ? 1 : 0;
    const Lookup result = rcode == logs::DnsRcode::NoError ? Lookup::Answered : Lookup::Failed;

    // Names in the company's own domain are answered by the DNS server itself.
    const std::string& internal = scenario_.network.domain;
    const bool is_internal = domain.size() > internal.size() && domain.ends_with(internal) &&
                             domain[domain.size() - internal.size() - 1] == '.';
    const bool from_cache = blocked || is_internal || firewall_ < 0 || server_cache_.find(name) > t;
    // Round trip as the client sees it: a cache answer in about a millisecond, a trip upstream in tens.
    q.value2 = static_cast<std::uint32_t>(from_cache ? wire_.uniform_int(150, 1500) : wire_.uniform_int(8000, 90000));
    emit(q, truth, host);
    if (from_cache) return result;
    // The server caches answers for their TTL, and NXDOMAIN for a short negative TTL.
    server_cache_.set(name, t + (rcode == logs::DnsRcode::NoError ? std::max(ttl_s, 0) : 60) * kSecond);
    // The server's own recursive query leaves through the firewall a moment later.
    logs::Event up;
    up.time = t + wire_.uniform_int(1, 4);
    up.source = logs::Source::Firewall;
    up.src_ip = q.dst_ip;
    up.dst_ip = upstream_dns_;
    up.src_port = ephemeral_port(dns_server_);
    up.dst_port = kDnsPort;
    up.value = static_cast<std::uint32_t>(30 + domain.size());
    up.value2 = static_cast<std::uint32_t>(46 + domain.size() + wire_.uniform_int(16, 180));
    up.span = static_cast<std::uint16_t>(q.value2 / 100000);
    up.detail = static_cast<std::uint8_t>(logs::ConnState::SF);
    up.host = static_cast<std::uint16_t>(dns_server_);
    up.kind = static_cast<std::uint8_t>(logs::FirewallAction::Allow);
    up.code = static_cast<std::uint8_t>(logs::Protocol::Udp);
    if (log_host_up(firewall_)) emit(up, truth, host);
    return result;
}

void World::connect(int host, SimTime t, Connection c, std::int16_t truth, std::string_view category) {
    if (!can_send(host) || firewall_ < 0 || !log_host_up(firewall_)) return;
    const auto& blocked = scenario_.network.blocked_categories;
    if (!category.empty() && std::find(blocked.begin(), blocked.end(), category) != blocked.end()) {
        // The URL filter answers the first packet with a reset: nothing of the page gets through.
        c.action = logs::FirewallAction::Deny;
        c.state = logs::ConnState::REJ;
        c.sent = c.received = 0;
        c.duration = 0;
    }
    const Ipv4 src = hosts_[static_cast<std::size_t>(host)].ip;
    emit(firewall_record(t, src, c.dst, ephemeral_port(host), c, host), truth, host);
}

void World::connect_in(Ipv4 from, std::uint16_t from_port, int target, SimTime t, Connection c, std::int16_t truth) {
    if (firewall_ < 0 || !log_host_up(firewall_)) return;
    if (target >= 0 && !can_receive(target)) {
        // Forwarded to a host that is cut off: the SYN goes unanswered.
        c.state = logs::ConnState::S0;
        c.received = 0;
        c.sent = std::min<std::uint32_t>(c.sent, 60);
        c.duration = 0;
    }
    const Ipv4 dst = target >= 0 ? address_of(target) : scenario_.network.public_ip;
    emit(firewall_record(t, from, dst, from_port, c, target >= 0 ? target : firewall_), truth, -1);
}

bool World::connect_internal(int from, int to, SimTime t, Connection c, std::int16_t truth) {
    if (!can_send(from)) return false;
    const bool reachable = can_receive(to);
    if (!reachable) {
        c.state = logs::ConnState::S0;
        c.received = 0;
        c.duration = 0;
    }
    const Ipv4 a = address_of(from), b = address_of(to);
    const auto* sa = scenario_.network.subnet_of(a);
    const auto* sb = scenario_.network.subnet_of(b);
    // Inside one LAN the switch carries it and no log sees it; between LANs the firewall does.
    if (sa != sb && firewall_ >= 0 && log_host_up(firewall_)) {
        emit(firewall_record(t, a, b, ephemeral_port(from), c, from), truth, from);
    }
    return reachable;
}

void World::dhcp_obtain(int host, SimTime t) {
    HostState& h = hosts_[static_cast<std::size_t>(host)];
    if (h.isolated || dhcp_server_ < 0 || !log_host_up(dhcp_server_)) return;
    const auto& decl = scenario_.network.hosts[static_cast<std::size_t>(host)];
    const Ipv4 server_ip = hosts_[static_cast<std::size_t>(dhcp_server_)].ip;
    const auto lease_s = static_cast<std::uint32_t>(scenario_.network.lease_time / kSecond);
    const std::uint32_t name = store_.strings().intern(decl.hostname);
    SimTime at = t;
    for (auto msg : {logs::DhcpMessage::Discover, logs::DhcpMessage::Offer, logs::DhcpMessage::Request,
                     logs::DhcpMessage::Ack}) {
        logs::Event e;
        e.time = at;
        e.source = logs::Source::Dhcp;
        e.src_ip = msg == logs::DhcpMessage::Discover ? 0 : decl.ip;
        e.dst_ip = server_ip;
        e.text = name;
        e.value = msg == logs::DhcpMessage::Ack ? lease_s : 0;
        e.host = static_cast<std::uint16_t>(host);
        e.kind = static_cast<std::uint8_t>(msg);
        emit(e, kBenign, host);
        at += wire_.uniform_int(2, 40);
    }
    h.online = true;
    h.ip = decl.ip;
    h.lease_expires = t + scenario_.network.lease_time;
}

void World::dhcp_renew(int host, SimTime t) {
    HostState& h = hosts_[static_cast<std::size_t>(host)];
    if (!can_send(host) || dhcp_server_ < 0 || !log_host_up(dhcp_server_)) return;
    const auto& decl = scenario_.network.hosts[static_cast<std::size_t>(host)];
    const std::uint32_t name = store_.strings().intern(decl.hostname);
    SimTime at = t;
    for (auto msg : {logs::DhcpMessage::Request, logs::DhcpMessage::Ack}) {
        logs::Event e;
        e.time = at;
        e.source = logs::Source::Dhcp;
        e.src_ip = h.ip;
        e.dst_ip = hosts_[static_cast<std::size_t>(dhcp_server_)].ip;
        e.text = name;
        e.value = msg == logs::DhcpMessage::Ack ? static_cast<std::uint32_t>(scenario_.network.lease_time / kSecond) : 0;
        e.host = static_cast<std::uint16_t>(host);
        e.kind = static_cast<std::uint8_t>(msg);
        emit(e, kBenign, host);
        at += wire_.uniform_int(2, 20);
    }
    h.lease_expires = t + scenario_.network.lease_time;
}

void World::dhcp_release(int host, SimTime t) {
    HostState& h = hosts_[static_cast<std::size_t>(host)];
    if (can_send(host) && dhcp_server_ >= 0 && log_host_up(dhcp_server_)) {
        logs::Event e;
        e.time = t;
        e.source = logs::Source::Dhcp;
        e.src_ip = h.ip;
        e.dst_ip = hosts_[static_cast<std::size_t>(dhcp_server_)].ip;
        e.text = store_.strings().intern(scenario_.network.hosts[static_cast<std::size_t>(host)].hostname);
        e.host = static_cast<std::uint16_t>(host);
        e.kind = static_cast<std::uint8_t>(logs::DhcpMessage::Release);
        emit(e, kBenign, host);
    }
    h.online = false;
    h.ip = 0;
}

void World::logon(int host, SimTime t, std::string_view user, logs::AuthOutcome outcome, int logon_type,
                  std::int16_t truth) {
    if (!can_send(host) || auth_server_ < 0 || !log_host_up(auth_server_)) return;
    if (outcome == logs::AuthOutcome::Success && account_disabled(user)) outcome = logs::AuthOutcome::AccountDisabled;
    logs::Event e;
    e.time = t;
    e.source = logs::Source::Auth;
    e.src_ip = hosts_[static_cast<std::size_t>(host)].ip;
    e.dst_ip = hosts_[static_cast<std::size_t>(auth_server_)].ip;
    e.text = store_.strings().intern(user);
    e.host = static_cast<std::uint16_t>(host);
    e.kind = static_cast<std::uint8_t>(outcome);
    e.code = static_cast<std::uint8_t>(logon_type);
    emit(e, truth, host);
}

logs::AuthOutcome World::server_logon(int server, int client, Ipv4 from_ip, std::uint16_t from_port, SimTime t,
                                      std::string_view user, logs::AuthOutcome wanted, logs::AuthService service,
                                      int logon_type, std::int16_t truth) {
    if (server < 0 || !can_receive(server) || (client >= 0 && !can_send(client))) return wanted;
    logs::AuthOutcome outcome = wanted;
    if (!user_exists(user)) outcome = logs::AuthOutcome::UnknownUser;
    else if (wanted == logs::AuthOutcome::Success && account_disabled(user)) outcome = logs::AuthOutcome::AccountDisabled;
    // A reset password defeats a stolen one: the attacker still types the old password.
    else if (wanted == logs::AuthOutcome::Success && truth >= 0 && password_reset_at(user) > 0)
        outcome = logs::AuthOutcome::BadPassword;
    logs::Event e;
    e.time = t;
    e.source = logs::Source::Auth;
    e.src_ip = client >= 0 ? address_of(client) : from_ip;
    e.dst_ip = address_of(server);
    e.src_port = from_port;
    e.dst_port = service == logs::AuthService::Sshd ? 22 : 0;
    e.text = store_.strings().intern(user);
    // The record is about our host it came from; from outside, about the server attacked.
    e.host = static_cast<std::uint16_t>(client >= 0 ? client : server);
    e.kind = static_cast<std::uint8_t>(outcome);
    e.code = static_cast<std::uint8_t>(logon_type);
    e.detail = static_cast<std::uint8_t>(service);
    emit(e, truth, client);
    return outcome;
}

bool World::account_disabled(std::string_view user) const {
    const auto it = disabled_.find(std::string(user));
    return it != disabled_.end() && it->second;
}

SimTime World::password_reset_at(std::string_view user) const {
    const auto it = reset_at_.find(std::string(user));
    return it == reset_at_.end() ? 0 : it->second;
}

bool World::user_exists(std::string_view user) const {
    return std::find(user_names_.begin(), user_names_.end(), user) != user_names_.end();
}

bool World::domain_blocked(std::string_view domain) const {
    for (const auto& b : blocked_)
        if (domain == b || (domain.size() > b.size() && domain.ends_with(b) && domain[domain.size() - b.size() - 1] == '.'))
            return true;
    return false;
}

std::optional<SimTime> World::step_seen(std::int16_t step) const {
    if (step < 0 || static_cast<std::size_t>(step) >= step_seen_.size() || step_seen_[static_cast<std::size_t>(step)] < 0)
        return std::nullopt;
    return step_seen_[static_cast<std::size_t>(step)];
}

std::optional<SimTime> World::step_compromised(std::int16_t step) const {
    if (step < 0 || static_cast<std::size_t>(step) >= step_compromised_.size() ||
        step_compromised_[static_cast<std::size_t>(step)] < 0)
        return std::nullopt;
    return step_compromised_[static_cast<std::size_t>(step)];
}

Ipv4 World::address_of(int host) const {
    const HostState& h = hosts_[static_cast<std::size_t>(host)];
    return h.ip ? h.ip : scenario_.network.hosts[static_cast<std::size_t>(host)].ip;
}

void World::block_domain(std::string_view domain) {
    if (!domain_blocked(domain)) blocked_.emplace_back(domain);
}

void World::disable_account(std::string_view user) { disabled_[std::string(user)] = true; }

void World::reset_password(std::string_view user, SimTime t) { reset_at_[std::string(user)] = t; }

void World::isolate(int host, SimTime t) {
    HostState& h = hosts_[static_cast<std::size_t>(host)];
    if (h.isolated) return;
    h.isolated = true;
    h.isolated_at = t;
}

void World::release(int host, SimTime) {
    HostState& h = hosts_[static_cast<std::size_t>(host)];
    h.isolated = false;
}

void World::infect(int host, SimTime t, std::int16_t step) {
    HostState& h = hosts_[static_cast<std::size_t>(host)];
    if (step >= 0 && static_cast<std::size_t>(step) < step_compromised_.size() &&
        step_compromised_[static_cast<std::size_t>(step)] < 0)
        step_compromised_[static_cast<std::size_t>(step)] = t;
    if (h.infected) return;
    h.infected = true;
    h.infected_at = t;
    h.infected_by = step;
}

void World::flush(SimTime t) {
    while (!pending_.empty() && pending_.top().event.time <= t) {
        const PendingRecord& r = pending_.top();
        // A record that was still in flight when its host was isolated never reaches a log.
        const bool cut_off = r.cause != logs::kNoHost && hosts_[r.cause].isolated &&
                             r.event.time >= hosts_[r.cause].isolated_at;
        if (!cut_off) {
            store_.append(r.event);
            truth_.push_back(r.truth);
            if (r.truth >= 0 && static_cast<std::size_t>(r.truth) < step_seen_.size() &&
                step_seen_[static_cast<std::size_t>(r.truth)] < 0)
                step_seen_[static_cast<std::size_t>(r.truth)] = r.event.time;
        }
        pending_.pop();
    }
}

}  // namespace socsim::sim

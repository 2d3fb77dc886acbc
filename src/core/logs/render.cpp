// Records as text (see render.h). Line formats follow the devices they imitate:
// BIND-style query logs for DNS, netfilter kernel lines for the firewall, ISC dhcpd messages,
// Windows security events (4624/4625/4634) and OpenSSH's sshd messages for logons.
// A new kind of record is one more case in Renderer::origin and Renderer::append_line.
#include "core/logs/render.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/common/hash.h"

#include "core/logs/fields.h"

namespace socsim::logs {
namespace {

const std::vector<Column> kDnsColumns = {
    {"time", "col.time", 23}, {"src", "col.client", 15}, {"query", "col.query", 0},
    {"qtype", "col.qtype", 6}, {"rcode", "col.rcode", 9}, {"answer", "col.answer", 15}, {"ttl", "col.ttl", 5}};
const std::vector<Column> kFirewallColumns = {
    {"time", "col.time", 23}, {"action", "col.action", 7}, {"proto", "col.proto", 5}, {"src", "col.src", 15},
    {"sport", "col.sport", 6}, {"dst", "col.dst", 15}, {"dport", "col.dport", 6}, {"sent", "col.sent", 10}, {"received", "col.received", 10},
    {"duration", "col.duration", 0}};
const std::vector<Column> kDhcpColumns = {
    {"time", "col.time", 23}, {"msg", "col.msg", 13}, {"ip", "col.ip", 15}, {"mac", "col.mac", 17},
    {"hostname", "col.hostname", 0}};
const std::vector<Column> kAuthColumns = {
    {"time", "col.time", 23}, {"service", "col.service", 8}, {"event_id", "col.event_id", 6},
    {"outcome", "col.outcome", 13}, {"user", "col.user", 12}, {"src", "col.client", 15},
    {"logon_type", "col.logon_type", 6}, {"status", "col.status", 0}};

std::string number(std::uint64_t v) { return std::to_string(v); }

// Tenths of a second as seconds with one decimal: "12.3".
std::string tenths(std::uint32_t v) { return std::to_string(v / 10) + "." + std::to_string(v % 10); }

const char* proto_name(std::uint8_t code) {
    switch (static_cast<Protocol>(code)) {
        case Protocol::Tcp: return "TCP";
        case Protocol::Udp: return "UDP";
        case Protocol::Icmp: return "ICMP";
    }
    return "?";
}

const char* auth_outcome_name(AuthOutcome o) {
    switch (o) {
        case AuthOutcome::Success: return "success";
        case AuthOutcome::BadPassword: return "bad_password";
        case AuthOutcome::UnknownUser: return "unknown_user";
        case AuthOutcome::Logoff: return "logoff";
        case AuthOutcome::AccountDisabled: return "account_disabled";
    }
    return "?";
}

const char* auth_event_id(AuthOutcome o) {
    switch (o) {
        case AuthOutcome::Success: return "4624";
        case AuthOutcome::BadPassword:
        case AuthOutcome::UnknownUser:
        case AuthOutcome::AccountDisabled: return "4625";
        case AuthOutcome::Logoff: return "4634";
    }
    return "?";
}

// Windows' SubStatus codes: 0xC000006A wrong password, 0xC0000064 no such user, 0xC0000072 disabled.
const char* auth_status(AuthOutcome o) {
    switch (o) {
        case AuthOutcome::BadPassword: return "0xC000006A";
        case AuthOutcome::UnknownUser: return "0xC0000064";
        case AuthOutcome::AccountDisabled: return "0xC0000072";
        default: return "0x0";
    }
}

}  // namespace

const char* conn_state_name(ConnState s) {
    switch (s) {
        case ConnState::SF: return "SF";
        case ConnState::S0: return "S0";
        case ConnState::REJ: return "REJ";
        case ConnState::RSTO: return "RSTO";
        case ConnState::RSTR: return "RSTR";
        case ConnState::OTH: return "OTH";
    }
    return "OTH";
}

const char* dns_type_name(DnsType t) {
    switch (t) {
        case DnsType::A: return "A";
        case DnsType::AAAA: return "AAAA";
        case DnsType::TXT: return "TXT";
        case DnsType::CNAME: return "CNAME";
        case DnsType::MX: return "MX";
        case DnsType::NULL_: return "NULL";
        case DnsType::PTR: return "PTR";
        case DnsType::SRV: return "SRV";
    }
    return "?";
}

std::optional<DnsType> parse_dns_type(std::string_view name) {
    for (auto t : {DnsType::A, DnsType::AAAA, DnsType::TXT, DnsType::CNAME, DnsType::MX, DnsType::NULL_, DnsType::PTR,
                   DnsType::SRV})
        if (name == dns_type_name(t)) return t;
    return std::nullopt;
}

const char* dns_rcode_name(DnsRcode r) {
    switch (r) {
        case DnsRcode::NoError: return "NOERROR";
        case DnsRcode::ServFail: return "SERVFAIL";
        case DnsRcode::NxDomain: return "NXDOMAIN";
        case DnsRcode::Refused: return "REFUSED";
    }
    return "?";
}

const char* dhcp_message_name(DhcpMessage m) {
    switch (m) {
        case DhcpMessage::Discover: return "DHCPDISCOVER";
        case DhcpMessage::Offer: return "DHCPOFFER";
        case DhcpMessage::Request: return "DHCPREQUEST";
        case DhcpMessage::Ack: return "DHCPACK";
        case DhcpMessage::Nak: return "DHCPNAK";
        case DhcpMessage::Release: return "DHCPRELEASE";
    }
    return "?";
}

const std::vector<Column>& columns(Source s) {
    switch (s) {
        case Source::Dns: return kDnsColumns;
        case Source::Firewall: return kFirewallColumns;
        case Source::Dhcp: return kDhcpColumns;
        case Source::Auth: return kAuthColumns;
    }
    return kDnsColumns;
}

std::vector<std::string_view> field_names(Source s) {
    std::vector<std::string_view> out;
    for (const auto& f : fields_of(s)) out.push_back(f.name);
    return out;
}

Renderer::Renderer(const scenario::Scenario& scenario, const LogStore& store) : scenario_(scenario), store_(store) {
    for (std::size_t i = 0; i < scenario.network.hosts.size(); ++i)
        if (scenario.network.hosts[i].addressing == scenario::Addressing::Static)
            static_hosts_.emplace_back(scenario.network.hosts[i].ip, static_cast<std::uint16_t>(i));
    std::sort(static_hosts_.begin(), static_hosts_.end());
}

const std::string& Renderer::hostname(std::uint16_t host) const {
    static const std::string none;
    if (host == kNoHost || host >= scenario_.network.hosts.size()) return none;
    return scenario_.network.hosts[host].hostname;
}

std::string Renderer::field(const Event& e, std::string_view name) const {
    if (name == "time") return format_time(e.time, scenario_.utc_offset_minutes);
    switch (e.source) {
        case Source::Dns: {
            const auto type = static_cast<DnsType>(e.kind);
            if (name == "src") return format_ipv4(e.src_ip);
            if (name == "dst") return format_ipv4(e.dst_ip);
            if (name == "sport") return number(e.src_port);
            if (name == "query") return std::string(store_.text(e));
            if (name == "qtype") return dns_type_name(type);
            if (name == "rcode") return dns_rcode_name(static_cast<DnsRcode>(e.code));
            if (name == "answer") return e.value ? format_ipv4(e.value) : "-";
            if (name == "ttl") return number(e.span);
            break;
        }
        case Source::Firewall:
            if (name == "action") return static_cast<FirewallAction>(e.kind) == FirewallAction::Allow ? "ALLOW" : "DENY";
            if (name == "proto") return proto_name(e.code);
            if (name == "src") return format_ipv4(e.src_ip);
            if (name == "sport") return number(e.src_port);
            if (name == "dst") return format_ipv4(e.dst_ip);
            if (name == "dport") return number(e.dst_port);
            if (name == "sent") return number(e.value);
            if (name == "received") return number(e.value2);
            if (name == "bytes") return number(std::uint64_t(e.value) + e.value2);
            if (name == "duration") return tenths(e.span);
            if (name == "state") return conn_state_name(static_cast<ConnState>(e.detail));
            break;
        case Source::Dhcp:
            if (name == "msg") return dhcp_message_name(static_cast<DhcpMessage>(e.kind));
            if (name == "ip") return e.src_ip ? format_ipv4(e.src_ip) : "-";
            if (name == "mac")
                return e.host < scenario_.network.hosts.size() ? format_mac(scenario_.network.hosts[e.host].mac) : "-";
            if (name == "hostname") return std::string(store_.text(e));
            break;
        case Source::Auth: {
            const auto outcome = static_cast<AuthOutcome>(e.kind);
            // event_id and status are Windows' codes for the outcome, also for an sshd record (its
            // equivalent), so that a search compares codes only; `service` says which wrote it.
            const bool sshd = static_cast<AuthService>(e.detail) == AuthService::Sshd;
            if (name == "event_id") return auth_event_id(outcome);
            if (name == "service") return sshd ? "sshd" : "windows";
            if (name == "sport") return number(e.src_port);
            if (name == "outcome") return auth_outcome_name(outcome);
            if (name == "user") return std::string(store_.text(e));
            if (name == "src") return format_ipv4(e.src_ip);
            if (name == "dst") return format_ipv4(e.dst_ip);
            if (name == "logon_type") return number(e.code);
            if (name == "status") return auth_status(outcome);
            break;
        }
    }
    return {};
}

std::uint16_t Renderer::host_at(Ipv4 ip) const {
    const auto it = std::lower_bound(static_hosts_.begin(), static_hosts_.end(), std::make_pair(ip, std::uint16_t{0}));
    return it != static_hosts_.end() && it->first == ip ? it->second : kNoHost;
}

const scenario::Host* Renderer::firewall_host() const {
    if (!firewall_known_) {
        firewall_ = scenario_.find_host(scenario_.network.firewall);
        firewall_known_ = true;
    }
    return firewall_;
}

Origin Renderer::origin(const Event& e) const {
    const auto& n = scenario_.network;
    switch (e.source) {
        case Source::Dns: return {n.dns_server, "named", "named"};
        case Source::Firewall: return {n.firewall, "kernel", "kernel"};
        case Source::Dhcp: return {n.dhcp_server, "dhcpd", "dhcpd"};
        case Source::Auth:
            if (static_cast<AuthService>(e.detail) == AuthService::Sshd) {
                // sshd logs on the server that was logged on to.
                const std::uint16_t server = host_at(e.dst_ip);
                return {server == kNoHost ? std::string_view(n.auth_server) : std::string_view(hostname(server)),
                        "sshd", "sshd"};
            }
            {
                // A logon to a server is in that server's security log; a desk logon in the DC's.
                const std::uint16_t server = host_at(e.dst_ip);
                return {server == kNoHost ? std::string_view(n.auth_server) : std::string_view(hostname(server)),
                        "Microsoft-Windows-Security-Auditing", "security"};
            }
    }
    return {"", "", ""};
}

std::string Renderer::line(const Event& e) const {
    std::string out;
    append_line(e, out);
    return out;
}

namespace {

void put(std::string& out, std::string_view s) { out.append(s); }
void put_ip(std::string& out, Ipv4 ip) {
    char b[kIpv4TextMax];
    out.append(b, write_ipv4(b, ip));
}
void put_mac(std::string& out, Mac mac) {
    char b[kMacTextMax];
    out.append(b, write_mac(b, mac));
}
void put_num(std::string& out, std::uint64_t v) {
    char b[24];
    out.append(b, std::to_chars(b, b + sizeof b, v).ptr);
}

// A number that stays the same for one connection and differs between connections: the IP ID of
// a packet, the process id of the sshd child serving a client.
std::uint32_t per_connection(const Event& e, std::uint64_t salt) {
    return static_cast<std::uint32_t>(mix64((std::uint64_t(e.src_ip) << 16 | e.src_port) ^ (salt * 0x9e3779b97f4a7c15ULL)) >> 32);
}

// The initial TTL of a host's operating system as the firewall sees it after one hop:
// Windows desktops and domain controllers start at 128, the Linux servers and printers at 64.
unsigned forwarded_ttl(const scenario::Scenario& s, std::uint16_t host) {
    if (host >= s.network.hosts.size()) return 127;
    switch (s.network.hosts[host].role) {
        case scenario::Role::Server:
        case scenario::Role::Printer:
        case scenario::Role::Firewall: return 63;
        default: return 127;
    }
}

}  // namespace

void Renderer::append_line(const Event& e, std::string& out) const {
    char stamp[kTimeTextMax];
    out.append(stamp, write_iso8601(stamp, e.time, scenario_.utc_offset_minutes));
    const Origin who = origin(e);
    out += ' ';
    put(out, who.device);
    out += ' ';
    put(out, who.program);
    const auto& hosts = scenario_.network.hosts;
    switch (e.source) {
        case Source::Dns: {
            // BIND's query log; the response after "->" is socsim's: BIND logs only the question.
            const std::string_view query = store_.text(e);
            put(out, "[812]: client ");
            put_ip(out, e.src_ip);
            out += '#';
            put_num(out, e.src_port);
            put(out, " (");
            put(out, query);
            put(out, "): query: ");
            put(out, query);
            put(out, " IN ");
            put(out, dns_type_name(static_cast<DnsType>(e.kind)));
            put(out, " + (");
            put_ip(out, e.dst_ip);
            put(out, ") -> ");
            put(out, dns_rcode_name(static_cast<DnsRcode>(e.code)));
            out += ' ';
            if (e.value)
                put_ip(out, e.value);
            else
                out += '-';
            break;
        }
        case Source::Firewall: {
            // netfilter's LOG target: the first packet of the connection, as the kernel prints it.
            const bool allow = static_cast<FirewallAction>(e.kind) == FirewallAction::Allow;
            const auto proto = static_cast<Protocol>(e.code);
            const auto* fw = firewall_host();
            const bool own = fw && (e.src_ip == fw->ip || e.src_ip == scenario_.network.public_ip);
            // One interface per LAN (eth1, eth2... in the order the scenario lists them), eth0 the Internet.
            const auto iface = [&](Ipv4 ip) {
                const auto& lans = scenario_.network.subnets;
                for (std::size_t k = 0; k < lans.size(); ++k)
                    if (lans[k].cidr.contains(ip)) return static_cast<int>(k) + 1;
                return 0;
            };
            const int in = iface(e.src_ip), out_if = iface(e.dst_ip);
            const bool from_lan = in > 0;
            put(out, allow ? ": [FW-ACCEPT] " : ": [FW-DROP] ");
            if (own) {
                put(out, "IN= OUT=eth0 ");
            } else {
                put(out, "IN=eth");
                put_num(out, static_cast<std::uint64_t>(in));
                put(out, " OUT=eth");
                put_num(out, static_cast<std::uint64_t>(out_if));
                out += ' ';
            }
            if (!own && from_lan && fw && e.host < hosts.size()) {
                put(out, "MAC=");
                put_mac(out, fw->mac);
                out += ':';
                put_mac(out, hosts[e.host].mac);
                put(out, ":08:00 ");
            }
            // First packet: a TCP SYN with Windows' options is 52 bytes, a UDP datagram its payload + 28.
            const std::uint32_t udp_payload = std::min<std::uint32_t>(e.value, 1472);
            const unsigned len = proto == Protocol::Tcp ? 52u : udp_payload + 28;
            put(out, "SRC=");
            put_ip(out, e.src_ip);
            put(out, " DST=");
            put_ip(out, e.dst_ip);
            put(out, " LEN=");
            put_num(out, len);
            put(out, " TOS=0x00 PREC=0x00 TTL=");
            put_num(out, own ? 64 : forwarded_ttl(scenario_, e.host));
            put(out, " ID=");
            put_num(out, per_connection(e, 1) & 0xffff);
            switch (proto) {
                case Protocol::Tcp:
                    put(out, " DF PROTO=TCP SPT=");
                    put_num(out, e.src_port);
                    put(out, " DPT=");
                    put_num(out, e.dst_port);
                    put(out, " WINDOW=64240 RES=0x00 SYN URGP=0");
                    break;
                case Protocol::Udp:
                    put(out, " PROTO=UDP SPT=");
                    put_num(out, e.src_port);
                    put(out, " DPT=");
                    put_num(out, e.dst_port);
                    put(out, " LEN=");
                    put_num(out, udp_payload + 8);
                    break;
                case Protocol::Icmp:
                    put(out, " PROTO=ICMP TYPE=8 CODE=0 ID=");
                    put_num(out, e.src_port);
                    put(out, " SEQ=1");
                    break;
            }
            break;
        }
        case Source::Dhcp: {
            // ISC dhcpd's messages, word for word.
            const auto msg = static_cast<DhcpMessage>(e.kind);
            const std::string_view name = store_.text(e);
            const auto mac = [&] {
                if (e.host < hosts.size())
                    put_mac(out, hosts[e.host].mac);
                else
                    out += '?';
            };
            const auto client_name = [&] {
                if (name.empty()) return;
                put(out, " (");
                put(out, name);
                out += ')';
            };
            put(out, "[604]: ");
            put(out, dhcp_message_name(msg));
            switch (msg) {
                case DhcpMessage::Discover:
                    put(out, " from ");
                    mac();
                    client_name();
                    break;
                case DhcpMessage::Offer:
                case DhcpMessage::Ack:
                    put(out, " on ");
                    put_ip(out, e.src_ip);
                    put(out, " to ");
                    mac();
                    client_name();
                    break;
                case DhcpMessage::Request:
                    put(out, " for ");
                    put_ip(out, e.src_ip);
                    put(out, " (");
                    put_ip(out, e.dst_ip);
                    put(out, ") from ");
                    mac();
                    client_name();
                    break;
                case DhcpMessage::Nak:
                    put(out, " on ");
                    put_ip(out, e.src_ip);
                    put(out, " to ");
                    mac();
                    break;
                case DhcpMessage::Release:
                    put(out, " of ");
                    put_ip(out, e.src_ip);
                    put(out, " from ");
                    mac();
                    client_name();
                    break;
            }
            put(out, msg == DhcpMessage::Release ? " via eth0 (found)" : " via eth0");
            break;
        }
        case Source::Auth: {
            const auto outcome = static_cast<AuthOutcome>(e.kind);
            const std::string_view user = store_.text(e);
            if (static_cast<AuthService>(e.detail) == AuthService::Sshd) {
                // OpenSSH's messages; each connection is served by its own sshd process.
                out += '[';
                put_num(out, 1000 + per_connection(e, 2) % 60000);
                put(out, "]: ");
                const auto from = [&] {
                    put(out, " from ");
                    put_ip(out, e.src_ip);
                    put(out, " port ");
                    put_num(out, e.src_port);
                };
                switch (outcome) {
                    case AuthOutcome::Success:
                        put(out, "Accepted password for ");
                        put(out, user);
                        from();
                        put(out, " ssh2");
                        break;
                    case AuthOutcome::BadPassword:
                        put(out, "Failed password for ");
                        put(out, user);
                        from();
                        put(out, " ssh2");
                        break;
                    case AuthOutcome::UnknownUser:
                        // The password try on a name the server does not have.
                        put(out, "Failed password for invalid user ");
                        put(out, user);
                        from();
                        put(out, " ssh2");
                        break;
                    case AuthOutcome::AccountDisabled:
                        put(out, "User ");
                        put(out, user);
                        put(out, " from ");
                        put_ip(out, e.src_ip);
                        put(out, " not allowed because account is locked");
                        break;
                    case AuthOutcome::Logoff:
                        put(out, "Disconnected from user ");
                        put(out, user);
                        out += ' ';
                        put_ip(out, e.src_ip);
                        put(out, " port ");
                        put_num(out, e.src_port);
                        break;
                }
                break;
            }
            // Windows security events as an event forwarder writes them to syslog. The workstation
            // is the device the logon came from: "-" when it came from outside (the record is about
            // the server then).
            std::string workstation = host_at(e.dst_ip) == e.host ? std::string("-") : hostname(e.host);
            for (auto& c : workstation) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            out += '[';
            put(out, auth_event_id(outcome));
            put(out, "]: ");
            switch (outcome) {
                case AuthOutcome::Success: put(out, "An account was successfully logged on."); break;
                case AuthOutcome::Logoff: put(out, "An account was logged off."); break;
                default: put(out, "An account failed to log on."); break;
            }
            put(out, " TargetUserName=");
            put(out, user);
            put(out, " LogonType=");
            put_num(out, e.code);
            if (outcome == AuthOutcome::Logoff) break;
            if (outcome != AuthOutcome::Success) {
                // A disabled account fails with 0xC000006E (account restriction), the others with 0xC000006D.
                put(out, outcome == AuthOutcome::AccountDisabled ? " Status=0xC000006E SubStatus=" : " Status=0xC000006D SubStatus=");
                put(out, auth_status(outcome));
            }
            put(out, " IpAddress=");
            put_ip(out, e.src_ip);
            put(out, " WorkstationName=");
            put(out, workstation);
            break;
        }
    }
}

}  // namespace socsim::logs

// Records as text (see render.h). Line formats follow the devices they imitate:
// BIND-style query logs for DNS, netfilter kernel lines for the firewall, ISC dhcpd messages,
// and Windows security events (4624/4625) for logons.
#include "core/logs/render.h"

#include <cstdio>

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
    {"time", "col.time", 23}, {"event_id", "col.event_id", 6}, {"outcome", "col.outcome", 13},
    {"user", "col.user", 12}, {"src", "col.client", 15}, {"logon_type", "col.logon_type", 6},
    {"status", "col.status", 0}};

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

Renderer::Renderer(const scenario::Scenario& scenario, const LogStore& store) : scenario_(scenario), store_(store) {}

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
            if (name == "event_id") return auth_event_id(outcome);
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

std::string Renderer::line(const Event& e) const {
    std::string out = format_time(e.time, scenario_.utc_offset_minutes);
    char buf[512];
    switch (e.source) {
        case Source::Dns: {
            const std::string query(store_.text(e));
            std::snprintf(buf, sizeof buf, " %s named[812]: client %s#%u (%s): query: %s IN %s + (%s) -> %s %s",
                          scenario_.network.dns_server.c_str(), format_ipv4(e.src_ip).c_str(), e.src_port,
                          query.c_str(), query.c_str(), dns_type_name(static_cast<DnsType>(e.kind)),
                          format_ipv4(e.dst_ip).c_str(), dns_rcode_name(static_cast<DnsRcode>(e.code)),
                          e.value ? format_ipv4(e.value).c_str() : "-");
            break;
        }
        case Source::Firewall: {
            const bool allow = static_cast<FirewallAction>(e.kind) == FirewallAction::Allow;
            const auto proto = static_cast<Protocol>(e.code);
            // netfilter logs the first packet: a TCP SYN is 60 bytes, a UDP datagram its payload + 28.
            const unsigned len = proto == Protocol::Udp ? std::min<std::uint32_t>(e.value, 1472) + 28 : 60;
            std::snprintf(buf, sizeof buf,
                          " %s kernel: [FW-%s] IN=eth1 OUT=eth0 SRC=%s DST=%s LEN=%u PROTO=%s SPT=%u DPT=%u BYTES=%u",
                          scenario_.network.firewall.c_str(), allow ? "ACCEPT" : "DROP", format_ipv4(e.src_ip).c_str(),
                          format_ipv4(e.dst_ip).c_str(), len, proto_name(e.code), e.src_port, e.dst_port, e.value + e.value2);
            break;
        }
        case Source::Dhcp: {
            const auto msg = static_cast<DhcpMessage>(e.kind);
            const std::string mac =
                e.host < scenario_.network.hosts.size() ? format_mac(scenario_.network.hosts[e.host].mac) : "?";
            const std::string ip = format_ipv4(e.src_ip);
            const std::string name(store_.text(e));
            const char* server = scenario_.network.dhcp_server.c_str();
            switch (msg) {
                case DhcpMessage::Discover:
                    std::snprintf(buf, sizeof buf, " %s dhcpd[604]: DHCPDISCOVER from %s via eth0", server, mac.c_str());
                    break;
                case DhcpMessage::Offer:
                    std::snprintf(buf, sizeof buf, " %s dhcpd[604]: DHCPOFFER on %s to %s (%s) via eth0", server,
                                  ip.c_str(), mac.c_str(), name.c_str());
                    break;
                case DhcpMessage::Request:
                    std::snprintf(buf, sizeof buf, " %s dhcpd[604]: DHCPREQUEST for %s (%s) from %s (%s) via eth0", server,
                                  ip.c_str(), format_ipv4(e.dst_ip).c_str(), mac.c_str(), name.c_str());
                    break;
                case DhcpMessage::Ack:
                    std::snprintf(buf, sizeof buf, " %s dhcpd[604]: DHCPACK on %s to %s (%s) via eth0", server, ip.c_str(),
                                  mac.c_str(), name.c_str());
                    break;
                case DhcpMessage::Nak:
                    std::snprintf(buf, sizeof buf, " %s dhcpd[604]: DHCPNAK on %s to %s via eth0", server, ip.c_str(),
                                  mac.c_str());
                    break;
                case DhcpMessage::Release:
                    std::snprintf(buf, sizeof buf, " %s dhcpd[604]: DHCPRELEASE of %s from %s (%s) via eth0 (found)",
                                  server, ip.c_str(), mac.c_str(), name.c_str());
                    break;
            }
            break;
        }
        case Source::Auth: {
            const auto outcome = static_cast<AuthOutcome>(e.kind);
            const std::string user(store_.text(e));
            std::string workstation = hostname(e.host);
            for (auto& c : workstation) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            if (outcome == AuthOutcome::Success)
                std::snprintf(buf, sizeof buf,
                              " %s Microsoft-Windows-Security-Auditing[4624]: An account was successfully logged on. "
                              "TargetUserName=%s LogonType=%u IpAddress=%s WorkstationName=%s",
                              scenario_.network.auth_server.c_str(), user.c_str(), e.code, format_ipv4(e.src_ip).c_str(),
                              workstation.c_str());
            else
                std::snprintf(buf, sizeof buf,
                              " %s Microsoft-Windows-Security-Auditing[%s]: An account failed to log on. "
                              "TargetUserName=%s LogonType=%u Status=0xC000006D SubStatus=%s IpAddress=%s WorkstationName=%s",
                              scenario_.network.auth_server.c_str(), auth_event_id(outcome), user.c_str(), e.code,
                              auth_status(outcome), format_ipv4(e.src_ip).c_str(), workstation.c_str());
            break;
        }
    }
    out += buf;
    return out;
}

}  // namespace socsim::logs

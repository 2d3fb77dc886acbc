// One log record as the simulation produces it: compact and fixed-size so that millions fit in
// memory. Text such as domain names and user names is interned in the store's StringPool.
// How a record reads to a person (columns, raw log line) is logs/render.h.
#pragma once

#include <cstdint>

#include "core/common/net.h"
#include "core/common/time.h"

namespace socsim::logs {

// The four data sources a SOC watches, as in the reference material.
enum class Source : std::uint8_t { Dns, Firewall, Dhcp, Auth };
constexpr int kSourceCount = 4;
const char* source_name(Source s);  // "dns", "firewall", "dhcp", "auth"

enum class DnsType : std::uint8_t { A, AAAA, TXT, CNAME, MX, NULL_, PTR, SRV };
enum class DnsRcode : std::uint8_t { NoError = 0, ServFail = 2, NxDomain = 3, Refused = 5 };
enum class FirewallAction : std::uint8_t { Allow, Deny };
enum class Protocol : std::uint8_t { Tcp = 6, Udp = 17, Icmp = 1 };
enum class DhcpMessage : std::uint8_t { Discover, Offer, Request, Ack, Nak, Release };
enum class AuthOutcome : std::uint8_t { Success, BadPassword, UnknownUser, Logoff, AccountDisabled };
// Who wrote an authentication record: the Windows domain controller's security log (4624/4625)
// or a Linux server's sshd.
enum class AuthService : std::uint8_t { Windows, Sshd };
// How a connection ended, in Zeek's words: SF a normal exchange, S0 a SYN nobody answered,
// REJ refused with a reset, RSTO/RSTR reset by the originator/responder, OTH no handshake seen.
enum class ConnState : std::uint8_t { SF, S0, REJ, RSTO, RSTR, OTH };
const char* conn_state_name(ConnState s);  // "SF", "S0"...

constexpr std::uint16_t kNoHost = 0xFFFF;

struct Event {
    SimTime time = 0;
    Ipv4 src_ip = 0;          // DNS: client; firewall: source; DHCP: offered/acked address; auth: client
    Ipv4 dst_ip = 0;          // DNS: server; firewall: destination; DHCP: server; auth: server logging it
    std::uint32_t text = 0;   // StringPool id. DNS: query name; DHCP: client hostname; auth: user name
    std::uint32_t value = 0;  // DNS: answer IPv4 (0 = none); firewall: bytes the originator sent; DHCP: lease seconds
    std::uint32_t value2 = 0; // DNS: round trip in microseconds; firewall: bytes the responder sent back
    std::uint16_t src_port = 0;
    std::uint16_t dst_port = 0;
    std::uint16_t host = kNoHost;  // index of the scenario host this record is about (for MACs, views)
    std::uint16_t span = 0;   // how long: DNS answer TTL in seconds; firewall: duration in tenths of a second (capped at 65535)
    Source source = Source::Dns;
    std::uint8_t kind = 0;    // DNS: DnsType; firewall: FirewallAction; DHCP: DhcpMessage; auth: AuthOutcome
    std::uint8_t code = 0;    // DNS: DnsRcode; firewall: Protocol; auth: logon type (2 interactive, 3 network, 7 unlock, 10 RDP)
    std::uint8_t detail = 0;  // firewall: ConnState; auth: AuthService; DNS: 1 when the DNS server refused it by policy
};
static_assert(sizeof(Event) <= 40, "Event is the unit of memory cost: keep it small");

}  // namespace socsim::logs

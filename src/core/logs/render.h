// How a record reads to a person: the columns of each source's table, the value of a named
// field (what the filter box matches), and the raw log line as the device would have written it
// (dhcpd and sshd-style syslog, netfilter kernel lines, Windows security events, DNS query logs).
// This is the one place a record becomes text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/logs/log_store.h"
#include "core/scenario/scenario.h"

namespace socsim::logs {

struct Column {
    std::string_view field;  // filter field name: "time", "src", "query"...
    std::string_view label;  // catalog key of the header: "col.time"
    float width;             // initial width in characters (0: stretch)
};

// The columns of the table of one source, in display order.
const std::vector<Column>& columns(Source s);
// Every field name the filter accepts for a source (the columns plus a few hidden ones), in the
// order of fields_of() (fields.h), which also says each field's type.
std::vector<std::string_view> field_names(Source s);

const char* dns_type_name(DnsType t);      // "A", "TXT"...
std::optional<DnsType> parse_dns_type(std::string_view name);  // the inverse; nullopt if unknown
const char* dns_rcode_name(DnsRcode r);    // "NOERROR", "NXDOMAIN"...
const char* dhcp_message_name(DhcpMessage m);  // "DHCPACK"...

// Who wrote a record: the device that logged it and the program that wrote the line.
struct Origin {
    std::string_view device;   // hostname of the logging device: "dc01", "fw01"
    std::string_view program;  // syslog tag: "named", "kernel", "dhcpd", "sshd", "Microsoft-Windows-Security-Auditing"
    std::string_view log;      // short name of that log, for file names: "named", "kernel", "dhcpd", "sshd", "security"
};

class Renderer {
public:
    Renderer(const scenario::Scenario& scenario, const LogStore& store);

    // The text of one field of a record ("" when the field does not apply to its source).
    std::string field(const Event& e, std::string_view name) const;
    // The raw line, as the device logged it: an RFC 5424-style timestamp in the company's offset,
    // the device, the program, and the program's own message.
    std::string line(const Event& e) const;
    // line() appended to `out`: what exports call, so a long export does not allocate per line.
    void append_line(const Event& e, std::string& out) const;
    // Which device and program wrote the record.
    Origin origin(const Event& e) const;
    // The hostname of a host index ("" for none).
    const std::string& hostname(std::uint16_t host) const;
    // The host holding the fixed address `ip` (a server, the device that wrote a logon record),
    // or kNoHost. DHCP addresses move: who held one when is the DHCP log's business.
    std::uint16_t host_at(Ipv4 ip) const;
    const scenario::Scenario& scenario() const { return scenario_; }
    const LogStore& store() const { return store_; }

private:
    const scenario::Host* firewall_host() const;

    const scenario::Scenario& scenario_;
    const LogStore& store_;
    mutable const scenario::Host* firewall_ = nullptr;  // looked up once: exports render millions of lines
    mutable bool firewall_known_ = false;
    std::vector<std::pair<Ipv4, std::uint16_t>> static_hosts_;  // fixed addresses, sorted: who logged a record
};

}  // namespace socsim::logs

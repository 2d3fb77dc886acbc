// How a record reads to a person: the columns of each source's table, the value of a named
// field (what the filter box matches), and the raw log line as the device would have written it
// (dhcpd and sshd-style syslog, netfilter kernel lines, Windows security events, DNS query logs).
// This is the one place a record becomes text.
#pragma once

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
const char* dns_rcode_name(DnsRcode r);    // "NOERROR", "NXDOMAIN"...
const char* dhcp_message_name(DhcpMessage m);  // "DHCPACK"...

class Renderer {
public:
    Renderer(const scenario::Scenario& scenario, const LogStore& store);

    // The text of one field of a record ("" when the field does not apply to its source).
    std::string field(const Event& e, std::string_view name) const;
    // The raw line, as the device logged it.
    std::string line(const Event& e) const;
    // The hostname of a host index ("" for none).
    const std::string& hostname(std::uint16_t host) const;
    const scenario::Scenario& scenario() const { return scenario_; }
    const LogStore& store() const { return store_; }

private:
    const scenario::Scenario& scenario_;
    const LogStore& store_;
};

}  // namespace socsim::logs

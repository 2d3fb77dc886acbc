// The typed field table of each source and the other tools' names for them (see fields.h).
#include "core/logs/fields.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/common/spelling.h"

namespace socsim::logs {
namespace {

using T = FieldType;
using S = Slot;

// The order is the Renderer's: columns(s) first, then the hidden fields (render.cpp).
constexpr Field kDns[] = {
    {"time", T::Time, S::Time},       {"src", T::Address, S::SrcIp},   {"query", T::Text, S::Text},
    {"qtype", T::Name, S::Kind},      {"rcode", T::Name, S::Code},     {"answer", T::Address, S::Value, true},
    {"ttl", T::Number, S::Span},      {"dst", T::Address, S::DstIp},   {"sport", T::Number, S::SrcPort},
};
constexpr Field kFirewall[] = {
    {"time", T::Time, S::Time},          {"action", T::Name, S::Kind},      {"proto", T::Name, S::Code},
    {"src", T::Address, S::SrcIp},       {"sport", T::Number, S::SrcPort},  {"dst", T::Address, S::DstIp},
    {"dport", T::Number, S::DstPort},    {"sent", T::Number, S::Value},     {"received", T::Number, S::Value2},
    {"duration", T::Tenths, S::Span},    {"bytes", T::Number, S::ValueSum}, {"state", T::Name, S::Detail},
};
constexpr Field kDhcp[] = {
    {"time", T::Time, S::Time}, {"msg", T::Name, S::Kind}, {"ip", T::Address, S::SrcIp, true},
    {"mac", T::Mac, S::Host},   {"hostname", T::Text, S::Text},
};
constexpr Field kAuth[] = {
    {"time", T::Time, S::Time},        {"service", T::Name, S::Detail},     {"event_id", T::Name, S::Kind},
    {"outcome", T::Name, S::Kind},     {"user", T::Text, S::Text},          {"src", T::Address, S::SrcIp},
    {"logon_type", T::Number, S::Code}, {"status", T::Name, S::Kind},       {"dst", T::Address, S::DstIp},
    {"sport", T::Number, S::SrcPort},
};
constexpr Field kSourceField{"source", T::Source, S::Source};

// Sigma rules are written against Windows event data, ECS (Elastic) or Zeek logs; these are the
// spellings of socsim's fields in each. docs/detection-rules.md lists them: keep the two in step.
constexpr FieldAlias kDnsAliases[] = {
    {"dns.question.name", "query"}, {"QueryName", "query"},       {"query_name", "query"},
    {"dns.question.type", "qtype"}, {"QueryType", "qtype"},       {"qtype_name", "qtype"},
    {"record_type", "qtype"},       {"dns.response_code", "rcode"}, {"rcode_name", "rcode"},
    {"dns.resolved_ip", "answer"},  {"answers", "answer"},        {"TTLs", "ttl"},
    {"source.ip", "src"},           {"client.ip", "src"},         {"id.orig_h", "src"},
    {"src_ip", "src"},              {"destination.ip", "dst"},    {"server.ip", "dst"},
    {"id.resp_h", "dst"},           {"dst_ip", "dst"},            {"source.port", "sport"},
    {"id.orig_p", "sport"},         {"src_port", "sport"},        {"@timestamp", "time"},
    {"ts", "time"},
};
constexpr FieldAlias kFirewallAliases[] = {
    {"source.ip", "src"},            {"id.orig_h", "src"},          {"src_ip", "src"},
    {"SourceIp", "src"},             {"destination.ip", "dst"},     {"id.resp_h", "dst"},
    {"dst_ip", "dst"},               {"DestinationIp", "dst"},      {"source.port", "sport"},
    {"id.orig_p", "sport"},          {"src_port", "sport"},         {"SourcePort", "sport"},
    {"destination.port", "dport"},   {"id.resp_p", "dport"},        {"dst_port", "dport"},
    {"DestinationPort", "dport"},    {"network.transport", "proto"}, {"Protocol", "proto"},
    {"event.action", "action"},      {"source.bytes", "sent"},      {"orig_bytes", "sent"},
    {"destination.bytes", "received"}, {"resp_bytes", "received"},  {"network.bytes", "bytes"},
    {"conn_state", "state"},         {"@timestamp", "time"},        {"ts", "time"},
};
constexpr FieldAlias kDhcpAliases[] = {
    {"assigned_addr", "ip"},   {"client_addr", "ip"},          {"client.ip", "ip"},
    {"source.mac", "mac"},     {"client.mac", "mac"},          {"host_name", "hostname"},
    {"host.hostname", "hostname"}, {"msg_types", "msg"},       {"message_type", "msg"},
    {"@timestamp", "time"},    {"ts", "time"},
};
constexpr FieldAlias kAuthAliases[] = {
    {"user.name", "user"},       {"TargetUserName", "user"},    {"username", "user"},
    {"source.ip", "src"},        {"IpAddress", "src"},          {"client.ip", "src"},
    {"id.orig_h", "src"},        {"src_ip", "src"},             {"destination.ip", "dst"},
    {"EventID", "event_id"},     {"event.code", "event_id"},    {"winlog.event_id", "event_id"},
    {"LogonType", "logon_type"}, {"winlog.event_data.LogonType", "logon_type"},
    {"SubStatus", "status"},     {"winlog.event_data.SubStatus", "status"},
    {"event.outcome", "outcome"}, {"@timestamp", "time"},
};

bool same_word(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

std::span<const Field> fields_of(Source s) {
    switch (s) {
        case Source::Dns: return kDns;
        case Source::Firewall: return kFirewall;
        case Source::Dhcp: return kDhcp;
        case Source::Auth: return kAuth;
    }
    return kDns;
}

const Field& source_field() { return kSourceField; }

std::span<const FieldAlias> aliases(Source s) {
    switch (s) {
        case Source::Dns: return kDnsAliases;
        case Source::Firewall: return kFirewallAliases;
        case Source::Dhcp: return kDhcpAliases;
        case Source::Auth: return kAuthAliases;
    }
    return kDnsAliases;
}

const Field* find_field(Source s, std::string_view name) {
    for (const auto& f : fields_of(s))
        if (same_word(f.name, name)) return &f;
    if (same_word(name, "source") || same_word(name, "sourcetype")) return &kSourceField;
    for (const auto& a : aliases(s))
        if (same_word(a.alias, name))
            for (const auto& f : fields_of(s))
                if (f.name == a.field) return &f;
    return nullptr;
}

std::string suggest_field(Source s, std::string_view name) {
    std::vector<std::string> names;
    for (const auto& f : fields_of(s)) names.emplace_back(f.name);
    // Aliases are matched in lower case, so "Queryname" finds "queryname" and suggests `query`.
    const std::string word = lower(name);
    std::string best = closest_word(word, names);
    if (!best.empty()) return best;
    std::vector<std::string> alias_names;
    for (const auto& a : aliases(s)) alias_names.push_back(lower(a.alias));
    const std::string alias = closest_word(word, alias_names);
    if (alias.empty()) return {};
    for (const auto& a : aliases(s))
        if (lower(a.alias) == alias) return std::string(a.alias);
    return {};
}

std::string field_list(Source s) {
    std::string out;
    for (const auto& f : fields_of(s)) out += (out.empty() ? "" : ", ") + std::string(f.name);
    return out;
}

void set_raw_value(Slot slot, Event& e, std::int64_t v) {
    switch (slot) {
        case Slot::Time: e.time = v; break;
        case Slot::SrcIp: e.src_ip = static_cast<Ipv4>(v); break;
        case Slot::DstIp: e.dst_ip = static_cast<Ipv4>(v); break;
        case Slot::Text: e.text = static_cast<std::uint32_t>(v); break;
        case Slot::Value: e.value = static_cast<std::uint32_t>(v); break;
        case Slot::Value2: e.value2 = static_cast<std::uint32_t>(v); break;
        case Slot::ValueSum: {
            const auto low = static_cast<std::uint32_t>(std::min<std::int64_t>(v, 0xFFFFFFFF));
            e.value = low;
            e.value2 = static_cast<std::uint32_t>(v - low);
            break;
        }
        case Slot::SrcPort: e.src_port = static_cast<std::uint16_t>(v); break;
        case Slot::DstPort: e.dst_port = static_cast<std::uint16_t>(v); break;
        case Slot::Host: e.host = static_cast<std::uint16_t>(v); break;
        case Slot::Span: e.span = static_cast<std::uint16_t>(v); break;
        case Slot::Kind: e.kind = static_cast<std::uint8_t>(v); break;
        case Slot::Code: e.code = static_cast<std::uint8_t>(v); break;
        case Slot::Detail: e.detail = static_cast<std::uint8_t>(v); break;
        case Slot::Source: e.source = static_cast<Source>(v); break;
    }
}

const char* field_type_name(FieldType t) {
    switch (t) {
        case FieldType::Time: return "time";
        case FieldType::Text: return "text";
        case FieldType::Address: return "address";
        case FieldType::Number: return "number";
        case FieldType::Tenths: return "seconds";
        case FieldType::Name: return "name";
        case FieldType::Mac: return "mac";
        case FieldType::Source: return "source";
    }
    return "?";
}

}  // namespace socsim::logs

// The fields of each source as the query language and detection rules see them: a name, a type
// (which comparisons make sense) and the part of the Event it reads. Text forms stay with the
// Renderer (render.h); this table says how to compare a field without rendering it, so a search
// over millions of records reads the compact records only.
//
// Other tools name the same things differently (Sigma rules, Elastic's ECS, Zeek, Windows event
// data): `aliases()` maps those spellings to socsim's names, documented in docs/detection-rules.md.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/logs/event.h"

namespace socsim::logs {

enum class FieldType : std::uint8_t {
    Time,     // sim time; compared with times ("2026-03-02 09:00", -15m)
    Text,     // an interned string (query name, user, hostname): patterns, regexes
    Address,  // IPv4: addresses, subnets (10.20.0.0/24), ranges
    Number,   // whole numbers: ports, bytes, TTL
    Tenths,   // a duration kept in tenths of a second, shown and compared in seconds
    Name,     // a small code shown as a name (qtype TXT, rcode NXDOMAIN, event_id 4625)
    Mac,      // the MAC address of the record's host (from the scenario)
    Source,   // which log the record is in: dns, firewall, dhcp, auth
};

// Which part of an Event holds the field's raw value.
enum class Slot : std::uint8_t { Time, SrcIp, DstIp, Text, Value, Value2, ValueSum, SrcPort, DstPort, Host, Span, Kind, Code, Detail, Source };

// Calls f with a getter for a slot's raw value, so that a scan over millions of records gets
// one tight loop per slot (the condition matcher and the query pipeline both use it).
template <class F>
inline void with_slot(Slot slot, F&& f) {
    switch (slot) {
        case Slot::Time: f([](const Event& e) -> std::int64_t { return e.time; }); break;
        case Slot::SrcIp: f([](const Event& e) -> std::int64_t { return e.src_ip; }); break;
        case Slot::DstIp: f([](const Event& e) -> std::int64_t { return e.dst_ip; }); break;
        case Slot::Text: f([](const Event& e) -> std::int64_t { return e.text; }); break;
        case Slot::Value: f([](const Event& e) -> std::int64_t { return e.value; }); break;
        case Slot::Value2: f([](const Event& e) -> std::int64_t { return e.value2; }); break;
        case Slot::ValueSum: f([](const Event& e) -> std::int64_t { return std::int64_t(e.value) + e.value2; }); break;
        case Slot::SrcPort: f([](const Event& e) -> std::int64_t { return e.src_port; }); break;
        case Slot::DstPort: f([](const Event& e) -> std::int64_t { return e.dst_port; }); break;
        case Slot::Host: f([](const Event& e) -> std::int64_t { return e.host; }); break;
        case Slot::Span: f([](const Event& e) -> std::int64_t { return e.span; }); break;
        case Slot::Kind: f([](const Event& e) -> std::int64_t { return e.kind; }); break;
        case Slot::Code: f([](const Event& e) -> std::int64_t { return e.code; }); break;
        case Slot::Detail: f([](const Event& e) -> std::int64_t { return e.detail; }); break;
        case Slot::Source: f([](const Event& e) -> std::int64_t { return static_cast<std::int64_t>(e.source); }); break;
    }
}

struct Field {
    std::string_view name;  // socsim's name, as the Renderer and the column headers use it
    FieldType type;
    Slot slot;
    bool zero_is_none = false;  // an address of 0 reads "-" (a DNS answer, a DHCP address)
};

// Every field of a source: its table's columns first, in display order, then the hidden ones.
std::span<const Field> fields_of(Source s);
// The pseudo-field `source` that every record has (`source=firewall`); not in fields_of().
const Field& source_field();

// Another tool's name for a field: `dns.question.name` for `query`.
struct FieldAlias {
    std::string_view alias;
    std::string_view field;
};
std::span<const FieldAlias> aliases(Source s);

// The field `name` means in source `s`: socsim's name or an alias, without regard to case
// (`source`/`sourcetype` included). nullptr when there is none.
const Field* find_field(Source s, std::string_view name);
// The closest field name of `s` within two edits of `name` (aliases included), or "".
std::string suggest_field(Source s, std::string_view name);
// "time, src, query, ..." for messages.
std::string field_list(Source s);

// The raw value of a field: addresses and numbers as integers, text as its StringPool id,
// names as their code, time in ms. What comparisons and stats group on.
inline std::int64_t raw_value(Slot slot, const Event& e) {
    switch (slot) {
        case Slot::Time: return e.time;
        case Slot::SrcIp: return e.src_ip;
        case Slot::DstIp: return e.dst_ip;
        case Slot::Text: return e.text;
        case Slot::Value: return e.value;
        case Slot::Value2: return e.value2;
        case Slot::ValueSum: return std::int64_t(e.value) + e.value2;
        case Slot::SrcPort: return e.src_port;
        case Slot::DstPort: return e.dst_port;
        case Slot::Host: return e.host;
        case Slot::Span: return e.span;
        case Slot::Kind: return e.kind;
        case Slot::Code: return e.code;
        case Slot::Detail: return e.detail;
        case Slot::Source: return static_cast<std::int64_t>(e.source);
    }
    return 0;
}
// Writes a raw value back into a record (a made-up one), so the Renderer can show a value that
// was kept as a number: how stats show the groups they counted.
void set_raw_value(Slot slot, Event& e, std::int64_t v);

const char* field_type_name(FieldType t);  // "text", "address"... for messages

}  // namespace socsim::logs

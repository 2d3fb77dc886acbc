// A small LogStore written by hand for query and rule tests: every record is one the test chose,
// so each expected result can be counted on fingers.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/common/net.h"
#include "core/common/time.h"
#include "core/logs/log_store.h"
#include "core/logs/query.h"
#include "core/scenario/scenario.h"

namespace socsim::testing {

struct HandMadeLogs {
    scenario::Scenario scenario;
    logs::LogStore store;
    SimTime t0 = *parse_iso8601("2026-03-02T09:00:00+09:00");  // 09:00 local

    HandMadeLogs() {
        scenario.utc_offset_minutes = 9 * 60;
        scenario.start_time = *parse_iso8601("2026-03-02T08:00:00+09:00");
        scenario.network.dns_server = "dc01";
        scenario.network.dhcp_server = "dc01";
        scenario.network.auth_server = "dc01";
        scenario.network.firewall = "fw01";
        auto host = [&](const char* name, const char* mac, const char* ip) {
            scenario::Host h;
            h.hostname = name;
            h.mac = *parse_mac(mac);
            h.ip = *parse_ipv4(ip);
            scenario.network.hosts.push_back(h);
        };
        host("ws-01", "3c:52:82:00:00:01", "10.20.0.101");
        host("ws-02", "3c:52:82:00:00:02", "10.20.0.102");
        host("lt-01", "8c:16:45:00:00:03", "10.20.0.150");
    }

    static Ipv4 ip(const char* text) { return *parse_ipv4(text); }

    // The store takes records in time order only: a test that breaks it is wrong, say so.
    std::uint32_t append(const logs::Event& e) {
        if (!store.events().empty() && store.events().back().time > e.time)
            throw std::logic_error("hand-made records out of time order");
        return store.append(e);
    }

    std::uint32_t dns(Millis at, const char* src, const char* query, logs::DnsType type = logs::DnsType::A,
                      logs::DnsRcode rcode = logs::DnsRcode::NoError, const char* answer = "192.0.2.10",
                      std::uint16_t ttl = 300) {
        logs::Event e;
        e.time = t0 + at;
        e.source = logs::Source::Dns;
        e.src_ip = ip(src);
        e.dst_ip = ip("10.20.0.10");
        e.src_port = 53000;
        e.text = store.strings().intern(query);
        e.kind = static_cast<std::uint8_t>(type);
        e.code = static_cast<std::uint8_t>(rcode);
        e.value = answer ? ip(answer) : 0;
        e.span = ttl;
        return append(e);
    }

    std::uint32_t fw(Millis at, const char* src, const char* dst, std::uint16_t dport, std::uint32_t sent = 500,
                     std::uint32_t received = 1500, logs::FirewallAction action = logs::FirewallAction::Allow,
                     logs::Protocol proto = logs::Protocol::Tcp, std::uint16_t tenths = 12,
                     logs::ConnState state = logs::ConnState::SF) {
        logs::Event e;
        e.time = t0 + at;
        e.source = logs::Source::Firewall;
        e.src_ip = ip(src);
        e.dst_ip = ip(dst);
        e.src_port = 50000;
        e.dst_port = dport;
        e.value = sent;
        e.value2 = received;
        e.kind = static_cast<std::uint8_t>(action);
        e.code = static_cast<std::uint8_t>(proto);
        e.span = tenths;
        e.detail = static_cast<std::uint8_t>(state);
        return append(e);
    }

    std::uint32_t auth(Millis at, const char* src, const char* user, logs::AuthOutcome outcome,
                       std::uint8_t logon_type = 3, std::uint16_t host = logs::kNoHost,
                       logs::AuthService service = logs::AuthService::Windows) {
        logs::Event e;
        e.time = t0 + at;
        e.source = logs::Source::Auth;
        e.src_ip = ip(src);
        e.dst_ip = ip("10.20.0.10");
        e.text = store.strings().intern(user);
        e.kind = static_cast<std::uint8_t>(outcome);
        e.code = logon_type;
        e.host = host;
        e.detail = static_cast<std::uint8_t>(service);
        return append(e);
    }

    std::uint32_t dhcp(Millis at, logs::DhcpMessage msg, const char* address, std::uint16_t host, const char* hostname) {
        logs::Event e;
        e.time = t0 + at;
        e.source = logs::Source::Dhcp;
        e.src_ip = address ? ip(address) : 0;
        e.dst_ip = ip("10.20.0.10");
        e.host = host;
        e.text = store.strings().intern(hostname);
        e.kind = static_cast<std::uint8_t>(msg);
        e.value = 8 * 3600;
        return append(e);
    }

    // The query's result rows after one full pass, evaluated at `now` (default: 10:00 local).
    std::vector<std::uint32_t> rows(const std::string& text, std::optional<logs::Source> source = std::nullopt,
                                    std::optional<SimTime> now = std::nullopt) {
        const auto q = logs::Query::parse(text, source);
        if (!q.ok()) return {0xFFFFFFFF};  // shows in a failed comparison with the error's column
        logs::QueryRun run(q, scenario, store, now ? *now : t0 + kHour);
        run.step();
        return run.rows();
    }

    logs::ResultTable table(const std::string& text, std::optional<logs::Source> source = std::nullopt) {
        const auto q = logs::Query::parse(text, source);
        if (!q.ok()) return {};
        logs::QueryRun run(q, scenario, store, t0 + kHour);
        run.step();
        return run.table();
    }
};

}  // namespace socsim::testing

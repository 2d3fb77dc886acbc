// How records read (raw lines as the devices write them) and the filter box.
#include <catch2/catch.hpp>

#include "core/logs/filter.h"
#include "core/scenario/loader.h"
#include "core/sim/engine.h"

using namespace socsim;

namespace {

const scenario::Scenario& beaconing() {
    static const scenario::Scenario s = [] {
        auto loaded = scenario::load_file(std::string(SOCSIM_SOURCE_DIR) + "/scenarios/dns-beaconing.yaml");
        REQUIRE(loaded.ok());
        return std::move(*loaded.value);
    }();
    return s;
}

const sim::Engine& day() {
    static sim::Engine* e = [] {
        auto* engine = new sim::Engine(beaconing(), 1);
        engine->advance_to(engine->end());
        return engine;
    }();
    return *e;
}

std::string first_line(logs::Source source, const std::function<bool(const logs::Event&)>& pick) {
    const auto& store = day().logs();
    const logs::Renderer r(beaconing(), store);
    for (auto i : store.of(source))
        if (pick(store.at(i))) return r.line(store.at(i));
    return {};
}

}  // namespace

TEST_CASE("raw lines look like the devices' own logs", "[logs][render]") {
    using namespace logs;
    const std::string ack = first_line(Source::Dhcp, [](const Event& e) { return static_cast<DhcpMessage>(e.kind) == DhcpMessage::Ack; });
    CHECK_THAT(ack, Catch::Matches(R"(.* dc01 dhcpd\[\d+\]: DHCPACK on 10\.20\.0\.\d+ to ([0-9a-f]{2}:){5}[0-9a-f]{2} \([a-z0-9-]+\) via eth0)"));
    const std::string discover = first_line(Source::Dhcp, [](const Event& e) { return static_cast<DhcpMessage>(e.kind) == DhcpMessage::Discover; });
    CHECK_THAT(discover, Catch::Matches(R"(.* DHCPDISCOVER from ([0-9a-f]{2}:){5}[0-9a-f]{2} \([a-z0-9-]+\) via eth0)"));
    const std::string fw = first_line(Source::Firewall, [](const Event&) { return true; });
    CHECK_THAT(fw, Catch::Matches(R"(\S+ fw01 kernel: \[FW-ACCEPT\] IN=eth[12] OUT=eth0 MAC=([0-9a-f]{2}:){12}08:00 SRC=[\d.]+ DST=[\d.]+ LEN=\d+ TOS=0x00 PREC=0x00 TTL=\d+ ID=\d+ (DF PROTO=TCP SPT=\d+ DPT=\d+ WINDOW=64240 RES=0x00 SYN URGP=0|PROTO=UDP SPT=\d+ DPT=\d+ LEN=\d+))"));
    // Every line opens with an RFC 5424 timestamp in the company's offset, then the device.
    CHECK_THAT(fw, Catch::Matches(R"(2026-03-02T\d\d:\d\d:\d\d\.\d{3}\+09:00 .*)"));
    const std::string dns = first_line(Source::Dns, [](const Event&) { return true; });
    CHECK_THAT(dns, Catch::Matches(R"(.* named\[\d+\]: client [\d.]+#\d+ \(\S+\): query: \S+ IN [A-Z]+ \+ \([\d.]+\) -> NOERROR .*)"));
    const std::string fail = first_line(Source::Auth, [](const Event& e) {
        return static_cast<AuthOutcome>(e.kind) == AuthOutcome::BadPassword &&
               static_cast<AuthService>(e.detail) == AuthService::Windows;
    });
    CHECK_THAT(fail, Catch::Matches(R"(.*\[4625\]: An account failed to log on\. TargetUserName=\w+ LogonType=(2|7) Status=0xC000006D SubStatus=0xC000006A IpAddress=[\d.]+ WorkstationName=[A-Z0-9-]+)"));
    const std::string ok = first_line(Source::Auth, [](const Event& e) { return static_cast<AuthOutcome>(e.kind) == AuthOutcome::Success; });
    CHECK_THAT(ok, Catch::Contains("[4624]"));
    // The admin's morning SSH checks, in the server's own sshd log.
    const std::string ssh = first_line(Source::Auth, [](const Event& e) {
        return static_cast<AuthService>(e.detail) == AuthService::Sshd && static_cast<AuthOutcome>(e.kind) == AuthOutcome::Success;
    });
    CHECK_THAT(ssh, Catch::Matches(R"(.* (fs01|app01) sshd\[\d+\]: Accepted password for kondo from 10\.20\.0\.\d+ port \d+ ssh2)"));
}

TEST_CASE("field=value, != and wildcards filter records", "[logs][filter]") {
    const auto& store = day().logs();
    const logs::Renderer r(day().scenario(), store);
    const auto& c2 = day().scenario().attack.front().c2_domain;
    std::vector<std::uint32_t> rows;
    auto f = logs::Filter::parse("query=" + c2, logs::Source::Dns);
    REQUIRE(f.ok());
    f.scan(r, store, logs::Source::Dns, 0, SIZE_MAX, rows);
    CHECK(rows.size() > 60);
    for (auto i : rows) CHECK(store.text(store.at(i)) == c2);

    std::vector<std::uint32_t> wild;
    // The C2 name's ending in capitals: "api.cloud-relay.net" -> "*CLOUD-RELAY.NET".
    std::string tail = c2.substr(c2.find('.') + 1);
    for (auto& ch : tail) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    logs::Filter::parse("query=*" + tail, logs::Source::Dns).scan(r, store, logs::Source::Dns, 0, SIZE_MAX, wild);
    CHECK(wild == rows);  // case-insensitive, anchored wildcard

    std::vector<std::uint32_t> others;
    logs::Filter::parse("query!=" + c2, logs::Source::Dns).scan(r, store, logs::Source::Dns, 0, SIZE_MAX, others);
    CHECK(others.size() + rows.size() == store.of(logs::Source::Dns).size());

    // Free words match the raw line; several terms must all hold.
    std::vector<std::uint32_t> words;
    const std::string victim_ip = format_ipv4(day().scenario().find_host(day().scenario().attack.front().host)->ip);
    logs::Filter::parse("\"" + c2 + "\" src=" + victim_ip, logs::Source::Dns).scan(r, store, logs::Source::Dns, 0, SIZE_MAX, words);
    CHECK(words == rows);

    // Scanning in pieces gives what one scan gives: the explorer relies on it as logs stream in.
    std::vector<std::uint32_t> pieces;
    const auto n = store.of(logs::Source::Dns).size();
    for (std::size_t from = 0; from < n; from += 777) f.scan(r, store, logs::Source::Dns, from, from + 777, pieces);
    CHECK(pieces == rows);
}

TEST_CASE("filter errors say where and what", "[logs][filter]") {
    auto f = logs::Filter::parse("src=10.0.0.1 colour=red", logs::Source::Dns);
    REQUIRE_FALSE(f.ok());
    CHECK(f.error()->column == 14);
    CHECK(f.error()->key == "filter.unknown_field");
    f = logs::Filter::parse("query=", logs::Source::Dns);
    REQUIRE_FALSE(f.ok());
    CHECK(f.error()->key == "filter.empty_value");
    f = logs::Filter::parse("  \"unclosed", logs::Source::Dns);
    REQUIRE_FALSE(f.ok());
    CHECK(f.error()->column == 3);
    CHECK(logs::Filter::parse("msg=DHCPACK", logs::Source::Dhcp).ok());
    CHECK_FALSE(logs::Filter::parse("msg=DHCPACK", logs::Source::Dns).ok());  // fields belong to a source
    CHECK(logs::Filter::parse("   ", logs::Source::Auth).empty());
}

TEST_CASE("wildcards match whole values without regard to case", "[logs][filter]") {
    CHECK(logs::wildcard_match("*.example.com", "WWW.Example.com"));
    CHECK_FALSE(logs::wildcard_match("*.example.com", "example.com.evil"));
    CHECK(logs::wildcard_match("a*b*c", "axxbyyc"));
    CHECK_FALSE(logs::wildcard_match("a*b*c", "axxbyy"));
    CHECK(logs::wildcard_match("*", ""));
    CHECK(logs::contains_ignore_case("Failed To Log On", "to log"));
}

// The scenario loader: the shipped scenario loads, and every validation rule reports the right
// place (line and column) with a message that says what was wrong.
//
// Most tests take tests/data/scenario/minimal.yaml, change one piece of text and look for the
// diagnostic at the position of the changed text, computed here from the text itself.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/hash.h"
#include "core/scenario/loader.h"
#include "scenario_test_support.h"

using namespace socsim;
using namespace socsim::scenario;
using socsim::test::all_messages;
using socsim::test::pos_of;
using socsim::test::Pos;

namespace {

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

const std::string kData = std::string(SOCSIM_TEST_DATA) + "/scenario/";
const std::string kShipped = std::string(SOCSIM_SOURCE_DIR) + "/scenarios/dns-beaconing.yaml";

std::string minimal() { return read_bytes(kData + "minimal.yaml"); }

// `text` with the first occurrence of `from` replaced; the test fails if `from` is not there,
// so a test cannot silently pass on an unchanged file.
std::string replaced(std::string text, std::string_view from, std::string_view to) {
    const auto at = text.find(from);
    INFO("looking for: " << from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return text;
}

// Loads `yaml`, expects it to fail, and expects a diagnostic containing `message_part` at the
// position of the nth occurrence of `needle`. Returns that diagnostic's message.
std::string expect_error(const std::string& yaml, std::string_view needle, std::string_view message_part,
                         int nth = 1) {
    const auto r = load_text(yaml, "test.yaml");
    INFO(all_messages(r));
    REQUIRE_FALSE(r.ok());
    REQUIRE_FALSE(r.value.has_value());
    const Pos want = pos_of(yaml, needle, nth);
    for (const auto& d : r.errors) {
        if (d.message.find(message_part) == std::string::npos) continue;
        INFO("diagnostic: " << d.to_string());
        CHECK(d.file == "test.yaml");
        CHECK(d.line == want.line);
        CHECK(d.column == want.column);
        return d.message;
    }
    FAIL("no diagnostic contains: " << message_part);
    return {};
}

}  // namespace

// ---- the shipped scenario ---------------------------------------------------------------------

TEST_CASE("the shipped dns-beaconing scenario loads without errors", "[scenario]") {
    const auto r = load_file(kShipped);
    INFO(all_messages(r));
    REQUIRE(r.ok());
    const Scenario& s = *r.value;

    CHECK(s.id == "dns-beaconing");
    CHECK_FALSE(s.title.ja.empty());
    CHECK_FALSE(s.title.en.empty());
    CHECK(s.briefing.ja.find("隔離") != std::string::npos);
    CHECK(s.briefing.en.find("isolate") != std::string::npos);
    CHECK(s.start_time == parse_iso8601("2026-03-01T23:00:00Z").value());
    CHECK(s.utc_offset_minutes == 9 * 60);
    CHECK(s.duration == 9 * kHour);
    CHECK(s.techniques == std::vector<std::string>{"T1071.004"});
    CHECK(s.source_path == kShipped);

    const auto& hosts = s.network.hosts;
    CHECK(hosts.size() >= 35);
    CHECK(hosts.size() <= 45);
    int workstations = 0, laptops = 0;
    for (const auto& h : hosts) {
        if (h.role == Role::Workstation) ++workstations;
        if (h.role == Role::Laptop) ++laptops;
        if (h.role == Role::Workstation || h.role == Role::Laptop) CHECK(h.business_value == 1);
        CHECK(h.ip != 0);  // DHCP hosts have their lease filled in
        // Desks and laptops in the office LAN, servers in their own.
        const auto* lan = s.network.subnet_of(h.ip);
        REQUIRE(lan);
        CHECK(lan->name == h.subnet);
        if (h.role == Role::Workstation || h.role == Role::Laptop) CHECK(h.subnet == "office");
        if (h.role == Role::DomainController || h.hostname == "fs01") CHECK(h.subnet == "servers");
    }
    REQUIRE(s.network.subnets.size() == 3);  // office, servers, management
    CHECK(s.includes.size() == 1);
    CHECK(workstations + laptops >= 28);
    CHECK(laptops >= 5);

    const Host* dc = s.find_host("dc01");
    REQUIRE(dc);
    CHECK(dc->role == Role::DomainController);
    CHECK(dc->addressing == Addressing::Static);
    CHECK(dc->business_value == 5);
    REQUIRE(s.find_host("fs01"));
    CHECK(s.find_host("fs01")->business_value == 4);
    REQUIRE(s.find_host("fw01"));
    CHECK(s.find_host("fw01")->role == Role::Firewall);
    CHECK(s.find_host("fw01")->business_value == 5);
    CHECK(s.network.subnets.at(0).gateway == s.find_host("fw01")->ip);
    REQUIRE(s.find_host("prn01"));
    CHECK(s.find_host("prn01")->role == Role::Printer);
    CHECK(s.network.dns_server == "dc01");
    CHECK(s.network.dhcp_server == "dc01");
    CHECK(s.network.auth_server == "dc01");
    CHECK(s.network.firewall == "fw01");

    CHECK(s.benign.sites.size() >= 40);
    CHECK(s.benign.sites.size() <= 60);
    bool has_ntp = false;
    for (const auto& p : s.benign.periodic)
        if (p.name == "ntp") has_ntp = p.interval == 1024 * kSecond;
    CHECK(has_ntp);

    REQUIRE(s.attack.size() == 1);
    const AttackStep& a = s.attack[0];
    CHECK(a.kind == AttackKind::DnsBeacon);
    CHECK(a.host == "ws-17");
    CHECK(a.start == 95 * kMinute);
    CHECK(a.interval == 60 * kSecond);
    CHECK(a.jitter == 3 * kSecond);
    CHECK(a.technique == "T1071.004");
    CHECK(a.ttl_s == 0);
    CHECK(a.record_type == "A");
    CHECK_FALSE(a.lure_domain.empty());
    CHECK_FALSE(a.c2_domain.empty());
    const Host* victim = s.find_host(a.host);
    REQUIRE(victim);
    CHECK(victim->addressing == Addressing::Dhcp);
    CHECK(victim->ip >= s.network.subnets.at(0).dhcp_pool_first);
    CHECK(victim->ip <= s.network.subnets.at(0).dhcp_pool_last);
    CHECK(s.host_index("ws-17") >= 0);
    CHECK(s.host_index("no-such-host") == -1);
    CHECK(s.find_host("no-such-host") == nullptr);
}

TEST_CASE("the content hash names the file's bytes", "[scenario]") {
    const auto a = load_file(kShipped);
    const auto b = load_file(kShipped);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a.value->content_hash.size() == 16);
    CHECK(a.value->content_hash == b.value->content_hash);
    // The scenario's bytes, those of every file it includes, and its detection rules (the alerts
    // a trainee triages depend on them), by name.
    const std::string company = std::filesystem::path(kShipped).parent_path() / "company/minato-seiki.yaml";
    std::string hashed = read_bytes(kShipped) + "\n--- company/minato-seiki.yaml\n" + read_bytes(company);
    std::vector<std::filesystem::path> rules;
    for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(kShipped).parent_path() / "rules"))
        rules.push_back(entry.path());
    std::sort(rules.begin(), rules.end());
    REQUIRE(rules.size() == a.value->rule_files.size());
    for (const auto& r : rules) hashed += "\n--- rule rules/" + r.filename().string() + "\n" + read_bytes(r.string());
    CHECK(a.value->content_hash == fnv1a64_hex(hashed));

    // One changed byte (in a comment, so the model is the same) is another version.
    const std::string text = read_bytes(kShipped);
    const auto c = load_text(text + "# edited\n", kShipped);
    REQUIRE(c.ok());
    CHECK(c.value->content_hash != a.value->content_hash);
}

TEST_CASE("role and attack kind names round-trip", "[scenario]") {
    for (const auto& name : role_names()) {
        Role r{};
        REQUIRE(parse_role(name, r));
        CHECK(role_name(r) == name);
    }
    CHECK(std::string(role_name(Role::DomainController)) == "domain_controller");
    Role r{};
    CHECK_FALSE(parse_role("desktop", r));
    AttackKind k{};
    REQUIRE(parse_attack_kind("dns_beacon", k));
    CHECK(std::string(attack_kind_name(k)) == "dns_beacon");
    CHECK_FALSE(parse_attack_kind("dns-beacon", k));
}

// ---- the minimal file and DHCP leases ------------------------------------------------------------

TEST_CASE("the minimal scenario loads and DHCP hosts get pool addresses in order", "[scenario]") {
    const auto r = load_file(kData + "minimal.yaml");
    INFO(all_messages(r));
    REQUIRE(r.ok());
    const Scenario& s = *r.value;
    CHECK(s.find_host("ws-01")->ip == parse_ipv4("10.20.0.100").value());
    CHECK(s.find_host("ws-02")->ip == parse_ipv4("10.20.0.101").value());
    CHECK(s.find_host("dc01")->ip == parse_ipv4("10.20.0.10").value());
    CHECK(s.find_host("ws-01")->addressing == Addressing::Dhcp);
    CHECK(s.find_host("fw01")->addressing == Addressing::Static);
    CHECK(s.find_host("ws-02")->line == pos_of(minimal(), "{hostname: ws-02").line);
    CHECK(s.attack[0].line == pos_of(minimal(), "id: beacon").line);
    CHECK(s.network.subnets.at(0).gateway == parse_ipv4("10.20.0.1").value());  // from the firewall's address
    CHECK(s.network.lease_time == 8 * kHour);                       // default
    CHECK(s.difficulty == "easy");                                  // default
    CHECK(s.version == 1);                                          // default
    CHECK(s.scoring.quiz_points == 40);                             // default
    CHECK(s.benign.periodic[0].jitter == 0);                        // default
    CHECK(s.benign.periodic[0].roles.empty());                      // default: workstations and laptops
}

TEST_CASE("the UTC offset comes from start", "[scenario]") {
    auto r = load_text(replaced(minimal(), "2026-03-02T08:00:00+09:00", "2026-03-02T08:00:00-05:00"), "t.yaml");
    REQUIRE(r.ok());
    CHECK(r.value->utc_offset_minutes == -300);
    CHECK(r.value->start_time == parse_iso8601("2026-03-02T13:00:00Z").value());
    r = load_text(replaced(minimal(), "2026-03-02T08:00:00+09:00", "2026-03-02T08:00:00Z"), "t.yaml");
    REQUIRE(r.ok());
    CHECK(r.value->utc_offset_minutes == 0);
}

// ---- files that are not scenarios -------------------------------------------------------------

TEST_CASE("a missing file is one diagnostic naming it", "[scenario]") {
    const std::string path = kData + "no-such-file.yaml";
    const auto r = load_file(path);
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].file == path);
    CHECK(r.errors[0].line == 0);
    CHECK(r.errors[0].message.find("no such file") != std::string::npos);
    CHECK(r.errors[0].message.find("no-such-file.yaml") != std::string::npos);
}

TEST_CASE("a folder is not a scenario file", "[scenario]") {
    const auto r = load_file(kData);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message.find("folder") != std::string::npos);
}

TEST_CASE("a YAML syntax error is reported at its position", "[scenario]") {
    const std::string path = kData + "syntax-error.yaml";
    const auto r = load_file(path);
    INFO(all_messages(r));
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].file == path);
    // The flow map opened on line 2 is never closed; yaml-cpp notices where the next key starts.
    CHECK(r.errors[0].line >= 2);
    CHECK(r.errors[0].line <= 3);
    CHECK(r.errors[0].column >= 1);
    CHECK(r.errors[0].message.find("YAML syntax error") != std::string::npos);
    CHECK(r.errors[0].to_string().rfind(path + ":", 0) == 0);
}

TEST_CASE("a bad indentation is a syntax error with line and column", "[scenario]") {
    const std::string yaml = "id: x\n  title: y\n";
    const auto r = load_text(yaml, "t.yaml");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].line == 2);
    CHECK(r.errors[0].column == 8);
    CHECK(r.errors[0].message.find("YAML syntax error") != std::string::npos);
}

TEST_CASE("a file that is text or a list instead of a map", "[scenario]") {
    auto r = load_file(kData + "scalar.yaml");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].line == 2);
    CHECK(r.errors[0].column == 1);
    CHECK(r.errors[0].message.find("the file: found the text \"just some text\", expected a map") == 0);

    r = load_file(kData + "list.yaml");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].line == 2);
    CHECK(r.errors[0].message.find("found a list, expected a map with keys id,") != std::string::npos);
}

TEST_CASE("an empty file and a file of two documents", "[scenario]") {
    auto r = load_text("", "empty.yaml");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].line == 0);
    CHECK(r.errors[0].message.find("empty") != std::string::npos);

    r = load_text("# only a comment\n", "empty.yaml");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message.find("empty") != std::string::npos);

    const std::string two = minimal() + "---\nid: second\n";
    expect_error(two, "id: second", "more than one YAML document");
}

TEST_CASE("stray punctuation before the scenario is reported, not looped on", "[scenario]") {
    // yaml-cpp 0.7's LoadAll never ends on a lone ","; the loader must return promptly.
    auto r = load_text(",\n" + minimal(), "stray.yaml");
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message.find("does not start with the scenario") != std::string::npos);
    r = load_text(",", "stray.yaml");
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.errors.size() == 1);
}

// ---- keys -------------------------------------------------------------------------------------

TEST_CASE("an unknown top-level key suggests the close one", "[scenario]") {
    const std::string yaml = replaced(minimal(), "duration: 9h", "duraton: 9h");
    const std::string msg = expect_error(yaml, "duraton", "unknown key");
    CHECK(msg.find("\"duraton\"") != std::string::npos);
    CHECK(msg.find("did you mean 'duration'?") != std::string::npos);
    // and the real key is then missing, reported at the top-level map (its first key)
    expect_error(yaml, "id: mini", "missing required key \"duration\"");
}

TEST_CASE("an unknown key inside a host suggests the close one", "[scenario]") {
    const std::string yaml = replaced(minimal(), "{hostname: ws-02", "{hsotname: ws-02");
    const std::string msg = expect_error(yaml, "hsotname", "unknown key");
    CHECK(msg.find("\"hosts[3].hsotname\"") == 0);
    CHECK(msg.find("did you mean 'hostname'?") != std::string::npos);
}

TEST_CASE("an unknown key far from every allowed key gets no suggestion", "[scenario]") {
    const std::string yaml = replaced(minimal(), "  lookups_per_hour: 40", "  colour: red\n  lookups_per_hour: 40");
    const std::string msg = expect_error(yaml, "colour", "unknown key");
    CHECK(msg.find("did you mean") == std::string::npos);
    CHECK(msg.find("allowed here: hours, lookups_per_hour") != std::string::npos);
}

TEST_CASE("a key written twice in one map", "[scenario]") {
    const std::string yaml = replaced(minimal(), "duration: 9h", "duration: 9h\nduration: 8h");
    const std::string msg = expect_error(yaml, "duration: 8h", "written twice");
    CHECK(msg.find("first on line 6") != std::string::npos);
}

TEST_CASE("a missing required key is reported at the map that lacks it", "[scenario]") {
    const std::string yaml = replaced(minimal(), ", mac: \"3c:52:82:00:00:02\"", "");
    const std::string msg = expect_error(yaml, "{hostname: ws-02", "missing required key \"mac\"");
    CHECK(msg.find("\"hosts[3]\"") == 0);
    CHECK(msg.find("MAC address like 3c:52:82:10:00:01") != std::string::npos);
}

TEST_CASE("a missing top-level key is reported at the first line", "[scenario]") {
    const std::string yaml = replaced(minimal(), "id: mini\n", "");
    expect_error(yaml, "title:", "the file: missing required key \"id\"");
}

TEST_CASE("a key with no value", "[scenario]") {
    const std::string yaml = replaced(minimal(), "  firewall: fw01", "  firewall:");
    expect_error(yaml, "firewall:", "\"network.firewall\": no value given");
}

// ---- types ------------------------------------------------------------------------------------

TEST_CASE("a map where a list was expected", "[scenario]") {
    const std::string yaml = replaced(minimal(), "duration: 9h\n", "duration: 9h\ntechniques: {first: T1071.004}\n");
    expect_error(yaml, "{first:", "\"techniques\": found a map, expected a list");
}

TEST_CASE("a list where a map was expected", "[scenario]") {
    const std::string yaml = replaced(minimal(), "scoring: {pass_mark: 60}", "scoring: [60]");
    expect_error(yaml, "[60]", "\"scoring\": found a list, expected a map with keys containment_points");
}

TEST_CASE("text where a map of ja and en was expected", "[scenario]") {
    const std::string yaml = replaced(minimal(), "title: {ja: 小さな会社, en: A small company}", "title: A small company");
    expect_error(yaml, "A small company", "\"title\": found the text \"A small company\", expected a map with keys ja, en");
}

TEST_CASE("a long value is cut in messages without breaking a Japanese character", "[scenario]") {
    const std::string longer(40, 'x');
    const std::string yaml = replaced(minimal(), "lookups_per_hour: 40", "lookups_per_hour: " + longer + "あいうえおかきくけこ");
    const std::string msg = expect_error(yaml, longer, "is not a number");
    // 40 ASCII bytes then whole 3-byte characters up to the 60-byte limit: 6 of them, then "...".
    CHECK(msg.find(longer + "あいうえおか...") != std::string::npos);
}

TEST_CASE("text where a number was expected", "[scenario]") {
    const std::string yaml = replaced(minimal(), "lookups_per_hour: 40", "lookups_per_hour: many");
    expect_error(yaml, "many", "\"benign.lookups_per_hour\": many is not a number");
}

TEST_CASE("text where a whole number was expected", "[scenario]") {
    const std::string yaml = replaced(minimal(), "ip: 10.20.0.10, value: 5}", "ip: 10.20.0.10, value: high}");
    expect_error(yaml, "high", "\"hosts[1].value\": high is not a whole number (expected a whole number from 1 to 5)");
}

TEST_CASE("a whole number out of range", "[scenario]") {
    const std::string yaml = replaced(minimal(), "ip: 10.20.0.10, value: 5}", "ip: 10.20.0.10, value: 7}");
    expect_error(yaml, "7}", "\"hosts[1].value\": 7 is out of range");
}

TEST_CASE("text where true or false was expected", "[scenario]") {
    const std::string yaml = replaced(minimal(), "lunch: \"12:00-13:00\"}", "lunch: \"12:00-13:00\", weekends_off: sometimes}");
    expect_error(yaml, "sometimes", "sometimes is not true or false");
}

// ---- addresses and times ----------------------------------------------------------------------

TEST_CASE("a bad IPv4 address", "[scenario]") {
    const std::string yaml = replaced(minimal(), "ip: 10.20.0.10", "ip: 10.20.0.300");
    const std::string msg = expect_error(yaml, "10.20.0.300", "is not an IPv4 address");
    CHECK(msg == "\"hosts[1].ip\": 10.20.0.300 is not an IPv4 address (expected like 10.20.0.15)");
}

TEST_CASE("a bad MAC address", "[scenario]") {
    const std::string yaml = replaced(minimal(), "3c:52:82:00:00:02", "3c:52:82:00:00:0g");
    expect_error(yaml, "\"3c:52:82:00:00:0g\"", "\"hosts[3].mac\": 3c:52:82:00:00:0g is not a MAC address");
}

TEST_CASE("a multicast MAC address is not one device", "[scenario]") {
    const std::string yaml = replaced(minimal(), "3c:52:82:00:00:02", "01:00:5e:00:00:02");
    expect_error(yaml, "\"01:00:5e", "not the address of one device");
}

TEST_CASE("a bad subnet", "[scenario]") {
    const std::string yaml = replaced(minimal(), "subnet: 10.20.0.0/24", "subnet: 10.20.0.0/33");
    expect_error(yaml, "10.20.0.0/33", "\"network.subnet\": 10.20.0.0/33 is not a subnet (expected like 10.20.0.0/24)");
}

TEST_CASE("a bad start time", "[scenario]") {
    const std::string yaml = replaced(minimal(), "2026-03-02T08:00:00+09:00", "2026-13-02T08:00:00+09:00");
    expect_error(yaml, "\"2026-13", "\"start\": 2026-13-02T08:00:00+09:00 is not a start time");
}

TEST_CASE("a start time without its UTC offset", "[scenario]") {
    const std::string yaml = replaced(minimal(), "2026-03-02T08:00:00+09:00", "2026-03-02T08:00:00");
    expect_error(yaml, "\"2026-03-02T08", "has no UTC offset");
}

TEST_CASE("a bad duration", "[scenario]") {
    const std::string yaml = replaced(minimal(), "duration: 9h", "duration: nine hours");
    expect_error(yaml, "nine hours", "\"duration\": nine hours is not a duration (expected like 90s, 15m, 8h or 1h30m)");
}

TEST_CASE("a bad time of day and lunch outside working hours", "[scenario]") {
    std::string yaml = replaced(minimal(), "start: \"08:30\"", "start: \"8h30\"");
    expect_error(yaml, "\"8h30\"", "\"benign.hours.start\": 8h30 is not a local time of day");
    yaml = replaced(minimal(), "end: \"17:30\"", "end: \"07:30\"");
    expect_error(yaml, "\"07:30\"", "ends before it starts");
    yaml = replaced(minimal(), "lunch: \"12:00-13:00\"", "lunch: \"18:00-19:00\"");
    expect_error(yaml, "\"18:00-19:00\"", "is not within the working hours 08:30-17:30");
}

TEST_CASE("a hostname with capitals", "[scenario]") {
    const std::string yaml = replaced(minimal(), "{hostname: ws-02", "{hostname: WS-02");
    expect_error(yaml, "WS-02", "\"hosts[3].hostname\": WS-02 is not a hostname");
}

TEST_CASE("a bad domain and a bad technique id", "[scenario]") {
    std::string yaml = replaced(minimal(), "domain: c2.example.net", "domain: \"c2 example net\"");
    expect_error(yaml, "\"c2 example net\"", "\"attack[0].c2.domain\": c2 example net is not a lower-case domain name");
    yaml = replaced(minimal(), "technique: T1071.004", "technique: T1071.4");
    expect_error(yaml, "T1071.4", "is not an ATT&CK technique id");
}

// ---- duplicates -------------------------------------------------------------------------------

TEST_CASE("a duplicated hostname", "[scenario]") {
    const std::string yaml = replaced(minimal(), "{hostname: ws-02", "{hostname: ws-01");
    const std::string msg = expect_error(yaml, "ws-01", "is declared twice", 2);
    CHECK(msg.find("first on line " + std::to_string(pos_of(yaml, "ws-01").line)) != std::string::npos);
}

TEST_CASE("a duplicated IP address", "[scenario]") {
    const std::string yaml = replaced(minimal(), "ip: 10.20.0.10", "ip: 10.20.0.1");
    expect_error(yaml, "10.20.0.1,", "\"hosts[1].ip\": 10.20.0.1 is already the address of fw01", 2);
}

TEST_CASE("a duplicated MAC address", "[scenario]") {
    const std::string yaml = replaced(minimal(), "3c:52:82:00:00:02", "3c:52:82:00:00:01");
    expect_error(yaml, "\"3c:52:82:00:00:01\"", "is already the MAC of ws-01", 2);
}

TEST_CASE("a duplicated user name", "[scenario]") {
    const std::string yaml = replaced(minimal(), "{name: kimura", "{name: tanaka");
    expect_error(yaml, "tanaka", "\"users[1].name\": tanaka is declared twice", 2);
}

// ---- the subnet and the DHCP pool -------------------------------------------------------------

TEST_CASE("a static address outside the subnet", "[scenario]") {
    const std::string yaml = replaced(minimal(), "ip: 10.20.0.10", "ip: 10.30.0.10");
    expect_error(yaml, "10.30.0.10", "\"hosts[1].ip\": 10.30.0.10 is outside the subnet 10.20.0.0/24");
}

TEST_CASE("a static address that is the subnet's broadcast address", "[scenario]") {
    const std::string yaml = replaced(minimal(), "ip: 10.20.0.10", "ip: 10.20.0.255");
    expect_error(yaml, "10.20.0.255", "is the broadcast address of 10.20.0.0/24");
}

TEST_CASE("a DHCP pool outside the subnet", "[scenario]") {
    const std::string yaml = replaced(minimal(), "10.20.0.100-10.20.0.102", "10.30.0.100-10.30.0.102");
    expect_error(yaml, "\"10.30.0.100", "\"network.dhcp.pool\": 10.30.0.100-10.30.0.102 is not inside the subnet");
}

TEST_CASE("a DHCP pool written backwards or badly", "[scenario]") {
    std::string yaml = replaced(minimal(), "10.20.0.100-10.20.0.102", "10.20.0.102-10.20.0.100");
    expect_error(yaml, "\"10.20.0.102-", "starts after it ends");
    yaml = replaced(minimal(), "10.20.0.100-10.20.0.102", "10.20.0.100 to 10.20.0.102");
    expect_error(yaml, "\"10.20.0.100 to", "is not an address range");
}

TEST_CASE("a DHCP pool that overlaps a static address", "[scenario]") {
    const std::string yaml = replaced(minimal(), "ip: 10.20.0.10", "ip: 10.20.0.101");
    expect_error(yaml, "10.20.0.101,", "\"hosts[1].ip\": 10.20.0.101 is inside the DHCP pool 10.20.0.100-10.20.0.102");
}

TEST_CASE("a DHCP pool too small for the DHCP hosts", "[scenario]") {
    const std::string yaml = replaced(minimal(), "10.20.0.100-10.20.0.102", "10.20.0.100-10.20.0.100");
    expect_error(yaml, "\"10.20.0.100-", "holds 1 addresses but 2 hosts use addressing: dhcp");
}

TEST_CASE("DHCP hosts without a dhcp section", "[scenario]") {
    const std::string yaml = replaced(minimal(), "  dhcp: {pool: \"10.20.0.100-10.20.0.102\", server: dc01}\n", "");
    expect_error(yaml, "subnet:", "\"network\": missing required key \"dhcp\" (2 hosts use addressing: dhcp");
}

TEST_CASE("addressing that contradicts ip", "[scenario]") {
    std::string yaml = replaced(minimal(), "mac: \"3c:52:82:00:00:02\"}", "mac: \"3c:52:82:00:00:02\", addressing: dhcp, ip: 10.20.0.50}");
    expect_error(yaml, "ip: 10.20.0.50", "a host with addressing: dhcp gets its address from the DHCP pool");
    yaml = replaced(minimal(), "mac: \"3c:52:82:00:00:02\"}", "mac: \"3c:52:82:00:00:02\", addressing: static}");
    expect_error(yaml, "{hostname: ws-02", "\"hosts[3]\": missing required key \"ip\"");
}

TEST_CASE("a gateway that is not the firewall, a public address inside the LAN", "[scenario]") {
    std::string yaml = replaced(minimal(), "  public_ip:", "  gateway: 10.20.0.254\n  public_ip:");
    expect_error(yaml, "10.20.0.254", "\"network.gateway\": 10.20.0.254 is not the address of the firewall fw01");
    yaml = replaced(minimal(), "public_ip: 198.51.100.250", "public_ip: 10.20.0.250");
    expect_error(yaml, "10.20.0.250", "is inside the office subnet");
}

// ---- references -------------------------------------------------------------------------------

TEST_CASE("network servers that are not hosts", "[scenario]") {
    std::string yaml = replaced(minimal(), "dns_server: dc01", "dns_server: dc02");
    std::string msg = expect_error(yaml, "dc02", "\"network.dns_server\": dc02 is not one of the hosts");
    CHECK(msg.find("did you mean 'dc01'?") != std::string::npos);

    yaml = replaced(minimal(), "server: dc01}", "server: dhcp01}");
    expect_error(yaml, "dhcp01", "\"network.dhcp.server\": dhcp01 is not one of the hosts");

    yaml = replaced(minimal(), "auth_server: dc01", "auth_server: ad01");
    expect_error(yaml, "ad01", "\"network.auth_server\": ad01 is not one of the hosts");

    yaml = replaced(minimal(), "firewall: fw01", "firewall: fw02");
    msg = expect_error(yaml, "fw02", "\"network.firewall\": fw02 is not one of the hosts");
    CHECK(msg.find("did you mean 'fw01'?") != std::string::npos);
}

TEST_CASE("a network server of the wrong role or on DHCP", "[scenario]") {
    std::string yaml = replaced(minimal(), "dns_server: dc01", "dns_server: ws-01");
    expect_error(yaml, "ws-01", "has role workstation, which cannot be the DNS server");
    yaml = replaced(minimal(), "firewall: fw01", "firewall: dc01");
    expect_error(yaml, "dc01\nusers", "has role domain_controller, which cannot be the firewall");
}

TEST_CASE("an attack on a host that does not exist", "[scenario]") {
    const std::string yaml = replaced(minimal(), "host: ws-02", "host: ws-20");
    const std::string msg = expect_error(yaml, "ws-20", "\"attack[0].host\": ws-20 is not one of the hosts");
    CHECK(msg.find("did you mean 'ws-02'?") != std::string::npos);
}

TEST_CASE("an owner who is not a user", "[scenario]") {
    const std::string yaml = replaced(minimal(), "owner: tanaka", "owner: tanka");
    const std::string msg = expect_error(yaml, "tanka", "\"hosts[2].owner\": tanka is not one of the users");
    CHECK(msg.find("did you mean 'tanaka'?") != std::string::npos);
}

// ---- the attack timeline ----------------------------------------------------------------------

TEST_CASE("an attack that starts after the scenario ends", "[scenario]") {
    std::string yaml = replaced(minimal(), "start: 1h35m", "start: 9h");
    expect_error(yaml, "9h\n    technique", "\"attack[0].start\": 9h is not within the scenario's duration");
    yaml = replaced(minimal(), "start: 1h35m", "start: 8h59m");
    CHECK(load_text(yaml, "t.yaml").ok());
    yaml = replaced(minimal(), "start: 1h35m", "start: -5m");
    expect_error(yaml, "-5m", "\"attack[0].start\": -5m is not a duration");
}

TEST_CASE("a beacon interval of zero", "[scenario]") {
    const std::string yaml = replaced(minimal(), "interval: 60s", "interval: 0s");
    expect_error(yaml, "0s\n", "\"attack[0].interval\": 0s is shorter than a second");
}

TEST_CASE("a jitter as large as the interval", "[scenario]") {
    std::string yaml = replaced(minimal(), "jitter: 3s", "jitter: 60s");
    expect_error(yaml, "60s\nscoring", "\"attack[0].jitter\": 60s is not smaller than the interval");
    yaml = replaced(minimal(), "interval: 1024s}", "interval: 1024s, jitter: 20m}");
    expect_error(yaml, "20m}", "\"benign.periodic[0].jitter\": 20m is not smaller than the interval");
    // The default jitter (3s) takes part too.
    yaml = replaced(minimal(), "    interval: 60s\n    jitter: 3s\n", "    interval: 2s\n");
    expect_error(yaml, "2s\n", "is not longer than the default jitter");
}

// ---- bilingual text ---------------------------------------------------------------------------

TEST_CASE("a title or briefing missing one language", "[scenario]") {
    std::string yaml = replaced(minimal(), "title: {ja: 小さな会社, en: A small company}", "title: {en: A small company}");
    expect_error(yaml, "{en: A small", "\"title\": missing required key \"ja\"");
    yaml = replaced(minimal(), ", en: Watch the logs and isolate the infected device.}", "}");
    expect_error(yaml, "{ja: ログ", "\"briefing\": missing required key \"en\"");
    yaml = replaced(minimal(), "en: A small company}", "en: \"\"}");
    expect_error(yaml, "\"\"}", "\"title.en\": is empty");
}

// ---- words from a fixed set -------------------------------------------------------------------

TEST_CASE("a role that does not exist lists the allowed ones", "[scenario]") {
    const std::string yaml = replaced(minimal(), "role: workstation, owner: kimura", "role: workstaton, owner: kimura");
    const std::string msg = expect_error(yaml, "workstaton", "\"hosts[3].role\": workstaton is not allowed");
    CHECK(msg.find("workstation, laptop, server, domain_controller, dns, printer, firewall, iot") != std::string::npos);
    CHECK(msg.find("did you mean 'workstation'?") != std::string::npos);
}

TEST_CASE("addressing, difficulty, record type and roles from a fixed set", "[scenario]") {
    std::string yaml = replaced(minimal(), "mac: \"3c:52:82:00:00:02\"}", "mac: \"3c:52:82:00:00:02\", addressing: manual}");
    expect_error(yaml, "manual", "manual is not allowed (expected one of dhcp, static)");
    yaml = replaced(minimal(), "duration: 9h\n", "duration: 9h\ndifficulty: extreme\n");
    expect_error(yaml, "extreme", "\"difficulty\": extreme is not allowed (expected one of easy, medium, hard)");
    yaml = replaced(minimal(), "ip: 198.51.100.201}", "ip: 198.51.100.201, record_type: SRV}");
    expect_error(yaml, "SRV", "\"attack[0].c2.record_type\": SRV is not allowed (expected one of A, AAAA, TXT");
    yaml = replaced(minimal(), "interval: 1024s}", "interval: 1024s, roles: [workstation, desktop]}");
    expect_error(yaml, "desktop", "\"benign.periodic[0].roles[1]\": desktop is not a role");
    yaml = replaced(minimal(), "kind: dns_beacon", "kind: dns-beacon");
    expect_error(yaml, "dns-beacon", "did you mean 'dns_beacon'?");
}

// ---- scoring ----------------------------------------------------------------------------------

TEST_CASE("a negative scoring weight", "[scenario]") {
    std::string yaml = replaced(minimal(), "scoring: {pass_mark: 60}", "scoring: {pass_mark: 60, wrong_isolation_penalty: -10}");
    expect_error(yaml, "-10}", "\"scoring.wrong_isolation_penalty\": -10 is negative");
    yaml = replaced(minimal(), "scoring: {pass_mark: 60}", "scoring: {pass_mark: 120}");
    expect_error(yaml, "120", "\"scoring.pass_mark\": 120 is out of range (expected a number from 0 to 100)");
    yaml = replaced(minimal(), "scoring: {pass_mark: 60}", "scoring: {full_credit_within: 2h, min_credit_after: 1h}");
    expect_error(yaml, "1h}", "comes before full_credit_within");
}

// ---- absurd sizes -----------------------------------------------------------------------------

TEST_CASE("more than 5000 hosts is refused", "[scenario]") {
    std::string many = "hosts:\n";
    for (int i = 0; i < 5001; ++i) many += "  - {hostname: h" + std::to_string(i) + ", role: workstation}\n";
    const std::string yaml = replaced(minimal(), "hosts:\n", many + "old_hosts:\n");
    const std::string msg = expect_error(yaml, "- {hostname: h0,", "5001 entries is more than 5000");
    CHECK(msg.find("\"hosts\"") == 0);
}

TEST_CASE("a scenario longer than 31 days is refused", "[scenario]") {
    std::string yaml = replaced(minimal(), "duration: 9h", "duration: 32d");
    expect_error(yaml, "32d", "\"duration\": 32d is longer than 31 days");
    yaml = replaced(minimal(), "duration: 9h", "duration: 31d");
    CHECK(load_text(yaml, "t.yaml").ok());
}

TEST_CASE("absurd lookup rates are refused", "[scenario]") {
    const std::string yaml = replaced(minimal(), "lookups_per_hour: 40", "lookups_per_hour: 20000");
    const std::string msg = expect_error(yaml, "20000", "\"benign.lookups_per_hour\": 20000 is out of range");
    CHECK(msg.find("flood the logs") != std::string::npos);
}

// ---- many errors at once ----------------------------------------------------------------------

TEST_CASE("every error is reported, in file order", "[scenario]") {
    std::string yaml = replaced(minimal(), "duration: 9h", "duration: soon");
    yaml = replaced(yaml, "ip: 10.20.0.10", "ip: 10.20.0.300");
    yaml = replaced(yaml, "owner: tanaka", "owner: nobody");
    yaml = replaced(yaml, "jitter: 3s", "jitter: 3 seconds");
    const auto r = load_text(yaml, "many.yaml");
    INFO(all_messages(r));
    REQUIRE(r.errors.size() == 4);
    CHECK(r.errors[0].line == pos_of(yaml, "soon").line);
    CHECK(r.errors[1].line == pos_of(yaml, "10.20.0.300").line);
    CHECK(r.errors[2].line == pos_of(yaml, "nobody").line);
    CHECK(r.errors[3].line == pos_of(yaml, "3 seconds").line);
    CHECK(r.errors[3].to_string().rfind("many.yaml:" + std::to_string(pos_of(yaml, "3 seconds").line) + ":", 0) == 0);
}

TEST_CASE("checkpoints and the end quiz name questions of the scenario's bank", "[scenario][checkpoints]") {
    const std::string dir = std::string(SOCSIM_SOURCE_DIR) + "/scenarios/";
    std::ifstream in(dir + "dns-beaconing.yaml");
    std::stringstream text;
    text << in.rdbuf();
    const std::string good = text.str();
    const auto shipped = socsim::scenario::load_text(good, dir + "dns-beaconing.yaml");
    REQUIRE(shipped.ok());
    REQUIRE(shipped.value->checkpoints.size() == 2);
    CHECK(shipped.value->checkpoints[0].trigger == "start");
    CHECK(shipped.value->checkpoints[1].trigger == "first_isolation");
    CHECK(shipped.value->quiz_questions.size() >= 6);

    auto with = [&](const std::string& from, const std::string& to) {
        std::string s = good;
        const auto at = s.find(from);
        REQUIRE(at != std::string::npos);
        s.replace(at, from.size(), to);
        return socsim::scenario::load_text(s, dir + "dns-beaconing.yaml");
    };
    SECTION("an unknown question id, with a suggestion") {
        const auto r = with("[response-isolate-first,", "[response-isolate-frist,");
        REQUIRE(r.errors.size() == 1);
        CHECK(r.errors[0].message.find("'response-isolate-frist' is not in") != std::string::npos);
        CHECK(r.errors[0].message.find("did you mean 'response-isolate-first'") != std::string::npos);
        CHECK(r.errors[0].line > 0);
    }
    SECTION("an unknown trigger") {
        const auto r = with("on: first_isolation", "on: first_isolaton");
        REQUIRE(r.errors.size() == 1);
        CHECK(r.errors[0].message.find("did you mean 'first_isolation'") != std::string::npos);
    }
    SECTION("a question asked twice") {
        const auto r = with("  - soc-monitored-assets\n", "  - soc-monitored-assets\n  - response-check-spread\n");
        REQUIRE(r.errors.size() == 1);
        CHECK(r.errors[0].message.find("asked twice") != std::string::npos);
    }
    SECTION("questions without a bank") {
        const auto r = with("quiz: ../quizzes/soc-basics.yaml\n", "");
        REQUIRE_FALSE(r.errors.empty());
        CHECK(r.errors[0].message.find("no quiz bank is given") != std::string::npos);
    }
    SECTION("a bank that does not exist") {
        const auto r = with("quiz: ../quizzes/soc-basics.yaml", "quiz: ../quizzes/nope.yaml");
        REQUIRE(r.errors.size() == 1);
        CHECK(r.errors[0].message.find("does not load") != std::string::npos);
    }
}

// The scenario language's newer parts (includes, subnets, hosts' services and inventory, jobs,
// the attack library, variants): every validation message, at its file:line:col.
//
// Each test writes files into a temporary scenario folder: usually a small company
// (company.yaml, kCompany below) and a scenario that includes it (kHead plus the part under
// test). The expected position is computed from the text of the file the error belongs to, so
// an error in an included file is looked for in that file, with that file's name.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "core/scenario/loader.h"
#include "scenario_test_support.h"

using namespace socsim;
using namespace socsim::scenario;
using socsim::test::all_messages;
using socsim::test::pos_of;
using socsim::test::Pos;
namespace fs = std::filesystem;

namespace {

// Two LANs, a file server and an SFTP server open to the Internet, two desks.
const std::string kCompany = R"(network:
  domain: corp.example
  subnets:
    - {name: office,  cidr: 10.20.0.0/24,  gateway: 10.20.0.1,  dhcp_pool: "10.20.0.100-10.20.0.199"}
    - {name: servers, cidr: 10.20.10.0/24, gateway: 10.20.10.1}
  public_ip: 198.51.100.250
  dhcp: {server: dc01}
  dns_server: dc01
  auth_server: dc01
  firewall: fw01
users:
  - {name: tanaka, ja: 田中 優子, en: Yuko Tanaka}
  - {name: kondo,  ja: 近藤 勇気, en: Yuki Kondo, admin: true}
hosts:
  - {hostname: fw01,   role: firewall,          mac: "00:09:0f:00:00:01", ip: 10.20.0.1}
  - {hostname: dc01,   role: domain_controller, mac: "d0:94:66:00:00:01", ip: 10.20.10.10}
  - {hostname: fs01,   role: server,            mac: "d0:94:66:00:00:02", ip: 10.20.10.11, services: [smb, ssh]}
  - {hostname: sftp01, role: server,            mac: "d0:94:66:00:00:03", ip: 10.20.10.30, services: [ssh], exposed: true}
  - {hostname: ws-01,  role: workstation, owner: tanaka, mac: "3c:52:82:00:00:01"}
  - {hostname: lt-01,  role: laptop,      owner: kondo,  mac: "8c:16:45:00:00:01"}
benign:
  lookups_per_hour: 40
)";

const std::string kHead = R"(id: lang
title: {ja: 言語, en: Language}
briefing: {ja: 言語の確認, en: Checking the language}
start: "2026-03-02T08:00:00+09:00"
duration: 9h
)";

// The scenario head, the company included, then `rest` (attack: ... and anything else).
std::string company_scenario(const std::string& rest) { return kHead + "include: company.yaml\n" + rest; }

// `text` with the first `from` replaced by `to`; the test fails if `from` is not there.
std::string replace_first(std::string text, std::string_view from, std::string_view to) {
    const auto at = text.find(from);
    INFO("looking for: " << from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return text;
}

// A scenario whose only attack step is `step` (written at two spaces, starting "- id:").
std::string with_steps(const std::string& steps) { return company_scenario("attack:\n" + steps); }

// A scenario folder in the temporary directory, removed when the test ends.
class Folder {
public:
    Folder() {
        static int count = 0;
        root_ = fs::temp_directory_path() /
                ("socsim-language-" + std::to_string(::getpid()) + "-" + std::to_string(++count));
        fs::remove_all(root_);
        fs::create_directories(root_);
    }
    ~Folder() {
        std::error_code ec;
        fs::remove_all(root_, ec);
    }
    fs::path write(const std::string& name, const std::string& text) {
        const fs::path path = root_ / name;
        fs::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }
    const fs::path& root() const { return root_; }

private:
    fs::path root_;
};

bool same_file(const std::string& a, const fs::path& b) {
    std::error_code ec;
    return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

// Loads `top`, expects it to fail, and expects a diagnostic containing `message_part` in
// `file` at the nth occurrence of `needle` in `text` (that file's content). Returns the message.
std::string expect_error_in(const fs::path& top, const fs::path& file, const std::string& text, std::string_view needle,
                            std::string_view message_part, int nth = 1) {
    const auto r = load_file(top);
    INFO(all_messages(r));
    REQUIRE_FALSE(r.ok());
    const Pos want = pos_of(text, needle, nth);
    for (const auto& d : r.errors) {
        if (d.message.find(message_part) == std::string::npos) continue;
        INFO("diagnostic: " << d.to_string());
        CHECK(same_file(d.file, file));
        CHECK(d.line == want.line);
        CHECK(d.column == want.column);
        return d.message;
    }
    FAIL("no diagnostic contains: " << message_part);
    return {};
}

// The common case: `text` is the scenario, next to the small company, and the error is in it.
std::string expect_error(const std::string& text, std::string_view needle, std::string_view message_part, int nth = 1) {
    Folder f;
    f.write("company.yaml", kCompany);
    const fs::path top = f.write("scenario.yaml", text);
    return expect_error_in(top, top, text, needle, message_part, nth);
}

Loaded<Scenario> load_beside_company(const std::string& text) {
    Folder f;
    f.write("company.yaml", kCompany);
    return load_file(f.write("scenario.yaml", text));
}

const std::string kBeacon = R"(  - id: beacon
    kind: dns_beacon
    host: ws-01
    start: 1h
    technique: T1071.004
    c2: {domain: c2.example.net, ip: 198.51.100.201}
)";

}  // namespace

// ---- the base files load -----------------------------------------------------------------

TEST_CASE("language: the small company and a step on it load", "[scenario][language]") {
    const auto r = load_beside_company(with_steps(kBeacon));
    INFO(all_messages(r));
    REQUIRE(r.ok());
    CHECK(r.value->includes.size() == 1);
    CHECK(r.value->network.subnets.size() == 2);
    CHECK(r.value->attack.size() == 1);
}

// ---- include -----------------------------------------------------------------------------

TEST_CASE("language: two files that include each other", "[scenario][language][include]") {
    Folder f;
    f.write("company.yaml", kCompany);
    const std::string a = "include: b.yaml\n";
    const std::string b = "users:\n  - {name: sato, ja: 佐藤, en: Sato}\ninclude: a.yaml\n";
    f.write("a.yaml", a);
    const fs::path bp = f.write("b.yaml", b);
    const std::string top = kHead + "include: [company.yaml, a.yaml]\nattack: []\n";
    const fs::path tp = f.write("scenario.yaml", top);
    const auto msg = expect_error_in(tp, bp, b, "a.yaml", "is already being read");
    CHECK_THAT(msg, Catch::Matchers::Contains("scenario.yaml -> a.yaml -> b.yaml -> a.yaml"));
    CHECK_THAT(msg, Catch::Matchers::Contains("files cannot include each other in a cycle"));
}

TEST_CASE("language: a file that includes itself", "[scenario][language][include]") {
    Folder f;
    f.write("company.yaml", kCompany);
    const std::string self = "include: self.yaml\n";
    const fs::path sp = f.write("self.yaml", self);
    const fs::path tp = f.write("scenario.yaml", kHead + "include: [company.yaml, self.yaml]\nattack: []\n");
    const auto msg = expect_error_in(tp, sp, self, "self.yaml", "is already being read");
    CHECK_THAT(msg, Catch::Matchers::Contains("self.yaml -> self.yaml"));
}

TEST_CASE("language: a file included twice is read once", "[scenario][language][include]") {
    const std::string text = kHead + "include: [company.yaml, company.yaml]\nattack: []\n";
    const auto msg = expect_error(text, "company.yaml", "is already included", 2);
    CHECK_THAT(msg, Catch::Matchers::Contains("a file is read once"));
    const auto r = load_beside_company(text);
    CHECK(r.errors.size() == 1);  // not one more for every host and user of the company
}

TEST_CASE("language: an include outside the scenario's folder", "[scenario][language][include]") {
    Folder f;
    f.write("company.yaml", kCompany);
    f.write("outside.yaml", "users: []\n");
    const std::string text = kHead + "include: [company.yaml, ../outside.yaml]\nattack: []\n";
    const fs::path tp = f.write("inner/scenario.yaml", text);
    f.write("inner/company.yaml", kCompany);
    const auto msg = expect_error_in(tp, tp, text, "../outside.yaml", "is outside the scenario's folder");
    CHECK_THAT(msg, Catch::Matchers::Contains("expected a file in that folder or below it"));
}

TEST_CASE("language: an include by absolute path", "[scenario][language][include]") {
    Folder f;
    const fs::path company = f.write("company.yaml", kCompany);
    const std::string text = kHead + "include: " + company.string() + "\nattack: []\n";
    const fs::path tp = f.write("scenario.yaml", text);
    const auto msg = expect_error_in(tp, tp, text, company.string(), "is an absolute path");
    CHECK_THAT(msg, Catch::Matchers::Contains("expected a path relative to this file"));
}

TEST_CASE("language: an include that does not exist", "[scenario][language][include]") {
    const auto msg = expect_error(kHead + "include: [company.yaml, compnay-extra.yaml]\nattack: []\n",
                                  "compnay-extra.yaml", "cannot read");
    CHECK_THAT(msg, Catch::Matchers::Contains("compnay-extra.yaml: no such file"));
}

TEST_CASE("language: a missing include named relative to a relative scenario path", "[scenario][language][include]") {
    // It used to be reported as outside the scenario's folder.
    Folder f;
    f.write("scenario.yaml", kHead + "include: nowhere.yaml\nattack: []\n");
    const fs::path here = fs::current_path();
    fs::current_path(f.root());
    const auto r = load_file("scenario.yaml");
    fs::current_path(here);
    INFO(all_messages(r));
    const std::string all = all_messages(r);
    CHECK_THAT(all, Catch::Matchers::Contains("\"include\": cannot read nowhere.yaml: no such file"));
    CHECK_THAT(all, !Catch::Matchers::Contains("outside the scenario's folder"));
}

TEST_CASE("language: includes nest at most 8 deep", "[scenario][language][include]") {
    Folder f;
    f.write("company.yaml", kCompany);
    for (int i = 1; i <= 9; ++i) f.write("d" + std::to_string(i) + ".yaml", "include: d" + std::to_string(i + 1) + ".yaml\n");
    f.write("d10.yaml", "users: []\n");
    const fs::path tp = f.write("scenario.yaml", kHead + "include: [company.yaml, d1.yaml]\nattack: []\n");
    const std::string d8 = "include: d9.yaml\n";
    expect_error_in(tp, f.root() / "d8.yaml", d8, "d9.yaml", "includes nest more than 8 deep");
}

TEST_CASE("language: an included file holding the incident", "[scenario][language][include]") {
    Folder f;
    f.write("company.yaml", kCompany);
    const std::string part = "users: []\nattack: []\n";
    const fs::path pp = f.write("part.yaml", part);
    const fs::path tp = f.write("scenario.yaml", kHead + "include: [company.yaml, part.yaml]\nattack: []\n");
    const auto msg = expect_error_in(tp, pp, part, "attack", "an included file takes no attack");
    CHECK_THAT(msg, Catch::Matchers::Contains("only the scenario file holds it"));
    CHECK_THAT(msg, Catch::Matchers::Contains("allowed here: include, network, users, hosts, benign"));
}

TEST_CASE("language: network given in two files", "[scenario][language][include]") {
    const std::string text = company_scenario("network:\n  subnet: 10.30.0.0/24\nattack: []\n");
    const auto msg = expect_error(text, "network:", "\"network\": is given again");
    const int first = pos_of(kCompany, "network:").line;
    CHECK_THAT(msg, Catch::Matchers::Contains("company.yaml:" + std::to_string(first) + ")"));
    CHECK_THAT(msg, Catch::Matchers::Contains("the network is described in one file"));
}

TEST_CASE("language: a benign figure given in two files", "[scenario][language][include]") {
    const std::string text = company_scenario("benign:\n  lookups_per_hour: 25\nattack: []\n");
    const auto msg = expect_error(text, "lookups_per_hour", "\"benign.lookups_per_hour\": is given again");
    const int first = pos_of(kCompany, "lookups_per_hour").line;
    CHECK_THAT(msg, Catch::Matchers::Contains("company.yaml:" + std::to_string(first) + "); say it in one file"));
}

TEST_CASE("language: an error inside an included file names that file and line", "[scenario][language][include]") {
    Folder f;
    const std::string company = std::string(kCompany).replace(kCompany.find("ip: 10.20.10.11"), 15, "ip: 10.20.10.311");
    const fs::path cp = f.write("company.yaml", company);
    const fs::path tp = f.write("scenario.yaml", with_steps(kBeacon));
    const auto msg = expect_error_in(tp, cp, company, "10.20.10.311", "\"hosts[2].ip\": 10.20.10.311 is not an IPv4 address");
    CHECK_THAT(msg, Catch::Matchers::Contains("expected like 10.20.0.15"));
}

TEST_CASE("language: a host declared in the company and again in the scenario", "[scenario][language][include]") {
    const std::string text =
        company_scenario("hosts:\n  - {hostname: fs01, role: server, mac: \"d0:94:66:00:00:99\", ip: 10.20.10.99}\nattack: []\n");
    const auto msg = expect_error(text, "fs01", "fs01 is declared twice");
    const int first = pos_of(kCompany, "{hostname: fs01").line;
    CHECK_THAT(msg, Catch::Matchers::Contains("first at "));
    CHECK_THAT(msg, Catch::Matchers::Contains("company.yaml:" + std::to_string(first) + "); hostnames must be unique"));
}

// ---- network -----------------------------------------------------------------------------

namespace {

// A self-contained scenario with its own network (no company included).
std::string own_network(const std::string& network, const std::string& hosts = "") {
    return kHead +
           "network:\n" + network +
           "  public_ip: 198.51.100.250\n  dhcp: {server: dc01}\n  dns_server: dc01\n  auth_server: dc01\n  firewall: fw01\n"
           "hosts:\n"
           "  - {hostname: fw01, role: firewall, mac: \"00:09:0f:00:00:01\", ip: 10.20.0.1}\n"
           "  - {hostname: dc01, role: domain_controller, mac: \"d0:94:66:00:00:01\", ip: 10.20.10.10}\n" +
           hosts + "attack: []\n";
}

const std::string kTwoLans =
    "  subnets:\n"
    "    - {name: office, cidr: 10.20.0.0/24, gateway: 10.20.0.1, dhcp_pool: \"10.20.0.100-10.20.0.199\"}\n"
    "    - {name: servers, cidr: 10.20.10.0/24, gateway: 10.20.10.1}\n";

}  // namespace

TEST_CASE("language: the own-network base loads", "[scenario][language][network]") {
    const auto r = load_text(own_network(kTwoLans), "own.yaml");
    INFO(all_messages(r));
    CHECK(r.ok());
}

TEST_CASE("language: subnet and subnets together", "[scenario][language][network]") {
    const std::string text = own_network("  subnet: 10.20.0.0/24\n" + kTwoLans);
    const auto msg = expect_error(text, "subnets:", "\"network.subnets\": give either subnet (one LAN) or subnets");
    CHECK_THAT(msg, Catch::Matchers::Contains("not both"));
}

TEST_CASE("language: overlapping subnets", "[scenario][language][network]") {
    const std::string text = own_network(kTwoLans + "    - {name: lab, cidr: 10.20.0.0/16, gateway: 10.20.99.1}\n");
    const auto msg = expect_error(text, "10.20.0.0/16", "\"network.subnets[2].cidr\": 10.20.0.0/16 overlaps subnet office");
    CHECK_THAT(msg, Catch::Matchers::Contains("expected separate address ranges"));
}

TEST_CASE("language: a gateway outside its subnet", "[scenario][language][network]") {
    const std::string text = own_network(kTwoLans + "    - {name: guest, cidr: 10.20.50.0/24, gateway: 10.20.51.1}\n");
    expect_error(text, "10.20.51.1", "\"network.subnets[2].gateway\": 10.20.51.1 is outside the subnet 10.20.50.0/24");
}

TEST_CASE("language: a host in a subnet that does not exist", "[scenario][language][network]") {
    const std::string text =
        own_network(kTwoLans, "  - {hostname: ws-01, role: workstation, mac: \"3c:52:82:00:00:01\", subnet: ofice}\n");
    const auto msg = expect_error(text, "ofice", "\"hosts[2].subnet\": ofice is not one of the subnets");
    CHECK_THAT(msg, Catch::Matchers::Contains("expected one of office, servers"));
    CHECK_THAT(msg, Catch::Matchers::Contains("did you mean 'office'?"));
}

TEST_CASE("language: a static address in one subnet, subnet naming another", "[scenario][language][network]") {
    const std::string text = own_network(
        kTwoLans, "  - {hostname: fs01, role: server, mac: \"d0:94:66:00:00:02\", ip: 10.20.10.11, subnet: office}\n");
    expect_error(text, "office}", "\"hosts[2].subnet\": fs01's address 10.20.10.11 is in subnet servers, not office");
}

TEST_CASE("language: DHCP hosts in a subnet without a pool", "[scenario][language][network]") {
    const std::string text =
        own_network(kTwoLans, "  - {hostname: ws-01, role: workstation, mac: \"3c:52:82:00:00:01\", subnet: servers}\n");
    expect_error(text, "10.20.10.0/24",
                 "\"network.subnets[1].cidr\": 1 host gets its address by DHCP in subnet servers, which has no pool "
                 "(add dhcp_pool)");
}

TEST_CASE("language: a rogue device with a static address", "[scenario][language][hosts]") {
    const std::string text = company_scenario(
        "hosts:\n  - {hostname: pi, role: iot, mac: \"b8:27:eb:00:00:01\", ip: 10.20.0.50, inventory: false}\nattack: []\n");
    expect_error(text, "{hostname: pi", "\"hosts[0]\": a rogue device (inventory: false) gets its address from DHCP");
}

TEST_CASE("language: joins on a host in the inventory", "[scenario][language][hosts]") {
    const std::string text =
        company_scenario("hosts:\n  - {hostname: ws-02, role: workstation, mac: \"3c:52:82:00:00:02\", joins: 2h}\nattack: []\n");
    const auto msg = expect_error(text, "joins", "\"hosts[0].joins\": only a device outside the inventory joins later");
    CHECK_THAT(msg, Catch::Matchers::Contains("write inventory: false, or remove joins"));
}

TEST_CASE("language: a service that does not exist", "[scenario][language][hosts]") {
    const std::string text = company_scenario(
        "hosts:\n  - {hostname: nas01, role: server, mac: \"d0:94:66:00:00:09\", ip: 10.20.10.40, services: [smb, sshd]}\n"
        "attack: []\n");
    const auto msg = expect_error(text, "sshd", "\"hosts[0].services[1]\": sshd is not a service");
    CHECK_THAT(msg, Catch::Matchers::Contains("expected one of ssh, rdp, smb, http, https, winrm"));
    CHECK_THAT(msg, Catch::Matchers::Contains("did you mean 'ssh'?"));
}

TEST_CASE("language: a blocked category that is not a word", "[scenario][language][network]") {
    const std::string text = own_network(kTwoLans + "  blocked_categories: [gambling, Adult Content]\n");
    expect_error(text, "Adult Content", "\"network.blocked_categories[1]\": Adult Content is not a web category");
}

// ---- benign: periodic and jobs --------------------------------------------------------------

TEST_CASE("language: a periodic service's sent is one size, not a range", "[scenario][language][benign]") {
    const std::string text = company_scenario(
        "benign:\n  periodic:\n    - {name: edr, domain: hb.edr.example, ip: 203.0.113.1, interval: 10m, sent: \"500-900\"}\n"
        "attack: []\n");
    expect_error(text, "\"500-900\"", "\"benign.periodic[0].sent\": 500-900 is not a size in bytes");
}

TEST_CASE("language: a job key that its kind does not take", "[scenario][language][jobs]") {
    const std::string text = company_scenario(
        "benign:\n  jobs:\n    - {name: nightly, kind: backup, host: fs01, at: \"02:00\", domain: b.example.com, "
        "ip: 198.51.100.9, data: 1GB, ports: [22]}\nattack: []\n");
    const auto msg = expect_error(text, "ports", "\"benign.jobs[0].ports\": a backup job has no ports");
    CHECK_THAT(msg, Catch::Matchers::Contains("its own keys: domain, ip, data, duration"));
}

TEST_CASE("language: a job's host, user or server that does not exist", "[scenario][language][jobs]") {
    const std::string jobs =
        "benign:\n  jobs:\n"
        "    - {name: checks, kind: admin_ssh, host: lt-02, at: \"09:00\", user: kondou, servers: [fs01, fs02]}\n"
        "attack: []\n";
    const std::string text = company_scenario(jobs);
    SECTION("host") {
        const auto msg = expect_error(text, "lt-02", "\"benign.jobs[0].host\": lt-02 is not one of the hosts");
        CHECK_THAT(msg, Catch::Matchers::Contains("did you mean 'lt-01'?"));
    }
    SECTION("user") {
        const auto msg = expect_error(text, "kondou", "\"benign.jobs[0].user\": kondou is not one of the users");
        CHECK_THAT(msg, Catch::Matchers::Contains("did you mean 'kondo'?"));
    }
    SECTION("server, at the item") {
        const auto msg = expect_error(text, "fs02", "\"benign.jobs[0].servers[1]\": fs02 is not one of the hosts");
        CHECK_THAT(msg, Catch::Matchers::Contains("did you mean 'fs01'?"));
    }
}

TEST_CASE("language: a scan job's target that is neither subnet nor host", "[scenario][language][jobs]") {
    const std::string text = company_scenario(
        "benign:\n  jobs:\n    - {name: scan, kind: vulnerability_scan, host: fs01, at: \"10:00\", targets: [servers, "
        "offfice], ports: [22]}\nattack: []\n");
    const auto msg = expect_error(text, "offfice", "\"benign.jobs[0].targets[1]\": offfice is neither a subnet nor a host");
    CHECK_THAT(msg, Catch::Matchers::Contains("did you mean 'office'?"));
}

TEST_CASE("language: admin_ssh to a server without ssh", "[scenario][language][jobs]") {
    const std::string text = company_scenario(
        "benign:\n  jobs:\n    - {name: checks, kind: admin_ssh, host: lt-01, at: \"09:00\", user: kondo, servers: [fs01, "
        "dc01]}\nattack: []\n");
    expect_error(text, "dc01]", "\"benign.jobs[0].servers[1]\": dc01 offers no ssh (add services: [ssh] to it)");
}

TEST_CASE("language: admin_ssh by somebody who is not IT staff", "[scenario][language][jobs]") {
    const std::string text = company_scenario(
        "benign:\n  jobs:\n    - {name: checks, kind: admin_ssh, host: lt-01, at: \"09:00\", user: tanaka, servers: [fs01]}\n"
        "attack: []\n");
    expect_error(text, "tanaka, servers", "\"benign.jobs[0].user\": tanaka is not an administrator");
}

// ---- attack: common keys ---------------------------------------------------------------------

TEST_CASE("language: a key of another kind in a step, with the keys allowed", "[scenario][language][attack]") {
    const std::string text = with_steps(kBeacon + "    dga: {burst: 3}\n");
    const auto msg = expect_error(text, "dga:", "\"attack[0].dga\": a dns_beacon step takes no dga");
    CHECK_THAT(msg, Catch::Matchers::Contains(
                        "(allowed here: id, kind, host, start, stop, after, only_if, technique, summary, lure, c2, interval, jitter)"));
}

TEST_CASE("language: an unknown key in a step names the kind", "[scenario][language][attack]") {
    const std::string text = with_steps(kBeacon + "    intervall: 60s\n");
    const auto msg = expect_error(text, "intervall", "\"attack[0].intervall\": unknown key for a dns_beacon step");
    CHECK_THAT(msg, Catch::Matchers::Contains("did you mean 'interval'?"));
}

TEST_CASE("language: an attack kind that does not exist", "[scenario][language][attack]") {
    const std::string text = with_steps("  - id: b\n    kind: dns_becon\n    host: ws-01\n    start: 1h\n");
    const auto msg = expect_error(text, "dns_becon", "\"attack[0].kind\": dns_becon is not an attack kind");
    CHECK_THAT(msg, Catch::Matchers::Contains("did you mean 'dns_beacon'?"));
    CHECK_THAT(msg, Catch::Matchers::Contains("expected one of dns_beacon, https_beacon, dga"));
}

TEST_CASE("language: host together with source_ip", "[scenario][language][attack]") {
    const std::string text = with_steps(
        "  - id: guess\n    kind: ssh_brute_force\n    host: ws-01\n    source_ip: 203.0.113.9\n    target: sftp01\n"
        "    start: 1h\n    technique: T1110.001\n");
    const auto msg = expect_error(text, "host:", "\"attack[0].host\": a step from outside (source_ip) has no host of ours");
    CHECK_THAT(msg, Catch::Matchers::Contains("remove host, or source_ip for an attack from inside"));
}

TEST_CASE("language: after naming an unknown step or a later one", "[scenario][language][attack]") {
    const std::string later = "  - id: first\n    kind: port_scan\n    host: ws-01\n    after: second\n    start: 1h\n"
                              "    technique: T1046\n    targets: [servers]\n"
                              "  - id: second\n    kind: port_scan\n    host: ws-01\n    after: beacn\n    start: 2h\n"
                              "    technique: T1046\n    targets: [servers]\n";
    const std::string text = with_steps(kBeacon + later);
    SECTION("unknown") {
        const auto msg = expect_error(text, "beacn", "\"attack[2].after\": beacn is not a step of this attack");
        CHECK_THAT(msg, Catch::Matchers::Contains("did you mean 'beacon'?"));
    }
    SECTION("later") {
        expect_error(text, "second\n", "\"attack[1].after\": second is this step or a later one; a step can only follow "
                                       "one written before it");
    }
}

TEST_CASE("language: two conditions in one only_if item", "[scenario][language][attack]") {
    const std::string text = with_steps(kBeacon + "    only_if: [{not_isolated: ws-01, not_disabled: tanaka}]\n");
    expect_error(text, "{not_isolated", "\"attack[0].only_if[0]\": holds 2 conditions (expected one per item, like - "
                                        "not_isolated: ws-17)");
}

TEST_CASE("language: an unknown condition is reported once", "[scenario][language][attack]") {
    const std::string text = with_steps(kBeacon + "    only_if: [not_isolatd: ws-01]\n");
    const auto msg = expect_error(text, "not_isolatd", "\"attack[0].only_if[0].not_isolatd\": unknown key");
    CHECK_THAT(msg, Catch::Matchers::Contains("did you mean 'not_isolated'?"));
    const auto r = load_beside_company(text);
    CHECK(r.errors.size() == 1);  // not again as a missing required key
}

TEST_CASE("language: happened naming a later step", "[scenario][language][attack]") {
    const std::string text = with_steps(
        "  - id: scan\n    kind: port_scan\n    host: ws-01\n    start: 1h\n    technique: T1046\n    targets: [servers]\n"
        "    only_if: [happened: beacon]\n" + kBeacon);
    expect_error(text, "beacon]", "\"attack[0].only_if[0].happened\": beacon is this step or a later one");
}

TEST_CASE("language: stop before start, and after the end", "[scenario][language][attack]") {
    SECTION("before start") {
        const auto msg = expect_error(with_steps(kBeacon + "    stop: 30m\n"), "30m",
                                      "\"attack[0].stop\": 30m 00s is not after start 1h 00m");
        CHECK_THAT(msg, Catch::Matchers::Contains("expected a stop later than the start, or no stop"));
    }
    SECTION("after the end") {
        expect_error(with_steps(kBeacon + "    stop: 10h\n"), "10h", "\"attack[0].stop\": 10h is after the scenario ends (9h 00m)");
    }
}

// ---- attack: password guessing and lateral movement --------------------------------------

namespace {
const std::string kGuessHead = "  - id: guess\n    kind: ssh_brute_force\n    start: 1h\n    technique: T1110.001\n";
}  // namespace

TEST_CASE("language: a brute force on a host without the service", "[scenario][language][attack]") {
    const std::string text = with_steps(
        "  - id: guess\n    kind: rdp_brute_force\n    host: ws-01\n    target: fs01\n    start: 1h\n    technique: T1110.001\n");
    expect_error(text, "fs01", "\"attack[0].target\": fs01 offers no rdp (add it to the host's services, like services: [rdp])");
}

TEST_CASE("language: a brute force from outside on a host not exposed", "[scenario][language][attack]") {
    const std::string text = with_steps(kGuessHead + "    source_ip: 203.0.113.9\n    target: fs01\n");
    const auto msg = expect_error(text, "fs01", "\"attack[0].target\": fs01 cannot be reached from the Internet");
    CHECK_THAT(msg, Catch::Matchers::Contains("needs a host with exposed: true"));
}

TEST_CASE("language: a lateral movement to its own host", "[scenario][language][attack]") {
    const std::string text = with_steps(
        kBeacon + "  - id: move\n    kind: lateral_movement\n    host: ws-01\n    after: beacon\n    start: 5m\n"
                  "    technique: T1021.002\n    target: ws-01\n    user: tanaka\n");
    expect_error(text, "ws-01\n    user", "\"attack[1].target\": moves from ws-01 to itself (expected another host)");
}

TEST_CASE("language: a lateral movement over a service the target lacks", "[scenario][language][attack]") {
    const std::string text = with_steps(
        kBeacon + "  - id: move\n    kind: lateral_movement\n    host: ws-01\n    after: beacon\n    start: 5m\n"
                  "    technique: T1021.001\n    target: fs01\n    user: tanaka\n    service: rdp\n");
    expect_error(text, "fs01", "\"attack[1].target\": fs01 offers no rdp");
}

TEST_CASE("language: success.user not among the users tried", "[scenario][language][attack]") {
    const std::string text = with_steps(kGuessHead + "    source_ip: 203.0.113.9\n    target: sftp01\n"
                                                     "    users: [root, admin]\n    success: {user: tanaka, after: 2}\n");
    expect_error(text, "tanaka", "\"attack[0].success.user\": tanaka is not one of the users this step tries (expected one "
                                 "of root, admin)");
}

TEST_CASE("language: success.user that is no account of the company", "[scenario][language][attack]") {
    const std::string text = with_steps(kGuessHead + "    source_ip: 203.0.113.9\n    target: sftp01\n"
                                                     "    users: [root, deploy]\n    success: {user: deploy, after: 2}\n");
    const auto msg = expect_error(text, "deploy,", "\"attack[0].success.user\": deploy is not an account of the company");
    CHECK_THAT(msg, Catch::Matchers::Contains("expected a name from users:, or root or administrator"));
}

TEST_CASE("language: a spray with no users list cannot guess a built-in account", "[scenario][language][attack]") {
    const std::string text = with_steps(
        "  - id: spray\n    kind: password_spray\n    host: ws-01\n    target: dc01\n    start: 1h\n    technique: T1110.003\n"
        "    success: {user: administrator, after: 1}\n");
    const auto msg = expect_error(text, "administrator", "\"attack[0].success.user\": administrator is never tried");
    CHECK_THAT(msg, Catch::Matchers::Contains("list the accounts to try in users"));
}

TEST_CASE("language: success.after above the passwords tried on that account", "[scenario][language][attack]") {
    SECTION("a brute force going round its list") {
        // 10 attempts over [admin, root, test]: admin 4, root 3, test 3.
        const std::string text = with_steps(kGuessHead + "    source_ip: 203.0.113.9\n    target: sftp01\n"
                                                         "    users: [admin, root, test]\n    attempts: 10\n"
                                                         "    success: {user: root, after: 4}\n");
        expect_error(text, "4}", "\"attack[0].success.after\": 4 is more than the 3 passwords the step tries on root");
        const auto ok = load_beside_company(replace_first(text, "after: 4}", "after: 3}"));
        INFO(all_messages(ok));
        CHECK(ok.ok());
    }
    SECTION("a spray, per account") {
        const std::string text = with_steps(
            "  - id: spray\n    kind: password_spray\n    host: ws-01\n    target: dc01\n    start: 1h\n"
            "    technique: T1110.003\n    attempts: 2\n    success: {user: tanaka, after: 3}\n");
        expect_error(text, "3}", "\"attack[0].success.after\": 3 is more than the 2 passwords the step tries on tanaka");
    }
}

// ---- attack: scans and devices -------------------------------------------------------------

TEST_CASE("language: a port scan from inside without targets", "[scenario][language][attack]") {
    const std::string text = with_steps("  - id: scan\n    kind: port_scan\n    host: ws-01\n    start: 1h\n    technique: T1046\n");
    expect_error(text, "id: scan", "\"attack[0]\": missing required key \"targets\"");
}

TEST_CASE("language: a port scan from outside with targets", "[scenario][language][attack]") {
    const std::string text = with_steps("  - id: scan\n    kind: port_scan\n    source_ip: 203.0.113.9\n    start: 1h\n"
                                        "    technique: T1046\n    targets: [servers]\n");
    const auto msg = expect_error(text, "targets", "\"attack[0].targets\": a scan from outside (source_ip) reaches only the "
                                                   "firewall's public address");
    CHECK_THAT(msg, Catch::Matchers::Contains("remove targets"));
}

TEST_CASE("language: a scan target that is neither subnet nor host", "[scenario][language][attack]") {
    const std::string text = with_steps("  - id: scan\n    kind: port_scan\n    host: ws-01\n    start: 1h\n"
                                        "    technique: T1046\n    targets: [servers, fs-01]\n");
    const auto msg = expect_error(text, "fs-01", "\"attack[0].targets[1]\": fs-01 is neither a subnet nor a host");
    CHECK_THAT(msg, Catch::Matchers::Contains("did you mean 'fs01'?"));
}

TEST_CASE("language: a rogue_device step on a host in the inventory", "[scenario][language][attack]") {
    const std::string text = with_steps("  - id: rogue\n    kind: rogue_device\n    host: ws-01\n    start: 1h\n"
                                        "    technique: T1200\n");
    const auto msg = expect_error(text, "ws-01", "\"attack[0].host\": ws-01 is in the inventory");
    CHECK_THAT(msg, Catch::Matchers::Contains("a rogue device is a host declared with inventory: false"));
}

TEST_CASE("language: a policy violation with no sites", "[scenario][language][attack]") {
    SECTION("none written") {
        const std::string text = with_steps("  - id: bet\n    kind: policy_violation\n    host: ws-01\n    start: 1h\n");
        expect_error(text, "id: bet", "\"attack[0]\": missing required key \"sites\"");
    }
    SECTION("an empty list") {
        const std::string text =
            with_steps("  - id: bet\n    kind: policy_violation\n    host: ws-01\n    start: 1h\n    sites: []\n");
        expect_error(text, "[]", "\"attack[0].sites\": is empty (expected at least one site)");
    }
}

// ---- attack: DGA, tunnel, upload, beacon sizes ---------------------------------------------------

namespace {
std::string dga_step(const std::string& dga) {
    return with_steps("  - id: dga\n    kind: dga\n    host: ws-01\n    start: 1h\n    technique: T1568.002\n"
                      "    c2: {ip: 198.51.100.210}\n    dga: " + dga + "\n");
}
}  // namespace

TEST_CASE("language: dga length out of 3-63, or reversed", "[scenario][language][dga]") {
    SECTION("too short") {
        expect_error(dga_step("{length: \"2-12\"}"), "\"2-12\"",
                     "\"attack[0].dga.length\": 2-12 is not a range of label lengths from 3 to 63");
    }
    SECTION("too long") {
        expect_error(dga_step("{length: \"7-64\"}"), "\"7-64\"",
                     "\"attack[0].dga.length\": 7-64 is not a range of label lengths from 3 to 63");
    }
    SECTION("reversed") {
        expect_error(dga_step("{length: \"21-7\"}"), "\"21-7\"",
                     "\"attack[0].dga.length\": 21-7 starts above where it ends (expected the shorter length first");
    }
}

TEST_CASE("language: dga with no top-level domains", "[scenario][language][dga]") {
    expect_error(dga_step("{tlds: []}"), "[]", "\"attack[0].dga.tlds\": is empty (expected at least one, like [com, net])");
}

TEST_CASE("language: a dga nxdomain_share above 1", "[scenario][language][dga]") {
    expect_error(dga_step("{nxdomain_share: 1.2}"), "1.2",
                 "\"attack[0].dga.nxdomain_share\": 1.2 is out of range (expected a number from 0 to 1)");
}

namespace {
std::string tunnel_step(const std::string& tunnel) {
    return with_steps("  - id: tunnel\n    kind: dns_tunnel\n    host: ws-01\n    start: 1h\n    technique: T1048.003\n"
                      "    c2: {domain: t.example.net, ip: 198.51.100.221}\n    tunnel: " + tunnel + "\n");
}
}  // namespace

TEST_CASE("language: a tunnel label_length above 63 or more than 4 labels", "[scenario][language][tunnel]") {
    SECTION("label_length") {
        expect_error(tunnel_step("{label_length: 64}"), "64",
                     "\"attack[0].tunnel.label_length\": 64 is out of range (expected a whole number from 8 to 63)");
    }
    SECTION("labels") {
        expect_error(tunnel_step("{labels: 5}"), "5}",
                     "\"attack[0].tunnel.labels\": 5 is out of range (expected a whole number from 1 to 4)");
    }
}

TEST_CASE("language: a tunnel record type that does not exist", "[scenario][language][tunnel]") {
    SECTION("unknown") {
        const auto msg = expect_error(tunnel_step("{record_types: [TXT, SRV]}"), "SRV",
                                      "\"attack[0].tunnel.record_types[1]\": SRV is not a record type");
        CHECK_THAT(msg, Catch::Matchers::Contains("expected one of A, AAAA, TXT, CNAME, MX, NULL"));
    }
    SECTION("a bare NULL, which YAML reads as nothing") {
        expect_error(tunnel_step("{record_types: [TXT, NULL]}"), "NULL",
                     "\"attack[0].tunnel.record_types[1]\": YAML reads a bare NULL as no value; write the record type "
                     "\"NULL\" in quotes");
        const auto ok = load_beside_company(tunnel_step("{record_types: [TXT, \"NULL\"]}"));
        INFO(all_messages(ok));
        CHECK(ok.ok());
    }
}

TEST_CASE("language: a tunnel data size that is not a size", "[scenario][language][tunnel]") {
    const auto msg = expect_error(tunnel_step("{data: 5XB}"), "5XB", "\"attack[0].tunnel.data\": 5XB is not a size in bytes");
    CHECK_THAT(msg, Catch::Matchers::Contains("expected like 800KB, 5MB or 2GB"));
}

TEST_CASE("language: a large upload below 1 MB", "[scenario][language][upload]") {
    const std::string text = with_steps("  - id: up\n    kind: large_upload\n    host: ws-01\n    start: 1h\n"
                                        "    technique: T1567.002\n    c2: {ip: 198.51.100.250}\n    data: 900KB\n");
    expect_error(text, "900KB", "\"attack[0].data\": 900KB is out of range (expected from 1 MB to 1024 GB)");
}

TEST_CASE("language: a size range written backwards", "[scenario][language][beacon]") {
    const std::string text = with_steps("  - id: https\n    kind: https_beacon\n    host: ws-01\n    start: 1h\n"
                                        "    technique: T1071.001\n    c2: {domain: h.example.net, ip: 198.51.100.4}\n"
                                        "    sent: \"520-380\"\n");
    expect_error(text, "\"520-380\"", "\"attack[0].sent\": 520-380 starts above where it ends (expected the smaller size "
                                      "first, like \"380-520\")");
}

TEST_CASE("language: a bare NULL as the C2 record type", "[scenario][language][beacon]") {
    const std::string text = with_steps(replace_first(kBeacon, "ip: 198.51.100.201}", "ip: 198.51.100.201, record_type: NULL}"));
    expect_error(text, "record_type", "\"attack[0].c2.record_type\": YAML reads a bare NULL as no value");
}

// ---- variants ------------------------------------------------------------------------------

TEST_CASE("language: c2_words with fewer than 4 words", "[scenario][language][variants]") {
    const std::string text = company_scenario("variants:\n  c2_words: [cloud, relay, sync]\nattack:\n" + kBeacon);
    expect_error(text, "[cloud", "\"variants.c2_words\": 3 words; needs at least 4, so that trainees get different names");
}

TEST_CASE("language: a victim that is a server, or no host at all", "[scenario][language][variants]") {
    const std::string text = company_scenario("variants:\n  victims: [lt-01, fs01, ws-02]\nattack:\n" + kBeacon);
    SECTION("a server") {
        expect_error(text, "fs01", "\"variants.victims[1]\": fs01 is not somebody's desk PC or laptop");
    }
    SECTION("not a host") {
        const auto msg = expect_error(text, "ws-02", "\"variants.victims[2]\": ws-02 is not one of the hosts");
        CHECK_THAT(msg, Catch::Matchers::Contains("did you mean 'ws-01'?"));
    }
}

// The attack library and the shipped scenarios: the statistical signature of each behaviour,
// determinism per scenario, variants, and the world's reactions to the trainee's actions.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>

#include "core/logs/render.h"
#include "core/scenario/loader.h"
#include "core/scenario/variant.h"
#include "core/sim/engine.h"

using namespace socsim;
using logs::Event;
using logs::Source;

namespace {

std::shared_ptr<const scenario::Scenario> shipped(const std::string& name) {
    static std::map<std::string, std::shared_ptr<const scenario::Scenario>> cache;
    if (auto it = cache.find(name); it != cache.end()) return it->second;
    auto loaded = scenario::load_file(std::string(SOCSIM_SOURCE_DIR) + "/scenarios/" + name + ".yaml");
    for (const auto& e : loaded.errors) FAIL(e.to_string());
    REQUIRE(loaded.ok());
    auto s = std::make_shared<const scenario::Scenario>(std::move(*loaded.value));
    cache[name] = s;
    return s;
}

// The records of one attack step, in time order.
std::vector<Event> of_step(const sim::Engine& e, const std::string& step_id, Source source) {
    const int k = e.scenario().step_index(step_id);
    REQUIRE(k >= 0);
    std::vector<Event> out;
    const auto& truth = e.truth();
    for (std::size_t i = 0; i < truth.size(); ++i) {
        const auto& ev = e.logs().at(static_cast<std::uint32_t>(i));
        if (truth[i] == k && ev.source == source) out.push_back(ev);
    }
    return out;
}

Ipv4 ip_of(const sim::Engine& e, const std::string& host) {
    const auto* h = e.scenario().find_host(host);
    REQUIRE(h);
    return h->ip;
}

std::string parent_of(std::string_view name, int labels) {
    std::size_t pos = name.size();
    for (int i = 0; i < labels; ++i) {
        pos = name.rfind('.', pos - 1);
        if (pos == std::string_view::npos) return std::string(name);
    }
    return std::string(name.substr(pos + 1));
}

// Shannon entropy in bits per character.
double entropy(std::string_view s) {
    std::map<char, int> counts;
    for (char c : s) counts[c]++;
    double h = 0;
    for (const auto& [c, n] : counts) {
        const double p = static_cast<double>(n) / static_cast<double>(s.size());
        h -= p * std::log2(p);
    }
    return h;
}

const std::vector<std::string> kShipped = {"dns-beaconing", "dns-beaconing-hard", "dga",        "dns-tunnel",
                                           "ssh-brute-force", "rogue-device",     "phishing-exfiltration",
                                           "quiet-shift"};

}  // namespace

TEST_CASE("every shipped scenario is deterministic per seed and differs between seeds", "[attacks][determinism]") {
    for (const auto& name : kShipped) {
        INFO(name);
        const auto s = shipped(name);
        sim::Engine a(*s, 21), b(*s, 21), c(*s, 22);
        for (auto* e : {&a, &b, &c}) e->advance_to(e->start() + 5 * kHour);
        CHECK(a.logs().size() > 5000);
        CHECK(a.digest() == b.digest());
        CHECK(a.digest() != c.digest());
    }
}

TEST_CASE("every shipped scenario has a bilingual briefing, a difficulty and its techniques", "[attacks][content]") {
    std::set<std::string> kinds;
    for (const auto& name : kShipped) {
        INFO(name);
        const auto s = shipped(name);
        CHECK_FALSE(s->title.ja.empty());
        CHECK_FALSE(s->title.en.empty());
        CHECK(s->briefing.ja.size() > 200);
        CHECK(s->briefing.en.size() > 200);
        CHECK((s->difficulty == "easy" || s->difficulty == "medium" || s->difficulty == "hard"));
        for (const auto& step : s->attack) {
            kinds.insert(scenario::attack_kind_name(step.kind));
            if (step.kind != scenario::AttackKind::PolicyViolation)
                CHECK(std::find(s->techniques.begin(), s->techniques.end(), step.technique) != s->techniques.end());
        }
        CHECK(s->includes.size() == 1);  // one company for every scenario
    }
    // The shipped scenarios use most of the library.
    CHECK(kinds.size() >= 9);
}

TEST_CASE("hard beacon: a new name every time, every 4 minutes give or take 45 seconds", "[attacks][beacon]") {
    const auto s = shipped("dns-beaconing-hard");
    sim::Engine e(*s, 5);
    e.advance_to(e.end());
    const auto& step = e.scenario().attack.front();
    const auto dns = of_step(e, "beacon", Source::Dns);
    std::vector<SimTime> times;
    std::set<std::string> names;
    for (const auto& ev : dns) {
        const std::string q(e.logs().text(ev));
        if (!q.ends_with("." + step.c2_domain)) continue;  // the lure visit
        times.push_back(ev.time);
        names.insert(q);
        CHECK(q.size() == step.c2_domain.size() + 13);  // 12 hex characters and a dot in front
        CHECK(static_cast<logs::DnsType>(ev.kind) == logs::DnsType::TXT);
    }
    REQUIRE(times.size() > 60);
    CHECK(names.size() == times.size());  // no name repeats
    for (std::size_t i = 1; i < times.size(); ++i) {
        CHECK(times[i] - times[i - 1] >= 4 * kMinute - 45 * kSecond);
        CHECK(times[i] - times[i - 1] <= 4 * kMinute + 45 * kSecond);
    }
}

TEST_CASE("DGA: bursts of generated names, nearly all NXDOMAIN, the same names on any host", "[attacks][dga]") {
    const auto s = shipped("dga");
    sim::Engine e(*s, 3);
    e.advance_to(e.end());
    const auto& step = e.scenario().attack.front();
    int nx = 0, answered = 0;
    std::vector<SimTime> burst_starts;
    SimTime last = 0;
    for (const auto& ev : of_step(e, "dga", Source::Dns)) {
        const std::string q(e.logs().text(ev));
        if (q == step.lure_domain) continue;
        const auto dot = q.rfind('.');
        REQUIRE(dot != std::string::npos);
        const auto label = q.substr(0, dot);
        CHECK(label.size() >= 12);
        CHECK(label.size() <= 20);
        CHECK(std::all_of(label.begin(), label.end(), [](char c) { return c >= 'a' && c <= 'z'; }));
        CHECK(std::find(step.tlds.begin(), step.tlds.end(), q.substr(dot + 1)) != step.tlds.end());
        (static_cast<logs::DnsRcode>(ev.code) == logs::DnsRcode::NxDomain ? nx : answered)++;
        if (ev.time - last > 2 * kMinute) burst_starts.push_back(ev.time);
        last = ev.time;
    }
    const double share = static_cast<double>(nx) / (nx + answered);
    INFO("NXDOMAIN " << nx << ", answered " << answered);
    CHECK(nx > 500);
    CHECK(share > 0.9);
    CHECK(answered > 0);
    // A burst every ten minutes or so.
    REQUIRE(burst_starts.size() > 20);
    for (std::size_t i = 1; i < burst_starts.size(); ++i) {
        CHECK(burst_starts[i] - burst_starts[i - 1] > 8 * kMinute);
        CHECK(burst_starts[i] - burst_starts[i - 1] < 13 * kMinute);
    }
    // An answered name leads to a check-in with the attacker's address.
    CHECK_FALSE(of_step(e, "dga", Source::Firewall).empty());
    // The names depend on the date, not on the host: another seed's victim tries the same ones.
    sim::Engine other(*s, 3);
    other.advance_to(other.start() + 4 * kHour);
    std::set<std::string> first, second;
    for (const auto& ev : of_step(e, "dga", Source::Dns)) first.insert(std::string(e.logs().text(ev)));
    for (const auto& ev : of_step(other, "dga", Source::Dns)) second.insert(std::string(other.logs().text(ev)));
    CHECK(std::includes(first.begin(), first.end(), second.begin(), second.end()));
}

TEST_CASE("DNS tunnel: long hex labels, high entropy, about a query a second, then pings", "[attacks][tunnel]") {
    const auto s = shipped("dns-tunnel");
    sim::Engine e(*s, 8);
    e.advance_to(e.end());
    const auto& zone = e.scenario().attack[1].c2_domain;
    std::vector<SimTime> data_times, ping_times;
    std::size_t carried_chars = 0, txt = 0;
    for (const auto& ev : of_step(e, "tunnel", Source::Dns)) {
        const std::string q(e.logs().text(ev));
        REQUIRE(q.ends_with("." + zone));
        const std::string labels = q.substr(0, q.size() - zone.size() - 1);
        if (labels.size() <= 8) {
            ping_times.push_back(ev.time);
            continue;
        }
        // Three labels of 62 hex characters.
        CHECK(labels.size() == 3 * 62 + 2);
        CHECK(std::all_of(labels.begin(), labels.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) || c == '.'; }));
        carried_chars += labels.size() - 2;
        txt += static_cast<logs::DnsType>(ev.kind) == logs::DnsType::TXT;
        data_times.push_back(ev.time);
    }
    REQUIRE(data_times.size() > 1000);
    CHECK(carried_chars * 4 / 8 >= 1024 * 1024);  // the whole megabyte went out
    CHECK(static_cast<double>(txt) / data_times.size() > 0.6);
    // Hex carries 4 bits a character and uses all sixteen: entropy close to 4.
    const auto sample = std::string(e.logs().text(of_step(e, "tunnel", Source::Dns).at(10)));
    CHECK(entropy(sample.substr(0, 62)) > 3.5);
    const double span_s = static_cast<double>(data_times.back() - data_times.front()) / 1000.0;
    const double per_second = static_cast<double>(data_times.size()) / span_s;
    CHECK(per_second > 0.8);
    CHECK(per_second < 1.2);
    // Once the data is out, keep-alives every 4 seconds.
    REQUIRE(ping_times.size() > 100);
    CHECK(ping_times.front() > data_times.back());
    CHECK(ping_times[50] - ping_times[49] >= 3600);
    CHECK(ping_times[50] - ping_times[49] <= 4400);
}

TEST_CASE("SSH brute force: invalid users, a steady rate, then root falls and the attacker moves to fs01",
          "[attacks][bruteforce][lateral]") {
    const auto s = shipped("ssh-brute-force");
    sim::Engine e(*s, 4);
    e.advance_to(e.end());
    const auto attacker = parse_ipv4("203.0.113.9").value();
    const logs::Renderer r(e.scenario(), e.logs());
    int failed = 0, invalid = 0, accepted = 0;
    SimTime first = 0, success_at = 0;
    for (const auto& ev : of_step(e, "guessing", Source::Auth)) {
        CHECK(ev.src_ip == attacker);
        CHECK(static_cast<logs::AuthService>(ev.detail) == logs::AuthService::Sshd);
        CHECK(ev.dst_ip == ip_of(e, "sftp01"));
        if (!first) first = ev.time;
        const auto outcome = static_cast<logs::AuthOutcome>(ev.kind);
        if (outcome == logs::AuthOutcome::UnknownUser) {
            ++invalid;
            CHECK_THAT(r.line(ev), Catch::Contains("sshd[") && Catch::Contains("Failed password for invalid user"));
        }
        if (outcome == logs::AuthOutcome::BadPassword) ++failed;
        if (outcome == logs::AuthOutcome::Success) {
            ++accepted;
            success_at = ev.time;
            CHECK(std::string(e.logs().text(ev)) == "root");
            CHECK_THAT(r.line(ev), Catch::Matches(R"(.* sftp01 sshd\[\d+\]: Accepted password for root from 203\.0\.113\.9 port \d+ ssh2)"));
        }
    }
    CHECK(accepted == 1);
    CHECK(failed + invalid == 312);
    CHECK(invalid > failed);  // most names it tries do not exist here
    // About 16 connections a minute with one to three tries each: 20 to 50 tries a minute.
    const double minutes = static_cast<double>(success_at - first) / kMinute;
    const double rate = (failed + invalid) / minutes;
    CHECK(rate > 20);
    CHECK(rate < 50);
    // Every try arrived through the firewall, inbound to port 22.
    const auto fw = of_step(e, "guessing", Source::Firewall);
    REQUIRE_FALSE(fw.empty());
    for (const auto& ev : fw) CHECK((ev.src_ip == attacker && ev.dst_port == 22));
    // The scan before it hit the firewall's own address: dropped, but for the SSH port forwarded to sftp01.
    int forwarded = 0;
    for (const auto& ev : of_step(e, "probe", Source::Firewall)) {
        const bool allowed = static_cast<logs::FirewallAction>(ev.kind) == logs::FirewallAction::Allow;
        CHECK(allowed == (ev.dst_port == 22));
        if (allowed) {
            ++forwarded;
            CHECK(ev.dst_ip == ip_of(e, "sftp01"));
        } else {
            CHECK(ev.dst_ip == e.scenario().network.public_ip);
        }
    }
    CHECK(forwarded == 1);
    // 25 minutes later, from sftp01 to fs01 with root's password, over SSH; then fs01 beacons.
    const auto moved = of_step(e, "move", Source::Auth);
    REQUIRE(moved.size() == 1);
    CHECK(moved[0].src_ip == ip_of(e, "sftp01"));
    CHECK(moved[0].dst_ip == ip_of(e, "fs01"));
    CHECK(moved[0].time >= success_at + 25 * kMinute);
    const auto infections = e.infections();
    CHECK(std::any_of(infections.begin(), infections.end(), [](const auto& i) { return i.host == "sftp01"; }));
    CHECK(std::any_of(infections.begin(), infections.end(), [](const auto& i) { return i.host == "fs01"; }));
    CHECK(of_step(e, "implant", Source::Firewall).size() > 50);
}

TEST_CASE("the world reacts: isolating sftp01 in time, or resetting root's password, stops the spread", "[attacks][react]") {
    const auto s = shipped("ssh-brute-force");
    // When root falls in this run.
    SimTime success_at = 0;
    {
        sim::Engine e(*s, 4);
        e.advance_to(e.end());
        for (const auto& ev : of_step(e, "guessing", Source::Auth))
            if (static_cast<logs::AuthOutcome>(ev.kind) == logs::AuthOutcome::Success) success_at = ev.time;
    }
    REQUIRE(success_at > 0);
    {
        sim::Engine e(*s, 4);
        e.advance_to(success_at + 10 * kMinute);
        REQUIRE(e.apply({success_at + 10 * kMinute, sim::ActionKind::Isolate, "sftp01", "brute force succeeded"}).ok);
        e.advance_to(e.end());
        CHECK(of_step(e, "move", Source::Auth).empty());
        CHECK(of_step(e, "implant", Source::Firewall).empty());
    }
    {
        sim::Engine e(*s, 4);
        e.advance_to(success_at + 10 * kMinute);
        REQUIRE(e.apply({success_at + 10 * kMinute, sim::ActionKind::ResetPassword, "root", ""}).ok);
        e.advance_to(e.end());
        // The condition password_not_reset: root fails, so the move never starts.
        CHECK(of_step(e, "move", Source::Auth).empty());
    }
}

TEST_CASE("a reset password or a disabled account shows in later logons", "[attacks][react]") {
    // A move with no condition on the password: it tries, fails with the old password, tries again.
    auto s = std::make_shared<scenario::Scenario>(*shipped("ssh-brute-force"));
    s->attack[2].only_if.clear();
    SimTime success_at = 0;
    {
        sim::Engine e(*s, 4);
        e.advance_to(e.end());
        for (const auto& ev : of_step(e, "guessing", Source::Auth))
            if (static_cast<logs::AuthOutcome>(ev.kind) == logs::AuthOutcome::Success) success_at = ev.time;
    }
    sim::Engine e(*s, 4);
    e.advance_to(success_at + kMinute);
    REQUIRE(e.apply({success_at + kMinute, sim::ActionKind::ResetPassword, "root", ""}).ok);
    e.advance_to(e.end());
    const auto tries = of_step(e, "move", Source::Auth);
    REQUIRE(tries.size() == 4);  // four tries, ten minutes apart, all refused
    for (const auto& ev : tries) CHECK(static_cast<logs::AuthOutcome>(ev.kind) == logs::AuthOutcome::BadPassword);
    CHECK(of_step(e, "implant", Source::Firewall).empty());

    // Disabling a person's account: their next logon fails with Windows' "account disabled".
    const auto beacon = shipped("dns-beaconing");
    sim::Engine d(*beacon, 2);
    const std::string user = d.scenario().find_host("ws-05")->owner;
    REQUIRE(d.apply({d.start(), sim::ActionKind::DisableAccount, user, ""}).ok);
    CHECK(d.apply({d.start(), sim::ActionKind::DisableAccount, user, ""}).error_key == "action.already_disabled");
    CHECK(d.apply({d.start(), sim::ActionKind::DisableAccount, "nobody", ""}).error_key == "action.unknown_user");
    d.advance_to(d.end());
    const logs::Renderer r(d.scenario(), d.logs());
    int refused = 0;
    for (auto i : d.logs().of(Source::Auth)) {
        const auto& ev = d.logs().at(i);
        if (d.logs().text(ev) != user) continue;
        CHECK(static_cast<logs::AuthOutcome>(ev.kind) != logs::AuthOutcome::Success);
        if (static_cast<logs::AuthOutcome>(ev.kind) == logs::AuthOutcome::AccountDisabled) {
            ++refused;
            CHECK_THAT(r.line(ev), Catch::Contains("SubStatus=0xC0000072"));
        }
    }
    CHECK(refused >= 1);
}

TEST_CASE("blocking the tunnel's zone at the DNS server: refused, and nothing more leaves", "[attacks][react][tunnel]") {
    const auto s = shipped("dns-tunnel");
    sim::Engine e(*s, 8);
    const auto& zone = e.scenario().attack[1].c2_domain;
    // Run until the tunnel is going, then block the attacker's domain (the zone's parent).
    SimTime t = e.start();
    while (of_step(e, "tunnel", Source::Dns).size() < 200 && t < e.end()) e.advance_to(t += 5 * kMinute);
    const std::string parent = parent_of(zone, 2);
    REQUIRE(e.apply({t, sim::ActionKind::BlockDomain, parent, "tunnel"}).ok);
    CHECK(e.apply({t, sim::ActionKind::BlockDomain, parent, ""}).error_key == "action.already_blocked");
    CHECK(e.apply({t, sim::ActionKind::BlockDomain, "fs01." + e.scenario().network.domain, ""}).error_key == "action.own_domain");
    CHECK(e.apply({t, sim::ActionKind::BlockDomain, "not a domain", ""}).error_key == "action.bad_domain");
    e.advance_to(t + kHour);
    int refused = 0;
    for (auto i : e.logs().of(Source::Dns)) {
        const auto& ev = e.logs().at(i);
        if (ev.time <= t || !std::string(e.logs().text(ev)).ends_with(parent)) continue;
        CHECK(static_cast<logs::DnsRcode>(ev.code) == logs::DnsRcode::Refused);
        CHECK(ev.detail == 1);
        ++refused;
    }
    CHECK(refused > 1000);  // the implant keeps trying, and every try is refused
    // And no upstream query carries the data out any more.
    const Ipv4 upstream = parse_ipv4(e.scenario().network.upstream_dns).value();
    const auto truth = e.truth();
    for (std::size_t i = 0; i < truth.size(); ++i) {
        const auto& ev = e.logs().at(static_cast<std::uint32_t>(i));
        if (ev.time > t + kSecond && ev.source == Source::Firewall && ev.dst_ip == upstream)
            CHECK(truth[i] != e.scenario().step_index("tunnel"));
    }
}

TEST_CASE("rogue device: an unknown MAC in DHCP, a sweep of the servers, a spray that gets one account", "[attacks][rogue]") {
    const auto s = shipped("rogue-device");
    sim::Engine e(*s, 6);
    e.advance_to(e.end());
    const auto* pi = e.scenario().find_host("raspberrypi");
    REQUIRE(pi);
    CHECK_FALSE(pi->inventoried);
    // Its DHCP exchange, with the maker's prefix and its own name, when it joins.
    const logs::Renderer r(e.scenario(), e.logs());
    bool discovered = false;
    for (auto i : e.logs().of(Source::Dhcp)) {
        const auto& ev = e.logs().at(i);
        if (ev.host != e.scenario().host_index("raspberrypi")) continue;
        CHECK(ev.time >= e.start() + 2 * kHour + 20 * kMinute);
        if (static_cast<logs::DhcpMessage>(ev.kind) == logs::DhcpMessage::Discover) {
            discovered = true;
            CHECK_THAT(r.line(ev), Catch::Contains("DHCPDISCOVER from b8:27:eb:4d:12:9a"));
        }
    }
    CHECK(discovered);
    // The sweep: servers only, the eight ports, open ones answering.
    const auto sweep = of_step(e, "plugged-in", Source::Firewall);
    const auto servers = std::count_if(e.scenario().network.hosts.begin(), e.scenario().network.hosts.end(),
                                       [](const auto& h) { return h.subnet == "servers"; });
    CHECK(static_cast<long>(sweep.size()) == 8 * servers);
    int open = 0;
    for (const auto& ev : sweep) {
        const auto* lan = e.scenario().network.subnet_of(ev.dst_ip);
        REQUIRE(lan);
        CHECK(lan->name == "servers");
        open += static_cast<logs::ConnState>(ev.detail) != logs::ConnState::REJ;
    }
    CHECK(open > 0);
    // The spray: many accounts, at most two tries each, one success.
    std::map<std::string, int> tries;
    int successes = 0;
    for (const auto& ev : of_step(e, "spray", Source::Auth)) {
        tries[std::string(e.logs().text(ev))]++;
        CHECK(ev.code == 3);  // network logons
        if (static_cast<logs::AuthOutcome>(ev.kind) == logs::AuthOutcome::Success) {
            ++successes;
            CHECK(std::string(e.logs().text(ev)) == "yamada");
        }
    }
    CHECK(tries.size() >= 20);
    for (const auto& [user, n] : tries) CHECK(n <= 2);
    CHECK(successes == 1);
    const auto infections = e.infections();
    CHECK(std::any_of(infections.begin(), infections.end(), [](const auto& i) { return i.host == "raspberrypi"; }));
}

TEST_CASE("phishing: check-ins every 5 minutes in the firewall log, then 1.5 GB out in large pieces", "[attacks][exfil]") {
    const auto s = shipped("phishing-exfiltration");
    sim::Engine e(*s, 9);
    e.advance_to(e.end());
    const auto& c2 = e.scenario().attack.front();
    std::vector<SimTime> checkins;
    for (const auto& ev : of_step(e, "implant", Source::Firewall))
        if (ev.dst_ip == c2.c2_ip) checkins.push_back(ev.time);
    REQUIRE(checkins.size() > 50);
    int regular = 0;
    for (std::size_t i = 1; i < checkins.size(); ++i)
        regular += std::abs(checkins[i] - checkins[i - 1] - 5 * kMinute) <= 31 * kSecond + 60;
    CHECK(regular >= static_cast<int>(checkins.size()) - 2);
    // The DNS log shows its name far less often than the firewall shows its check-ins (TTL 600 s).
    std::size_t lookups = 0;
    for (const auto& ev : of_step(e, "implant", Source::Dns)) lookups += e.logs().text(ev) == c2.c2_domain;
    CHECK(lookups * 2 < checkins.size());
    // The upload: 1.5 GB in pieces of 50 to 150 MB.
    std::uint64_t sent = 0;
    int small = 0;
    for (const auto& ev : of_step(e, "exfiltration", Source::Firewall)) {
        if (ev.dst_port != 443 || ev.value < (1u << 20)) continue;
        small += ev.value < (50u << 20);  // only the last piece may be smaller
        CHECK(ev.value <= 150u << 20);
        sent += ev.value;
    }
    CHECK(small <= 1);
    CHECK(sent == 1500ull << 20);
    // The trap the same day: the lunchtime backup, larger still, from the file server, benign.
    std::uint64_t backup = 0;
    const Ipv4 fs01 = ip_of(e, "fs01");
    const auto& truth = e.truth();
    for (std::size_t i = 0; i < truth.size(); ++i) {
        const auto& ev = e.logs().at(static_cast<std::uint32_t>(i));
        if (ev.source == Source::Firewall && ev.src_ip == fs01 && ev.value > (100u << 20)) {
            CHECK(sim::is_sanctioned(truth[i]));  // benign, and declared: the company's own backup
            backup += ev.value;
        }
    }
    CHECK(backup > sent);
    // The betting site: denied by the URL filter, a policy matter.
    int bets = 0;
    for (const auto& ev : of_step(e, "betting", Source::Firewall)) {
        if (ev.dst_port == 53) continue;  // the DNS server's own lookup upstream
        ++bets;
        CHECK(static_cast<logs::FirewallAction>(ev.kind) == logs::FirewallAction::Deny);
        CHECK(static_cast<logs::ConnState>(ev.detail) == logs::ConnState::REJ);
    }
    CHECK(bets >= 3);
}

TEST_CASE("the quiet shift has traps and no attack", "[attacks][benign]") {
    const auto s = shipped("quiet-shift");
    sim::Engine e(*s, 1);
    e.advance_to(e.end());
    CHECK(std::all_of(e.truth().begin(), e.truth().end(), [](auto t) { return !sim::is_malicious(t); }));
    CHECK(e.infections().empty());
    const Ipv4 scanner = ip_of(e, "scan01");
    std::set<int> ports;
    int probes = 0, typos = 0, admin_logons = 0;
    for (auto i : e.logs().of(Source::Firewall)) {
        const auto& ev = e.logs().at(i);
        const auto* lan = e.scenario().network.subnet_of(ev.dst_ip);
        if (ev.src_ip == scanner && lan && lan->name == "servers") {
            ++probes;
            ports.insert(ev.dst_port);
            CHECK(local_minute_of_day(ev.time, e.scenario().utc_offset_minutes) >= 10 * 60);
        }
    }
    const auto servers = std::count_if(e.scenario().network.hosts.begin(), e.scenario().network.hosts.end(),
                                       [](const auto& h) { return h.subnet == "servers"; });
    CHECK(probes == 16 * servers);  // Tuesday: the scanner sweeps every server, every port once
    CHECK(ports.size() == 16);
    for (auto i : e.logs().of(Source::Auth)) {
        const auto& ev = e.logs().at(i);
        if (static_cast<logs::AuthService>(ev.detail) != logs::AuthService::Sshd || e.logs().text(ev) != "kondo") continue;
        (static_cast<logs::AuthOutcome>(ev.kind) == logs::AuthOutcome::Success ? admin_logons : typos)++;
    }
    CHECK(admin_logons == 2);  // fs01 and app01
    CHECK(typos <= 2);
}

TEST_CASE("variants: other names for the same story", "[attacks][variants]") {
    const auto s = shipped("dns-beaconing");
    std::set<std::string> victims, domains;
    std::set<Ipv4> victim_ips;
    for (std::uint64_t seed = 1; seed <= 12; ++seed) {
        const auto v = scenario::with_variant(*s, seed);
        const auto again = scenario::with_variant(*s, seed);
        CHECK(v.attack.front().host == again.attack.front().host);  // deterministic
        CHECK(v.attack.front().c2_domain == again.attack.front().c2_domain);
        victims.insert(v.attack.front().host);
        domains.insert(v.attack.front().c2_domain);
        victim_ips.insert(v.find_host(v.attack.front().host)->ip);
        // What stays: the timing, the kind, the technique, the company.
        CHECK(v.attack.size() == s->attack.size());
        CHECK(v.attack.front().start == s->attack.front().start);
        CHECK(v.attack.front().interval == s->attack.front().interval);
        CHECK(v.attack.front().kind == s->attack.front().kind);
        CHECK(v.attack.front().technique == s->attack.front().technique);
        CHECK(v.network.hosts.size() == s->network.hosts.size());
        CHECK(v.attack.front().c2_domain.starts_with("api."));
        CHECK(v.attack.front().c2_domain.ends_with(".net"));
        CHECK(v.attack.front().lure_domain.ends_with(".com"));
        // Servers keep their addresses; DHCP addresses move within the pool.
        for (std::size_t i = 0; i < v.network.hosts.size(); ++i) {
            const auto& a = s->network.hosts[i];
            const auto& b = v.network.hosts[i];
            CHECK(a.hostname == b.hostname);
            CHECK(a.mac == b.mac);
            if (a.addressing == scenario::Addressing::Static) CHECK(a.ip == b.ip);
        }
        std::set<Ipv4> pool;
        for (const auto& h : v.network.hosts)
            if (h.addressing == scenario::Addressing::Dhcp) pool.insert(h.ip);
        const auto dhcp_hosts = std::count_if(v.network.hosts.begin(), v.network.hosts.end(),
                                              [](const auto& h) { return h.addressing == scenario::Addressing::Dhcp; });
        CHECK(pool.size() == static_cast<std::size_t>(dhcp_hosts));  // still one address each
        CHECK(std::find(s->variants.victims.begin(), s->variants.victims.end(), v.attack.front().host) !=
              s->variants.victims.end());
    }
    CHECK(victims.size() >= 3);
    CHECK(domains.size() >= 6);
    CHECK(victim_ips.size() >= 6);
    // A scenario without variants plays as written.
    auto plain = std::make_shared<scenario::Scenario>(*s);
    plain->variants = {};
    const auto same = scenario::with_variant(*plain, 7);
    CHECK(same.attack.front().host == s->attack.front().host);
    CHECK(same.attack.front().c2_domain == s->attack.front().c2_domain);
}

TEST_CASE("the swapped victim carries its owner's account into the story", "[attacks][variants]") {
    // In ssh-brute-force nothing names a person; in a scenario whose move uses the victim's own
    // account, the account follows the victim.
    auto s = std::make_shared<scenario::Scenario>(*shipped("dns-beaconing"));
    scenario::AttackStep move;
    move.id = "move";
    move.kind = scenario::AttackKind::LateralMovement;
    move.host = s->attack.front().host;
    move.target = "fs01";
    move.user = s->find_host(move.host)->owner;
    s->attack.push_back(move);
    for (std::uint64_t seed = 1; seed <= 6; ++seed) {
        const auto v = scenario::with_variant(*s, seed);
        CHECK(v.attack[1].host == v.attack[0].host);
        CHECK(v.attack[1].user == v.find_host(v.attack[0].host)->owner);
    }
}

TEST_CASE("RDP brute force: Windows 4625 logon type 10 in the server's own log, then the account falls", "[attacks][bruteforce]") {
    // An RDP step on the company's SFTP server, opened to RDP for the test.
    auto s = std::make_shared<scenario::Scenario>(*shipped("ssh-brute-force"));
    for (auto& h : s->network.hosts)
        if (h.hostname == "sftp01") h.services.push_back(scenario::Service::Rdp);
    scenario::AttackStep rdp;
    rdp.id = "rdp";
    rdp.kind = scenario::AttackKind::RdpBruteForce;
    rdp.source_ip = parse_ipv4("192.0.2.66").value();
    rdp.target = "sftp01";
    rdp.start = kHour;
    rdp.technique = "T1110.001";
    rdp.users = {"administrator", "admin", "scanner"};
    rdp.attempts = 90;
    rdp.rate_per_minute = 30;
    rdp.success_user = "administrator";
    rdp.success_after = 25;
    s->attack = {rdp};
    sim::Engine e(*s, 2);
    e.advance_to(e.end());
    const logs::Renderer r(e.scenario(), e.logs());
    int failures = 0, unknown = 0, successes = 0;
    SimTime first = 0, last = 0;
    for (const auto& ev : of_step(e, "rdp", Source::Auth)) {
        CHECK(static_cast<logs::AuthService>(ev.detail) == logs::AuthService::Windows);
        CHECK(ev.code == 10);
        CHECK(ev.dst_ip == ip_of(e, "sftp01"));
        if (!first) first = ev.time;
        last = ev.time;
        const auto outcome = static_cast<logs::AuthOutcome>(ev.kind);
        if (outcome == logs::AuthOutcome::BadPassword) {
            ++failures;
            CHECK_THAT(r.line(ev), Catch::Matches(R"(\S+ sftp01 Microsoft-Windows-Security-Auditing\[4625\]: .*LogonType=10 .*SubStatus=0xC000006A IpAddress=192\.0\.2\.66 WorkstationName=-)"));
        }
        if (outcome == logs::AuthOutcome::UnknownUser) ++unknown;
        if (outcome == logs::AuthOutcome::Success) ++successes;
    }
    CHECK(successes == 1);               // administrator's 25th password
    CHECK(failures == 24);               // administrator's 24 misses
    CHECK(unknown == 48);                // "admin" and "scanner" are no accounts here (0xC0000064)
    const double per_minute = (failures + unknown + successes) / (static_cast<double>(last - first) / kMinute);
    CHECK(per_minute > 20);
    CHECK(per_minute < 45);
    for (const auto& ev : of_step(e, "rdp", Source::Firewall)) CHECK(ev.dst_port == 3389);
}

TEST_CASE("a step can follow a malware step that joined an already infected host", "[attacks][after]") {
    // dns-tunnel: the implant infects the PC, the tunnel joins it; an upload after the tunnel.
    auto s = std::make_shared<scenario::Scenario>(*shipped("dns-tunnel"));
    scenario::AttackStep upload;
    upload.id = "upload";
    upload.kind = scenario::AttackKind::LargeUpload;
    upload.host = s->attack[1].host;
    upload.after = "tunnel";
    upload.start = 10 * kMinute;
    upload.technique = "T1567.002";
    upload.c2_ip = parse_ipv4("198.51.100.99").value();
    upload.data_bytes = 200ull << 20;
    s->attack.push_back(upload);
    sim::Engine e(*s, 8);
    e.advance_to(e.end());
    const auto tunnel = of_step(e, "tunnel", Source::Dns);
    const auto up = of_step(e, "upload", Source::Firewall);
    REQUIRE_FALSE(tunnel.empty());
    REQUIRE_FALSE(up.empty());
    CHECK(up.front().time >= tunnel.front().time + 10 * kMinute);
}

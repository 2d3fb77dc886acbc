// The simulation: determinism, the shape of benign and malicious traffic, and reactions to actions.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <memory>

#include "core/detect/beacon.h"
#include "core/scenario/loader.h"
#include "core/sim/engine.h"

using namespace socsim;

namespace {

std::shared_ptr<const scenario::Scenario> beaconing() {
    static auto s = [] {
        auto loaded = scenario::load_file(std::string(SOCSIM_SOURCE_DIR) + "/scenarios/dns-beaconing.yaml");
        for (const auto& e : loaded.errors) FAIL(e.to_string());
        REQUIRE(loaded.ok());
        return std::make_shared<const scenario::Scenario>(std::move(*loaded.value));
    }();
    return s;
}

int count_queries(const sim::Engine& engine, Ipv4 ip, const std::string& domain, SimTime from, SimTime to) {
    int n = 0;
    const auto& store = engine.logs();
    for (auto i : store.of(logs::Source::Dns)) {
        const auto& e = store.at(i);
        if (e.src_ip == ip && store.text(e) == domain && e.time > from && e.time <= to) ++n;
    }
    return n;
}

}  // namespace

TEST_CASE("the same scenario and seed give byte-identical logs", "[engine][determinism]") {
    const auto s = beaconing();
    sim::Engine a(*s, 42), b(*s, 42), c(*s, 43);
    // Different step sizes must not change the result: generation does not depend on frame rate.
    for (SimTime t = a.start(); t <= a.start() + 3 * kHour; t += 7 * kMinute + 13) a.advance_to(t);
    a.advance_to(a.start() + 3 * kHour);
    b.advance_to(b.start() + 3 * kHour);
    c.advance_to(c.start() + 3 * kHour);
    REQUIRE(a.logs().size() > 1000);
    CHECK(a.logs().size() == b.logs().size());
    CHECK(a.digest() == b.digest());
    CHECK(a.digest() != c.digest());
}

TEST_CASE("golden digest of the DNS-beaconing scenario, seed 1, first three hours", "[engine][determinism][golden]") {
    // If this changes, the generated logs changed: re-record only on purpose, and say why in the commit.
    sim::Engine e(*beaconing(), 1);
    e.advance_to(e.start() + 3 * kHour);
    CHECK(e.logs().size() == 8657);
    CHECK(e.digest() == "154eb16bb3b28412");
}

TEST_CASE("streaming hands out the same records as the store holds, and forgets them", "[engine][streaming]") {
    sim::Engine kept(*beaconing(), 3);
    kept.advance_to(kept.start() + 4 * kHour);
    sim::Engine streamed(*beaconing(), 3);
    std::vector<logs::Event> out;
    std::vector<std::int16_t> labels;
    std::uint64_t expected_number = 0;
    bool numbered = true;
    for (int hour = 1; hour <= 4; ++hour) {
        streamed.advance_to(streamed.start() + hour * kHour);
        streamed.drain([&](const logs::Event& e, std::int16_t truth, std::uint64_t number) {
            numbered = numbered && number == expected_number++;
            out.push_back(e);
            labels.push_back(truth);
        });
        CHECK(streamed.logs().size() == 0);
    }
    CHECK(numbered);
    CHECK(streamed.drained() == kept.logs().size());
    REQUIRE(out.size() == kept.logs().size());
    for (std::size_t i = 0; i < out.size(); ++i) {
        INFO("record " << i);
        REQUIRE(out[i].time == kept.logs().at(static_cast<std::uint32_t>(i)).time);
        REQUIRE(out[i].text == kept.logs().at(static_cast<std::uint32_t>(i)).text);
        REQUIRE(labels[i] == kept.truth()[i]);
    }
    CHECK(streamed.first_malicious_time() == kept.first_malicious_time());
}

TEST_CASE("records arrive in time order, and ground truth sits beside them", "[engine]") {
    sim::Engine e(*beaconing(), 5);
    e.advance_to(e.end());
    const auto& events = e.logs().events();
    REQUIRE(events.size() == e.truth().size());
    CHECK(std::is_sorted(events.begin(), events.end(), [](const auto& x, const auto& y) { return x.time < y.time; }));
    CHECK(events.front().time >= e.start());
    CHECK(events.back().time <= e.end());
    int per_source[logs::kSourceCount] = {};
    for (const auto& ev : events) per_source[static_cast<int>(ev.source)]++;
    for (int n : per_source) CHECK(n > 0);  // all four data sources speak
    const auto malicious = std::count_if(e.truth().begin(), e.truth().end(), [](auto t) { return sim::is_malicious(t); });
    CHECK(malicious > 100);
    CHECK(malicious < static_cast<long>(events.size()) / 10);
}

TEST_CASE("the beacon is periodic in the DNS log, and benign hosts are not", "[engine][beacon]") {
    const auto s = beaconing();
    sim::Engine e(*s, 3);
    const auto& played = e.scenario();  // the variant this seed plays
    const auto& step = played.attack.front();
    const SimTime window_start = e.start() + step.start + 10 * kMinute;
    const SimTime window_end = window_start + 90 * kMinute;
    e.advance_to(window_end);
    const auto scores = detect::score_dns_pairs(e.logs(), window_start, window_end, 6);
    const Ipv4 victim = played.find_host(step.host)->ip;
    const auto c2 = std::find_if(scores.begin(), scores.end(), [&](const detect::BeaconScore& b) {
        return b.client == victim && e.logs().strings().get(b.domain) == step.c2_domain;
    });
    REQUIRE(c2 != scores.end());
    CHECK(c2->score > 0.9);
    CHECK(c2->count >= 85);  // one a minute for 90 minutes
    CHECK(c2->median_interval > 55 * kSecond);
    CHECK(c2->median_interval < 65 * kSecond);
    // No other pair asks as regularly and as often: browsing is bursty, NTP and updates are slow.
    for (const auto& b : scores) {
        if (&b == &*c2) continue;
        const bool fast_and_regular = b.score > 0.8 && b.median_interval < 5 * kMinute && b.count >= 15;
        INFO(format_ipv4(b.client) << " " << e.logs().strings().get(b.domain) << " score " << b.score << " interval "
                                   << b.median_interval);
        CHECK_FALSE(fast_and_regular);
    }
    // The trap: benign periodic traffic exists and is regular, only slower.
    bool saw_periodic_benign = false;
    for (const auto& b : detect::score_dns_pairs(e.logs(), e.start(), window_end, 4))
        if (b.client != victim && b.score > 0.7 && b.median_interval >= 10 * kMinute) saw_periodic_benign = true;
    CHECK(saw_periodic_benign);
}

TEST_CASE("beacon intervals follow the scenario's interval and jitter", "[engine][beacon]") {
    const auto s = beaconing();
    sim::Engine e(*s, 11);
    const auto& played = e.scenario();  // the variant this seed plays
    const auto& step = played.attack.front();
    e.advance_to(e.start() + step.start + 3 * kHour);
    const Ipv4 victim = played.find_host(step.host)->ip;
    std::vector<SimTime> times;
    for (auto i : e.logs().of(logs::Source::Dns)) {
        const auto& ev = e.logs().at(i);
        if (ev.src_ip == victim && e.logs().text(ev) == step.c2_domain) times.push_back(ev.time);
    }
    REQUIRE(times.size() > 150);
    for (std::size_t i = 1; i < times.size(); ++i) {
        const Millis gap = times[i] - times[i - 1];
        CHECK(gap >= step.interval - step.jitter);
        CHECK(gap <= step.interval + step.jitter);
    }
    // And each check-in also shows in the firewall log, to the C2 address on 443.
    int fw = 0;
    for (auto i : e.logs().of(logs::Source::Firewall)) {
        const auto& ev = e.logs().at(i);
        if (ev.src_ip == victim && ev.dst_ip == step.c2_ip && ev.dst_port == 443) ++fw;
    }
    CHECK(fw >= static_cast<int>(times.size()));
}

TEST_CASE("isolating the infected host stops the beacon; releasing it lets it resume", "[engine][actions]") {
    const auto s = beaconing();
    sim::Engine e(*s, 9);
    const auto& played = e.scenario();  // the variant this seed plays
    const auto& step = played.attack.front();
    const Ipv4 victim = played.find_host(step.host)->ip;
    const SimTime t_isolate = e.start() + step.start + 30 * kMinute;
    e.advance_to(t_isolate);
    CHECK(count_queries(e, victim, step.c2_domain, e.start(), t_isolate) > 20);
    REQUIRE(e.apply({t_isolate, sim::ActionKind::Isolate, step.host, "beacon"}).ok);
    CHECK(e.host_state(played.host_index(step.host)).isolated);
    e.advance_to(t_isolate + kHour);
    CHECK(count_queries(e, victim, step.c2_domain, t_isolate, t_isolate + kHour) == 0);
    // Nothing at all from that address while isolated, in any source.
    for (const auto& ev : e.logs().events())
        if (ev.time > t_isolate && ev.time <= t_isolate + kHour) CHECK(ev.src_ip != victim);
    // A refused action changes nothing.
    CHECK_FALSE(e.apply({t_isolate + kHour, sim::ActionKind::Isolate, step.host, ""}).ok);
    CHECK(e.apply({t_isolate + kHour, sim::ActionKind::Isolate, "no-such-host", ""}).error_key == "action.unknown_host");
    // The malware is still there: reconnecting brings the beacon back.
    REQUIRE(e.apply({t_isolate + kHour, sim::ActionKind::Release, step.host, ""}).ok);
    e.advance_to(t_isolate + 2 * kHour);
    CHECK(count_queries(e, victim, step.c2_domain, t_isolate + kHour, t_isolate + 2 * kHour) > 50);
}

TEST_CASE("isolating a benign host silences it without touching the beacon", "[engine][actions]") {
    const auto s = beaconing();
    sim::Engine e(*s, 2);
    const auto& played = e.scenario();  // the variant this seed plays
    const auto& step = played.attack.front();
    const SimTime t = e.start() + step.start + 10 * kMinute;
    e.advance_to(t);
    std::string other;
    for (const auto& h : played.network.hosts)
        if (h.role == scenario::Role::Workstation && h.hostname != step.host) other = h.hostname;
    REQUIRE(e.apply({t, sim::ActionKind::Isolate, other, ""}).ok);
    e.advance_to(t + kHour);
    const Ipv4 other_ip = played.find_host(other)->ip;
    for (const auto& ev : e.logs().events())
        if (ev.time > t) CHECK(ev.src_ip != other_ip);
    CHECK(count_queries(e, played.find_host(step.host)->ip, step.c2_domain, t, t + kHour) > 50);
    REQUIRE(e.infections().size() == 1);
    CHECK(e.infections().front().host == step.host);
}

TEST_CASE("benign traffic follows working hours", "[engine][benign]") {
    // The same company over a whole day and night, without the attack.
    auto s = std::make_shared<scenario::Scenario>(*beaconing());
    s->duration = kDay;
    s->attack.clear();
    sim::Engine e(*s, 4);
    e.advance_to(e.end());
    // DNS per local hour: busy mid-morning, a dip at lunch, quiet at night (only what is left on).
    std::map<int, int> per_hour;
    for (auto i : e.logs().of(logs::Source::Dns))
        per_hour[local_minute_of_day(e.logs().at(i).time, s->utc_offset_minutes) / 60]++;
    CHECK(per_hour[10] > 5 * per_hour[3]);
    CHECK(per_hour[3] > 0);  // PCs left on overnight keep syncing time and checking for updates
    CHECK(per_hour[12] < per_hour[10]);
    CHECK(per_hour[14] > per_hour[12]);
    CHECK(per_hour[21] < per_hour[15] / 5);
    // People log on when they arrive; some mistype their password first.
    int logons = 0, failures = 0;
    for (auto i : e.logs().of(logs::Source::Auth)) {
        const auto& ev = e.logs().at(i);
        (static_cast<logs::AuthOutcome>(ev.kind) == logs::AuthOutcome::Success ? logons : failures)++;
    }
    CHECK(logons >= 30);
    CHECK(failures >= 1);
    // Devices get their addresses by DHCP and renew at half the lease.
    int acks = 0;
    for (auto i : e.logs().of(logs::Source::Dhcp))
        acks += static_cast<logs::DhcpMessage>(e.logs().at(i).kind) == logs::DhcpMessage::Ack;
    CHECK(acks >= 30);
}

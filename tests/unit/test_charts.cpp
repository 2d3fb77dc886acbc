// The charts' numbers (core/analytics/charts.h) over hand-made logs whose answers are known:
// events per bucket, the interval histogram's bins, the beacon ranking (the same scores as
// detect::score_dns_pairs), top talkers and NXDOMAIN shares, read at once or in slices.
#include <catch2/catch.hpp>

#include "core/analytics/charts.h"
#include "core/detect/beacon.h"
#include "hand_made_logs.h"

using namespace socsim;
using analytics::Charts;

namespace {

// Hand-made records that also name the device they are about, as the engine's do.
struct DeviceLogs : testing::HandMadeLogs {
    static constexpr std::uint16_t kWs01 = 0, kWs02 = 1, kLt01 = 2;
    static const char* address(std::uint16_t host) {
        return host == kWs01 ? "10.20.0.101" : host == kWs02 ? "10.20.0.102" : "10.20.0.150";
    }

    std::uint32_t query(Millis at, std::uint16_t host, const char* name, logs::DnsRcode rcode = logs::DnsRcode::NoError) {
        logs::Event e;
        e.time = t0 + at;
        e.source = logs::Source::Dns;
        e.src_ip = ip(address(host));
        e.dst_ip = ip("10.20.0.10");
        e.text = store.strings().intern(name);
        e.code = static_cast<std::uint8_t>(rcode);
        e.host = host;
        return append(e);
    }
    std::uint32_t connection(Millis at, std::uint16_t host, std::uint32_t sent, std::uint32_t received) {
        logs::Event e;
        e.time = t0 + at;
        e.source = logs::Source::Firewall;
        e.src_ip = ip(address(host));
        e.dst_ip = ip("198.51.100.7");
        e.dst_port = 443;
        e.value = sent;
        e.value2 = received;
        e.host = host;
        return append(e);
    }
    std::uint32_t logon(Millis at, std::uint16_t host) {
        logs::Event e;
        e.time = t0 + at;
        e.source = logs::Source::Auth;
        e.src_ip = ip(address(host));
        e.text = store.strings().intern("tanaka");
        e.host = host;
        return append(e);
    }
    SimTime start() const { return scenario.start_time; }  // 08:00 local, an hour before t0
};

constexpr auto kDns = static_cast<std::size_t>(logs::Source::Dns);
constexpr auto kFirewall = static_cast<std::size_t>(logs::Source::Firewall);
constexpr auto kAuth = static_cast<std::size_t>(logs::Source::Auth);

// A beacon from ws-01 every 60 s with a second of jitter, and a person browsing from ws-02.
void beacon_and_browsing(DeviceLogs& l, int beacons = 40) {
    const Millis jitter[] = {0, 400, -300, 900, -800, 200, -100, 600, -500, 300};
    const Millis browsing[] = {5, 9, 200, 230, 900, 1300, 1310, 1800, 2100, 2400};  // seconds
    std::size_t b = 0;
    for (int i = 0; i < beacons; ++i) {
        const Millis at = i * kMinute + jitter[i % 10];
        while (b < std::size(browsing) && browsing[b] * kSecond < at) l.query(browsing[b++] * kSecond, DeviceLogs::kWs02, "www.example.com");
        l.query(at < 0 ? 0 : at, DeviceLogs::kWs01, "api.cdn-sync.net");
    }
    while (b < std::size(browsing)) l.query(browsing[b++] * kSecond, DeviceLogs::kWs02, "www.example.com");
}

}  // namespace

TEST_CASE("events over time: records per minute per source, and per device", "[charts]") {
    DeviceLogs l;
    l.query(0, DeviceLogs::kWs01, "a.example");                     // 09:00:00, an hour after the start
    l.query(30 * kSecond, DeviceLogs::kWs02, "b.example");          // 09:00:30
    l.connection(90 * kSecond, DeviceLogs::kWs01, 500, 1500);       // 09:01:30
    l.logon(10 * kMinute, DeviceLogs::kWs02);                       // 09:10:00

    const auto all = analytics::events_over_time(l.store, l.start());
    CHECK(all.bucket == kMinute);
    REQUIRE(all.counts.size() == 71);
    CHECK(all.counts[60][kDns] == 2);
    CHECK(all.counts[61][kFirewall] == 1);
    CHECK(all.counts[70][kAuth] == 1);
    CHECK(all.total(60) == 2);
    CHECK(all.total(59) == 0);
    CHECK(all.peak() == 2);

    const auto ws01 = analytics::events_over_time(l.store, l.start(), DeviceLogs::kWs01);
    REQUIRE(ws01.counts.size() == 62);
    CHECK(ws01.counts[60][kDns] == 1);
    CHECK(ws01.counts[61][kFirewall] == 1);
    CHECK(analytics::events_over_time(l.store, l.start(), DeviceLogs::kLt01).counts.empty());  // wrote nothing

    // Three hours on, 96 one-minute bars no longer hold the shift: bars of 4 minutes do.
    l.logon(3 * kHour, DeviceLogs::kWs01);  // 12:00, 240 minutes after the start
    const auto later = analytics::events_over_time(l.store, l.start());
    CHECK(later.bucket == 4 * kMinute);
    REQUIRE(later.counts.size() == 61);
    CHECK(later.counts[15][kDns] == 2);       // 09:00-09:04 holds both queries and the connection
    CHECK(later.counts[15][kFirewall] == 1);
    CHECK(later.counts[17][kAuth] == 1);      // 09:08-09:12
    CHECK(later.counts[60][kAuth] == 1);
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i < later.counts.size(); ++i) sum += later.total(i);
    CHECK(sum == 5);
    const auto ws01_later = analytics::events_over_time(l.store, l.start(), DeviceLogs::kWs01);
    CHECK(ws01_later.bucket == 4 * kMinute);
    CHECK(ws01_later.total(15) == 2);
    CHECK(ws01_later.total(60) == 1);
}

TEST_CASE("the interval histogram's bins fit the data and keep outliers aside", "[charts]") {
    // Gaps of 58, 59, 60, 60, 61, 62 s and one of an hour (the PC slept).
    std::vector<SimTime> times{0};
    for (Millis gap : {58, 59, 60, 60, 61, 62, 3600}) times.push_back(times.back() + gap * kSecond);
    const auto h = analytics::interval_histogram(times);
    // IQR 2 s over 7 gaps: Freedman-Diaconis gives 2.09 s, rounded up to 5 s; the hour is beyond
    // Q3 + 3 IQR = 67.5 s, so the bins are [55, 60), [60, 65), [65, 70) s.
    CHECK(h.width == 5 * kSecond);
    CHECK(h.low == 55 * kSecond);
    CHECK(h.bins == std::vector<std::uint32_t>{2, 4, 0});
    CHECK(h.longer == 1);
    CHECK(h.longest == kHour);
    CHECK(h.gaps == 7);
    CHECK(h.peak() == 4);

    // A perfectly steady series: one bar.
    std::vector<SimTime> steady;
    for (int i = 0; i < 10; ++i) steady.push_back(i * kMinute);
    const auto s = analytics::interval_histogram(steady);
    CHECK(s.bins == std::vector<std::uint32_t>{9});
    CHECK(s.low == kMinute);
    CHECK(s.longer == 0);

    // Nothing to count.
    CHECK(analytics::interval_histogram(std::vector<SimTime>{}).bins.empty());
    CHECK(analytics::interval_histogram(std::vector<SimTime>{5}).gaps == 0);
}

TEST_CASE("beacon pairs are ranked with detect's scores, the beacon first", "[charts][beacon]") {
    DeviceLogs l;
    beacon_and_browsing(l);
    const SimTime now = l.t0 + 40 * kMinute;
    const auto ranked = analytics::ranked_pairs(l.store, l.t0, now);
    const auto reference = detect::score_dns_pairs(l.store, l.t0, now, analytics::BeaconPairs::kMinQueries);
    REQUIRE(ranked.size() == 2);
    REQUIRE(reference.size() == 2);
    CHECK(l.store.strings().get(ranked[0].domain) == "api.cdn-sync.net");
    CHECK(ranked[0].client == l.ip("10.20.0.101"));
    CHECK(ranked[0].count == 40);
    CHECK(ranked[0].median_interval > 59 * kSecond);
    CHECK(ranked[0].median_interval < 61 * kSecond);
    CHECK(ranked[0].score > 0.8);
    CHECK(ranked[1].score < ranked[0].score - 0.2);
    for (std::size_t i = 0; i < 2; ++i) {
        CHECK(ranked[i].domain == reference[i].domain);
        CHECK(ranked[i].score == Approx(reference[i].score));
        CHECK(ranked[i].timing == Approx(reference[i].timing));
        CHECK(ranked[i].duration == Approx(reference[i].duration));
    }

    // The detail of the beacon: its gaps' histogram peaks at a minute; skew and MAD are small.
    Charts charts(l.t0);
    charts.update(l.store, now);
    const auto detail = charts.pairs().detail(ranked[0].client, ranked[0].domain, l.t0, now);
    REQUIRE(detail);
    CHECK(detail->score.score == Approx(ranked[0].score));
    CHECK(detail->histogram.gaps == 39);
    CHECK(detail->mad < 1000);
    CHECK(std::abs(detail->bowley_skew) < 0.5);
    const auto& bins = detail->histogram.bins;
    const auto top = static_cast<Millis>(std::max_element(bins.begin(), bins.end()) - bins.begin());
    const Millis peak_from = detail->histogram.low + top * detail->histogram.width;
    CHECK(peak_from <= kMinute);
    CHECK(peak_from + detail->histogram.width > kMinute - kSecond);
    CHECK(charts.pairs().find(ranked[0].client, ranked[0].domain)->host == DeviceLogs::kWs01);
    CHECK_FALSE(charts.pairs().detail(l.ip("10.20.0.150"), ranked[0].domain, l.t0, now));  // no such pair
}

TEST_CASE("charts read in slices give the answers of one pass, and rank again a minute later", "[charts]") {
    DeviceLogs l;
    beacon_and_browsing(l);
    const SimTime now = l.t0 + 40 * kMinute;
    Charts slices(l.t0);
    int calls = 0;
    while (!slices.update(l.store, now, analytics::ChartsBudget{7, 1})) ++calls;
    CHECK(calls > 5);  // 50 records, 7 at a time, then a pair per call
    CHECK(slices.seen() == l.store.size());
    const auto whole = analytics::ranked_pairs(l.store, l.t0, now);
    REQUIRE(slices.pairs().ranked().size() == whole.size());
    CHECK(slices.pairs().ranked()[0].score == Approx(whole[0].score));
    const auto all = analytics::events_over_time(l.store, l.t0);
    CHECK(slices.timeline().all().counts == all.counts);

    // Ten more beacons arrive. Half a minute later the ranking is the one already made; at a minute
    // it is redone with them.
    for (int i = 40; i < 50; ++i) l.query(i * kMinute, DeviceLogs::kWs01, "api.cdn-sync.net");
    slices.update(l.store, now + 30 * kSecond);
    CHECK(slices.seen() == l.store.size());
    CHECK(slices.pairs().ranked()[0].count == 40);
    slices.update(l.store, l.t0 + 50 * kMinute);
    CHECK(slices.pairs().ranked()[0].count == 50);
}

TEST_CASE("top talkers by records and by firewall bytes", "[charts]") {
    DeviceLogs l;
    for (int i = 0; i < 5; ++i) l.query(i * kSecond, DeviceLogs::kWs01, "a.example");
    for (int i = 0; i < 3; ++i) l.connection(10 * kSecond + i * kSecond, DeviceLogs::kWs01, 500, 1500);
    l.connection(20 * kSecond, DeviceLogs::kWs02, 90000, 10000);
    l.query(21 * kSecond, DeviceLogs::kLt01, "b.example");

    const auto by_events = analytics::top_talkers(l.store, analytics::TalkerOrder::Events, 2);
    REQUIRE(by_events.size() == 2);
    CHECK(by_events[0].who.host == DeviceLogs::kWs01);
    CHECK(by_events[0].events == 8);
    CHECK(by_events[0].bytes == 6000);
    CHECK(by_events[1].who.host == DeviceLogs::kWs02);  // one record, as lt-01: the device order breaks the tie
    CHECK(by_events[1].events == 1);

    const auto by_bytes = analytics::top_talkers(l.store, analytics::TalkerOrder::Bytes, 10);
    REQUIRE(by_bytes.size() == 2);  // lt-01 sent nothing through the firewall
    CHECK(by_bytes[0].who.host == DeviceLogs::kWs02);
    CHECK(by_bytes[0].bytes == 100000);
    CHECK(by_bytes[1].who.host == DeviceLogs::kWs01);

    // A record the engine could not tie to a device counts for its address.
    l.fw(30 * kSecond, "203.0.113.9", "10.20.0.101", 22, 40, 0);
    const auto outside = analytics::top_talkers(l.store, analytics::TalkerOrder::Events, 10);
    REQUIRE(outside.size() == 4);
    CHECK(outside.back().who.host == logs::kNoHost);
    CHECK(outside.back().who.ip == l.ip("203.0.113.9"));
}

TEST_CASE("NXDOMAIN share per device, with too few queries left out", "[charts]") {
    DeviceLogs l;
    Millis at = 0;
    for (int i = 0; i < 20; ++i)
        l.query(at += kSecond, DeviceLogs::kWs01, "www.example.com", i == 0 ? logs::DnsRcode::NxDomain : logs::DnsRcode::NoError);
    for (int i = 0; i < 12; ++i)
        l.query(at += kSecond, DeviceLogs::kWs02, "xkqjzv.example", i < 9 ? logs::DnsRcode::NxDomain : logs::DnsRcode::NoError);
    for (int i = 0; i < 3; ++i) l.query(at += kSecond, DeviceLogs::kLt01, "qq.example", logs::DnsRcode::NxDomain);

    const auto shares = analytics::nxdomain_shares(l.store, 10, 10);
    REQUIRE(shares.size() == 2);
    CHECK(shares[0].who.host == DeviceLogs::kWs02);
    CHECK(shares[0].nxdomain == 9);
    CHECK(shares[0].dns_queries == 12);
    CHECK(shares[0].nxdomain_share() == Approx(0.75));
    CHECK(shares[1].who.host == DeviceLogs::kWs01);
    CHECK(shares[1].nxdomain_share() == Approx(0.05));
    // With a lower bar lt-01's three failures lead.
    const auto all = analytics::nxdomain_shares(l.store, 10, 1);
    REQUIRE(all.size() == 3);
    CHECK(all[0].who.host == DeviceLogs::kLt01);
    CHECK(analytics::nxdomain_shares(l.store, 1, 1).size() == 1);
}

TEST_CASE("charts of an empty store are empty, not a crash", "[charts][bad-input]") {
    logs::LogStore empty;
    Charts charts(0);
    CHECK(charts.update(empty, 0));
    CHECK(charts.timeline().all().counts.empty());
    CHECK(charts.timeline().all().peak() == 0);
    CHECK(charts.pairs().ranked().empty());
    CHECK(charts.top_talkers(analytics::TalkerOrder::Bytes, 5).empty());
    CHECK(charts.nxdomain_shares(5).empty());
    CHECK(analytics::top_talkers(empty, analytics::TalkerOrder::Events, 3).empty());
}

TEST_CASE("the beacon window: a recent beacon leads over the last hour, NTP over the whole shift", "[charts][beacon]") {
    DeviceLogs l;
    // ws-02 asks the time server every 17 minutes for three hours; ws-01 beacons every minute
    // for the last 40 of them (a few hundred ms of jitter).
    const Millis jitter[] = {0, 300, -200, 500, -400, 100};
    std::vector<std::pair<Millis, std::uint16_t>> plan;
    for (Millis at = 0; at <= 3 * kHour; at += 17 * kMinute) plan.push_back({at, DeviceLogs::kWs02});
    for (int i = 0; i < 40; ++i) plan.push_back({3 * kHour - 40 * kMinute + i * kMinute + jitter[i % 6], DeviceLogs::kWs01});
    std::sort(plan.begin(), plan.end());
    for (const auto& [at, host] : plan) l.query(at, host, host == DeviceLogs::kWs01 ? "api.cdn-sync.net" : "ntp.nict.jp");
    const SimTime now = l.t0 + 3 * kHour;

    Charts charts(l.t0);
    charts.update(l.store, now);
    REQUIRE(charts.pairs().ranked().size() == 2);
    CHECK(l.store.strings().get(charts.pairs().ranked()[0].domain) == "ntp.nict.jp");  // it spans the shift

    charts.set_beacon_window(kHour);
    CHECK(charts.beacon_from(now) == now - kHour);
    CHECK(charts.pairs().ranked().size() == 2);  // the old ranking stays on screen until the new one is made
    charts.update(l.store, now);
    // Over the last hour the time server asked 3 or 4 times: too few to score; the beacon leads.
    REQUIRE(charts.pairs().ranked().size() == 1);
    CHECK(l.store.strings().get(charts.pairs().ranked()[0].domain) == "api.cdn-sync.net");
    CHECK(charts.pairs().ranked()[0].score > 0.7);  // active 40 of the 60 minutes: duration 0.67
    CHECK(charts.pairs().ranked()[0].duration == Approx(39.0 / 60).margin(0.02));
    // A window longer than the attempt so far reaches back to its start.
    charts.set_beacon_window(24 * kHour);
    CHECK(charts.beacon_from(now) == l.t0);
}

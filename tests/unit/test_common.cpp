// Time formatting and parsing, addresses, the random streams and the content hash.
#include <catch2/catch.hpp>

#include <set>

#include "core/common/hash.h"
#include "core/common/net.h"
#include "core/common/random.h"
#include "core/common/time.h"
#include "core/i18n/catalog.h"

using namespace socsim;

TEST_CASE("ISO 8601 times parse with offsets and print back", "[common][time]") {
    auto t = parse_iso8601("2026-03-02T08:00:00+09:00");
    REQUIRE(t);
    CHECK(*t == parse_iso8601("2026-03-01T23:00:00Z").value());
    CHECK(format_iso8601(*t, 9 * 60) == "2026-03-02T08:00:00.000+09:00");
    CHECK(format_iso8601(*t, 0) == "2026-03-01T23:00:00.000Z");
    CHECK(format_time(*t + 1234, 9 * 60) == "2026-03-02 08:00:01.234");
    CHECK(format_clock(*t, 9 * 60) == "08:00:00");
    CHECK(format_epoch_seconds(1500) == "1.500000");
    CHECK(local_minute_of_day(*t, 9 * 60) == 8 * 60);
    CHECK(local_weekday(*t, 9 * 60) == 0);  // 2026-03-02 is a Monday
    CHECK(parse_iso8601("2026-03-02 08:00:00.5Z").value() == parse_iso8601("2026-03-02T08:00:00Z").value() + 500);
    CHECK_FALSE(parse_iso8601("2026-13-02T08:00:00Z"));
    CHECK_FALSE(parse_iso8601("2026-03-02T08:00:00+9"));
    CHECK_FALSE(parse_iso8601("yesterday"));
    CHECK_FALSE(parse_iso8601(""));
}

TEST_CASE("durations parse in the forms authors write", "[common][time]") {
    CHECK(parse_duration("90s").value() == 90 * kSecond);
    CHECK(parse_duration("15m").value() == 15 * kMinute);
    CHECK(parse_duration("1h30m").value() == 90 * kMinute);
    CHECK(parse_duration("2d").value() == 2 * kDay);
    CHECK(parse_duration("250ms").value() == 250);
    CHECK(parse_duration("60").value() == 60 * kSecond);
    CHECK_FALSE(parse_duration(""));
    CHECK_FALSE(parse_duration("10x"));
    CHECK_FALSE(parse_duration("-5s"));
    CHECK_FALSE(parse_duration("1h30"));
    CHECK_FALSE(parse_duration("999999999999d"));  // would overflow: refused
    CHECK_FALSE(parse_duration("36600d1d"));
    CHECK(parse_duration("3650d").value() == 3650 * kDay);
    CHECK(format_duration(45 * kSecond) == "45s");
    CHECK(format_duration(7 * kMinute + 5 * kSecond) == "7m 05s");
    CHECK(format_duration(2 * kHour + 3 * kMinute) == "2h 03m");
}

TEST_CASE("addresses parse strictly", "[common][net]") {
    CHECK(parse_ipv4("10.20.0.15").value() == 0x0A14000F);
    CHECK(format_ipv4(0x0A14000F) == "10.20.0.15");
    CHECK_FALSE(parse_ipv4("10.20.0.256"));
    CHECK_FALSE(parse_ipv4("10.20.0"));
    CHECK_FALSE(parse_ipv4("10.20.0.1.5"));
    CHECK_FALSE(parse_ipv4("010.20.0.1"));
    CHECK(format_mac(parse_mac("3C:52:82:1a:0f:7e").value()) == "3c:52:82:1a:0f:7e");
    CHECK_FALSE(parse_mac("3c:52:82:1a:0f"));
    CHECK_FALSE(parse_mac("3c:52:82:1a:0f:7g"));
    auto c = parse_cidr("10.20.0.0/24");
    REQUIRE(c);
    CHECK(c->contains(parse_ipv4("10.20.0.200").value()));
    CHECK_FALSE(c->contains(parse_ipv4("10.20.1.1").value()));
    CHECK_FALSE(parse_cidr("10.20.0.1/24"));
    CHECK_FALSE(parse_cidr("10.20.0.0/33"));
}

TEST_CASE("random streams are reproducible and independent", "[common][random]") {
    Random a = Random::stream(42, "host:ws-01/browsing");
    Random b = Random::stream(42, "host:ws-01/browsing");
    Random c = Random::stream(42, "host:ws-02/browsing");
    Random d = Random::stream(43, "host:ws-01/browsing");
    const auto va = a.next_u64();
    CHECK(va == b.next_u64());
    CHECK(va != c.next_u64());
    CHECK(va != d.next_u64());
    Random r(7);
    double sum = 0;
    std::set<std::int64_t> seen;
    for (int i = 0; i < 20000; ++i) {
        const double u = r.uniform();
        REQUIRE(u >= 0.0);
        REQUIRE(u < 1.0);
        sum += u;
        seen.insert(r.uniform_int(1, 6));
    }
    CHECK(sum / 20000 == Approx(0.5).margin(0.01));
    CHECK(seen == std::set<std::int64_t>{1, 2, 3, 4, 5, 6});
    double esum = 0;
    for (int i = 0; i < 20000; ++i) esum += r.exponential(60.0);
    CHECK(esum / 20000 == Approx(60.0).margin(2.0));
    int first = 0;
    for (int i = 0; i < 10000; ++i) first += r.zipf(50, 1.0) == 0;
    CHECK(first > 1500);  // the most popular item dominates (1/H_50 ~ 22%)
}

TEST_CASE("content hash is FNV-1a 64", "[common][hash]") {
    CHECK(fnv1a64_hex("") == "cbf29ce484222325");
    CHECK(fnv1a64_hex("a") == "af63dc4c8601ec8c");
}

TEST_CASE("placeholders are filled by name", "[common][i18n]") {
    CHECK(fill_placeholders("Isolated {host} after {time}", {{"host", "ws-07"}, {"time", "5m"}}) ==
          "Isolated ws-07 after 5m");
    CHECK(fill_placeholders("{unknown} stays", {}) == "{unknown} stays");
    CHECK(fill_placeholders("{open", {{"open", "x"}}) == "{open");
}

// The query language: parsing (precedence, quoting, every error with its column), evaluation over
// hand-made stores (every operator and command), chunked and incremental evaluation, completion,
// history, and bad input that must never crash.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>

#include "core/logs/filter.h"
#include "core/logs/query.h"
#include "core/scenario/loader.h"
#include "core/sim/engine.h"
#include "hand_made_logs.h"

using namespace socsim;
using logs::Query;
using logs::Source;
using testing::HandMadeLogs;

namespace {

std::string tree(const std::string& text, Source source = Source::Dns) {
    const auto q = Query::parse(text, source);
    if (!q.ok()) return "error " + q.error()->key + " at " + std::to_string(q.error()->column);
    return q.search().describe();
}

// "key@column" of a query's error, or "ok".
std::string error_of(const std::string& text, std::optional<Source> source = Source::Dns) {
    const auto q = Query::parse(text, source);
    if (q.ok()) return "ok";
    return q.error()->key + "@" + std::to_string(q.error()->column);
}

std::vector<std::string> column(const logs::ResultTable& t, const std::string& name) {
    std::vector<std::string> out;
    for (std::size_t c = 0; c < t.columns().size(); ++c)
        if (t.columns()[c] == name)
            for (std::size_t r = 0; r < t.size(); ++r) out.push_back(t.cell(r, c).text);
    return out;
}

using Rows = std::vector<std::uint32_t>;

}  // namespace

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

TEST_CASE("NOT binds tightest, then OR, then AND (Splunk's order)", "[query][parse]") {
    CHECK(tree("a b OR c") == R"(AND(word("a"), OR(word("b"), word("c"))))");
    CHECK(tree("a OR b c") == R"(AND(OR(word("a"), word("b")), word("c")))");
    CHECK(tree("NOT a OR b") == R"(OR(NOT(word("a")), word("b")))");
    CHECK(tree("NOT (a OR b)") == R"(NOT(OR(word("a"), word("b"))))");
    CHECK(tree("(a b) OR c") == R"(OR(AND(word("a"), word("b")), word("c")))");
    CHECK(tree("a AND b") == tree("a b"));
    CHECK(tree("NOT NOT a") == R"(word("a"))");
    CHECK(tree("((a))") == R"(word("a"))");
    CHECK(tree("") == "ALL");
    CHECK(tree("   ") == "ALL");
    // Lower-case and/or/not are words, as in Splunk.
    CHECK(tree("a or b") == R"(AND(word("a"), word("or"), word("b")))");
}

TEST_CASE("comparisons, quoting and spaces around operators", "[query][parse]") {
    CHECK(tree("ttl>=300") == R"(ttl>="300")");
    CHECK(tree("ttl >= 300") == R"(ttl>="300")");
    CHECK(tree("query=*.net qtype!=A") == R"(AND(query="*.net", qtype!="A"))");
    CHECK(tree(R"(query~"^[a-f0-9]{16}\." )") == R"(query~"^[a-f0-9]{16}\.")");
    CHECK(tree(R"("failed to log on")") == R"(word("failed to log on"))");
    CHECK(tree(R"("say \"hi\"")") == R"(word("say "hi""))");
    CHECK(tree(R"(query="a b")") == R"(query="a b")");
    CHECK(tree("QUERY=x") == R"(query="x")");                    // field names ignore case
    CHECK(tree("dns.question.name=x") == R"(query="x")");        // other tools' names
    CHECK(tree("ws-17 10.20.0.5") == R"(AND(word("ws-17"), word("10.20.0.5")))");
    CHECK(tree("latest=now") == "ALL");
    CHECK(tree("earliest=-15m") == R"(time>="-15m")");
    CHECK(tree("latest=-5m") == R"(time<"-5m")");
}

TEST_CASE("every syntax error names its place", "[query][parse][errors]") {
    CHECK(error_of("query=") == "filter.empty_value@7");
    CHECK(error_of("src=10.20.0.1 query!=") == "filter.empty_value@22");
    CHECK(error_of("(query=x") == "query.unclosed_paren@1");
    CHECK(error_of("a (b OR (c d)") == "query.unclosed_paren@3");
    CHECK(error_of("query=x)") == "query.unexpected_paren@8");
    CHECK(error_of("a ()") == "query.empty_parens@3");
    CHECK(error_of("  \"unclosed") == "filter.unclosed_quote@3");
    CHECK(error_of("query=\"abc") == "filter.unclosed_quote@7");
    CHECK(error_of("AND x") == "query.expected_term_before@1");
    CHECK(error_of("OR x") == "query.expected_term_before@1");
    CHECK(error_of("x AND") == "query.expected_term@6");
    CHECK(error_of("x OR") == "query.expected_term@5");
    CHECK(error_of("x OR OR y") == "query.expected_term@6");
    CHECK(error_of("NOT") == "query.expected_term@4");
    CHECK(error_of("(NOT)") == "query.expected_term@5");
    CHECK(error_of("x , y") == "query.unexpected@3");
    CHECK(error_of("qury=x") == "query.unknown_field_suggest@1");
    CHECK(error_of("src=10.0.0.1 colour=red") == "filter.unknown_field@14");
    CHECK(error_of("ttl=abc") == "query.bad_number@5");
    CHECK(error_of("src=10.20.0.300") == "query.bad_address@5");
    CHECK(error_of("src=10.20.0.5/24") == "query.bad_subnet@5");
    CHECK(error_of("src>fast") == "query.bad_address@5");
    CHECK(error_of("time>=yesterday") == "query.bad_time@7");
    CHECK(error_of("earliest=-15x") == "query.bad_time@10");
    CHECK(error_of("earliest>-15m") == "query.time_op@1");
    CHECK(error_of("query<abc") == "query.not_ordered@7");
    CHECK(error_of("query~\"[a-\"") == "query.bad_regex@7");
    CHECK(error_of("query~\"(ab\"") == "query.bad_regex@7");
    CHECK(error_of("query~" + std::string(2000, 'a')) == "query.regex_too_long@7");
    CHECK(error_of("query~\"((a{100}){100}){100}\"") == "query.regex_too_complex@7");
    CHECK(error_of("query~\"(a{1000}){1000}\"") == "query.regex_too_complex@7");
    CHECK(error_of("query~\"^[a-f0-9]{32}\\.(x{2,8}){3}$\"") == "ok");
    CHECK(error_of("source=nosuch") == "query.bad_source@8");
    CHECK(error_of("x |") == "query.expected_command@4");
    CHECK(error_of("x | stat count") == "query.unknown_command_suggest@5");
    CHECK(error_of("x | frobnicate") == "query.unknown_command@5");
    CHECK(error_of("| stats") == "query.expected_function@8");
    CHECK(error_of("| stats by src") == "query.expected_function@9");
    CHECK(error_of("| stats cont by src") == "query.unknown_function_suggest@9");
    CHECK(error_of("| stats frequency by src") == "query.unknown_function@9");
    CHECK(error_of("| stats sum(query)") == "query.not_numeric@13");
    CHECK(error_of("| stats max(src)") == "query.not_numeric@13");
    CHECK(error_of("| stats sum") == "query.function_needs_field@9");
    CHECK(error_of("| stats count by") == "query.expected_field@17");
    CHECK(error_of("| stats count(query") == "query.expected_close@20");
    CHECK(error_of("| stats count by qurey") == "query.unknown_field_suggest@18");
    CHECK(error_of("| stats count | stats count") == "query.stats_twice@17");
    CHECK(error_of("| head ten") == "query.expected_number@8");
    CHECK(error_of("| head -5") == "query.expected_number@8");
    CHECK(error_of("| sort") == "query.expected_field@7");
    CHECK(error_of("| sort -") == "query.expected_field@9");
    CHECK(error_of("| table") == "query.expected_field@8");
    CHECK(error_of("| dedup , ,") == "query.expected_field@12");
    CHECK(error_of("| stats count by src | sort -cnt") == "query.unknown_column_suggest@30");
    CHECK(error_of("| stats count by src | where query=x") == "query.unknown_column@30");
    CHECK(error_of("| stats count by src | where count > many") == "query.bad_number@38");
    CHECK(error_of("| stats count by src | table query") == "query.unknown_column@30");
    CHECK(error_of("| where") == "query.expected_comparison@8");
    CHECK(error_of("| where failed") == "query.expected_comparison@9");
    CHECK(error_of("| where ttl > 5)") == "query.unexpected_paren@16");
    CHECK(error_of("x | head 5 junk") == "query.unexpected@12");
    CHECK(error_of(std::string(70000, 'a')) == "query.too_long@1");
    CHECK(error_of(std::string(100, '(') + "a" + std::string(100, ')')) == "query.too_deep@66");
    std::string nots;
    for (int i = 0; i < 200; ++i) nots += "NOT ";
    CHECK(error_of(nots + "a") == "query.too_deep@261");
}

TEST_CASE("the source comes from the query when none is given", "[query][parse]") {
    CHECK(Query::parse("query=x").source() == Source::Dns);
    CHECK(Query::parse("dport=22").source() == Source::Firewall);
    CHECK(Query::parse("msg=DHCPACK").source() == Source::Dhcp);
    CHECK(Query::parse("user=root | stats count by src").source() == Source::Auth);
    CHECK(Query::parse("source=firewall src=10.20.0.5").source() == Source::Firewall);
    CHECK(Query::parse("sourcetype=auth").source() == Source::Auth);
    CHECK(Query::parse("src=10.20.0.5").source() == Source::Dns);  // every source has src: DNS first
    // A field no source has: the error speaks of DNS's fields.
    const auto q = Query::parse("colour=red");
    REQUIRE_FALSE(q.ok());
    CHECK(q.source() == Source::Dns);
    // With the tab's source given, source= is only a test (and other sources' fields are unknown).
    CHECK(error_of("msg=DHCPACK", Source::Dns) != "ok");
    CHECK(error_of("source=firewall", Source::Dns) == "ok");
}

TEST_CASE("bad input never crashes the parser", "[query][parse][robust]") {
    std::mt19937 rng(7);
    const std::string alphabet = "ab=!<>~()|\"\\ ,*-+.0123456789 AND OR NOT stats by count sort head where table dedup \xff\xfe\xc3";
    for (int i = 0; i < 3000; ++i) {
        std::string q;
        const int n = static_cast<int>(rng() % 40);
        for (int k = 0; k < n; ++k) q += alphabet[rng() % alphabet.size()];
        const auto parsed = Query::parse(q);
        if (!parsed.ok()) {
            CHECK(parsed.error()->column >= 1);
            CHECK(parsed.error()->column <= static_cast<int>(q.size()) + 1);
            CHECK_FALSE(parsed.error()->key.empty());
        }
    }
    // Non-UTF-8 bytes are just bytes: a word, a value.
    CHECK(Query::parse("\xff\xfe query=\xc3\x28", Source::Dns).ok());
    CHECK(Query::parse(std::string("a\0b", 3), Source::Dns).ok());
    // Unbalanced, in every way.
    for (const char* s : {"(", ")", "((", "))", ")(", "(()", "())", "| (", "x | where (ttl>1", "\"", "\"\"\"", "|", "||", "| |"})
        CHECK_FALSE(Query::parse(s, Source::Dns).ok());
    // Huge but allowed.
    std::string many;
    for (int i = 0; i < 2000; ++i) many += "query=a" + std::to_string(i) + " OR ";
    many += "query=z";
    CHECK(Query::parse(many, Source::Dns).ok());
}

// ---------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------

TEST_CASE("field comparisons on every kind of field", "[query][eval]") {
    HandMadeLogs h;
    using logs::DnsRcode;
    using logs::DnsType;
    const auto a = h.dns(0, "10.20.0.101", "www.google.com");
    const auto b = h.dns(kMinute, "10.20.0.102", "api.update-telemetry-cdn.net", DnsType::A, DnsRcode::NoError, "198.51.100.201", 0);
    const auto c = h.dns(2 * kMinute, "10.20.0.150", "x7f3k2.example", DnsType::TXT, DnsRcode::NxDomain, nullptr, 0);
    const auto d = h.dns(3 * kMinute, "10.30.0.5", "WWW.Google.com", DnsType::AAAA);

    // Text: case-insensitive, anchored, wildcards; regex.
    CHECK(h.rows("query=www.google.com") == Rows{a, d});
    CHECK(h.rows("query=*telemetry*") == Rows{b});
    CHECK(h.rows("query=*.net") == Rows{b});
    CHECK(h.rows("query=google") == Rows{});
    CHECK(h.rows("query!=www.google.com") == Rows{b, c});
    CHECK(h.rows("query~\"^[a-z0-9]{6}\\.example$\"") == Rows{c});
    CHECK(h.rows("query~\"\\d\"") == Rows{c});  // \d works as people expect
    CHECK(h.rows("query!~google") == Rows{b, c});
    // Names.
    CHECK(h.rows("qtype=TXT") == Rows{c});
    CHECK(h.rows("qtype=txt OR qtype=AAAA") == Rows{c, d});
    CHECK(h.rows("rcode=NXDOMAIN") == Rows{c});
    CHECK(h.rows("rcode!=NOERROR") == Rows{c});
    // Addresses: exact, CIDR, a star subnet, a range, none.
    CHECK(h.rows("src=10.20.0.102") == Rows{b});
    CHECK(h.rows("src=10.20.0.0/24") == Rows{a, b, c});
    CHECK(h.rows("src!=10.20.0.0/24") == Rows{d});
    CHECK(h.rows("src=10.20.0.*") == Rows{a, b, c});
    CHECK(h.rows("src=10.*") == Rows{a, b, c, d});
    CHECK(h.rows("src=10.20.0.100-10.20.0.120") == Rows{a, b});
    CHECK(h.rows("src>10.20.0.101") == Rows{b, c, d});
    CHECK(h.rows("src=*.150") == Rows{c});  // a pattern that is not a subnet: matched as text
    CHECK(h.rows("answer=-") == Rows{c});
    CHECK(h.rows("answer=198.51.100.0/24") == Rows{b});
    // Numbers.
    CHECK(h.rows("ttl=0") == Rows{b, c});
    CHECK(h.rows("ttl>0") == Rows{a, d});
    CHECK(h.rows("ttl<=0") == Rows{b, c});
    CHECK(h.rows("ttl>=300") == Rows{a, d});
    CHECK(h.rows("ttl<300.5") == Rows{a, b, c, d});
    CHECK(h.rows("ttl=3*") == Rows{a, d});
    CHECK(h.rows("sport=53000") == Rows{a, b, c, d});
    // Source.
    CHECK(h.rows("source=dns") == Rows{a, b, c, d});
    CHECK(h.rows("source=firewall", Source::Dns) == Rows{});
}

TEST_CASE("firewall, DHCP and logon fields compare as their types", "[query][eval]") {
    HandMadeLogs h;
    using namespace logs;
    const auto f1 = h.fw(0, "10.20.0.101", "192.0.2.10", 443, 1000, 20000, FirewallAction::Allow, Protocol::Tcp, 35);
    const auto f2 = h.fw(kSecond, "10.20.0.102", "203.0.113.123", 123, 48, 48, FirewallAction::Allow, Protocol::Udp, 0);
    const auto f3 = h.fw(2 * kSecond, "10.20.0.150", "198.51.100.9", 22, 0, 0, FirewallAction::Deny, Protocol::Tcp, 0, ConnState::S0);
    CHECK(h.rows("dport=22") == Rows{f3});
    CHECK(h.rows("dport<1024 dport>100") == Rows{f1, f2});
    CHECK(h.rows("proto=UDP") == Rows{f2});
    CHECK(h.rows("action=DENY") == Rows{f3});
    CHECK(h.rows("state=S0") == Rows{f3});
    CHECK(h.rows("bytes>10000") == Rows{f1});
    CHECK(h.rows("bytes=96") == Rows{f2});
    CHECK(h.rows("duration>3") == Rows{f1});     // seconds
    CHECK(h.rows("duration=3.5") == Rows{f1});
    CHECK(h.rows("duration>=1m") == Rows{});
    CHECK(h.rows("destination.port=443") == Rows{f1});

    const auto d1 = h.dhcp(10 * kSecond, DhcpMessage::Discover, nullptr, 0, "ws-01");
    const auto d2 = h.dhcp(11 * kSecond, DhcpMessage::Ack, "10.20.0.101", 0, "ws-01");
    const auto d3 = h.dhcp(12 * kSecond, DhcpMessage::Ack, "10.20.0.150", 2, "lt-01");
    CHECK(h.rows("msg=DHCPACK") == Rows{d2, d3});
    CHECK(h.rows("mac=8c:16:45:*") == Rows{d3});
    CHECK(h.rows("mac=3C:52:82:00:00:01") == Rows{d1, d2});
    CHECK(h.rows("ip=-") == Rows{d1});
    CHECK(h.rows("hostname=lt-*") == Rows{d3});

    h.auth(20 * kSecond, "10.20.0.101", "tanaka", AuthOutcome::Success, 2);
    const auto u2 = h.auth(21 * kSecond, "203.0.113.9", "root", AuthOutcome::BadPassword, 3);
    const auto u3 = h.auth(22 * kSecond, "203.0.113.9", "admin", AuthOutcome::UnknownUser, 10);
    CHECK(h.rows("event_id=4625") == Rows{u2, u3});
    CHECK(h.rows("event_id>4624") == Rows{u2, u3});
    CHECK(h.rows("outcome=bad_password OR outcome=unknown_user") == Rows{u2, u3});
    CHECK(h.rows("status=0xC0000064") == Rows{u3});
    CHECK(h.rows("logon_type=10") == Rows{u3});
    CHECK(h.rows("user=ROOT") == Rows{u2});
    CHECK(h.rows("TargetUserName=admin") == Rows{u3});
}

TEST_CASE("time ranges: relative to now, absolute in local time, by the minute", "[query][eval][time]") {
    HandMadeLogs h;
    std::vector<std::uint32_t> r;
    for (int m = 0; m < 60; m += 10) r.push_back(h.dns(m * kMinute, "10.20.0.101", "a.example"));  // 09:00 .. 09:50
    const SimTime now = h.t0 + 55 * kMinute;                                                        // 09:55
    CHECK(h.rows("earliest=-15m", Source::Dns, now) == Rows{r[4], r[5]});
    CHECK(h.rows("earliest=-15m latest=now", Source::Dns, now) == Rows{r[4], r[5]});
    CHECK(h.rows("earliest=-30m latest=-10m", Source::Dns, now) == Rows{r[3], r[4]});
    CHECK(h.rows("earliest=@h", Source::Dns, now) == r);  // from 09:00 local
    CHECK(h.rows("earliest=-1h@h", Source::Dns, now) == r);
    CHECK(h.rows("time>=\"2026-03-02 09:30\"") == Rows{r[3], r[4], r[5]});
    CHECK(h.rows("time<\"2026-03-02 09:30\"") == Rows{r[0], r[1], r[2]});
    CHECK(h.rows("time=\"2026-03-02 09:20\"") == Rows{r[2]});  // the whole minute
    CHECK(h.rows("time>\"2026-03-02 09:20\"") == Rows{r[3], r[4], r[5]});
    CHECK(h.rows("time<=\"2026-03-02 09:20\"") == Rows{r[0], r[1], r[2]});
    CHECK(h.rows("time=2026-03-02") == r);                   // the whole day
    CHECK(h.rows("time>=09:40", Source::Dns, now) == Rows{r[4], r[5]});  // today, local
    CHECK(h.rows("time>=\"2026-03-02T00:30:00Z\"") == Rows{r[3], r[4], r[5]});  // written with its offset
    CHECK(h.rows("earliest=\"2026-03-02 09:10\" latest=\"2026-03-02 09:30\"") == Rows{r[1], r[2]});
    CHECK(h.rows("time=*09:2*") == Rows{r[2]});  // a pattern on the shown text
}

TEST_CASE("free words match the raw line, and combine with fields", "[query][eval]") {
    HandMadeLogs h;
    const auto a = h.dns(0, "10.20.0.101", "www.google.com");
    const auto b = h.dns(kMinute, "10.20.0.102", "evil.example", logs::DnsType::TXT);
    const auto u = h.auth(kMinute, "10.20.0.101", "tanaka", logs::AuthOutcome::BadPassword);
    CHECK(h.rows("google", Source::Dns) == Rows{a});
    CHECK(h.rows("IN TXT", Source::Dns) == Rows{b});
    CHECK(h.rows("\"IN TXT\"", Source::Dns) == Rows{b});
    CHECK(h.rows("named*evil", Source::Dns) == Rows{b});
    CHECK(h.rows("NOT google", Source::Dns) == Rows{b});
    CHECK(h.rows("10.20.0.102 OR google", Source::Dns) == Rows{a, b});
    CHECK(h.rows("(google OR evil) src=10.20.0.102", Source::Dns) == Rows{b});
    CHECK(h.rows("\"failed to log on\"", Source::Auth) == Rows{u});
}

TEST_CASE("stats: count, dc, sum, avg, min, max, by one or more fields", "[query][eval][stats]") {
    HandMadeLogs h;
    auto c2 = [&](Millis t) { h.dns(t, "10.20.0.101", "c2.example", logs::DnsType::A, logs::DnsRcode::NoError, "198.51.100.1", 0); };
    c2(0);
    h.dns(1, "10.20.0.101", "www.google.com");
    h.dns(7, "10.20.0.102", "www.google.com", logs::DnsType::A, logs::DnsRcode::NoError, "192.0.2.10", 60);
    c2(kMinute);
    h.dns(kMinute + 1, "10.20.0.101", "www.google.com");
    for (int i = 2; i < 5; ++i) c2(i * kMinute);

    auto t = h.table("| stats count", Source::Dns);
    REQUIRE(t.size() == 1);
    CHECK(t.columns() == std::vector<std::string>{"count"});
    CHECK(t.cell(0, 0).text == "8");
    CHECK(t.cell(0, 0).kind == logs::Cell::Kind::Number);

    t = h.table("| stats count by src, query");
    CHECK(t.columns() == std::vector<std::string>{"src", "query", "count"});
    // Ordered by the by-fields: addresses as numbers, text as text.
    CHECK(column(t, "src") == std::vector<std::string>{"10.20.0.101", "10.20.0.101", "10.20.0.102"});
    CHECK(column(t, "query") == std::vector<std::string>{"c2.example", "www.google.com", "www.google.com"});
    CHECK(column(t, "count") == std::vector<std::string>{"5", "2", "1"});
    CHECK(t.cell(0, 0).kind == logs::Cell::Kind::Address);

    t = h.table("| stats count by src, query | sort -count | head 1");
    REQUIRE(t.size() == 1);
    CHECK(t.cell(0, 1).text == "c2.example");

    t = h.table("| stats dc(query) as names, count by src");
    CHECK(t.columns() == std::vector<std::string>{"src", "names", "count"});
    CHECK(column(t, "names") == std::vector<std::string>{"2", "1"});

    t = h.table("| stats sum(ttl), avg(ttl), min(ttl), max(ttl), min(time) by query");
    CHECK(column(t, "query") == std::vector<std::string>{"c2.example", "www.google.com"});
    CHECK(column(t, "sum(ttl)") == std::vector<std::string>{"0", "660"});
    CHECK(column(t, "avg(ttl)") == std::vector<std::string>{"0", "220"});
    CHECK(column(t, "min(ttl)") == std::vector<std::string>{"0", "60"});
    CHECK(column(t, "max(ttl)") == std::vector<std::string>{"0", "300"});
    CHECK(column(t, "min(time)") == std::vector<std::string>{"2026-03-02 09:00:00.000", "2026-03-02 09:00:00.001"});

    t = h.table("| stats count by src, query, qtype");  // three by-fields
    CHECK(column(t, "count") == std::vector<std::string>{"5", "2", "1"});

    t = h.table("| stats count by qtype, rcode");
    CHECK(column(t, "qtype") == std::vector<std::string>{"A"});

    t = h.table("query=nothing | stats count");
    REQUIRE(t.size() == 1);
    CHECK(t.cell(0, 0).text == "0");
    t = h.table("query=nothing | stats count by src");
    CHECK(t.empty());
}

TEST_CASE("stats counts past 16 bits and past the grid give the same answers", "[query][eval][stats]") {
    HandMadeLogs h;
    // One cell counted more than 65,536 times (the grid's counters wrap into a side table).
    for (int i = 0; i < 70000; ++i) h.dns(i, "10.20.0.101", "busy.example");
    h.dns(70001, "10.20.0.102", "busy.example");
    auto t = h.table("| stats count by src, query");
    CHECK(column(t, "count") == std::vector<std::string>{"70000", "1"});
    t = h.table("| stats count by query, src");  // the text field is the grid's rows either way
    CHECK(column(t, "src") == std::vector<std::string>{"10.20.0.101", "10.20.0.102"});
    CHECK(column(t, "count") == std::vector<std::string>{"70000", "1"});

    // 300 names x source ports near 60,000: too many cells for a grid, so a hash table counts.
    HandMadeLogs w;
    for (int q = 0; q < 300; ++q)
        for (int k = 0; k < 3; ++k) {
            const auto i = w.dns(q * 10 + k, "10.20.0.101", ("n" + std::to_string(1000 + q) + ".example").c_str());
            const_cast<logs::Event&>(w.store.at(i)).src_port = static_cast<std::uint16_t>(60000 + k);
        }
    t = w.table("| stats count by query, sport | sort -count, -sport | head 2");
    CHECK(column(t, "query") == std::vector<std::string>{"n1000.example", "n1001.example"});
    CHECK(column(t, "sport") == std::vector<std::string>{"60002", "60002"});
    CHECK(column(t, "count") == std::vector<std::string>{"1", "1"});
    t = w.table("| stats count, dc(sport) by query | where count=3 | stats count");
    CHECK(t.size() == 0);  // a second stats is refused: the table stays empty
    t = w.table("| stats count, dc(sport) as ports by query | where ports=3");
    CHECK(t.size() == 300);
}

TEST_CASE("commands after stats: where, sort, head, tail, table, dedup", "[query][eval][stats]") {
    HandMadeLogs h;
    const char* srcs[] = {"10.20.0.101", "10.20.0.102", "10.20.0.150", "10.30.0.9"};
    for (int s = 0; s < 4; ++s)
        for (int i = 0; i <= s * 5; ++i) h.dns(s * kMinute + i, srcs[s], s % 2 ? "b.example" : "a.example");
    // counts: .101 -> 1, .102 -> 6, .150 -> 11, 10.30.0.9 -> 16
    auto t = h.table("| stats count by src | where count > 5 | sort -count");
    CHECK(column(t, "src") == std::vector<std::string>{"10.30.0.9", "10.20.0.150", "10.20.0.102"});
    t = h.table("| stats count by src | where count >= 6 AND src=10.20.0.0/24");
    CHECK(column(t, "src") == std::vector<std::string>{"10.20.0.102", "10.20.0.150"});
    t = h.table("| stats count by src | where NOT src=10.20.0.0/24 OR count=1");
    CHECK(column(t, "src") == std::vector<std::string>{"10.20.0.101", "10.30.0.9"});
    t = h.table("| stats count by src | sort +src");
    CHECK(column(t, "src") == std::vector<std::string>{"10.20.0.101", "10.20.0.102", "10.20.0.150", "10.30.0.9"});
    t = h.table("| stats count by src | sort -count | tail 2");
    CHECK(column(t, "count") == std::vector<std::string>{"6", "1"});
    t = h.table("| stats count by src, query | table query, count");
    CHECK(t.columns() == std::vector<std::string>{"query", "count"});
    t = h.table("| stats count by src, query | dedup query | table query");
    CHECK(column(t, "query") == std::vector<std::string>{"a.example", "b.example"});
    t = h.table("| stats count by src, query | sort query, -count");
    CHECK(column(t, "count") == std::vector<std::string>{"11", "1", "16", "6"});
}

TEST_CASE("commands on rows: sort, head, tail, dedup, where, table", "[query][eval]") {
    HandMadeLogs h;
    const auto a = h.dns(0, "10.20.0.101", "b.example", logs::DnsType::A, logs::DnsRcode::NoError, "192.0.2.1", 30);
    const auto b = h.dns(1, "10.20.0.102", "a.example", logs::DnsType::A, logs::DnsRcode::NoError, "192.0.2.1", 10);
    const auto c = h.dns(2, "10.20.0.101", "c.example", logs::DnsType::A, logs::DnsRcode::NoError, "192.0.2.1", 20);
    const auto d = h.dns(3, "10.20.0.101", "a.example", logs::DnsType::A, logs::DnsRcode::NoError, "192.0.2.1", 20);
    CHECK(h.rows("| head 2", Source::Dns) == Rows{a, b});
    CHECK(h.rows("| tail 1", Source::Dns) == Rows{d});
    CHECK(h.rows("| sort -ttl", Source::Dns) == Rows{a, c, d, b});  // ties stay in time order
    CHECK(h.rows("| sort query, -time", Source::Dns) == Rows{d, b, a, c});
    CHECK(h.rows("| sort -ttl | head 2", Source::Dns) == Rows{a, c});
    CHECK(h.rows("| dedup src", Source::Dns) == Rows{a, b});
    CHECK(h.rows("| dedup src, query", Source::Dns) == Rows{a, b, c, d});
    CHECK(h.rows("| where ttl < 25", Source::Dns) == Rows{b, c, d});
    CHECK(h.rows("| sort ttl | where query=a.example OR ttl>25", Source::Dns) == Rows{b, d, a});
    CHECK(h.rows("| head 3 | where src=10.20.0.101", Source::Dns) == Rows{a, c});
    CHECK(h.rows("| where src=10.20.0.101 | head 3 | tail 1", Source::Dns) == Rows{d});
    CHECK(h.rows("| head 0", Source::Dns) == Rows{});

    const auto q = Query::parse("src=10.20.0.101 | table query, ttl", Source::Dns);
    REQUIRE(q.ok());
    logs::QueryRun run(q, h.scenario, h.store, h.t0);
    run.step();
    CHECK(run.columns() == std::vector<std::string>{"query", "ttl"});
    CHECK(run.rows() == Rows{a, c, d});
    CHECK_FALSE(run.is_table());

    // stats after row commands that need all rows (a sort, a tail).
    auto t = h.table("| sort -ttl | head 2 | stats count by query");
    CHECK(column(t, "query") == std::vector<std::string>{"b.example", "c.example"});
    t = h.table("| dedup src | stats count by query");
    CHECK(column(t, "query") == std::vector<std::string>{"a.example", "b.example"});
}

TEST_CASE("evaluating in chunks gives what one pass gives", "[query][eval][chunks]") {
    HandMadeLogs h;
    std::mt19937 rng(3);
    const char* names[] = {"a.example", "b.example", "c2.evil.net", "www.google.com", "x7f3.example"};
    for (int i = 0; i < 5000; ++i) {
        const std::string src = "10.20.0." + std::to_string(100 + rng() % 20);
        h.dns(i * 500, src.c_str(), names[rng() % 5], rng() % 7 == 0 ? logs::DnsType::TXT : logs::DnsType::A,
              rng() % 5 == 0 ? logs::DnsRcode::NxDomain : logs::DnsRcode::NoError, "192.0.2.1",
              static_cast<std::uint16_t>(rng() % 400));
    }
    for (const char* text : {"query=*.example", "qtype=TXT OR rcode=NXDOMAIN", "NOT (ttl>100 src=10.20.0.100/30)",
                             "evil | dedup src", "| stats count by src, query | sort -count", "query~^[a-z]\\. | head 50",
                             "| stats dc(query), avg(ttl) by src | where avg(ttl) > 150", "ttl>300 | tail 7"}) {
        INFO(text);
        const auto q = Query::parse(text, Source::Dns);
        REQUIRE(q.ok());
        logs::QueryRun whole(q, h.scenario, h.store, h.t0);
        CHECK(whole.step());
        logs::QueryRun pieces(q, h.scenario, h.store, h.t0);
        int steps = 0;
        while (!pieces.step(333)) {
            CHECK(pieces.progress() < 1.0);
            ++steps;
        }
        if (std::string_view(text).find("head") == std::string_view::npos) CHECK(steps > 0);  // a full head stops early
        CHECK(pieces.progress() == 1.0);
        if (q.has_stats()) {
            const auto& a = pieces.table();
            const auto& b = whole.table();
            CHECK(a.size() == b.size());
            for (std::size_t r = 0; r < b.size(); ++r)
                for (std::size_t c = 0; c < b.columns().size(); ++c) CHECK(a.cell(r, c).text == b.cell(r, c).text);
        } else {
            CHECK(pieces.rows() == whole.rows());
        }
    }
}

TEST_CASE("a run keeps up with records that arrive later", "[query][eval][incremental]") {
    HandMadeLogs h;
    for (int i = 0; i < 10; ++i) h.dns(i * kSecond, "10.20.0.101", i % 2 ? "c2.example" : "www.google.com");
    const auto q = Query::parse("query=c2.example", Source::Dns);
    const auto s = Query::parse("| stats count by query", Source::Dns);
    logs::QueryRun rows(q, h.scenario, h.store, h.t0);
    logs::QueryRun stats(s, h.scenario, h.store, h.t0);
    rows.step();
    stats.step();
    CHECK(rows.rows().size() == 5);
    CHECK(column(stats.table(), "count") == std::vector<std::string>{"5", "5"});
    for (int i = 10; i < 20; ++i) h.dns(i * kSecond, "10.20.0.101", i % 2 ? "c2.example" : "new.example");
    CHECK_FALSE(rows.caught_up());
    CHECK(rows.scanned() == 10);
    rows.step();
    stats.step();
    CHECK(rows.rows().size() == 10);
    CHECK(rows.matched() == 10);
    CHECK(column(stats.table(), "query") == std::vector<std::string>{"c2.example", "new.example", "www.google.com"});
    CHECK(column(stats.table(), "count") == std::vector<std::string>{"10", "5", "5"});
    // A fresh run over the same store agrees.
    logs::QueryRun again(q, h.scenario, h.store, h.t0);
    again.step();
    CHECK(again.rows() == rows.rows());

    // A head that is full stops looking.
    const auto first = Query::parse("| head 3", Source::Dns);
    logs::QueryRun head(first, h.scenario, h.store, h.t0);
    head.step();
    h.dns(30 * kSecond, "10.20.0.101", "late.example");
    CHECK(head.step());
    CHECK(head.rows().size() == 3);
}

TEST_CASE("a field compares like its rendered text, for every field of every source", "[query][eval][consistency]") {
    static const scenario::Scenario s = [] {
        auto loaded = scenario::load_file(std::string(SOCSIM_SOURCE_DIR) + "/scenarios/dns-beaconing.yaml");
        REQUIRE(loaded.ok());
        return std::move(*loaded.value);
    }();
    sim::Engine engine(s, 1);
    engine.advance_to(engine.start() + 3 * kHour);
    const auto& store = engine.logs();
    const logs::Renderer r(s, store);
    for (int si = 0; si < logs::kSourceCount; ++si) {
        const auto source = static_cast<Source>(si);
        const auto& list = store.of(source);
        REQUIRE(list.size() > 10);
        for (std::size_t i = 0; i < list.size(); i += list.size() / 7) {
            const auto& e = store.at(list[i]);
            for (const auto& f : logs::fields_of(source)) {
                const std::string text = r.field(e, f.name);
                const std::string query = std::string(f.name) + "=\"" + text + "\"";
                INFO(query);
                const auto q = Query::parse(query, source);
                REQUIRE(q.ok());
                logs::ConditionScan scan(q.search(), r, engine.now());
                CHECK(scan.matches(e));
            }
        }
    }
}

TEST_CASE("the beacon is the top pair of the DNS-beaconing scenario", "[query][eval][scenario]") {
    static const scenario::Scenario s = [] {
        auto loaded = scenario::load_file(std::string(SOCSIM_SOURCE_DIR) + "/scenarios/dns-beaconing.yaml");
        REQUIRE(loaded.ok());
        return std::move(*loaded.value);
    }();
    sim::Engine engine(s, 1);
    engine.advance_to(engine.end());
    const auto& played = engine.scenario();  // the variant seed 1 plays
    const auto q = Query::parse("| stats count by src, query | sort -count | head 5");
    REQUIRE(q.ok());
    logs::QueryRun run(q, played, engine.logs(), engine.now());
    run.step();
    const auto& t = run.table();
    REQUIRE(t.size() == 5);
    CHECK(t.cell(0, 1).text == played.attack.front().c2_domain);
    CHECK(t.cell(0, 0).text == format_ipv4(played.find_host(played.attack.front().host)->ip));
}

// ---------------------------------------------------------------------------------------------
// The filter box over the language
// ---------------------------------------------------------------------------------------------

TEST_CASE("the filter box takes the search language but not commands", "[query][filter]") {
    HandMadeLogs h;
    const auto a = h.dns(0, "10.20.0.101", "www.google.com");
    const auto b = h.dns(kSecond, "10.20.0.102", "evil.example", logs::DnsType::TXT);
    const logs::Renderer r(h.scenario, h.store);
    auto f = logs::Filter::parse("qtype=TXT OR query=www.*", Source::Dns);
    REQUIRE(f.ok());
    std::vector<std::uint32_t> out;
    f.scan(r, h.store, Source::Dns, 0, SIZE_MAX, out);
    CHECK(out == Rows{a, b});
    CHECK(f.matches(r, h.store.at(b)));
    f = logs::Filter::parse("evil | stats count", Source::Dns);
    REQUIRE_FALSE(f.ok());
    CHECK(f.error()->key == "query.filter_commands");
    CHECK(f.error()->column == 8);
    // Without a clock, relative times count from the newest record.
    f = logs::Filter::parse("earliest=-1ms", Source::Dns);
    out.clear();
    f.scan(r, h.store, Source::Dns, 0, SIZE_MAX, out);
    CHECK(out == Rows{b});
    f = logs::Filter::parse("earliest=-1ms", Source::Dns, h.t0 + kHour);
    out.clear();
    f.scan(r, h.store, Source::Dns, 0, SIZE_MAX, out);
    CHECK(out.empty());
}

// ---------------------------------------------------------------------------------------------
// Completion and history
// ---------------------------------------------------------------------------------------------

namespace {

std::vector<std::string> completions(const std::string& text, std::size_t cursor, Source source = Source::Dns) {
    std::vector<std::string> out;
    for (const auto& c : logs::complete(text, cursor, source)) out.push_back(c.text);
    return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

TEST_CASE("completion offers fields, commands, functions and names", "[query][complete]") {
    auto c = completions("qu", 2);
    CHECK(c == std::vector<std::string>{"query"});
    c = completions("", 0);
    CHECK(has(c, "src"));
    CHECK(has(c, "query"));
    CHECK(has(c, "earliest"));
    CHECK_FALSE(has(c, "stats"));
    c = completions("src=10.20.0.5 | st", 18);
    CHECK(c == std::vector<std::string>{"stats"});
    c = completions("x | ", 4);
    CHECK(has(c, "stats"));
    CHECK(has(c, "dedup"));
    c = completions("| stats d", 9);
    CHECK(c == std::vector<std::string>{"dc("});
    c = completions("| stats count by sr", 19);
    CHECK(c == std::vector<std::string>{"src"});
    c = completions("| stats dc(us", 13, Source::Auth);
    CHECK(c == std::vector<std::string>{"user"});
    c = completions("qtype=T", 7);
    CHECK(c == std::vector<std::string>{"TXT"});
    c = completions("rcode=", 6);
    CHECK(has(c, "NXDOMAIN"));
    c = completions("| stats count by src | sort -co", 31);
    CHECK(c == std::vector<std::string>{"count"});
    c = completions("dp", 2, Source::Firewall);
    CHECK(c == std::vector<std::string>{"dport"});
    // The part to replace is the word under the cursor.
    const auto full = logs::complete("src=1 qu", 8, Source::Dns);
    REQUIRE(full.size() == 1);
    CHECK(full[0].replace_from == 6);
    CHECK(full[0].replace_to == 8);
    // Anything at all, anywhere: no crash.
    for (std::size_t i = 0; i <= 40; ++i) logs::complete("(a | stats \"x\" by ) | sort -\xff", i, Source::Dns);
    CHECK(logs::complete("abc", 999, Source::Dns).size() <= 100);
}

TEST_CASE("history: most recent first, no repeats, capped, kept as a list", "[query][history]") {
    logs::QueryHistory h(3);
    h.add("a");
    h.add("b");
    h.add("  ");
    h.add("a");
    CHECK(h.entries() == std::vector<std::string>{"a", "b"});
    h.add("c");
    h.add("d");
    CHECK(h.entries() == std::vector<std::string>{"d", "c", "a"});
    h.add(" c ");  // trimmed: a repeat
    CHECK(h.entries() == std::vector<std::string>{"c", "d", "a"});
    CHECK(h.matching("d") == std::vector<std::string>{"d"});
    const auto again = logs::QueryHistory::from_list(h.to_list(), 3);
    CHECK(again.entries() == h.entries());
    const auto cut = logs::QueryHistory::from_list({"x", "y", "x", "", "z", "w"}, 3);
    CHECK(cut.entries() == std::vector<std::string>{"x", "y", "z"});
}

TEST_CASE("a UI's table is ordered on a worker thread and agrees with table()", "[query][eval][stats][worker]") {
    HandMadeLogs h;
    for (int i = 0; i < 3000; ++i)
        h.dns(i * kSecond, i % 3 ? "10.20.0.101" : "10.20.0.102", ("n" + std::to_string(i % 700) + ".example").c_str());
    const auto q = Query::parse("| stats count by src, query | sort -count, query | head 5", Source::Dns);
    logs::QueryRun ui(q, h.scenario, h.store, h.t0);
    logs::QueryRun cli(q, h.scenario, h.store, h.t0);
    ui.step();
    cli.step();
    // The first ask starts the worker; the table made before (none) stands meanwhile.
    if (!ui.table_ready()) {
        CHECK(ui.ordering());
        CHECK(ui.last_table().empty());
        // Records that arrive meanwhile wait: the worker reads the counts.
        h.dns(4000 * kSecond, "10.20.0.101", "late.example");
        CHECK_FALSE(ui.step());
        while (!ui.table_ready()) {}
    }
    CHECK_FALSE(ui.ordering());
    CHECK(column(ui.table(), "query") == column(cli.table(), "query"));
    CHECK(column(ui.table(), "count") == column(cli.table(), "count"));
    CHECK(ui.table().size() == 5);
    CHECK(ui.last_table().size() == 5);
    // The late record counts at the next step; the table is then out of date and made again.
    ui.step();
    cli.step();
    while (!ui.table_ready()) {}
    CHECK(column(ui.table(), "query") == column(cli.table(), "query"));

    // A `where` on a by-field's text reads the store: made at once, on the caller's thread.
    const auto w = Query::parse("| stats count by query | where query=n1*", Source::Dns);
    logs::QueryRun at_once(w, h.scenario, h.store, h.t0);
    at_once.step();
    CHECK(at_once.table_ready());
    CHECK_FALSE(at_once.ordering());
    CHECK(at_once.table().size() == 111);  // n1, n10-n19, n100-n199
}

TEST_CASE("stats past the grid's room: the grid keeps its groups and the rest are hashed beside it", "[query][eval][stats]") {
    // The first block's ports (1..3) make a small grid; port 60,000 then needs 60,001 columns
    // for some 200 rows, more than the grid may hold, so the grid stops growing: records inside
    // it keep being counted there, the others (port 60,000, and names first seen later) in the
    // hash table. Every count must come out once, in by-field order, whichever side held it.
    HandMadeLogs h;
    std::map<std::pair<std::string, int>, int> expected;
    int t = 0;
    auto add = [&](const std::string& name, int port) {
        const auto i = h.dns(t++, "10.20.0.101", name.c_str());
        const_cast<logs::Event&>(h.store.at(i)).src_port = static_cast<std::uint16_t>(port);
        ++expected[{name, port}];
    };
    auto name = [](int q) { return "n" + std::to_string(1000 + q) + ".example"; };
    for (int q = 0; q < 200; ++q)
        for (int p = 1; p <= 3; ++p) add(name(q), p);
    for (int i = 0; i < 70000; ++i) add(name(7), 2);  // a grid cell past 16 bits
    for (int q = 0; q < 200; q += 3) add(name(q), 60000);
    for (int q = 300; q < 340; ++q)
        for (int p = 1; p <= 2; ++p) add(name(q), p);
    add(name(7), 60000);

    std::vector<std::string> queries, ports, counts;
    for (const auto& [key, n] : expected) {
        queries.push_back(key.first);
        ports.push_back(std::to_string(key.second));
        counts.push_back(std::to_string(n));
    }
    auto t1 = h.table("| stats count by query, sport");
    CHECK(column(t1, "query") == queries);
    CHECK(column(t1, "sport") == ports);
    CHECK(column(t1, "count") == counts);

    // Not only counts: the grid then holds group numbers, and the same split applies.
    auto t2 = h.table("| stats count, max(sport) as top by query, sport");
    CHECK(column(t2, "query") == queries);
    CHECK(column(t2, "count") == counts);
    CHECK(column(t2, "top") == ports);

    // The other order of the by-fields: sorted by port first.
    std::vector<std::pair<int, std::string>> by_port;
    for (const auto& [key, n] : expected) by_port.emplace_back(key.second, key.first);
    std::sort(by_port.begin(), by_port.end());
    std::vector<std::string> port_then_query;
    for (const auto& [p, q] : by_port) port_then_query.push_back(std::to_string(p) + " " + q);
    auto t3 = h.table("| stats count by sport, query");
    const auto p3 = column(t3, "sport"), q3 = column(t3, "query");
    REQUIRE(p3.size() == q3.size());
    std::vector<std::string> got;
    for (std::size_t i = 0; i < p3.size(); ++i) got.push_back(p3[i] + " " + q3[i]);
    CHECK(got == port_then_query);
    CHECK(h.table("| stats count by query, sport | where count > 60000 | table query").size() == 1);
}

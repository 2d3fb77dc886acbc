// The SQL console: right answers over known records, every refusal the issue lists, the time
// limit on a runaway query, incremental ingest, no ground truth, and the worker thread.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "core/common/random.h"
#include "core/scenario/loader.h"
#include "core/sim/engine.h"
#include "core/sql/sql_console.h"
#include "hand_made_logs.h"

using namespace socsim;
using socsim::sql::SqlOutcome;

namespace {

// Hand-made records loaded into a console's tables.
struct Console {
    testing::HandMadeLogs logs;
    std::unique_ptr<sql::SqlTables> tables;
    sql::FeedCursor cursor;

    explicit Console(sql::SqlLimits limits = {}) {
        logs.dns(0, "10.20.0.101", "www.example.com");
        logs.dns(1000, "10.20.0.101", "qx7fz2.badcdn.net", logs::DnsType::A, logs::DnsRcode::NxDomain, nullptr);
        logs.dns(2000, "10.20.0.101", "pl0ak3.badcdn.net", logs::DnsType::A, logs::DnsRcode::NxDomain, nullptr);
        logs.dns(3000, "10.20.0.102", "www.example.com");
        logs.fw(4000, "10.20.0.102", "203.0.113.5", 443, 700, 9000);
        logs.dhcp(5000, logs::DhcpMessage::Ack, "10.20.0.150", 2, "lt-01");
        logs.auth(6000, "10.20.0.150", "alice", logs::AuthOutcome::BadPassword);
        tables = std::make_unique<sql::SqlTables>(logs.scenario, limits);
        ingest();
    }
    void ingest() {
        sql::RecordBatch batch;
        sql::take_new_records(logs.store, cursor, batch);
        tables->ingest(batch);
    }
    sql::SqlResult run(const std::string& q) { return tables->run(q); }
    // The single value of a one-row, one-column result ("<error>" otherwise, to fail visibly).
    std::string value(const std::string& q) {
        const auto r = run(q);
        INFO(q << " -> " << r.error_key << " " << r.detail);
        if (!r.ok() || r.row_count() != 1 || r.columns.size() != 1) return "<error>";
        return r.cell(0, 0).value_or("NULL");
    }
};

Catalog catalog() {
    Catalog c;
    c.load(std::string(SOCSIM_SOURCE_DIR) + "/assets/i18n");
    return c;
}

}  // namespace

TEST_CASE("the SQL console answers over the known records", "[sql]") {
    Console c;
    CHECK(c.tables->records() == 7);
    CHECK(c.value("SELECT count(*) FROM dns") == "4");
    CHECK(c.value("SELECT count(*) FROM dns WHERE rcode = 'NXDOMAIN'") == "2");
    CHECK(c.value("SELECT src FROM dns GROUP BY src ORDER BY count(*) DESC LIMIT 1") == "10.20.0.101");
    CHECK(c.value("SELECT answer FROM dns WHERE query = 'qx7fz2.badcdn.net'") == "NULL");  // no answer is NULL
    CHECK(c.value("SELECT time FROM dns ORDER BY ts LIMIT 1") == "2026-03-02T09:00:00.000+09:00");
    CHECK(c.value("SELECT ts FROM dns WHERE query = 'qx7fz2.badcdn.net'") ==
          std::to_string((c.logs.t0 + 1000) / 1000) + ".0");
    CHECK(c.value("SELECT sent + received FROM firewall") == "9700");
    CHECK(c.value("SELECT bytes FROM firewall WHERE dport = 443 AND action = 'ALLOW'") == "9700");
    CHECK(c.value("SELECT duration FROM firewall") == "1.2");
    CHECK(c.value("SELECT mac || ' ' || hostname FROM dhcp WHERE msg = 'DHCPACK'") == "8c:16:45:00:00:03 lt-01");
    CHECK(c.value("SELECT event_id || ' ' || status || ' ' || user FROM auth") == "4625 0xC000006A alice");
    // A CTE and a window function are reads too.
    CHECK(c.value("WITH n AS (SELECT src, count(*) AS k FROM dns GROUP BY src) SELECT max(k) FROM n") == "3");
    CHECK(c.value("SELECT count(*) FROM (SELECT row_number() OVER (ORDER BY ts) FROM dns)") == "4");

    const auto r = c.run("SELECT query, length(query) AS len FROM dns ORDER BY len DESC, query");
    REQUIRE(r.ok());
    REQUIRE(r.columns == std::vector<std::string>{"query", "len"});
    REQUIRE(r.row_count() == 4);
    CHECK(*r.cell(0, 0) == "pl0ak3.badcdn.net");
    CHECK(!r.truncated);
}

TEST_CASE("the SQL console's tables have the explorer's columns, time as text and as a number", "[sql]") {
    const auto& tables = sql::sql_tables();
    REQUIRE(tables.size() == 4);
    CHECK(tables[0].name == "dns");
    std::vector<std::string> dns;
    for (const auto& col : tables[0].columns) dns.push_back(col.name);
    CHECK(dns == std::vector<std::string>{"time", "ts", "src", "query", "qtype", "rcode", "answer", "ttl", "dst", "sport"});
    // Every column the log explorer shows is a column here.
    for (const auto& t : tables)
        for (const auto& shown : logs::columns(t.source)) {
            INFO(t.name << "." << shown.field);
            CHECK(std::any_of(t.columns.begin(), t.columns.end(), [&](const auto& col) { return col.name == shown.field; }));
        }
}

TEST_CASE("the SQL console refuses anything but one read-only statement", "[sql][refusals]") {
    Console c;
    const auto refused = [&](const std::string& q, const char* key = "sql.refused") {
        const auto r = c.run(q);
        INFO(q << " -> " << r.error_key << " / " << r.what << " / " << r.detail);
        CHECK(r.outcome == SqlOutcome::Refused);
        CHECK(r.error_key == key);
        CHECK(r.cells.empty());
        return r;
    };
    CHECK(refused("INSERT INTO dns (query) VALUES ('evil.example')").what == "INSERT");
    CHECK(refused("UPDATE dns SET query = 'x'").what == "UPDATE");
    CHECK(refused("DELETE FROM auth").what == "DELETE");
    CHECK(refused("CREATE TABLE notes (t TEXT)").what == "CREATE");
    CHECK(refused("CREATE TEMP VIEW v AS SELECT 1").what == "CREATE");
    CHECK(refused("DROP TABLE dns").what == "DROP");
    CHECK(refused("ALTER TABLE dns ADD COLUMN x").what == "ALTER");
    CHECK(refused("ATTACH '/tmp/socsim-trainee.db' AS trainee").what == "ATTACH");
    CHECK(refused("ATTACH ':memory:' AS m").what == "ATTACH");
    CHECK(refused("DETACH main").what == "DETACH");
    CHECK(refused("PRAGMA table_info(dns)").what == "PRAGMA");
    CHECK(refused("PRAGMA journal_mode").what == "PRAGMA");
    CHECK(refused("PRAGMA writable_schema = ON").what == "PRAGMA");
    refused("SELECT * FROM pragma_table_info('dns')");  // a pragma as a table: refused all the same
    CHECK(refused("BEGIN").what == "BEGIN");
    CHECK(refused("COMMIT").what == "COMMIT");
    // Writes hidden behind a query's keyword meet the authorizer.
    CHECK(refused("WITH x AS (SELECT 1) DELETE FROM dns").what == "DELETE");
    CHECK(refused("WITH x AS (SELECT 1) INSERT INTO auth (user) SELECT * FROM x").what == "INSERT");
    refused("EXPLAIN DROP TABLE dns");
    CHECK(refused("/* hello */ DROP TABLE dns").what == "DROP");
    CHECK(refused("SAVEPOINT s").what == "SAVEPOINT");
    CHECK(refused("VACUUM INTO '/tmp/socsim-copy.db'").what == "VACUUM");
    CHECK(!std::filesystem::exists("/tmp/socsim-copy.db"));
    CHECK(refused("SELECT load_extension('/tmp/evil.so')").what == "load_extension");
    CHECK(refused("REINDEX").what == "REINDEX");
    CHECK(refused("ANALYZE").what == "ANALYZE");
    refused("SELECT 1; SELECT 2", "sql.two_statements");
    refused("SELECT 1; DROP TABLE dns", "sql.two_statements");
    refused("SELECT 1; garbage", "sql.two_statements");
    refused("", "sql.empty");
    refused("  -- only a comment\n", "sql.empty");
    refused(std::string(30000, ' ') + "SELECT 1", "sql.too_long");
    // Nothing above changed anything.
    CHECK(c.value("SELECT count(*) FROM dns") == "4");
    CHECK(c.value("SELECT count(*) FROM auth") == "1");
    // A trailing semicolon and comments are still one statement.
    CHECK(c.value("SELECT count(*) FROM dhcp; -- the leases\n") == "1");
    // Reading the schema is allowed: it shows the four CREATE TABLEs and nothing else.
    CHECK(c.value("SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master ORDER BY name)") ==
          "auth,dhcp,dns,firewall");
}

TEST_CASE("bad input never crashes the SQL console nor changes its tables", "[sql][refusals][robust]") {
    Console c;
    CHECK(c.run(std::string("SELECT 1\0; DROP TABLE dns", 26)).outcome == SqlOutcome::Refused);  // hidden after a NUL
    CHECK(c.run("SELECT '\xff\xfe' || query FROM dns").ok());                                   // not UTF-8: text all the same
    CHECK(c.run("SELECT * FROM nosuchtable").outcome == SqlOutcome::Error);
    CHECK(c.run("SELECT (((((((((((((((((((((((((1)))))))))))))))))))))))))").ok());
    CHECK(c.run(std::string(5000, '(')).outcome == SqlOutcome::Error);  // too deep: SQLite says so
    // Statements glued from SQL's own words in random order: whatever they are, nothing changes.
    const char* words[] = {"SELECT", "WITH", "RECURSIVE", "x", "AS", "(", ")", "FROM", "dns", "auth", "WHERE", "*",
                           "count(*)", ",", ";", "INSERT", "INTO", "VALUES", "DELETE", "DROP", "TABLE", "PRAGMA",
                           "ATTACH", "'/tmp/x.db'", "UNION", "ALL", "1", "src", "=", "'a'", "--", "/*", "*/",
                           "load_extension('x')", "sqlite_master", "UPDATE", "SET", "query", "CREATE", "VACUUM",
                           "INTO", "BEGIN", "ORDER", "BY", "LIMIT", "GROUP", "JOIN", "ON", "NULL", "\n"};
    Random rng = Random::stream(99, "sql-fuzz");
    int ran = 0;
    for (int i = 0; i < 3000; ++i) {
        std::string q;
        const auto n = rng.uniform_int(1, 12);
        for (std::int64_t k = 0; k < n; ++k) q += std::string(words[rng.uniform_int(0, static_cast<std::int64_t>(std::size(words)) - 1)]) + " ";
        const auto r = c.run(q);
        if (r.ok()) ++ran;
        else CHECK(!r.error_key.empty());
    }
    CHECK(ran > 0);
    CHECK(c.value("SELECT count(*) FROM dns") == "4");
    CHECK(c.value("SELECT count(*) FROM sqlite_master") == "4");
    CHECK(c.tables->records() == 7);
}

TEST_CASE("the SQL console says what went wrong in the trainee's language, SQLite's words appended", "[sql]") {
    Console c;
    const auto tr = catalog();
    const auto bad = c.run("SELECT nosuchcolumn FROM dns");
    CHECK(bad.outcome == SqlOutcome::Error);
    CHECK(bad.error_key == "sql.error");
    CHECK_THAT(bad.message(tr, c.tables->limits()), Catch::Contains("no such column: nosuchcolumn"));
    const auto syntax = c.run("SELEC 1");
    CHECK(syntax.outcome == SqlOutcome::Error);
    CHECK_THAT(syntax.detail, Catch::Contains("syntax error"));
    const auto refused = c.run("PRAGMA journal_mode");
    CHECK_THAT(refused.message(tr, c.tables->limits()), Catch::Contains("PRAGMA"));
    CHECK(c.run("SELECT 1").message(tr, c.tables->limits()).empty());
}

TEST_CASE("the SQL console caps the rows and says so", "[sql]") {
    sql::SqlLimits limits;
    limits.max_rows = 3;
    Console c(limits);
    const auto r = c.run("SELECT query FROM dns");
    CHECK(r.ok());
    CHECK(r.row_count() == 3);
    CHECK(r.truncated);
    CHECK(!c.run("SELECT query FROM dns LIMIT 3").truncated);
    // A value longer than the length limit is an error, not a memory blow-up.
    const auto big = c.run("SELECT zeroblob(2000000)");
    CHECK(big.outcome == SqlOutcome::Error);
}

TEST_CASE("a runaway recursive query is interrupted at the time limit", "[sql][refusals]") {
    sql::SqlLimits limits;
    limits.time_limit = std::chrono::milliseconds(200);
    Console c(limits);
    const auto r = c.run("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n");
    CHECK(r.outcome == SqlOutcome::TimedOut);
    CHECK(r.error_key == "sql.timed_out");
    CHECK(r.cells.empty());
    // The connection is usable afterwards.
    CHECK(c.value("SELECT count(*) FROM dns") == "4");
}

TEST_CASE("the SQL console ingests only the records that arrived since the last time", "[sql]") {
    Console c;
    CHECK(c.value("SELECT count(*) FROM dns") == "4");
    c.ingest();  // nothing new: nothing doubled
    CHECK(c.value("SELECT count(*) FROM dns") == "4");
    c.logs.dns(10000, "10.20.0.102", "brand-new-name.example");  // a new string too
    c.logs.dns(11000, "10.20.0.101", "www.example.com");
    c.logs.auth(12000, "10.20.0.150", "alice", logs::AuthOutcome::Success);
    c.ingest();
    CHECK(c.tables->records() == 10);
    CHECK(c.value("SELECT count(*) FROM dns") == "6");
    CHECK(c.value("SELECT count(*) FROM dns WHERE query = 'www.example.com'") == "3");
    CHECK(c.value("SELECT src FROM dns WHERE query = 'brand-new-name.example'") == "10.20.0.102");
    CHECK(c.value("SELECT group_concat(outcome, ',') FROM auth") == "bad_password,success");
    CHECK(c.value("SELECT group_concat(event_id, ',') FROM auth") == "4625,4624");
    // Each device's own MAC; none for a record of no known device.
    c.logs.dhcp(13000, logs::DhcpMessage::Ack, "10.20.0.101", 0, "ws-01");
    c.logs.dhcp(14000, logs::DhcpMessage::Discover, nullptr, logs::kNoHost, "");
    c.ingest();
    CHECK(c.value("SELECT group_concat(coalesce(mac, 'none') || '/' || msg || '/' || coalesce(ip, 'none'), ',') FROM dhcp") ==
          "8c:16:45:00:00:03/DHCPACK/10.20.0.150,3c:52:82:00:00:01/DHCPACK/10.20.0.101,none/DHCPDISCOVER/none");
}

TEST_CASE("the SQL console holds what the trainee sees and no ground truth", "[sql]") {
    auto loaded = scenario::load_file(std::string(SOCSIM_SOURCE_DIR) + "/scenarios/dns-beaconing.yaml");
    REQUIRE(loaded.ok());
    sim::Engine engine(*loaded.value, 7);
    engine.advance_to(loaded.value->start_time + 2 * kHour);
    sql::SqlLimits limits;
    limits.max_rows = 100000;
    sql::SqlConsole console(engine.scenario(), limits);
    console.feed(engine.logs());
    engine.advance_to(loaded.value->start_time + 3 * kHour);  // fed again as the clock moves
    console.feed(engine.logs());
    REQUIRE(console.run("SELECT name, sql FROM sqlite_master"));
    console.wait_idle();
    auto st = console.status();
    REQUIRE(st.result);
    REQUIRE(st.result->ok());
    CHECK(st.records == engine.logs().size());
    CHECK(st.pending == 0);
    CHECK(st.result->row_count() == 4);  // the four tables, no other
    for (std::size_t i = 0; i < st.result->row_count(); ++i) {
        const std::string create = *st.result->cell(i, 1);
        INFO(create);
        for (const char* word : {"truth", "malicious", "technique", "step"}) CHECK(create.find(word) == std::string::npos);
    }
    // Row for row the store: each source's count, the same first record.
    for (const auto& t : sql::sql_tables()) {
        REQUIRE(console.run("SELECT count(*) FROM " + t.name));
        console.wait_idle();
        st = console.status();
        REQUIRE(st.result->ok());
        INFO(t.name);
        CHECK(*st.result->cell(0, 0) == std::to_string(engine.logs().of(t.source).size()));
    }
    const logs::Renderer renderer(engine.scenario(), engine.logs());
    const auto& first = engine.logs().at(engine.logs().of(logs::Source::Dns).front());
    REQUIRE(console.run("SELECT query, qtype, src FROM dns ORDER BY ts, rowid LIMIT 1"));
    console.wait_idle();
    st = console.status();
    REQUIRE(st.result->ok());
    CHECK(*st.result->cell(0, 0) == renderer.field(first, "query"));
    CHECK(*st.result->cell(0, 1) == renderer.field(first, "qtype"));
    CHECK(*st.result->cell(0, 2) == renderer.field(first, "src"));
}

TEST_CASE("the SQL console's worker: one run at a time, cancel, clean shutdown", "[sql][thread]") {
    testing::HandMadeLogs logs;
    logs.dns(0, "10.20.0.101", "www.example.com");
    sql::SqlLimits limits;
    limits.time_limit = std::chrono::hours(1);  // only the cancel can stop it
    {
        sql::SqlConsole console(logs.scenario, limits);
        console.feed(logs.store);
        REQUIRE(console.run("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"));
        CHECK(!console.run("SELECT 1"));  // busy: refused, not queued
        CHECK(console.status().running);
        console.cancel();
        console.wait_idle();
        const auto st = console.status();
        CHECK(!st.running);
        CHECK(st.finished == 1);
        REQUIRE(st.result);
        CHECK(st.result->outcome == SqlOutcome::Cancelled);
        REQUIRE(console.run("SELECT count(*) FROM dns"));
        console.wait_idle();
        CHECK(*console.status().result->cell(0, 0) == "1");
        CHECK(console.status().finished == 2);
    }
    {
        // Destroyed in the middle of a runaway statement: the destructor interrupts and joins.
        sql::SqlConsole console(logs.scenario, limits);
        console.feed(logs.store);
        REQUIRE(console.run("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"));
    }
    SUCCEED("the console shut down with a statement running");
}

TEST_CASE("every catalog key the SQL console names exists in both languages", "[sql][i18n]") {
    const auto tr = catalog();
    const std::regex key_re(R"re("(sql\.[a-z_]+)")re");
    std::set<std::string> used;
    for (const char* file : {"/src/core/sql/sql_console.cpp", "/src/app/sql_console_panel.cpp"}) {
        std::ifstream in(std::string(SOCSIM_SOURCE_DIR) + file);
        std::stringstream text;
        text << in.rdbuf();
        const std::string s = text.str();
        for (std::sregex_iterator it(s.begin(), s.end(), key_re), end; it != end; ++it) used.insert((*it)[1]);
    }
    CHECK(used.size() > 15);
    for (const auto& k : used) {
        INFO(k);
        CHECK(tr.has(k, Lang::En));
        CHECK(tr.has(k, Lang::Ja));
    }
}

TEST_CASE("records are handed to the SQL console in slices, all of them and each once", "[sql]") {
    testing::HandMadeLogs logs;
    for (int i = 0; i < 10; ++i) logs.dns(i * 1000, "10.20.0.101", ("host" + std::to_string(i) + ".example.com").c_str());
    sql::FeedCursor cursor;
    sql::RecordBatch first;
    sql::take_new_records(logs.store, cursor, first, 4);
    CHECK(first.events.size() == 4);
    CHECK(cursor.records == 4);
    CHECK(first.strings.size() == logs.store.strings().size() - 1);  // every new string at once
    sql::RecordBatch rest;
    sql::take_new_records(logs.store, cursor, rest, 4);
    sql::take_new_records(logs.store, cursor, rest, 4);
    CHECK(rest.events.size() == 6);
    CHECK(rest.strings.empty());
    sql::RecordBatch none;
    sql::take_new_records(logs.store, cursor, none, 4);
    CHECK(none.empty());
    sql::SqlTables tables(logs.scenario, {});
    tables.ingest(first);
    tables.ingest(rest);
    const auto r = tables.run("SELECT count(DISTINCT query) FROM dns");
    REQUIRE(r.ok());
    CHECK(r.cell(0, 0).value_or("") == "10");
}

// sql_bench: the SQL console's ingest rate (issue 7's figure: "at least 0.7x a bare
// prepared-statement insert loop into SQLite of the same rows").
//
// Synthesises a LogStore of N records in the four sources (60% DNS over ~5,000 names, 30%
// firewall, 5% DHCP, 5% logons, 300 devices), then:
//   console: the records handed to an sql::SqlConsole in slices of --slice records, as the GUI
//            hands over each frame's new records, until its worker has them all in its tables
//            (wall time from the first hand-over to the last row inserted: copies, thread
//            hand-off, rendering of names and times, inserts);
//   bare:    the same rows, already made into column values before the clock starts, bound
//            into one prepared INSERT per table and stepped in one transaction on a fresh
//            in-memory database with the same schema and pragmas; nothing but SQLite's work.
// It prints both rates and their ratio; the target is a ratio of at least 0.7.
//
//   cmake -DSOCSIM_BUILD_BENCH=ON ... && build/sql_bench [--events N] [--slice N]
#include <sqlite3.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/common/net.h"
#include "core/common/time.h"
#include "core/logs/fields.h"
#include "core/logs/render.h"
#include "core/sql/sql_console.h"

using namespace socsim;

namespace {

double now_s() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

scenario::Scenario make_scenario(std::size_t hosts) {
    scenario::Scenario s;
    s.utc_offset_minutes = 9 * 60;
    s.network.dns_server = s.network.dhcp_server = s.network.auth_server = "dc01";
    s.network.firewall = "fw01";
    for (std::size_t i = 0; i < hosts; ++i) {
        scenario::Host h;
        h.hostname = "ws-" + std::to_string(i);
        h.mac = 0x3c5282000000ULL + i;
        h.ip = (10u << 24) | (20u << 16) | static_cast<Ipv4>(i + 10);
        s.network.hosts.push_back(h);
    }
    return s;
}

std::vector<std::string> make_names(std::mt19937_64& rng, std::size_t n) {
    const char* words[] = {"mail", "news", "shop", "cdn", "api", "static", "img", "login", "portal", "cloud", "app",
                           "video", "maps", "docs", "drive", "search", "ads", "stats", "update", "secure"};
    const char* brands[] = {"google", "yahoo", "microsoft", "office365", "amazon", "rakuten", "nikkei", "nhk",
                            "asahi", "line", "zoom", "dropbox", "apple", "adobe", "cloudflare", "akamai"};
    const char* tlds[] = {".com", ".co.jp", ".jp", ".net", ".org", ".ne.jp", ".io"};
    std::vector<std::string> names;
    std::set<std::string> seen;
    while (names.size() < n) {
        std::string s = words[rng() % std::size(words)];
        s += std::to_string(rng() % 100) + "." + brands[rng() % std::size(brands)] + tlds[rng() % std::size(tlds)];
        if (seen.insert(s).second) names.push_back(s);
    }
    return names;
}

void make_store(logs::LogStore& store, std::size_t n, std::size_t hosts) {
    std::mt19937_64 rng(7);
    const auto names = make_names(rng, 5000);
    std::vector<std::uint32_t> name_ids, user_ids, host_ids;
    for (const auto& s : names) name_ids.push_back(store.strings().intern(s));
    for (int i = 0; i < 60; ++i) user_ids.push_back(store.strings().intern("user" + std::to_string(i)));
    for (std::size_t i = 0; i < hosts; ++i) host_ids.push_back(store.strings().intern("ws-" + std::to_string(i)));
    SimTime t = 1772409600000;  // 2026-03-02 09:00 +09:00
    for (std::size_t i = 0; i < n; ++i) {
        logs::Event e;
        t += static_cast<Millis>(rng() % 20);
        e.time = t;
        const auto host = static_cast<std::uint16_t>(rng() % hosts);
        e.host = host;
        e.src_ip = (10u << 24) | (20u << 16) | (host + 10u);
        e.dst_ip = (10u << 24) | (20u << 16) | 2u;
        e.src_port = static_cast<std::uint16_t>(49152 + rng() % 16000);
        const unsigned pick = static_cast<unsigned>(rng() % 100);
        if (pick < 60) {
            e.source = logs::Source::Dns;
            const std::size_t zipf = static_cast<std::size_t>(std::pow(static_cast<double>(rng() % 1000000) / 1e6, 3) * 5000);
            e.text = name_ids[std::min<std::size_t>(zipf, 4999)];
            e.kind = static_cast<std::uint8_t>(rng() % 10 == 0 ? logs::DnsType::AAAA : logs::DnsType::A);
            const bool nx = rng() % 20 == 0;
            e.code = static_cast<std::uint8_t>(nx ? logs::DnsRcode::NxDomain : logs::DnsRcode::NoError);
            e.value = nx ? 0 : static_cast<Ipv4>(0xC0000200u + rng() % 200);
            e.value2 = static_cast<std::uint32_t>(500 + rng() % 50000);
            e.span = static_cast<std::uint16_t>(60 + rng() % 3600);
        } else if (pick < 90) {
            e.source = logs::Source::Firewall;
            e.dst_ip = static_cast<Ipv4>(0xCB007100u + rng() % 200);
            e.dst_port = rng() % 5 ? 443 : 80;
            e.value = static_cast<std::uint32_t>(300 + rng() % 5000);
            e.value2 = static_cast<std::uint32_t>(1000 + rng() % 200000);
            e.kind = static_cast<std::uint8_t>(rng() % 50 ? logs::FirewallAction::Allow : logs::FirewallAction::Deny);
            e.code = static_cast<std::uint8_t>(logs::Protocol::Tcp);
            e.span = static_cast<std::uint16_t>(rng() % 600);
        } else if (pick < 95) {
            e.source = logs::Source::Dhcp;
            e.text = host_ids[host];
            e.kind = static_cast<std::uint8_t>(rng() % 2 ? logs::DhcpMessage::Ack : logs::DhcpMessage::Request);
            e.value = 8 * 3600;
        } else {
            e.source = logs::Source::Auth;
            e.text = user_ids[rng() % user_ids.size()];
            e.kind = static_cast<std::uint8_t>(rng() % 10 ? logs::AuthOutcome::Success : logs::AuthOutcome::BadPassword);
            e.code = 3;
        }
        store.append(e);
    }
}

// One column value, made before the bare loop's clock starts.
struct Cell {
    int type = SQLITE_NULL;
    std::int64_t i = 0;
    double d = 0;
    std::size_t offset = 0, length = 0;  // text in the arena
};

struct Rows {
    std::vector<logs::Source> source;
    std::vector<Cell> cells;       // row-major, the table's column count per row
    std::vector<std::size_t> first;  // the row's first cell
    std::string arena;
};

// The console's column values of every record (what its tables end up holding).
Rows make_rows(const scenario::Scenario& s, const logs::LogStore& store) {
    Rows rows;
    rows.arena.reserve(store.size() * 90);
    const logs::Renderer renderer(s, store);
    const auto text = [&](std::string_view v) {
        Cell c;
        c.type = SQLITE_TEXT;
        c.offset = rows.arena.size();
        c.length = v.size();
        rows.arena.append(v);
        return c;
    };
    for (const auto& e : store.events()) {
        rows.source.push_back(e.source);
        rows.first.push_back(rows.cells.size());
        for (const auto& f : logs::fields_of(e.source)) {
            const auto raw = logs::raw_value(f.slot, e);
            switch (f.type) {
                case logs::FieldType::Time: {
                    char b[kTimeTextMax];
                    rows.cells.push_back(text(std::string_view(b, static_cast<std::size_t>(write_iso8601(b, e.time, s.utc_offset_minutes) - b))));
                    Cell ts;
                    ts.type = SQLITE_FLOAT;
                    ts.d = static_cast<double>(e.time) / 1000.0;
                    rows.cells.push_back(ts);
                    break;
                }
                case logs::FieldType::Number: {
                    Cell c;
                    c.type = SQLITE_INTEGER;
                    c.i = raw;
                    rows.cells.push_back(c);
                    break;
                }
                case logs::FieldType::Tenths: {
                    Cell c;
                    c.type = SQLITE_FLOAT;
                    c.d = static_cast<double>(raw) / 10.0;
                    rows.cells.push_back(c);
                    break;
                }
                case logs::FieldType::Address:
                    if (f.zero_is_none && raw == 0)
                        rows.cells.push_back(Cell{});
                    else
                        rows.cells.push_back(text(format_ipv4(static_cast<Ipv4>(raw))));
                    break;
                case logs::FieldType::Text: rows.cells.push_back(text(store.strings().get(e.text))); break;
                case logs::FieldType::Source: break;
                default: rows.cells.push_back(text(renderer.field(e, f.name))); break;
            }
        }
    }
    return rows;
}

void exec(sqlite3* db, const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::fprintf(stderr, "%s: %s\n", sql, err ? err : "?");
        std::exit(1);
    }
}

// The bare loop: prepared INSERTs, bind, step, reset, one transaction.
double bare_insert(const Rows& rows) {
    sqlite3* db = nullptr;
    sqlite3_open(":memory:", &db);
    exec(db, "PRAGMA journal_mode=OFF");
    exec(db, "PRAGMA temp_store=MEMORY");
    sqlite3_stmt* insert[logs::kSourceCount] = {};
    std::size_t ncol[logs::kSourceCount] = {};
    for (const auto& t : sql::sql_tables()) {
        std::string create = "CREATE TABLE " + t.name + " (", ins = "INSERT INTO " + t.name + " VALUES (";
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            create += (c ? ", " : "") + t.columns[c].name + " " + t.columns[c].type;
            ins += c ? ", ?" : "?";
        }
        exec(db, (create + ")").c_str());
        sqlite3_prepare_v2(db, (ins + ")").c_str(), -1, &insert[static_cast<int>(t.source)], nullptr);
        ncol[static_cast<int>(t.source)] = t.columns.size();
    }
    const double t0 = now_s();
    exec(db, "BEGIN");
    for (std::size_t r = 0; r < rows.source.size(); ++r) {
        const int s = static_cast<int>(rows.source[r]);
        sqlite3_stmt* st = insert[s];
        const Cell* cell = &rows.cells[rows.first[r]];
        for (std::size_t c = 0; c < ncol[s]; ++c) {
            const int p = static_cast<int>(c) + 1;
            switch (cell[c].type) {
                case SQLITE_INTEGER: sqlite3_bind_int64(st, p, cell[c].i); break;
                case SQLITE_FLOAT: sqlite3_bind_double(st, p, cell[c].d); break;
                case SQLITE_TEXT:
                    sqlite3_bind_text(st, p, rows.arena.data() + cell[c].offset, static_cast<int>(cell[c].length), SQLITE_STATIC);
                    break;
                default: sqlite3_bind_null(st, p); break;
            }
        }
        if (sqlite3_step(st) != SQLITE_DONE) std::fprintf(stderr, "insert failed: %s\n", sqlite3_errmsg(db));
        sqlite3_reset(st);
    }
    exec(db, "COMMIT");
    const double t1 = now_s();
    for (auto* st : insert) sqlite3_finalize(st);
    sqlite3_close(db);
    return t1 - t0;
}

// The console: slices handed over as the GUI hands each frame's records, then wait for the worker.
double console_insert(const scenario::Scenario& s, const logs::LogStore& store, std::size_t slice, std::size_t& rows_in) {
    sql::SqlConsole console(s);
    const double t0 = now_s();
    sql::FeedCursor cursor;
    const auto& events = store.events();
    for (std::size_t begin = 0; begin < events.size(); begin += slice) {
        sql::RecordBatch batch;
        const std::size_t end = std::min(events.size(), begin + slice);
        batch.events.assign(events.begin() + static_cast<std::ptrdiff_t>(begin), events.begin() + static_cast<std::ptrdiff_t>(end));
        if (begin == 0) {  // the strings go with the first records, as take_new_records hands them over
            batch.first_string = 1;
            for (std::size_t id = 1; id < store.strings().size(); ++id)
                batch.strings.emplace_back(store.strings().get(static_cast<std::uint32_t>(id)));
        }
        console.feed(std::move(batch));
    }
    console.wait_idle();
    const double t1 = now_s();
    rows_in = console.status().records;
    return t1 - t0;
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t n = 2000000, slice = 4096;
    int reps = 3;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--events")) n = std::stoul(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--slice")) slice = std::stoul(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--reps")) reps = std::stoi(argv[i + 1]);
    }
    const auto s = make_scenario(300);
    logs::LogStore store;
    make_store(store, n, 300);
    const Rows rows = make_rows(s, store);
    std::printf("%zu records (dns %zu, firewall %zu, dhcp %zu, auth %zu), slices of %zu, best of %d\n", store.size(),
                store.of(logs::Source::Dns).size(), store.of(logs::Source::Firewall).size(),
                store.of(logs::Source::Dhcp).size(), store.of(logs::Source::Auth).size(), slice, reps);
    double bare = 1e30, console = 1e30;
    std::size_t rows_in = 0;
    for (int r = 0; r < reps; ++r) {
        bare = std::min(bare, bare_insert(rows));
        console = std::min(console, console_insert(s, store, slice, rows_in));
    }
    if (rows_in != store.size()) std::printf("warning: the console holds %zu rows, not %zu\n", rows_in, store.size());
    const double bare_rate = static_cast<double>(n) / bare, console_rate = static_cast<double>(n) / console;
    std::printf("bare prepared-statement loop: %.3f s  %.0f rows/s\n", bare, bare_rate);
    std::printf("SQL console ingest:           %.3f s  %.0f rows/s\n", console, console_rate);
    std::printf("ratio console / bare: %.2fx (target >= 0.70x)\n", console_rate / bare_rate);
    std::printf("figure: sql ingest ratio = %.2f x\n", console_rate / bare_rate);
    std::printf("figure: sql ingest records = %zu records\n", store.size());
    return 0;
}

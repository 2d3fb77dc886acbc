// query_bench: the query language's speed on 10 million DNS records (issue 7's filter figures).
//
// Synthesises a LogStore of DNS queries with realistic names (about 5,000 distinct, popularity
// following Zipf's law as real DNS traffic does, a few hex-named telemetry and tunnel-like ones),
// 500 clients, then times each query from a fresh QueryRun to its result, on one core. With
// --sqlite it loads the same rows into an in-memory SQLite table and times the same questions
// in SQL, as the sqlite3 shell would run them. With --grep it writes the records as the exported
// DNS server log (the Renderer's lines, as `socsim export` writes them) and times `grep -c` (and
// awk for the count by, which grep cannot do) over that file: the child's CPU time.
// Each figure also comes out as a line "figure: NAME = VALUE UNIT" that bench/run collects.
//
//   cmake -DSOCSIM_BUILD_BENCH=ON ... && build/query_bench [--events N] [--sqlite] [--grep]
#include <sqlite3.h>
#include <regex.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "cpu_time.h"
#include "core/common/net.h"
#include "core/logs/query.h"
#include "core/logs/render.h"

using namespace socsim;

namespace {

double now_ms() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::vector<std::string> make_names(std::mt19937_64& rng, std::size_t n) {
    const char* words[] = {"mail", "news", "shop", "cdn", "api", "static", "img", "login", "portal", "cloud", "app",
                           "video", "maps", "docs", "drive", "search", "ads", "stats", "update", "secure", "auth",
                           "music", "blog", "wiki", "forum", "pay", "bank", "travel", "weather", "sports"};
    const char* brands[] = {"google", "yahoo", "microsoft", "office365", "amazon", "rakuten", "nikkei", "nhk",
                            "asahi", "line", "zoom", "dropbox", "apple", "adobe", "cloudflare", "akamai", "fastly",
                            "github", "slack", "salesforce", "freee", "misumi", "monotaro", "yamato", "sagawa"};
    const char* tlds[] = {".com", ".co.jp", ".jp", ".net", ".org", ".ne.jp", ".io"};
    std::vector<std::string> names = {"www.google.com", "outlook.office365.com", "teams.microsoft.com", "www.yahoo.co.jp"};
    std::set<std::string> seen(names.begin(), names.end());
    std::uniform_int_distribution<int> hex(0, 15);
    while (names.size() < n) {
        const auto k = names.size();
        std::string s;
        if (k % 97 == 0) {  // telemetry endpoints with machine-made labels
            s = "v";
            s += std::to_string(k);
            s += ".events.telemetry.example.net";
        } else if (k % 53 == 0) {  // tunnel-like: long hex labels
            for (int i = 0; i < 24; ++i) s += "0123456789abcdef"[hex(rng)];
            s += ".t.example.org";
        } else {
            s = words[rng() % std::size(words)];
            s += std::to_string(rng() % 100);
            s += '.';
            s += brands[rng() % std::size(brands)];
            if (rng() % 4 == 0) {
                s += '-';
                s += words[rng() % std::size(words)];
            }
            s += tlds[rng() % std::size(tlds)];
        }
        if (seen.insert(s).second) names.push_back(s);
    }
    // Popularity is by position (Zipf): shuffle all but the four big ones.
    std::shuffle(names.begin() + 4, names.end(), rng);
    return names;
}

struct Figure {
    const char* what;
    std::string query;
    double ms = 0;        // CPU time from a fresh run to the result
    double scan_ms = 0;   // of which evaluating the records (step)
    double wall_ms = 0;   // wall-clock time of the same run
    std::size_t result = 0;
};

std::string g_only;

Figure time_query(const char* what, const std::string& text, const scenario::Scenario& s, const logs::LogStore& store) {
    Figure f{what, text};
    if (!g_only.empty() && std::string(what).find(g_only) == std::string::npos) return f;
    const auto q = logs::Query::parse(text, logs::Source::Dns);
    if (!q.ok()) {
        std::fprintf(stderr, "bad query %s: %s at %d\n", text.c_str(), q.error()->key.c_str(), q.error()->column);
        return f;
    }
    f.ms = f.scan_ms = 1e30;
    for (int rep = 0; rep < 5; ++rep) {
        const double w0 = now_ms(), t0 = bench::thread_cpu_ms();
        logs::QueryRun run(q, s, store, store.events().back().time);
        run.step();
        const double t1 = bench::thread_cpu_ms();
        const std::size_t n = run.is_table() ? run.table().size() : run.rows().size();
        const double t2 = bench::thread_cpu_ms(), w2 = now_ms();
        if (t2 - t0 < f.ms) {
            f.ms = t2 - t0;
            f.scan_ms = t1 - t0;
            f.wall_ms = w2 - w0;
        }
        f.result = n;
    }
    return f;
}

double time_sql(sqlite3* db, const char* sql, long long& result) {
    double best = 1e30;
    for (int rep = 0; rep < 2; ++rep) {
        const double t0 = bench::thread_cpu_ms();
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
        long long rows = 0;
        while (sqlite3_step(st) == SQLITE_ROW) ++rows;
        sqlite3_finalize(st);
        best = std::min(best, bench::thread_cpu_ms() - t0);
        result = rows;
    }
    return best;
}

// REGEXP for SQLite with the same libc engine (the sqlite3 shell brings its own).
void sql_regexp(sqlite3_context* ctx, int, sqlite3_value** argv) {
    static std::string last;
    static regex_t re;
    const char* pattern = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    const char* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[1]));
    if (!pattern || !text) return sqlite3_result_int(ctx, 0);
    if (last != pattern) {
        if (!last.empty()) regfree(&re);
        regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB | REG_ICASE);
        last = pattern;
    }
    sqlite3_result_int(ctx, regexec(&re, text, 0, nullptr, 0) == 0);
}

// CPU time (user + system) of the children waited for so far.
double children_cpu_ms() {
    rusage ru{};
    getrusage(RUSAGE_CHILDREN, &ru);
    const auto ms = [](const timeval& t) { return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) / 1e3; };
    return ms(ru.ru_utime) + ms(ru.ru_stime);
}

// Runs a shell command, best of three by its CPU time; `output` gets its first line.
double time_command(const std::string& command, std::string& output) {
    double best = 1e30;
    for (int rep = 0; rep < 3; ++rep) {
        const double t0 = children_cpu_ms();
        FILE* p = popen(command.c_str(), "r");
        if (!p) return -1;
        char line[256] = {0};
        if (!std::fgets(line, sizeof line, p)) line[0] = 0;
        while (std::fgetc(p) != EOF) {
        }
        pclose(p);
        best = std::min(best, children_cpu_ms() - t0);
        output = line;
        while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) output.pop_back();
    }
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t events = 10'000'000;
    bool with_sqlite = false;
    bool with_grep = false;
    std::string only;  // run only the figures whose name contains this
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--events") && i + 1 < argc) events = std::stoull(argv[++i]);
        else if (!std::strcmp(argv[i], "--only") && i + 1 < argc) only = argv[++i];
        else if (!std::strcmp(argv[i], "--sqlite")) with_sqlite = true;
        else if (!std::strcmp(argv[i], "--grep")) with_grep = true;
    }

    g_only = only;
    std::mt19937_64 rng(42);
    const auto names = make_names(rng, 5000);
    // Zipf's law over the names: a few are most of the traffic.
    std::vector<double> cdf(names.size());
    double total = 0;
    for (std::size_t i = 0; i < names.size(); ++i) cdf[i] = total += 1.0 / static_cast<double>(i + 1);
    for (auto& c : cdf) c /= total;
    std::uniform_real_distribution<double> u(0, 1);

    scenario::Scenario s;
    s.utc_offset_minutes = 540;
    s.network.dns_server = "dc01";
    logs::LogStore store;
    std::vector<std::uint32_t> ids;
    for (const auto& n : names) ids.push_back(store.strings().intern(n));
    const double t_gen = now_ms();
    SimTime t = *parse_iso8601("2026-03-02T00:00:00+09:00");
    for (std::size_t i = 0; i < events; ++i) {
        logs::Event e;
        t += static_cast<SimTime>(rng() % 17);
        e.time = t;
        e.source = logs::Source::Dns;
        const auto client = static_cast<std::uint32_t>(rng() % 500);
        e.src_ip = (10u << 24) | (20u << 16) | ((client / 250) << 8) | (client % 250 + 2);
        e.dst_ip = (10u << 24) | (20u << 16) | 10;
        e.src_port = static_cast<std::uint16_t>(49152 + rng() % 16384);
        const auto k = static_cast<std::size_t>(std::lower_bound(cdf.begin(), cdf.end(), u(rng)) - cdf.begin());
        e.text = ids[std::min(k, ids.size() - 1)];
        const auto r = rng() % 100;
        e.kind = static_cast<std::uint8_t>(r < 85 ? logs::DnsType::A : r < 97 ? logs::DnsType::AAAA : logs::DnsType::TXT);
        e.code = static_cast<std::uint8_t>(rng() % 50 == 0 ? logs::DnsRcode::NxDomain : logs::DnsRcode::NoError);
        e.value = e.code ? 0 : (192u << 24) | (2u << 8) | static_cast<std::uint32_t>(k % 250);
        e.value2 = static_cast<std::uint32_t>(200 + rng() % 5000);
        e.span = static_cast<std::uint16_t>(k % 3 == 0 ? 60 : 300);
        store.append(e);
    }
    std::printf("synthesised %zu DNS records, %zu distinct names, 500 clients in %.0f ms\n", store.size(), names.size(),
                now_ms() - t_gen);

    std::vector<Figure> figures;
    figures.push_back(time_query("field equality", "query=www.google.com", s, store));
    figures.push_back(time_query("substring", "query=*telemetry*", s, store));
    figures.push_back(time_query("regex", "query~\"^[0-9a-f]{20,}\\.\"", s, store));
    figures.push_back(time_query("stats count by", "| stats count by src, query", s, store));
    figures.push_back(time_query("top 10 pairs", "| stats count by src, query | sort -count | head 10", s, store));
    figures.push_back(time_query("two fields", "qtype=TXT src=10.20.0.0/24", s, store));
    // Free words render each line: the slow path, shown here on the first ~950,000 records.
    figures.push_back(time_query("free word, 1/10 of records", "telemetry time<\"2026-03-02 02:10\"", s, store));

    std::printf("\n(CPU time of one core, best of 5; wall clock beside it)\n");
    std::printf("%-28s %9s %9s %9s %10s  %s\n", "figure", "cpu ms", "scan ms", "wall ms", "result", "query");
    for (const auto& f : figures)
        std::printf("%-28s %9.1f %9.1f %9.1f %10zu  %s\n", f.what, f.ms, f.scan_ms, f.wall_ms, f.result, f.query.c_str());
    for (std::size_t i = 0; i < 4 && i < figures.size(); ++i)
        std::printf("figure: filter %s = %.1f ms\n", figures[i].what, figures[i].ms);
    std::printf("figure: filter events = %zu events\n", store.size());

    if (with_sqlite) {
        sqlite3* db = nullptr;
        sqlite3_open(":memory:", &db);
        sqlite3_create_function(db, "regexp", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, sql_regexp, nullptr, nullptr);
        sqlite3_exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; CREATE TABLE dns(time INTEGER, src TEXT, query TEXT, qtype TEXT, rcode TEXT);",
                     nullptr, nullptr, nullptr);
        const double t0 = now_ms();
        sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
        sqlite3_stmt* ins = nullptr;
        sqlite3_prepare_v2(db, "INSERT INTO dns VALUES(?,?,?,?,?)", -1, &ins, nullptr);
        for (const auto& e : store.events()) {
            const std::string src = format_ipv4(e.src_ip);
            const auto q = store.text(e);
            sqlite3_bind_int64(ins, 1, e.time);
            sqlite3_bind_text(ins, 2, src.c_str(), static_cast<int>(src.size()), SQLITE_TRANSIENT);
            sqlite3_bind_text(ins, 3, q.data(), static_cast<int>(q.size()), SQLITE_STATIC);
            sqlite3_bind_text(ins, 4, logs::dns_type_name(static_cast<logs::DnsType>(e.kind)), -1, SQLITE_STATIC);
            sqlite3_bind_text(ins, 5, logs::dns_rcode_name(static_cast<logs::DnsRcode>(e.code)), -1, SQLITE_STATIC);
            sqlite3_step(ins);
            sqlite3_reset(ins);
        }
        sqlite3_finalize(ins);
        sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
        std::printf("\nloaded the same rows into in-memory SQLite in %.0f ms\n", now_ms() - t0);
        const char* sql[] = {
            "SELECT rowid FROM dns WHERE query = 'www.google.com'",
            "SELECT rowid FROM dns WHERE query LIKE '%telemetry%'",
            "SELECT rowid FROM dns WHERE regexp('^[0-9a-f]{20,}\\.', query)",
            "SELECT src, query, count(*) FROM dns GROUP BY src, query",
        };
        std::printf("%-28s %10s %12s %8s\n", "figure (SQLite)", "cpu ms", "result", "ratio");
        for (std::size_t i = 0; i < std::size(sql); ++i) {
            long long rows = 0;
            const double ms = time_sql(db, sql[i], rows);
            std::printf("%-28s %10.1f %12lld %7.1fx\n", figures[i].what, ms, rows, ms / figures[i].ms);
            std::printf("figure: sqlite/socsim %s = %.1f x\n", figures[i].what, ms / figures[i].ms);
        }
        sqlite3_close(db);
    }

    if (with_grep) {
        // The records as the DNS server's log, the text a trainee would otherwise grep.
        const std::string path = "/tmp/socsim-query-bench-dns.log";
        {
            const logs::Renderer renderer(s, store);
            FILE* out = std::fopen(path.c_str(), "wb");
            if (!out) {
                std::fprintf(stderr, "cannot write %s\n", path.c_str());
                return 1;
            }
            std::string buffer;
            for (const auto& e : store.events()) {
                renderer.append_line(e, buffer);
                buffer += '\n';
                if (buffer.size() > (1u << 20)) {
                    std::fwrite(buffer.data(), 1, buffer.size(), out);
                    buffer.clear();
                }
            }
            std::fwrite(buffer.data(), 1, buffer.size(), out);
            std::fclose(out);
        }
        // The same questions for the text tools: the name as the log writes it, a substring, the
        // regex, and a count by client and name (awk, as grep cannot group).
        const std::string commands[] = {
            "LC_ALL=C grep -c 'query: www.google.com IN' " + path,
            "LC_ALL=C grep -c 'telemetry' " + path,
            "LC_ALL=C grep -cE 'query: [0-9a-f]{20,}\\.' " + path,
            "LC_ALL=C awk '{split($5, c, \"#\"); n[c[1] \" \" $8]++} END {print length(n)}' " + path,
        };
        std::printf("\n%-28s %10s %12s %8s  %s\n", "figure (text tools)", "cpu ms", "result", "ratio", "command");
        for (std::size_t i = 0; i < std::size(commands) && i < figures.size(); ++i) {
            std::string result;
            const double ms = time_command(commands[i], result);
            std::printf("%-28s %10.1f %12s %7.1fx  %s\n", figures[i].what, ms, result.c_str(), ms / figures[i].ms, commands[i].c_str());
            std::printf("figure: %s/socsim %s = %.1f x\n", i < 3 ? "grep" : "awk", figures[i].what, ms / figures[i].ms);
        }
        std::remove(path.c_str());
    }
    return 0;
}

// `socsim query SCENARIO [--seed N] [--at DURATION|--to-end] [--json] "QUERY"`: plays the scenario
// to that time and prints what the query finds, as the log explorer would show it: the matching
// records' columns, or the table of `stats`. A bad query prints where it went wrong and exits 2.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "core/logs/query.h"
#include "core/logs/render.h"
#include "core/scenario/loader.h"
#include "core/sim/engine.h"

namespace socsim::cli {
namespace {

// Columns padded to the widest value, two spaces apart; the last one is not padded.
void print_aligned(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> width(header.size(), 0);
    auto measure = [&](const std::vector<std::string>& row) {
        for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
    };
    measure(header);
    for (const auto& r : rows) measure(r);
    auto print = [&](const std::vector<std::string>& row) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c) {
            line += row[c];
            if (c + 1 < row.size()) line += std::string(width[c] - row[c].size() + 2, ' ');
        }
        std::cout << line << '\n';
    };
    print(header);
    for (const auto& r : rows) print(r);
}

}  // namespace

int query(const QueryOptions& options, const CommonOptions&) {
    const Catalog& tr = Catalog::shared();
    auto loaded = scenario::load_file(options.scenario);
    if (!loaded.ok()) {
        for (const auto& d : loaded.errors) std::fprintf(stderr, "%s\n", d.to_string().c_str());
        return 2;
    }
    const scenario::Scenario& s = *loaded.value;

    const logs::Query q = logs::Query::parse(options.query);
    if (!q.ok()) {
        const auto& e = *q.error();
        std::fprintf(stderr, "%s\n%s^\n%s\n", options.query.c_str(), std::string(static_cast<std::size_t>(std::max(0, e.column - 1)), ' ').c_str(),
                     tr.format("cli.query_error", {{"column", std::to_string(e.column)}, {"message", tr.format(e.key, e.args)}}).c_str());
        return 2;
    }

    sim::Engine engine(s, options.seed);
    SimTime until = engine.end();
    if (!options.at.empty() && !options.to_end) {
        const auto d = parse_duration(options.at);
        if (!d) {
            std::fprintf(stderr, "%s\n", tr.tr("cli.query_bad_at").c_str());
            return 2;
        }
        until = std::min(engine.end(), engine.start() + *d);
    }
    engine.advance_to(until);

    const auto& store = engine.logs();
    const logs::Renderer renderer(s, store);
    logs::QueryRun run(q, s, store, engine.now());
    run.step();

    nlohmann::json out;
    std::size_t shown = 0;
    if (run.is_table()) {
        const auto& t = run.table();
        shown = t.size();
        if (options.json) {
            out["columns"] = t.columns();
            out["rows"] = nlohmann::json::array();
            for (std::size_t r = 0; r < t.size(); ++r) {
                nlohmann::json row = nlohmann::json::object();
                for (std::size_t c = 0; c < t.columns().size(); ++c) {
                    const auto cell = t.cell(r, c);
                    if (cell.kind == logs::Cell::Kind::Number && !cell.text.empty())
                        row[t.columns()[c]] = cell.number;
                    else
                        row[t.columns()[c]] = cell.text;
                }
                out["rows"].push_back(std::move(row));
            }
        } else {
            std::vector<std::vector<std::string>> rows;
            for (std::size_t r = 0; r < t.size(); ++r) {
                std::vector<std::string> row;
                for (std::size_t c = 0; c < t.columns().size(); ++c) row.push_back(t.cell(r, c).text);
                rows.push_back(std::move(row));
            }
            print_aligned(t.columns(), rows);
        }
    } else {
        const auto& indices = run.rows();
        const auto& columns = run.columns();
        shown = indices.size();
        if (options.json) {
            out["columns"] = columns;
            out["rows"] = nlohmann::json::array();
            for (auto index : indices) {
                nlohmann::json row = nlohmann::json::object();
                for (const auto& c : columns) row[c] = renderer.field(store.at(index), c);
                row["index"] = index;
                out["rows"].push_back(std::move(row));
            }
        } else {
            std::vector<std::vector<std::string>> rows;
            for (auto index : indices) {
                std::vector<std::string> row;
                for (const auto& c : columns) row.push_back(renderer.field(store.at(index), c));
                rows.push_back(std::move(row));
            }
            print_aligned(columns, rows);
        }
    }
    const std::string source = logs::source_name(q.source());
    if (options.json) {
        out["query"] = options.query;
        out["source"] = source;
        out["time"] = format_iso8601(engine.now(), s.utc_offset_minutes);
        out["matched"] = run.matched();
        out["records"] = run.total();
        std::cout << out.dump(2) << '\n';
    }
    std::cout.flush();  // the summary goes to stderr, after the results
    std::fprintf(stderr, "%s\n",
                 tr.format("cli.query_summary", {{"matched", std::to_string(run.matched())},
                                                 {"total", std::to_string(run.total())},
                                                 {"source", source},
                                                 {"rows", std::to_string(shown)},
                                                 {"time", format_time(engine.now(), s.utc_offset_minutes)}})
                     .c_str());
    return 0;
}

}  // namespace socsim::cli

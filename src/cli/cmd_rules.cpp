// `socsim rules check [FILE...]` validates detection rules (file:line:col, exit 2 on errors), by
// default the shipped scenarios/rules; `socsim rules run SCENARIO [RULES...] [--seed N] [--json]`
// plays the whole scenario and prints the alerts the rules raise (by default the scenario's own
// `rules:`), in time order.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <map>

#include "cli/commands.h"
#include "core/common/data_dir.h"
#include "core/detect/rule.h"
#include "core/scenario/loader.h"
#include "core/sim/engine.h"

namespace socsim::cli {
namespace {

std::vector<std::filesystem::path> as_paths(const std::vector<std::string>& files) {
    return std::vector<std::filesystem::path>(files.begin(), files.end());
}

std::string level_text(detect::Level level) {
    return Catalog::shared().tr(std::string("rule.level_") + detect::level_name(level));
}

}  // namespace

int rules_check(const std::vector<std::string>& files, const CommonOptions&) {
    const Catalog& tr = Catalog::shared();
    std::vector<Diagnostic> errors;
    const auto paths = detect::rule_files(files.empty() ? std::vector<std::filesystem::path>{data_dir() / "scenarios" / "rules"}
                                                        : as_paths(files),
                                          errors);
    std::map<std::string, std::string> ids;  // id -> file
    for (const auto& path : paths) {
        auto loaded = detect::load_rule_file(path);
        if (!loaded.ok()) {
            errors.insert(errors.end(), loaded.errors.begin(), loaded.errors.end());
            continue;
        }
        const auto& rule = *loaded.value;
        if (auto [it, fresh] = ids.emplace(rule.id, rule.file); !fresh) {
            errors.push_back(Diagnostic{rule.file, rule.line, 1, "id \"" + rule.id + "\" is also the id of " + it->second});
            continue;
        }
        say(tr.format("cli.rules_ok",
                      {{"file", path.string()}, {"id", rule.id}, {"level", level_text(rule.level)}, {"title", rule.title}}));
    }
    for (const auto& d : errors) std::fprintf(stderr, "%s\n", d.to_string().c_str());
    return errors.empty() ? 0 : 2;
}

int rules_run(const RulesRunOptions& options, const CommonOptions&) {
    const Catalog& tr = Catalog::shared();
    auto loaded = scenario::load_file(options.scenario);
    if (!loaded.ok()) {
        for (const auto& d : loaded.errors) std::fprintf(stderr, "%s\n", d.to_string().c_str());
        return 2;
    }
    const scenario::Scenario& s = *loaded.value;
    Loaded<std::vector<detect::Rule>> rules;
    if (!options.rules.empty()) {
        rules = detect::load_rules(as_paths(options.rules));
    } else if (s.rules) {
        rules.value = *s.rules;  // checked when the scenario loaded
    } else {
        std::fprintf(stderr, "%s\n", tr.format("cli.rules_scenario_has_none", {{"file", options.scenario}}).c_str());
        return 2;
    }
    if (!rules.ok()) {
        for (const auto& d : rules.errors) std::fprintf(stderr, "%s\n", d.to_string().c_str());
        return 2;
    }
    sim::Engine engine(s, options.seed);
    const std::size_t rule_count = rules.value->size();
    detect::RuleEngine alerts(std::move(*rules.value), s, engine.logs());
    // As the GUI does: the clock moves, new records are tested.
    for (SimTime t = engine.start(); t < engine.end();) {
        t = std::min(engine.end(), t + kMinute);
        engine.advance_to(t);
        alerts.consume();
    }
    const int offset = s.utc_offset_minutes;
    if (options.json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& a : alerts.alerts()) {
            out.push_back({{"number", a.number},
                           {"rule", a.rule_id},
                           {"title", a.title},
                           {"level", detect::level_name(a.level)},
                           {"time", format_iso8601(a.time, offset)},
                           {"first", format_iso8601(a.first, offset)},
                           {"last", format_iso8601(a.last, offset)},
                           {"group", a.group},
                           {"count", a.count},
                           {"records", a.records}});
        }
        std::cout << out.dump(2) << '\n';
    } else {
        if (alerts.alerts().empty()) say(tr.tr("cli.rules_none"));
        for (const auto& a : alerts.alerts())
            say(tr.format("cli.rules_alert", {{"time", format_time(a.time, offset)},
                                              {"level", level_text(a.level)},
                                              {"rule", a.rule_id},
                                              {"group", a.group.empty() ? "-" : a.group},
                                              {"count", std::to_string(a.count)},
                                              {"title", a.title}}));
    }
    std::cout.flush();  // the summary goes to stderr, after the alerts
    std::fprintf(stderr, "%s\n",
                 tr.format("cli.rules_summary", {{"alerts", std::to_string(alerts.alerts().size())},
                                                 {"rules", std::to_string(rule_count)},
                                                 {"records", std::to_string(engine.logs().size())}})
                     .c_str());
    return 0;
}

}  // namespace socsim::cli

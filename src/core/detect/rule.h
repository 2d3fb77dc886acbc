// Detection rules: the alerts of the SOC console, written as files in a subset of the Sigma rule
// format (docs/detection-rules.md), and the engine that raises them as records arrive.
//
// A rule names a log source (mapped to socsim's dns, firewall, dhcp or auth), named selections
// of field values (with Sigma's contains / startswith / endswith / re / cidr / all modifiers), a
// condition that combines them (and, or, not, parentheses, `1 of selection*`, `all of them`),
// and optionally a count within a timeframe: `selection | count() by src > 30` or
// `count(user) by src > 5` (distinct values). Selections compile to the same Condition as the
// query language (logs/condition.h), so a rule and a query agree on what a field value means.
//
// The RuleEngine tests only the records that arrived since it last looked. Counts slide over the
// rule's timeframe per group; an alert is raised when a group crosses the threshold and, for one
// timeframe after that, further records of the group update the same alert instead of raising
// new ones, so one beaconing host is one alert, not one per query.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/common/diagnostic.h"
#include "core/common/time.h"
#include "core/i18n/text.h"
#include "core/logs/condition.h"
#include "core/logs/fields.h"
#include "core/logs/log_store.h"
#include "core/scenario/scenario.h"

namespace socsim::detect {

enum class Level : std::uint8_t { Informational, Low, Medium, High, Critical };
const char* level_name(Level level);  // "informational", "low", "medium", "high", "critical"

// `| count(field) by f1, f2 > N` within the rule's timeframe.
struct Aggregation {
    const logs::Field* distinct = nullptr;  // count(field): distinct values of it; nullptr: count()
    std::vector<const logs::Field*> by;     // the groups; none: the whole source is one group
    bool or_equal = false;                  // >= rather than >
    std::uint64_t threshold = 0;
};

struct Rule {
    std::string file;  // where it was read from
    int line = 0;
    std::string id;    // Sigma's id (often a UUID); unique among loaded rules
    std::string title;
    std::string status;  // stable, test, experimental, deprecated, unsupported
    std::string description;
    std::string author;
    Level level = Level::Medium;
    std::vector<std::string> tags;            // attack.t1071.004, attack.command_and_control
    std::vector<std::string> falsepositives;
    // socsim's own keys beside Sigma's, for trainees who read Japanese: title_ja, description_ja,
    // falsepositives_ja. Sigma tools ignore them; a rule without them shows its English text.
    std::string title_ja;
    std::string description_ja;
    std::vector<std::string> falsepositives_ja;
    std::vector<std::string> references;
    logs::Source source = logs::Source::Dns;  // from logsource
    logs::Condition condition;                // the selections as `condition` combines them
    std::optional<Aggregation> aggregation;
    Millis timeframe = 0;                     // the count's window, and how long an alert absorbs repeats

    // The text in `lang`, the English when the rule has none in that language.
    const std::string& title_in(Lang lang) const { return lang == Lang::Ja && !title_ja.empty() ? title_ja : title; }
    const std::string& description_in(Lang lang) const {
        return lang == Lang::Ja && !description_ja.empty() ? description_ja : description;
    }
    const std::vector<std::string>& falsepositives_in(Lang lang) const {
        return lang == Lang::Ja && !falsepositives_ja.empty() ? falsepositives_ja : falsepositives;
    }

    // ATT&CK technique ids from the tags: attack.t1071.004 -> T1071.004.
    std::vector<std::string> techniques() const;
    // How long one alert takes in further matches of its group (the timeframe, else 10 minutes).
    Millis suppression() const { return timeframe > 0 ? timeframe : 10 * kMinute; }
};

// One rule file (one YAML document). Problems come back as file:line:col diagnostics.
Loaded<Rule> load_rule_text(const std::string& yaml_text, const std::string& file_name);
Loaded<Rule> load_rule_file(const std::filesystem::path& path);
// The rule files a list of files and folders names: every *.yml and *.yaml in a folder, by name.
// A folder with none is reported in `errors`.
std::vector<std::filesystem::path> rule_files(const std::vector<std::filesystem::path>& paths, std::vector<Diagnostic>& errors);
// Rule files and folders, loaded; ids must be unique among them.
Loaded<std::vector<Rule>> load_rules(const std::vector<std::filesystem::path>& paths);

struct Alert {
    std::uint32_t number = 0;   // 1, 2, 3... in the order raised: what triage refers to
    std::size_t rule = 0;       // index into RuleEngine::rules()
    std::string rule_id;
    std::string title;
    std::string title_ja;       // the rule's title_ja, when it has one
    Level level = Level::Medium;
    SimTime time = 0;           // when it was raised: the record that crossed the threshold
    SimTime first = 0, last = 0;  // the first and last record behind it
    std::string group;          // "src=10.20.0.117, query=api.example.net" (count rules) or "src=..."
    std::vector<std::pair<std::string, std::string>> group_terms;  // the same as (field, value) pairs
    std::uint64_t count = 0;    // count rules: the highest count in a window; others: matching records
    std::vector<std::uint32_t> records;  // record indices behind it (the first kMaxAlertRecords)
};

class RuleEngine {
public:
    static constexpr std::size_t kMaxAlertRecords = 1000;

    // The scenario and store must outlive the engine.
    RuleEngine(std::vector<Rule> rules, const scenario::Scenario& scenario, const logs::LogStore& store);
    ~RuleEngine();
    RuleEngine(RuleEngine&&) noexcept;
    RuleEngine& operator=(RuleEngine&&) noexcept;

    // Tests the records that arrived since the last call. Returns how many alerts it raised.
    std::size_t consume();

    const std::vector<Rule>& rules() const;
    // Every alert so far, in time order.
    const std::vector<Alert>& alerts() const;
    // Changes whenever an alert is raised or updated (a panel redraws when it does).
    std::uint64_t revision() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace socsim::detect

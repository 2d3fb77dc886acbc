// The rule engine (see rule.h): each rule's Condition scans its source's new records; matches of
// all rules are taken in store order, so alerts come out in time order; counts slide over the
// rule's timeframe per group, and an alert absorbs its group's repeats for one timeframe.
#include <algorithm>
#include <deque>
#include <unordered_map>

#include "core/detect/rule.h"
#include "core/logs/render.h"

namespace socsim::detect {
namespace {

constexpr std::size_t kChunk = 65536;  // store records looked at per round

// Who a plain rule's alert is about: the client address, or the device's MAC for DHCP.
const logs::Field* who_field(logs::Source s) { return logs::find_field(s, s == logs::Source::Dhcp ? "mac" : "src"); }

struct Hit {
    SimTime time;
    std::uint32_t index;
    std::int64_t value;  // count(field): the field's raw value
};

// One group of a rule: its records inside the timeframe, and the alert it feeds, if any.
struct Group {
    std::deque<Hit> hits;
    std::unordered_map<std::int64_t, std::uint32_t> distinct;  // value -> records in the window
    std::int64_t alert = -1;                                   // index into alerts
    SimTime absorbs_until = 0;                                 // repeats before this update the alert
    SimTime newest = 0;
};

}  // namespace

struct RuleEngine::State {
    struct PerRule {
        logs::ConditionScan scan;
        std::size_t done = 0;  // positions of the source's list already tested
        std::unordered_map<std::string, Group> groups;
        SimTime next_prune = 0;
    };

    std::vector<Rule> rules;
    const scenario::Scenario& scenario;
    const logs::LogStore& store;
    logs::Renderer renderer;
    std::vector<PerRule> per_rule;
    std::vector<Alert> alerts;
    std::size_t looked = 0;  // store records taken in
    std::uint64_t revision = 0;
    std::vector<std::uint32_t> buffer;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> matches;  // (record, rule)

    State(std::vector<Rule> r, const scenario::Scenario& s, const logs::LogStore& st)
        : rules(std::move(r)), scenario(s), store(st), renderer(s, st) {
        // Rules compile once; `now` only matters for relative times, which rules do not use.
        for (const auto& rule : rules) per_rule.push_back(PerRule{logs::ConditionScan(rule.condition, renderer, 0), 0, {}, 0});
    }

    // What the alert is about: the count's by-fields, else who did it, with the record's values.
    std::vector<std::pair<std::string, std::string>> group_terms(const Rule& rule, const logs::Event& e) const {
        std::vector<std::pair<std::string, std::string>> terms;
        if (rule.aggregation) {
            for (const logs::Field* f : rule.aggregation->by) terms.emplace_back(f->name, renderer.field(e, f->name));
            return terms;
        }
        const logs::Field* who = who_field(rule.source);
        terms.emplace_back(who->name, renderer.field(e, who->name));
        return terms;
    }
    static std::string group_text(const std::vector<std::pair<std::string, std::string>>& terms) {
        std::string out;
        for (const auto& [field, value] : terms) {
            if (!out.empty()) out += ", ";
            out += field;
            out += '=';
            out += value;
        }
        return out;
    }

    void raise(std::size_t r, Group& g, const logs::Event& e, std::uint64_t count) {
        const Rule& rule = rules[r];
        Alert a;
        a.number = static_cast<std::uint32_t>(alerts.size() + 1);
        a.rule = r;
        a.rule_id = rule.id;
        a.title = rule.title;
        a.title_ja = rule.title_ja;
        a.level = rule.level;
        a.time = e.time;
        a.first = g.hits.empty() ? e.time : g.hits.front().time;
        a.last = e.time;
        a.group_terms = group_terms(rule, e);
        a.group = group_text(a.group_terms);
        a.count = count;
        for (const auto& h : g.hits) {
            if (a.records.size() >= kMaxAlertRecords) break;
            a.records.push_back(h.index);
        }
        g.alert = static_cast<std::int64_t>(alerts.size());
        g.absorbs_until = e.time + rule.suppression();
        alerts.push_back(std::move(a));
        ++revision;
    }

    void absorb(Group& g, std::uint32_t index, SimTime t, std::uint64_t count) {
        Alert& a = alerts[static_cast<std::size_t>(g.alert)];
        a.count = std::max(a.count, count);
        a.last = t;
        if (a.records.size() < kMaxAlertRecords) a.records.push_back(index);
        ++revision;
    }

    void take(std::size_t r, std::uint32_t index) {
        const Rule& rule = rules[r];
        PerRule& pr = per_rule[r];
        const logs::Event& e = store.at(index);
        std::string key;
        if (rule.aggregation) {
            for (const logs::Field* f : rule.aggregation->by) {
                const std::int64_t v = logs::raw_value(f->slot, e);
                key.append(reinterpret_cast<const char*>(&v), sizeof v);
            }
        } else {
            const std::int64_t v = logs::raw_value(who_field(rule.source)->slot, e);
            key.append(reinterpret_cast<const char*>(&v), sizeof v);
        }
        Group& g = pr.groups[key];
        g.newest = e.time;
        if (!rule.aggregation) {
            // One alert per device per timeframe; repeats add to its count.
            if (g.alert >= 0 && e.time < g.absorbs_until) {
                Alert& a = alerts[static_cast<std::size_t>(g.alert)];
                absorb(g, index, e.time, a.count + 1);
                return;
            }
            g.hits.assign(1, Hit{e.time, index, 0});
            raise(r, g, e, 1);
            g.hits.clear();
            return;
        }
        const Aggregation& agg = *rule.aggregation;
        const std::int64_t value = agg.distinct ? logs::raw_value(agg.distinct->slot, e) : 0;
        g.hits.push_back(Hit{e.time, index, value});
        if (agg.distinct) ++g.distinct[value];
        // The window is (t - timeframe, t].
        while (!g.hits.empty() && g.hits.front().time <= e.time - rule.timeframe) {
            if (agg.distinct) {
                auto it = g.distinct.find(g.hits.front().value);
                if (--it->second == 0) g.distinct.erase(it);
            }
            g.hits.pop_front();
        }
        const std::uint64_t count = agg.distinct ? g.distinct.size() : g.hits.size();
        const bool crossed = agg.or_equal ? count >= agg.threshold : count > agg.threshold;
        if (g.alert >= 0 && e.time < g.absorbs_until) {
            absorb(g, index, e.time, count);
        } else if (crossed) {
            raise(r, g, e, count);
        }
    }

    // Forgets groups with nothing in their window and no alert taking repeats.
    void prune(std::size_t r, SimTime now) {
        PerRule& pr = per_rule[r];
        if (now < pr.next_prune) return;
        const Millis keep = std::max(rules[r].timeframe, rules[r].suppression());
        for (auto it = pr.groups.begin(); it != pr.groups.end();) {
            if (it->second.newest <= now - keep && now >= it->second.absorbs_until) it = pr.groups.erase(it);
            else ++it;
        }
        pr.next_prune = now + keep;
    }

    std::size_t consume() {
        const std::size_t before = alerts.size();
        while (looked < store.size()) {
            const std::size_t end = std::min(store.size(), looked + kChunk);
            matches.clear();
            for (std::size_t r = 0; r < rules.size(); ++r) {
                PerRule& pr = per_rule[r];
                const auto& list = store.of(rules[r].source);
                // The positions of this source's records among the store's records [looked, end).
                const auto stop = static_cast<std::size_t>(
                    std::lower_bound(list.begin() + static_cast<std::ptrdiff_t>(pr.done), list.end(), static_cast<std::uint32_t>(end)) -
                    list.begin());
                if (stop <= pr.done) continue;
                buffer.clear();
                pr.scan.select(list.data() + pr.done, stop - pr.done, buffer);
                pr.done = stop;
                for (auto idx : buffer) matches.emplace_back(idx, static_cast<std::uint32_t>(r));
            }
            // All rules' matches in store order (time order), rule by rule for one record.
            std::sort(matches.begin(), matches.end());
            for (const auto& [idx, r] : matches) take(r, idx);
            looked = end;
            if (looked > 0) {
                const SimTime now = store.at(static_cast<std::uint32_t>(looked - 1)).time;
                for (std::size_t r = 0; r < rules.size(); ++r) prune(r, now);
            }
        }
        return alerts.size() - before;
    }
};

RuleEngine::RuleEngine(std::vector<Rule> rules, const scenario::Scenario& scenario, const logs::LogStore& store)
    : state_(std::make_unique<State>(std::move(rules), scenario, store)) {}
RuleEngine::~RuleEngine() = default;
RuleEngine::RuleEngine(RuleEngine&&) noexcept = default;
RuleEngine& RuleEngine::operator=(RuleEngine&&) noexcept = default;

std::size_t RuleEngine::consume() { return state_->consume(); }
const std::vector<Rule>& RuleEngine::rules() const { return state_->rules; }
const std::vector<Alert>& RuleEngine::alerts() const { return state_->alerts; }
std::uint64_t RuleEngine::revision() const { return state_->revision; }

}  // namespace socsim::detect

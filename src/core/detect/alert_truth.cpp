// The true class of an alert (see alert_truth.h).
#include "core/detect/alert_truth.h"

#include <algorithm>
#include <numeric>

#include "core/detect/rule.h"
#include "core/sim/truth.h"

namespace socsim::detect {

const char* verdict_name(Verdict v) {
    switch (v) {
        case Verdict::TruePositive: return "tp";
        case Verdict::FalsePositive: return "fp";
        case Verdict::BenignTruePositive: return "btp";
    }
    return "fp";
}

std::optional<Verdict> parse_verdict(std::string_view name) {
    for (Verdict v : kVerdicts)
        if (name == verdict_name(v)) return v;
    return std::nullopt;
}

Verdict true_verdict(const Alert& alert, const std::vector<std::int16_t>& truth) {
    // One attacker's record is enough: the alert shows the attack, however much noise came with it.
    bool sanctioned = false;
    for (const std::uint32_t index : alert.records) {
        if (index >= truth.size()) continue;
        if (sim::is_malicious(truth[index])) return Verdict::TruePositive;
        sanctioned = sanctioned || sim::is_sanctioned(truth[index]);
    }
    return sanctioned ? Verdict::BenignTruePositive : Verdict::FalsePositive;
}

std::vector<AlertTruth> alert_truths(const std::vector<Alert>& alerts, const std::vector<std::int16_t>& truth) {
    std::vector<AlertTruth> out;
    out.reserve(alerts.size());
    for (const Alert& a : alerts) out.push_back({a.number, a.title, a.group, a.time, true_verdict(a, truth), a.title_ja});
    return out;
}

std::vector<std::uint32_t> alert_order(const std::vector<Alert>& alerts, const std::vector<std::optional<Verdict>>& verdicts,
                                       AlertColumn column, bool descending) {
    std::vector<std::uint32_t> order(alerts.size());
    std::iota(order.begin(), order.end(), 0u);
    const auto verdict_rank = [&](std::uint32_t i) {
        return i < verdicts.size() && verdicts[i] ? 1 + static_cast<int>(*verdicts[i]) : 0;
    };
    // -1, 0, 1 like strcmp: descending flips it, ties fall back to the number either way.
    const auto compare = [&](std::uint32_t a, std::uint32_t b) -> int {
        const Alert& x = alerts[a];
        const Alert& y = alerts[b];
        const auto cmp = [](const auto& l, const auto& r) { return l < r ? -1 : (r < l ? 1 : 0); };
        switch (column) {
            case AlertColumn::Number: return cmp(x.number, y.number);
            case AlertColumn::Time: return cmp(x.time, y.time);
            case AlertColumn::Level: return cmp(static_cast<int>(x.level), static_cast<int>(y.level));
            case AlertColumn::Title: return cmp(x.title, y.title);
            case AlertColumn::Group: return cmp(x.group, y.group);
            case AlertColumn::Count: return cmp(x.count, y.count);
            case AlertColumn::Verdict: return cmp(verdict_rank(a), verdict_rank(b));
        }
        return 0;
    };
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        const int c = compare(a, b);
        return descending ? c > 0 : c < 0;
    });
    return order;
}

}  // namespace socsim::detect

// Scoring rules (docs/scoring.md): containment that decays with time to isolate, a penalty per
// wrong isolation priced by the host's business value, the alert triage, and the quiz share.
#include "core/score/score.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace socsim::score {
namespace {

std::string points_text(double p) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", p);
    return buf;
}

// Share of the containment points left after `delay`: full up to full_credit_within, then
// falling linearly to min_credit_share at min_credit_after, and staying there.
double containment_share(const scenario::Scoring& s, Millis delay) {
    if (delay <= s.full_credit_within) return 1.0;
    if (delay >= s.min_credit_after) return s.min_credit_share;
    const double span = static_cast<double>(s.min_credit_after - s.full_credit_within);
    const double f = static_cast<double>(delay - s.full_credit_within) / span;
    return 1.0 - f * (1.0 - s.min_credit_share);
}

}  // namespace

std::string ScoreLine::describe(const Catalog& catalog, Lang lang) const {
    return catalog.format(key, args, lang);
}

Score compute(const scenario::Scenario& scenario, const std::vector<Infection>& infections,
              const std::vector<sim::Action>& actions, const QuizResult& quiz,
              const std::vector<detect::AlertTruth>* alerts) {
    const scenario::Scoring& rules = scenario.scoring;
    Score score;
    score.pass_mark = rules.pass_mark;

    // First isolation time of each host (a later release and re-isolation does not reset it).
    std::vector<std::pair<std::string, SimTime>> first_isolation;
    for (const auto& a : actions) {
        if (a.kind != sim::ActionKind::Isolate) continue;
        auto it = std::find_if(first_isolation.begin(), first_isolation.end(),
                               [&](const auto& p) { return p.first == a.target; });
        if (it == first_isolation.end()) first_isolation.emplace_back(a.target, a.time);
    }
    // The isolation that stands: the last one, unless the host was reconnected after it.
    struct Standing {
        std::optional<SimTime> isolated;  // since when, if it is still isolated at the end
        std::optional<SimTime> released;  // when it was last reconnected, if it is not
    };
    auto standing = [&](const std::string& host) {
        Standing st;
        for (const auto& a : actions) {
            if (a.target != host) continue;
            if (a.kind == sim::ActionKind::Isolate) {
                st.isolated = a.time;
                st.released.reset();
            } else if (a.kind == sim::ActionKind::Release && st.isolated) {
                st.isolated.reset();
                st.released = a.time;
            }
        }
        return st;
    };

    // --- containment ---
    if (infections.empty()) {
        if (scenario.attack.empty()) {
            score.lines.push_back({"score.no_attack", {}, rules.containment_points, rules.containment_points});
        } else {
            score.lines.push_back({"score.ended_before_attack", {}, 0, rules.containment_points});
        }
    } else {
        const double share = rules.containment_points / static_cast<double>(infections.size());
        for (const auto& inf : infections) {
            const Standing st = standing(inf.host);
            if (st.released && *st.released >= inf.infected_at) {
                // Reconnected while still infected: its traffic came back, so it was not contained.
                score.lines.push_back({"score.released_infected",
                                       {{"host", inf.host}, {"time", format_clock(*st.released, scenario.utc_offset_minutes)}},
                                       0,
                                       share});
                continue;
            }
            const auto when = st.isolated;
            if (!when || *when < inf.infected_at) {
                score.lines.push_back({"score.missed", {{"host", inf.host}}, 0, share});
                continue;
            }
            const Millis delay = *when - inf.infected_at;
            const double earned = share * containment_share(rules, delay);
            score.lines.push_back({"score.contained",
                                   {{"host", inf.host},
                                    {"delay", format_duration(delay)},
                                    {"points", points_text(earned)},
                                    {"max", points_text(share)}},
                                   earned,
                                   share});
        }
    }

    // --- collateral damage ---
    for (const auto& [host, when] : first_isolation) {
        const bool infected_then = std::any_of(infections.begin(), infections.end(), [&](const Infection& inf) {
            return inf.host == host && inf.infected_at <= when;
        });
        if (infected_then) continue;
        const scenario::Host* decl = scenario.find_host(host);
        const int value = decl ? decl->business_value : 1;
        const double penalty = rules.wrong_isolation_penalty * value;
        score.lines.push_back({"score.wrong_isolation",
                               {{"host", host}, {"value", std::to_string(value)}, {"points", points_text(penalty)}},
                               -penalty,
                               0});
    }

    // --- alert triage ---
    if (alerts) {
        if (alerts->empty()) {
            score.lines.push_back({"score.triage_none", {}, rules.triage_points, rules.triage_points});
        } else {
            std::map<std::string, detect::Verdict> last;  // alert number -> the verdict that stands
            for (const auto& a : actions)
                if (a.kind == sim::ActionKind::Triage)
                    if (const auto v = detect::parse_verdict(a.verdict)) last[a.target] = *v;
            std::size_t right = 0;
            std::vector<ScoreLine> wrong;
            std::size_t unlisted = 0;
            for (const auto& alert : *alerts) {
                const auto it = last.find(std::to_string(alert.number));
                if (it != last.end() && it->second == alert.truth) {
                    ++right;
                    continue;
                }
                if (wrong.size() >= kMisjudgedListed) {
                    ++unlisted;
                    continue;
                }
                TextArgs args{{"number", std::to_string(alert.number)},
                              {"title", alert.title},
                              {"title@ja", alert.title_ja.empty() ? alert.title : alert.title_ja},
                              {"group", alert.group},
                              {"time", format_clock(alert.time, scenario.utc_offset_minutes)}};
                // One key per pair of verdicts, so each language can say it naturally.
                const std::string key = it == last.end()
                                            ? std::string("score.triage_missed_") + detect::verdict_name(alert.truth)
                                            : std::string("score.triage_wrong_") + detect::verdict_name(it->second) +
                                                  "_" + detect::verdict_name(alert.truth);
                wrong.push_back({key, std::move(args), 0, 0});
            }
            const double earned = rules.triage_points * static_cast<double>(right) / static_cast<double>(alerts->size());
            score.lines.push_back({"score.triage",
                                   {{"right", std::to_string(right)},
                                    {"total", std::to_string(alerts->size())},
                                    {"points", points_text(earned)},
                                    {"max", points_text(rules.triage_points)}},
                                   earned,
                                   rules.triage_points});
            for (auto& line : wrong) score.lines.push_back(std::move(line));
            if (unlisted > 0) score.lines.push_back({"score.triage_more", {{"count", std::to_string(unlisted)}}, 0, 0});
        }
    }

    // --- quiz ---
    if (quiz.questions > 0 && quiz.possible > 0) {
        const double earned = rules.quiz_points * quiz.earned / quiz.possible;
        score.lines.push_back({"score.quiz",
                               {{"right", std::to_string(quiz.correct)},
                                {"total", std::to_string(quiz.questions)},
                                {"points", points_text(earned)},
                                {"max", points_text(rules.quiz_points)}},
                               earned,
                               rules.quiz_points});
    } else {
        score.lines.push_back({"score.quiz_skipped", {}, 0, rules.quiz_points});
    }

    double total = 0;
    for (const auto& l : score.lines) total += l.points;
    score.total = std::clamp(total, 0.0, 100.0);
    score.passed = score.total >= score.pass_mark;
    return score;
}

}  // namespace socsim::score

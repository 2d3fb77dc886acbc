// The score of an attempt, computed from the journal and the ground truth, never from the UI.
// Each line of the breakdown says what earned or cost points, in both languages through the
// catalog (key + arguments), so a trainee can see why.
#pragma once

#include <string>
#include <vector>

#include "core/detect/alert_truth.h"
#include "core/i18n/catalog.h"
#include "core/scenario/scenario.h"
#include "core/sim/action.h"

namespace socsim::score {

struct ScoreLine {
    std::string key;      // catalog key of the explanation, "score.contained"
    TextArgs args;        // its placeholders: host, time, points...
    double points = 0;    // earned (negative for a penalty)
    double max_points = 0;  // what was possible on this line (0 for penalties)

    std::string describe(const Catalog& catalog, Lang lang) const;
};

struct Score {
    std::vector<ScoreLine> lines;
    double total = 0;      // 0..100
    double pass_mark = 60;
    bool passed = false;
};

// What really happened, as the engine knows it: which hosts were infected and when.
struct Infection {
    std::string host;
    SimTime infected_at = 0;
    std::string step_id;
    std::string technique;
};

struct QuizResult {
    int questions = 0;
    int correct = 0;       // questions with full credit
    double earned = 0;     // sum of per-question fractions times points
    double possible = 0;
};

// Scores an attempt. `actions` in the order taken; `infections` from the engine's ground truth.
// `alerts`: the alert queue with each alert's true class, when the scenario ships rules; the
// Triage actions among `actions` are then scored against it (the last verdict on an alert counts).
Score compute(const scenario::Scenario& scenario, const std::vector<Infection>& infections,
              const std::vector<sim::Action>& actions, const QuizResult& quiz,
              const std::vector<detect::AlertTruth>* alerts = nullptr);

// How many misjudged or untriaged alerts the breakdown names one by one; the rest are counted.
constexpr std::size_t kMisjudgedListed = 10;

}  // namespace socsim::score

// Triage of alerts: the three verdicts a SOC analyst gives an alert, and the true one, read from
// the ground truth beside the logs (sim/truth.h), so the triage can be scored.
//
// An alert is a true positive when the records behind it include the attacker's, a benign true
// positive when they show real activity the company sanctioned (a declared scheduled job: the
// vulnerability scan, the backup, the admin's SSH checks), and a false positive otherwise: the
// rule matched ordinary traffic that only looked suspicious.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/time.h"

namespace socsim::detect {

struct Alert;

enum class Verdict : std::uint8_t {
    TruePositive,        // the attack: act on it
    FalsePositive,       // the rule was wrong about ordinary traffic: tune it
    BenignTruePositive,  // real and what the rule looks for, but sanctioned: note it, no action
};
const char* verdict_name(Verdict v);  // "tp", "fp", "btp": the journal's form and catalog key suffix
std::optional<Verdict> parse_verdict(std::string_view name);
constexpr Verdict kVerdicts[] = {Verdict::TruePositive, Verdict::FalsePositive, Verdict::BenignTruePositive};

// The true class of `alert` from the ground-truth labels of the store's records (Engine::truth()).
Verdict true_verdict(const Alert& alert, const std::vector<std::int16_t>& truth);

// One alert as the score sees it: what it was and what it really was.
struct AlertTruth {
    std::uint32_t number = 0;
    std::string title;
    std::string group;
    SimTime time = 0;
    Verdict truth = Verdict::FalsePositive;
    std::string title_ja;  // empty when the rule has no Japanese title
};

// Every alert of `alerts` with its true class.
std::vector<AlertTruth> alert_truths(const std::vector<Alert>& alerts, const std::vector<std::int16_t>& truth);

// The alert queue's columns, and the order of its rows: positions into `alerts` sorted by
// `column` (equal values keep the order raised). `verdicts[i]` is the trainee's verdict on
// alerts[i], if any; unjudged alerts sort before judged ones.
enum class AlertColumn { Number, Time, Level, Title, Group, Count, Verdict };
std::vector<std::uint32_t> alert_order(const std::vector<Alert>& alerts, const std::vector<std::optional<Verdict>>& verdicts,
                                       AlertColumn column, bool descending);

}  // namespace socsim::detect

// Ground-truth labels: what each record really is, kept beside the records (Engine::truth()),
// never inside what the trainee sees. Scoring, debriefs and the alert triage read them.
//
// A label is the attack step index (0, 1, ...) for a malicious record, kBenign for ordinary
// traffic, and a label of its own for the records of a declared scheduled job (benign.jobs:
// the backup, the vulnerability scan, the admin's SSH checks): real activity that looks like an
// attack but is sanctioned, which is what makes an alert on it a benign true positive.
#pragma once

#include <cstddef>
#include <cstdint>

namespace socsim::sim {

constexpr std::int16_t kBenign = -1;  // ground-truth label of ordinary traffic

// The label of the records made by the scenario's benign.jobs[job].
constexpr std::int16_t sanctioned_label(std::size_t job) { return static_cast<std::int16_t>(-2 - static_cast<int>(job)); }
constexpr bool is_malicious(std::int16_t label) { return label >= 0; }
constexpr bool is_sanctioned(std::int16_t label) { return label <= -2; }
// The job index behind a sanctioned label (is_sanctioned(label) must hold).
constexpr std::size_t sanctioned_job(std::int16_t label) { return static_cast<std::size_t>(-2 - static_cast<int>(label)); }

}  // namespace socsim::sim

// Per-trainee variation: the same story with other names. A scenario's `variants:` block says
// what may change with the seed (which desk PC is the victim, which DHCP address each device
// holds, what the attacker's domains are called), so two trainees side by side cannot swap
// answers, while the incident, its timing and its difficulty stay the same.
#pragma once

#include <cstdint>

#include "core/scenario/scenario.h"

namespace socsim::scenario {

// The scenario as the trainee with this seed plays it. Deterministic: the same seed gives the
// same variant, so resume, replay and grading see the world the trainee saw. Without a
// `variants:` block it returns the scenario unchanged.
Scenario with_variant(const Scenario& s, std::uint64_t seed);

}  // namespace socsim::scenario

// Reading the attack section of a scenario: the library of attack building blocks, each kind
// with the keys that apply to it (docs/scenario-format.md). Internal to src/core/scenario.
#pragma once

#include <vector>

#include "core/scenario/scenario.h"
#include "core/scenario/yaml_fields.h"

namespace socsim::scenario::detail {

// Where each reference of a step was written, for the checks made once the hosts are known.
struct AttackSource {
    Source host, start, stop, after, target, user, success_user, success_after;
    std::vector<Source> targets, conditions;
};

// Reads `attack:` of `top` into `s.attack` (one AttackSource per step, in order).
void read_attack(const Fields& top, Scenario& s, std::vector<AttackSource>& sources);

// Checks what the steps refer to (hosts, users, other steps, services, times) against the
// whole scenario, once every file is read.
void check_attack(const Scenario& s, const std::vector<AttackSource>& sources, bool duration_known, bool hosts_known);

}  // namespace socsim::scenario::detail

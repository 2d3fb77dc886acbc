// What a trainee does to the simulated world. Actions are journaled (store/database.h) the moment
// they are taken and, replayed at the same simulation times, reproduce the same world.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/common/time.h"

namespace socsim::sim {

enum class ActionKind {
    Isolate,      // cut a host off the network: from that moment it sends nothing
    Release,      // reconnect an isolated host
    EndScenario,  // the trainee says the incident is handled
    Pin,          // keep a log record as evidence: target is the record's index, note says why
    BlockDomain,  // the DNS server refuses the name (and every name under it) from now on
    DisableAccount,  // the account can no longer log on anywhere
    ResetPassword,   // the account gets a new password: a stolen one stops working
    Triage,          // the trainee's verdict on an alert: target is its number; a later one replaces it
};
const char* action_kind_name(ActionKind kind);  // "isolate", "release", "end", "pin", "block_domain"...
std::optional<ActionKind> parse_action_kind(std::string_view name);

struct Action {
    // Constructors rather than aggregate initialisation: kinds that take no verdict leave it out.
    Action() = default;
    Action(SimTime t, ActionKind k, std::string target_ = {}, std::string note_ = {}, std::string verdict_ = {})
        : time(t), kind(k), target(std::move(target_)), note(std::move(note_)), verdict(std::move(verdict_)) {}

    SimTime time = 0;       // simulation time it was taken
    ActionKind kind = ActionKind::Isolate;
    std::string target;     // hostname, domain (BlockDomain), user name (accounts), record index (Pin); empty for EndScenario
    std::string note;       // the trainee's reason, free text
    std::string verdict;    // Triage: "tp", "fp" or "btp" (detect/alert_truth.h); empty for other kinds
};

}  // namespace socsim::sim

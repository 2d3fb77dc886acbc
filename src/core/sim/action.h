// What a trainee does to the simulated world. Actions are journaled (store/database.h) the moment
// they are taken and, replayed at the same simulation times, reproduce the same world.
#pragma once

#include <optional>
#include <string>
#include <string_view>

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
};
const char* action_kind_name(ActionKind kind);  // "isolate", "release", "end", "pin", "block_domain"...
std::optional<ActionKind> parse_action_kind(std::string_view name);

struct Action {
    SimTime time = 0;       // simulation time it was taken
    ActionKind kind = ActionKind::Isolate;
    std::string target;     // hostname, domain (BlockDomain), user name (accounts), record index (Pin); empty for EndScenario
    std::string note;       // the trainee's reason, free text
};

}  // namespace socsim::sim

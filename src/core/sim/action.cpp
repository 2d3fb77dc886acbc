// Names of trainee actions as they are journaled and printed.
#include "core/sim/action.h"

namespace socsim::sim {

const char* action_kind_name(ActionKind kind) {
    switch (kind) {
        case ActionKind::Isolate: return "isolate";
        case ActionKind::Release: return "release";
        case ActionKind::EndScenario: return "end";
        case ActionKind::Pin: return "pin";
    }
    return "unknown";
}

std::optional<ActionKind> parse_action_kind(std::string_view name) {
    if (name == "isolate") return ActionKind::Isolate;
    if (name == "release") return ActionKind::Release;
    if (name == "end") return ActionKind::EndScenario;
    if (name == "pin") return ActionKind::Pin;
    return std::nullopt;
}

}  // namespace socsim::sim

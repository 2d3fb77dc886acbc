// Names of trainee actions as they are journaled and printed.
#include "core/sim/action.h"

#include <utility>

namespace socsim::sim {
namespace {

constexpr std::pair<ActionKind, const char*> kNames[] = {
    {ActionKind::Isolate, "isolate"},           {ActionKind::Release, "release"},
    {ActionKind::EndScenario, "end"},           {ActionKind::Pin, "pin"},
    {ActionKind::BlockDomain, "block_domain"},  {ActionKind::DisableAccount, "disable_account"},
    {ActionKind::ResetPassword, "reset_password"}, {ActionKind::Triage, "triage"},
};

}  // namespace

const char* action_kind_name(ActionKind kind) {
    for (const auto& [k, name] : kNames)
        if (k == kind) return name;
    return "unknown";
}

std::optional<ActionKind> parse_action_kind(std::string_view name) {
    for (const auto& [k, n] : kNames)
        if (name == n) return k;
    return std::nullopt;
}

}  // namespace socsim::sim

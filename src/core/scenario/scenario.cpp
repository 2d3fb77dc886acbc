// Names of the scenario model's enumerations and host look-ups. The names here are the words
// scenario authors write in YAML, so the loader and every printer share one spelling.
#include "core/scenario/scenario.h"

namespace socsim::scenario {

namespace {

struct RoleName {
    Role role;
    const char* name;
};

// Order is the order used in messages that list the allowed roles.
constexpr RoleName kRoleNames[] = {
    {Role::Workstation, "workstation"}, {Role::Laptop, "laptop"},   {Role::Server, "server"},
    {Role::DomainController, "domain_controller"}, {Role::Printer, "printer"}, {Role::Firewall, "firewall"},
};

}  // namespace

const char* role_name(Role role) {
    for (const auto& r : kRoleNames)
        if (r.role == role) return r.name;
    return "unknown";
}

bool parse_role(std::string_view name, Role& out) {
    for (const auto& r : kRoleNames) {
        if (name == r.name) {
            out = r.role;
            return true;
        }
    }
    return false;
}

std::vector<std::string> role_names() {
    std::vector<std::string> names;
    for (const auto& r : kRoleNames) names.emplace_back(r.name);
    return names;
}

const char* attack_kind_name(AttackKind kind) {
    switch (kind) {
        case AttackKind::DnsBeacon: return "dns_beacon";
    }
    return "unknown";
}

bool parse_attack_kind(std::string_view name, AttackKind& out) {
    if (name == "dns_beacon") {
        out = AttackKind::DnsBeacon;
        return true;
    }
    return false;
}

std::vector<std::string> attack_kind_names() { return {"dns_beacon"}; }

const Host* Scenario::find_host(const std::string& hostname) const {
    const int i = host_index(hostname);
    return i < 0 ? nullptr : &network.hosts[static_cast<std::size_t>(i)];
}

int Scenario::host_index(const std::string& hostname) const {
    // Linear: a scenario has at most a few thousand hosts and the engine caches indices.
    for (std::size_t i = 0; i < network.hosts.size(); ++i)
        if (network.hosts[i].hostname == hostname) return static_cast<int>(i);
    return -1;
}

}  // namespace socsim::scenario

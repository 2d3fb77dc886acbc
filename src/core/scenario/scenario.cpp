// Names of the scenario model's enumerations and look-ups. The names here are the words
// scenario authors write in YAML, so the loader and every printer share one spelling.
#include "core/scenario/scenario.h"

#include <utility>

namespace socsim::scenario {

namespace {

// One table per enumeration: its order is the order used in messages that list the options.
template <class E>
struct Named {
    E value;
    const char* name;
};

constexpr Named<Role> kRoles[] = {
    {Role::Workstation, "workstation"}, {Role::Laptop, "laptop"},       {Role::Server, "server"},
    {Role::DomainController, "domain_controller"}, {Role::Dns, "dns"}, {Role::Printer, "printer"},
    {Role::Firewall, "firewall"},       {Role::Iot, "iot"},
};

constexpr Named<Service> kServices[] = {
    {Service::Ssh, "ssh"}, {Service::Rdp, "rdp"},     {Service::Smb, "smb"},
    {Service::Http, "http"}, {Service::Https, "https"}, {Service::WinRm, "winrm"},
};

constexpr Named<JobKind> kJobKinds[] = {
    {JobKind::Backup, "backup"}, {JobKind::VulnerabilityScan, "vulnerability_scan"}, {JobKind::AdminSsh, "admin_ssh"},
};

constexpr Named<AttackKind> kAttackKinds[] = {
    {AttackKind::DnsBeacon, "dns_beacon"},
    {AttackKind::HttpsBeacon, "https_beacon"},
    {AttackKind::Dga, "dga"},
    {AttackKind::DnsTunnel, "dns_tunnel"},
    {AttackKind::SshBruteForce, "ssh_brute_force"},
    {AttackKind::RdpBruteForce, "rdp_brute_force"},
    {AttackKind::PasswordSpray, "password_spray"},
    {AttackKind::LateralMovement, "lateral_movement"},
    {AttackKind::PortScan, "port_scan"},
    {AttackKind::RogueDevice, "rogue_device"},
    {AttackKind::PolicyViolation, "policy_violation"},
    {AttackKind::LargeUpload, "large_upload"},
};

constexpr Named<GuideGoalKind> kGuideGoals[] = {
    {GuideGoalKind::Next, "next"},         {GuideGoalKind::Time, "time"},       {GuideGoalKind::Opened, "opened"},
    {GuideGoalKind::Shown, "shown"},       {GuideGoalKind::Isolated, "isolated"}, {GuideGoalKind::Blocked, "blocked"},
    {GuideGoalKind::Pinned, "pinned"},     {GuideGoalKind::ReportSubmitted, "report_submitted"},
};

template <class E, std::size_t N>
const char* name_of(const Named<E> (&table)[N], E value) {
    for (const auto& t : table)
        if (t.value == value) return t.name;
    return "unknown";
}

template <class E, std::size_t N>
bool parse_name(const Named<E> (&table)[N], std::string_view name, E& out) {
    for (const auto& t : table) {
        if (name == t.name) {
            out = t.value;
            return true;
        }
    }
    return false;
}

template <class E, std::size_t N>
std::vector<std::string> names_of(const Named<E> (&table)[N]) {
    std::vector<std::string> out;
    for (const auto& t : table) out.emplace_back(t.name);
    return out;
}

}  // namespace

const char* role_name(Role role) { return name_of(kRoles, role); }
bool parse_role(std::string_view name, Role& out) { return parse_name(kRoles, name, out); }
std::vector<std::string> role_names() { return names_of(kRoles); }

const char* service_name(Service s) { return name_of(kServices, s); }
bool parse_service(std::string_view name, Service& out) { return parse_name(kServices, name, out); }
std::vector<std::string> service_names() { return names_of(kServices); }
std::uint16_t service_port(Service s) {
    switch (s) {
        case Service::Ssh: return 22;
        case Service::Rdp: return 3389;
        case Service::Smb: return 445;
        case Service::Http: return 80;
        case Service::Https: return 443;
        case Service::WinRm: return 5985;
    }
    return 0;
}

const char* job_kind_name(JobKind k) { return name_of(kJobKinds, k); }
bool parse_job_kind(std::string_view name, JobKind& out) { return parse_name(kJobKinds, name, out); }
std::vector<std::string> job_kind_names() { return names_of(kJobKinds); }

const char* attack_kind_name(AttackKind kind) { return name_of(kAttackKinds, kind); }
bool parse_attack_kind(std::string_view name, AttackKind& out) { return parse_name(kAttackKinds, name, out); }
std::vector<std::string> attack_kind_names() { return names_of(kAttackKinds); }

const char* guide_goal_name(GuideGoalKind kind) { return name_of(kGuideGoals, kind); }

const std::vector<std::string>& guide_panels() {
    static const std::vector<std::string> panels = {"alerts",   "logs",   "charts", "sql",  "devices",
                                                    "evidence", "report", "clock",  "host"};
    return panels;
}

const Subnet* Network::subnet_of(Ipv4 ip) const {
    for (const auto& s : subnets)
        if (s.cidr.contains(ip)) return &s;
    return nullptr;
}

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

int Scenario::step_index(const std::string& id) const {
    for (std::size_t i = 0; i < attack.size(); ++i)
        if (attack[i].id == id) return static_cast<int>(i);
    return -1;
}

}  // namespace socsim::scenario

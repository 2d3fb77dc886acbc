// The scenario model: an immutable description of a company network, its ordinary day and the
// incident that happens in it. Loaded from YAML by scenario/loader.h; read by the engine.
//
// Times in the model are offsets from the scenario start (Millis) unless named *_time.
// Where a field has a default it is written after the member.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/net.h"
#include "core/common/time.h"
#include "core/i18n/text.h"

namespace socsim::detect {
struct Rule;  // detect/rule.h: the scenario ships its detection rules, loaded with it
}

namespace socsim::scenario {

enum class Role {
    Workstation,       // a desk PC
    Laptop,
    Server,            // file server, application server
    DomainController,  // Active Directory; in a small company also DNS and DHCP
    Dns,               // a DNS server of its own
    Printer,
    Firewall,
    Iot,               // cameras, badge readers, smart TVs: on the network, never logged on to
};
const char* role_name(Role role);  // "workstation", "domain_controller", ...
bool parse_role(std::string_view name, Role& out);  // the inverse of role_name; false if unknown
std::vector<std::string> role_names();              // every role name, in declaration order

enum class Addressing { Dhcp, Static };

// What runs on a host that others can connect to; brute force, scans and lateral movement
// aim at these.
enum class Service { Ssh, Rdp, Smb, Http, Https, WinRm };
const char* service_name(Service s);  // "ssh", "rdp"...
bool parse_service(std::string_view name, Service& out);
std::vector<std::string> service_names();
std::uint16_t service_port(Service s);  // 22, 3389, 445, 80, 443, 5985

struct Host {
    std::string hostname;        // "ws-07"; unique, lower case
    Role role = Role::Workstation;
    std::string owner;           // user name of the person who uses it ("tanaka"); empty for shared devices
    Mac mac = 0;
    Addressing addressing = Addressing::Dhcp;
    Ipv4 ip = 0;                 // static address; for DHCP hosts the lease the engine hands out
    int business_value = 1;      // 1 = an ordinary desk PC ... 5 = the business stops without it
    std::string subnet;          // name of the subnet it sits in (from its address or pool)
    std::vector<Service> services;  // what it offers to others (default by role: servers smb, DC smb+rdp...)
    bool exposed = false;        // its services are reachable from the Internet through the firewall (port forward)
    bool inventoried = true;     // false: a device nobody registered (rogue); not in the trainee's device list
    SimTime joins = 0;           // offset from start when a rogue device first plugs in (inventoried: 0)
    int line = 0;                // where it was declared, for messages
};

// Accounts every network has without anyone declaring them: Linux servers' root and Windows'
// built-in Administrator. Attacks aim at them; the trainee can reset or disable them.
inline const std::vector<std::string>& builtin_accounts() {
    static const std::vector<std::string> names = {"root", "administrator"};
    return names;
}

struct User {
    std::string name;            // logon name, "tanaka"
    LocalText display_name;      // "田中 優子" / "Yuko Tanaka"
    std::string department;
    bool admin = false;          // IT staff: logs on to servers over SSH and RDP
};

// One office LAN. A small company has one; a larger one separates desks, servers and guests,
// and the firewall between them logs what crosses.
struct Subnet {
    std::string name = "office";          // "office", "servers", "guest"
    Cidr cidr;
    Ipv4 gateway = 0;                     // the firewall's address in this subnet (0: none written)
    Ipv4 dhcp_pool_first = 0;             // first and last address handed out by DHCP (0: no DHCP here)
    Ipv4 dhcp_pool_last = 0;
    int line = 0;
};

struct Network {
    std::string domain = "corp.example";  // internal DNS domain (hostnames are <host>.<domain>)
    std::vector<Subnet> subnets;          // at least one; DHCP hosts go to the first with a pool unless told
    Ipv4 public_ip = 0;                   // the firewall's outside address (NAT)
    Millis lease_time = 8 * kHour;        // DHCP lease; clients renew at half of it
    std::string dns_server;               // hostname of the internal DNS server
    std::string dhcp_server;              // hostname of the DHCP server
    std::string auth_server;              // hostname that logs logons (the domain controller)
    std::string firewall;                 // hostname of the firewall
    std::string upstream_dns = "203.0.113.53";  // resolver the DNS server forwards to
    std::vector<std::string> blocked_categories;  // web categories the firewall's URL filter denies
    std::vector<Host> hosts;
    std::vector<User> users;

    // The subnet that holds `ip`, or nullptr.
    const Subnet* subnet_of(Ipv4 ip) const;
};

// An external domain that ordinary traffic visits.
struct Site {
    std::string domain;          // "www.example-news.jp"
    Ipv4 ip = 0;                 // what it resolves to
    int ttl_s = 300;             // DNS TTL: a client asks again only after it expires
    double weight = 1.0;         // popularity relative to the other sites
    std::string category = "business";  // web category, as a URL filter sees it ("news", "cloud_storage", "gambling")
    std::vector<Role> roles;     // who visits it; empty = everyone with a desk
};

// Periodic benign traffic that looks like a beacon at first glance (NTP, update checks,
// telemetry, printer chatter).
struct PeriodicService {
    std::string name;            // "ntp", "windows-update"
    std::string domain;
    Ipv4 ip = 0;
    int port = 123;
    std::string protocol = "udp";
    Millis interval = 1024 * kSecond;
    Millis jitter = 0;           // uniform +- jitter around the interval
    int ttl_s = 300;
    std::vector<Role> roles;     // which kinds of host run it; empty = all workstations and laptops
    std::string record_type = "A";  // what it asks the DNS for (telemetry asks TXT or SRV now and then)
    std::uint32_t sent = 0;      // bytes each way per check (0: a typical small exchange)
    std::uint32_t received = 0;
};

// Scheduled benign jobs that look alarming in the logs: a nightly backup is a large upload,
// the vulnerability scanner is a port scan, the admin's SSH session is a remote logon.
enum class JobKind { Backup, VulnerabilityScan, AdminSsh };
const char* job_kind_name(JobKind k);  // "backup", "vulnerability_scan", "admin_ssh"
bool parse_job_kind(std::string_view name, JobKind& out);
std::vector<std::string> job_kind_names();

struct Job {
    std::string name;            // "nightly-backup"
    JobKind kind = JobKind::Backup;
    std::string host;            // who runs it: the backup server, the scanner, the admin's PC
    int at_minute = 2 * 60;      // local time of day it starts
    std::vector<int> weekdays;   // 0 = Monday; empty = every day
    // backup: where to and how much
    std::string domain;          // the backup provider's name, looked up first
    Ipv4 ip = 0;
    std::uint64_t bytes = 0;
    Millis duration = kHour;
    // vulnerability_scan: what to sweep
    std::vector<std::string> targets;  // subnet names or hostnames; empty = every subnet
    std::vector<int> ports;      // ports probed on each address
    // admin_ssh: who logs on where
    std::string user;
    std::vector<std::string> servers;
    double typo_chance = 0.3;    // the admin mistypes the password first
    int line = 0;
};

struct WorkingHours {
    int start_minute = 8 * 60 + 30;   // local time people arrive
    int end_minute = 17 * 60 + 30;    // local time they leave
    int lunch_start_minute = 12 * 60;
    int lunch_end_minute = 13 * 60;
    bool weekends_off = true;
};

struct BenignTraffic {
    WorkingHours hours;
    double lookups_per_hour = 40;     // web DNS lookups per active user per working hour (before caching)
    double failed_logon_chance = 0.05;  // chance a logon is preceded by a mistyped password
    std::vector<Site> sites;
    std::vector<PeriodicService> periodic;
    std::vector<Job> jobs;
};

// The attack library: each kind is a parameterised building block (docs/scenario-format.md).
enum class AttackKind {
    DnsBeacon,        // asks for its C2 name every interval (T1071.004)
    HttpsBeacon,      // checks in over HTTPS every interval, seen by the firewall (T1071.001)
    Dga,              // tries generated names until one answers; mostly NXDOMAIN (T1568.002)
    DnsTunnel,        // data encoded in the labels of queries to the attacker's zone (T1048.003, T1572)
    SshBruteForce,    // many passwords against sshd (T1110.001)
    RdpBruteForce,    // many passwords over RDP, Windows 4625 logon type 10 (T1110.001)
    PasswordSpray,    // one or two passwords against many accounts (T1110.003)
    LateralMovement,  // a valid logon from an infected host to another, which is infected next (T1021)
    PortScan,         // probes many ports on many addresses (T1046)
    RogueDevice,      // an unregistered device plugs in and asks DHCP for an address (T1200)
    PolicyViolation,  // visits to site categories the company forbids
    LargeUpload,      // a large HTTPS upload: exfiltration to cloud storage (T1567.002, T1048)
};
const char* attack_kind_name(AttackKind kind);  // "dns_beacon"
bool parse_attack_kind(std::string_view name, AttackKind& out);
std::vector<std::string> attack_kind_names();

// How a beacon or tunnel names what it asks for, under its domain.
enum class Subdomain { None, Hex, Base32, Counter, HostId };
enum class Encoding { Hex, Base32, Base64 };

// A condition on a step: it happens only if this still holds when the step is due
// ("spread to the file server if ws-17 is not isolated by then").
enum class ConditionKind { NotIsolated, Isolated, NotBlocked, NotDisabled, PasswordNotReset, StepHappened };
struct Condition {
    ConditionKind kind = ConditionKind::NotIsolated;
    std::string target;               // hostname, domain, user or step id
    int line = 0;
};

// One step of the incident. Which fields apply depends on the kind (docs/scenario-format.md
// lists them per kind; the loader refuses the others).
struct AttackStep {
    std::string id;                   // "beacon"
    AttackKind kind = AttackKind::DnsBeacon;
    std::string host;                 // the host that acts (the infected one); for brute force and
                                      // scans from outside, empty and `source_ip` is used
    Millis start = 0;                 // offset from scenario start (or from `after`'s first record)
    Millis stop = 0;                  // offset when it ends by itself (0: runs to the end)
    std::string after;                // start only once this step has happened (its id)
    std::vector<Condition> only_if;   // checked when the step is due; if one fails, the step never happens
    std::string technique;            // ATT&CK id, "T1071.004"
    LocalText summary;                // what the step is, for the debrief ("ws-17 beacons to its C2")

    // Infection first: the host visits `lure_domain` (a malicious site) and is infected.
    std::string lure_domain;          // empty: the host is already infected (or the step needs none)
    Ipv4 lure_ip = 0;

    // Command and control (dns_beacon, https_beacon, large_upload's destination, dns_tunnel's zone).
    std::string c2_domain;
    Ipv4 c2_ip = 0;
    std::uint16_t port = 443;
    Millis interval = 60 * kSecond;
    Millis jitter = 3 * kSecond;      // uniform +- jitter
    std::string record_type = "A";    // DNS record type asked for
    int ttl_s = 0;                    // TTL of the C2 answer; 0 defeats caching, so every beacon is a query
    Subdomain subdomain = Subdomain::None;
    int subdomain_length = 8;
    std::uint32_t sent_min = 380, sent_max = 520;          // bytes per check-in
    std::uint32_t received_min = 180, received_max = 260;

    // dga: how names are made and how many resolve.
    int names_per_period = 2048;
    Millis period = kDay;
    int min_length = 7, max_length = 21;
    std::vector<std::string> tlds = {"com", "net", "org"};
    double nxdomain_share = 0.95;
    int burst = 50;                   // names tried one after another each interval

    // dns_tunnel: data in query labels.
    Encoding encoding = Encoding::Hex;
    int label_length = 62;
    int labels = 3;                   // data labels per query
    std::vector<std::string> record_types = {"TXT"};
    std::uint64_t data_bytes = 5 * 1024 * 1024;   // how much to smuggle out (large_upload: how much to send)
    Millis idle_interval = 4 * kSecond;           // keep-alive queries once the data is out (iodine pings every 4 s)

    // brute force, spraying, lateral movement, scans: the target and the accounts.
    std::string target;               // hostname attacked or moved to
    std::vector<std::string> targets; // port_scan: hostnames or subnet names; spray: servers tried
    Ipv4 source_ip = 0;               // an attacker outside (brute force and scans from the Internet)
    std::vector<std::string> users;   // user names tried (spray: empty = every user in the company)
    int attempts = 200;               // passwords tried (per user for a spray)
    double rate_per_minute = 30;      // attempts or probes per minute
    std::string success_user;         // brute force / spray: the account whose password is guessed
    int success_after = 0;            // ... after this many attempts (0: never)
    std::string user;                 // lateral_movement: the stolen account it logs on with
    Service service = Service::Smb;   // lateral_movement: how it logs on to the target
    std::vector<int> ports;           // port_scan: ports probed (empty: the 100 commonest)

    // rogue_device / policy_violation: what it looks like or visits.
    std::vector<Site> sites;          // policy_violation: the forbidden sites (with categories)
    int visits = 20;

    int line = 0;
};

// How the trainee's actions turn into points (docs/scoring.md). Defaults shown.
struct Scoring {
    double containment_points = 60;         // for isolating each infected host, shared between them
    Millis full_credit_within = 15 * kMinute;  // isolated within this after the first malicious event: full points
    Millis min_credit_after = 3 * kHour;    // after this only min_credit_share is left (linear in between)
    double min_credit_share = 0.25;
    double wrong_isolation_penalty = 10;    // per wrongly isolated host, times its business_value
    double quiz_points = 40;                // the end-of-scenario quiz, by share of questions right
    double triage_points = 10;              // alerts judged right, by share (only with rules; containment
                                            // then defaults to 50 so the defaults still add up to 100)
    double pass_mark = 60;                  // out of 100
};

// Questions asked in the middle of a scenario when something happens (docs/scenario-format.md).
struct Checkpoint {
    std::string trigger;                 // "start" (the workspace opens), "first_evidence" (a record is
                                         // first pinned), "first_isolation", "report_submitted"
    std::vector<std::string> questions;  // ids in the scenario's quiz bank
    int line = 0;
};

// Per-trainee variation: what changes with the seed while the story stays the same, so two
// trainees sitting side by side cannot swap answers (scenario/variant.h applies it).
struct Variants {
    std::vector<std::string> victims;    // the first attack step's host is one of these, by seed (empty: as written)
    bool shuffle_addresses = false;      // DHCP hosts get their pool addresses in a seed-dependent order
    std::vector<std::string> c2_words;   // C2 names are made from these words, by seed (empty: as written)
    int line = 0;
};

// Guided mode for staff awareness training: the same scenario, with step-by-step prompts that
// point at a panel and explain in plain words what the trainee sees (docs/scenario-format.md,
// "guide"). Steps name the story's roles (`victim`, `c2_domain`), never the names a seed picks,
// so one guide fits every variant; core/guide/guide.h follows a trainee through it.
enum class GuideGoalKind {
    Next,             // a reading step: done when the trainee presses Next
    Time,             // the scenario clock has reached `at` (an offset from the start)
    Opened,           // the panel `target` is in front
    Shown,            // the log view of `source` is narrowed to records that include one matching
                      // `host` (a role) and `query` (a domain role): the trainee is looking at it
    Isolated,         // the host `target` is isolated
    Blocked,          // the domain `target` is blocked at the DNS server
    Pinned,           // a record is pinned as evidence (`target` victim: one of the victim's; any: any)
    ReportSubmitted,  // the incident report is submitted
};
const char* guide_goal_name(GuideGoalKind kind);  // "next", "time", "opened"...

struct GuideGoal {
    GuideGoalKind kind = GuideGoalKind::Next;
    Millis at = 0;                    // time: offset from the scenario start
    std::string target;               // opened: a panel; isolated: a host role; blocked: a domain role; pinned: victim | any
    std::string source;               // shown: dns, firewall, dhcp or auth
    std::string host;                 // shown: a host role ("victim") or empty
    std::string query;                // shown: a domain role ("c2_domain") or empty
};

struct GuideStep {
    std::string id;                   // "rhythm"; unique in the guide
    LocalText title;                  // may hold {victim}, {victim_ip}, {victim_owner}, {c2_domain}
    LocalText body;
    std::string panel;                // what it points at: alerts, logs, charts, sql, devices, evidence, report, clock, host
    std::string show_source;          // "Show me" opens this log source's tab (empty: just the panel)
    std::string show_filter;          // ... with this filter, placeholders filled from the variant
    GuideGoal done;
    int line = 0;
};

// The panels a guide step may point at (the GUI reports where each one is drawn).
const std::vector<std::string>& guide_panels();

struct Scenario {
    std::string id;                   // "dns-beaconing"; unique, used in file names and records
    int version = 1;
    LocalText title;
    LocalText briefing;               // what the trainee is told at the start
    std::string difficulty = "easy";  // easy | medium | hard
    SimTime start_time = 0;           // absolute start, e.g. 2026-03-02T08:00:00+09:00
    int utc_offset_minutes = 0;       // local time of the company, taken from start_time
    Millis duration = 8 * kHour;
    std::vector<std::string> techniques;  // ATT&CK ids covered
    Network network;
    BenignTraffic benign;
    std::vector<AttackStep> attack;
    Scoring scoring;
    std::string quiz;                 // quiz bank file, relative to the scenario file
    std::vector<std::string> quiz_questions;  // the end-of-scenario quiz: these ids (empty = the whole bank)
    std::vector<Checkpoint> checkpoints;      // questions asked during the scenario
    Variants variants;
    std::vector<GuideStep> guide;             // guided mode's steps; empty: the scenario has no guided mode
    std::vector<std::string> includes;        // files it was assembled from, in reading order (for messages)
    std::vector<std::string> rule_files;      // the detection rule files `rules:` named, in loading order
    // The rules themselves, loaded and checked with the scenario; empty: no alert queue.
    std::shared_ptr<const std::vector<detect::Rule>> rules;

    std::string source_path;          // file it was loaded from
    std::string content_hash;         // hash of the file's bytes: an attempt records it

    const Host* find_host(const std::string& hostname) const;
    int host_index(const std::string& hostname) const;  // -1 if absent
    int step_index(const std::string& id) const;        // -1 if absent
};

}  // namespace socsim::scenario

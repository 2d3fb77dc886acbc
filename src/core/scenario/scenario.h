// The scenario model: an immutable description of a company network, its ordinary day and the
// incident that happens in it. Loaded from YAML by scenario/loader.h; read by the engine.
//
// Times in the model are offsets from the scenario start (Millis) unless named *_time.
// Where a field has a default it is written after the member.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/net.h"
#include "core/common/time.h"
#include "core/i18n/text.h"

namespace socsim::scenario {

enum class Role {
    Workstation,       // a desk PC
    Laptop,
    Server,            // file server, application server
    DomainController,  // Active Directory; in a small company also DNS and DHCP
    Printer,
    Firewall,
};
const char* role_name(Role role);  // "workstation", "domain_controller", ...
bool parse_role(std::string_view name, Role& out);  // the inverse of role_name; false if unknown
std::vector<std::string> role_names();              // every role name, in declaration order

enum class Addressing { Dhcp, Static };

struct Host {
    std::string hostname;        // "ws-07"; unique, lower case
    Role role = Role::Workstation;
    std::string owner;           // user name of the person who uses it ("tanaka"); empty for shared devices
    Mac mac = 0;
    Addressing addressing = Addressing::Dhcp;
    Ipv4 ip = 0;                 // static address; for DHCP hosts the lease the engine hands out
    int business_value = 1;      // 1 = an ordinary desk PC ... 5 = the business stops without it
    int line = 0;                // where it was declared, for messages
};

struct User {
    std::string name;            // logon name, "tanaka"
    LocalText display_name;      // "田中 優子" / "Yuko Tanaka"
    std::string department;
};

struct Network {
    std::string domain = "corp.example";  // internal DNS domain (hostnames are <host>.<domain>)
    Cidr subnet;                          // the office LAN
    Ipv4 gateway = 0;                     // the firewall's inside address
    Ipv4 public_ip = 0;                   // the firewall's outside address (NAT)
    Ipv4 dhcp_pool_first = 0;             // first and last address handed out by DHCP
    Ipv4 dhcp_pool_last = 0;
    Millis lease_time = 8 * kHour;        // DHCP lease; clients renew at half of it
    std::string dns_server;               // hostname of the internal DNS server
    std::string dhcp_server;              // hostname of the DHCP server
    std::string auth_server;              // hostname that logs logons (the domain controller)
    std::string firewall;                 // hostname of the firewall
    std::string upstream_dns = "203.0.113.53";  // resolver the DNS server forwards to
    std::vector<Host> hosts;
    std::vector<User> users;
};

// An external domain that ordinary traffic visits.
struct Site {
    std::string domain;          // "www.example-news.jp"
    Ipv4 ip = 0;                 // what it resolves to
    int ttl_s = 300;             // DNS TTL: a client asks again only after it expires
    double weight = 1.0;         // popularity relative to the other sites
};

// Periodic benign traffic that looks like a beacon at first glance (NTP, update checks).
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
};

enum class AttackKind { DnsBeacon };
const char* attack_kind_name(AttackKind kind);  // "dns_beacon"
bool parse_attack_kind(std::string_view name, AttackKind& out);
std::vector<std::string> attack_kind_names();

// One step of the incident. DnsBeacon: the host visits `lure_domain`, is infected, and from then
// on asks for `c2_domain` every `interval` (+- jitter) and opens an HTTPS connection to `c2_ip`.
struct AttackStep {
    std::string id;                   // "beacon"
    AttackKind kind = AttackKind::DnsBeacon;
    std::string host;                 // hostname of the victim
    Millis start = 0;                 // offset from scenario start
    std::string technique;            // ATT&CK id, "T1071.004"
    std::string lure_domain;          // the malicious site visited first
    Ipv4 lure_ip = 0;
    std::string c2_domain;
    Ipv4 c2_ip = 0;
    Millis interval = 60 * kSecond;
    Millis jitter = 3 * kSecond;      // uniform +- jitter
    std::string record_type = "A";    // DNS record type asked for
    int ttl_s = 0;                    // TTL of the C2 answer; 0 defeats caching, so every beacon is a query
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
    double pass_mark = 60;                  // out of 100
};

// Questions asked in the middle of a scenario when something happens (docs/scenario-format.md).
struct Checkpoint {
    std::string trigger;                 // "start" (the workspace opens), "first_evidence" (a record is
                                         // first pinned), "first_isolation", "report_submitted"
    std::vector<std::string> questions;  // ids in the scenario's quiz bank
    int line = 0;
};

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

    std::string source_path;          // file it was loaded from
    std::string content_hash;         // hash of the file's bytes: an attempt records it

    const Host* find_host(const std::string& hostname) const;
    int host_index(const std::string& hostname) const;  // -1 if absent
};

}  // namespace socsim::scenario

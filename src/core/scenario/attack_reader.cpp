// The attack section: one step per list item, its kind deciding which keys it may hold.
//
// [SECTION] Keys        the keys every step has and the keys of each kind
// [SECTION] Reading     one step: common keys, then its kind's parameters
// [SECTION] Checks      references to hosts, users, services and other steps
#include "core/scenario/attack_reader.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

namespace socsim::scenario::detail {
namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Keys
// ---------------------------------------------------------------------------------------------

const Names kCommonKeys = {"id", "kind", "host", "start", "stop", "after", "only_if", "technique", "summary"};

// The keys each kind adds to the common ones. A key outside its kind's list is refused with the
// kind named, so an author learns what the block takes.
Names kind_keys(AttackKind k) {
    switch (k) {
        case AttackKind::DnsBeacon: return {"lure", "c2", "interval", "jitter"};
        case AttackKind::HttpsBeacon: return {"lure", "c2", "interval", "jitter", "sent", "received"};
        case AttackKind::Dga: return {"lure", "c2", "dga", "interval", "jitter"};
        case AttackKind::DnsTunnel: return {"lure", "c2", "tunnel", "interval", "jitter"};
        case AttackKind::SshBruteForce:
        case AttackKind::RdpBruteForce:
        case AttackKind::PasswordSpray: return {"source_ip", "target", "users", "attempts", "rate", "success"};
        case AttackKind::LateralMovement: return {"target", "user", "service"};
        case AttackKind::PortScan: return {"source_ip", "targets", "ports", "rate"};
        case AttackKind::RogueDevice: return {"sites", "visits", "targets", "ports", "rate"};
        case AttackKind::PolicyViolation: return {"sites", "visits"};
        case AttackKind::LargeUpload: return {"c2", "data", "interval", "jitter"};
    }
    return {};
}

// What `c2:` holds for each kind that has one.
Names c2_keys(AttackKind k) {
    switch (k) {
        case AttackKind::DnsBeacon: return {"domain", "ip", "record_type", "ttl", "subdomain", "subdomain_length"};
        case AttackKind::HttpsBeacon: return {"domain", "ip", "port", "ttl"};
        case AttackKind::Dga: return {"ip"};
        case AttackKind::DnsTunnel: return {"domain", "ip"};
        case AttackKind::LargeUpload: return {"domain", "ip", "port"};
        default: return {};
    }
}

const Names kLureKeys = {"domain", "ip"};
const Names kDgaKeys = {"names_per_period", "period", "length", "tlds", "nxdomain_share", "burst"};
const Names kTunnelKeys = {"encoding", "label_length", "labels", "record_types", "data", "idle_interval"};
const Names kSuccessKeys = {"user", "after"};
const Names kSiteKeys = {"domain", "ip", "ttl", "category"};
const Names kRecordTypes = {"A", "AAAA", "TXT", "CNAME", "MX", "NULL"};
const Names kSubdomains = {"none", "hex", "base32", "counter", "host_id"};
const Names kEncodings = {"hex", "base32", "base64"};
const Names kConditionKeys = {"not_isolated", "isolated", "not_blocked", "not_disabled", "password_not_reset",
                              "happened"};

bool valid_tld(std::string_view s) {
    return !s.empty() && s.size() <= 24 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}
bool valid_category(std::string_view s) {
    return !s.empty() && s.size() <= 32 &&
           std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}
bool valid_target_name(std::string_view s) { return valid_hostname(s); }
bool item_from_outside(const Fields& f) { return f.find("source_ip") != nullptr; }

// ---------------------------------------------------------------------------------------------
// [SECTION] Reading
// ---------------------------------------------------------------------------------------------

// A beacon's timing: interval > 0 and 0 <= jitter < interval.
void read_timing(const Fields& f, AttackStep& a) {
    const Source interval = source_of(f, "interval", f.duration("interval", a.interval, false));
    const Source jitter = source_of(f, "jitter", f.duration("jitter", a.jitter, false));
    if ((interval.written && !interval.ok) || (jitter.written && !jitter.ok)) return;
    if (a.interval < kSecond) {
        if (interval.written)
            interval.report(label(interval.path) + ": " + interval.node.Scalar() +
                            " is shorter than a second (expected 1s or more, like 60s)");
        return;
    }
    if (a.jitter < a.interval) return;
    if (jitter.written)
        jitter.report(label(jitter.path) + ": " + jitter.node.Scalar() + " is not smaller than the interval " +
                      format_duration(a.interval) + " (expected a jitter below the interval, like interval: 60s, jitter: 3s)");
    else
        interval.report(label(interval.path) + ": " + interval.node.Scalar() + " is not longer than the default jitter " +
                        format_duration(a.jitter) + " (write a smaller jitter, like jitter: 0s)");
}

void read_sites(const Fields& f, AttackStep& a, bool required) {
    const YAML::Node* list = f.list("sites", required, kMaxSites, "sites like {domain: casino.example, ip: 192.0.2.80, category: gambling}");
    if (!list) return;
    if (list->size() == 0) f.reader().at(*list, label(f.child("sites")) + ": is empty (expected at least one site)");
    for (std::size_t i = 0; i < list->size(); ++i) {
        Fields sf(f.reader(), (*list)[i], indexed(f.child("sites"), i), kSiteKeys);
        if (!sf.ok()) continue;
        Site site;
        sf.word("domain", site.domain, true, kDomain, valid_domain);
        sf.ipv4("ip", site.ip, true);
        sf.integer("ttl", site.ttl_s, false, 0, kMaxTtl);
        site.category = "uncategorised";
        sf.word("category", site.category, false, Expect{"a web category", "gambling"}, valid_category);
        a.sites.push_back(std::move(site));
    }
}

void read_ports(const Fields& f, std::vector<int>& out) {
    const YAML::Node* list = f.list("ports", false, 65535, "port numbers like [22, 80, 443, 3389]");
    if (!list) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const YAML::Node item = (*list)[i];
        int port = 0;
        if (!item.IsScalar() || !YAML::convert<int>::decode(item, port) || port < 1 || port > 65535)
            f.reader().at(item, label(indexed(f.child("ports"), i)) + ": " + (item.IsScalar() ? shown(item.Scalar()) : found(item)) +
                                    " is not a port (expected a whole number from 1 to 65535)");
        else
            out.push_back(port);
    }
}

void read_c2(const Fields& f, AttackStep& a, bool required) {
    auto c2 = f.map("c2", required, c2_keys(a.kind));
    if (!c2) return;
    const bool needs_domain = a.kind != AttackKind::Dga;
    if (needs_domain) c2->word("domain", a.c2_domain, a.kind != AttackKind::LargeUpload, kDomain, valid_domain);
    c2->ipv4("ip", a.c2_ip, true);
    if (c2->find("port")) {
        int port = a.port;
        if (c2->integer("port", port, false, 1, 65535)) a.port = static_cast<std::uint16_t>(port);
    }
    c2->choice("record_type", a.record_type, false, kRecordTypes);
    c2->integer("ttl", a.ttl_s, false, 0, kMaxTtl);
    std::string sub;
    if (c2->choice("subdomain", sub, false, kSubdomains)) {
        a.subdomain = sub == "hex" ? Subdomain::Hex : sub == "base32" ? Subdomain::Base32
                    : sub == "counter" ? Subdomain::Counter : sub == "host_id" ? Subdomain::HostId : Subdomain::None;
    }
    c2->integer("subdomain_length", a.subdomain_length, false, 1, 63);
}

void read_success(const Fields& f, AttackStep& a, AttackSource& src) {
    auto s = f.map("success", false, kSuccessKeys);
    if (!s) return;
    src.success_user = source_of(*s, "user", s->word("user", a.success_user, true, kUserName, valid_user_name));
    src.success_after = source_of(*s, "after", s->integer("after", a.success_after, true, 1, 1000000));
}

// Defaults that differ by kind, set before the step's own keys are read.
void apply_kind_defaults(AttackStep& a) {
    switch (a.kind) {
        case AttackKind::HttpsBeacon:
            a.ttl_s = 300;  // a beacon over HTTPS resolves its name like any client does
            a.interval = 5 * kMinute;
            a.jitter = 30 * kSecond;
            break;
        case AttackKind::Dga:
            a.interval = 10 * kMinute;  // between bursts
            a.jitter = kMinute;
            break;
        case AttackKind::DnsTunnel:
            a.interval = kSecond;  // dnscat2 sends about a packet a second
            a.jitter = 200;
            break;
        case AttackKind::LargeUpload:
            a.data_bytes = 2ull * 1024 * 1024 * 1024;
            a.interval = 20 * kSecond;
            a.jitter = 5 * kSecond;
            break;
        case AttackKind::SshBruteForce:
            // The names bots try first on sshd, when the step gives none.
            a.users = {"root", "admin", "test", "oracle", "ubuntu", "user", "postgres", "pi", "git", "ftpuser", "guest"};
            break;
        case AttackKind::RdpBruteForce:
            a.users = {"administrator", "admin", "user", "test", "guest", "scanner", "backup"};
            break;
        case AttackKind::PasswordSpray:
            a.attempts = 2;  // a password or two per account, slowly, to stay under lockout
            a.rate_per_minute = 4;
            break;
        case AttackKind::PortScan:
        case AttackKind::RogueDevice: a.rate_per_minute = 300; break;
        default: break;
    }
}

void read_kind_parameters(const Fields& f, AttackStep& a, AttackSource& src) {
    Reader& r = f.reader();
    switch (a.kind) {
        case AttackKind::DnsBeacon:
        case AttackKind::HttpsBeacon:
        case AttackKind::Dga:
        case AttackKind::DnsTunnel:
        case AttackKind::LargeUpload: {
            if (auto lure = f.map("lure", false, kLureKeys)) {
                lure->word("domain", a.lure_domain, true, kDomain, valid_domain);
                lure->ipv4("ip", a.lure_ip, true);
            }
            read_c2(f, a, true);
            read_timing(f, a);
            if (a.kind == AttackKind::HttpsBeacon) {
                f.size_range("sent", a.sent_min, a.sent_max, false);
                f.size_range("received", a.received_min, a.received_max, false);
            }
            if (a.kind == AttackKind::Dga) {
                if (auto d = f.map("dga", true, kDgaKeys)) {
                    d->integer("names_per_period", a.names_per_period, false, 1, 100000);
                    d->duration("period", a.period, false);
                    if (const YAML::Node* n = d->scalar("length", false, "a range of lengths like \"7-21\"")) {
                        const auto parts = split_range(n->Scalar());
                        int lo = 0, hi = 0;
                        const bool numbers = parts && YAML::convert<int>::decode(YAML::Node(std::string(parts->first)), lo) &&
                                             YAML::convert<int>::decode(YAML::Node(std::string(parts->second)), hi);
                        if (numbers && lo > hi && hi >= 3 && lo <= 63)
                            r.at(*n, label(d->child("length")) + ": " + shown(n->Scalar()) +
                                         " starts above where it ends (expected the shorter length first, like \"7-21\")");
                        else if (!numbers || lo < 3 || hi > 63 || lo > hi)
                            r.at(*n, label(d->child("length")) + ": " + shown(n->Scalar()) +
                                         " is not a range of label lengths from 3 to 63 (expected like \"7-21\")");
                        else
                            a.min_length = lo, a.max_length = hi;
                    }
                    std::vector<std::string> tlds;
                    if (d->find("tlds") && d->words("tlds", tlds, false, 50, Expect{"a top-level domain", "com"}, valid_tld)) {
                        if (tlds.empty())
                            r.at(d->find("tlds")->value, label(d->child("tlds")) + ": is empty (expected at least one, like [com, net])");
                        else
                            a.tlds = tlds;
                    }
                    d->number("nxdomain_share", a.nxdomain_share, false, 0, 1);
                    d->integer("burst", a.burst, false, 1, 10000);
                    if (a.period < kMinute && d->find("period"))
                        r.at(d->find("period")->value, label(d->child("period")) + ": is shorter than a minute (expected like 1d)");
                }
            }
            if (a.kind == AttackKind::DnsTunnel) {
                if (auto t = f.map("tunnel", false, kTunnelKeys)) {
                    std::string enc;
                    if (t->choice("encoding", enc, false, kEncodings))
                        a.encoding = enc == "hex" ? Encoding::Hex : enc == "base32" ? Encoding::Base32 : Encoding::Base64;
                    t->integer("label_length", a.label_length, false, 8, 63);
                    t->integer("labels", a.labels, false, 1, 4);
                    std::vector<std::string> types;
                    if (t->find("record_types")) {
                        const YAML::Node* list = t->list("record_types", false, 6, "record types like [TXT, NULL]");
                        if (list) {
                            for (std::size_t i = 0; i < list->size(); ++i) {
                                const YAML::Node item = (*list)[i];
                                if (item.IsNull())
                                    r.at(item, label(indexed(t->child("record_types"), i)) + ": " + kBareNull);
                                else if (!item.IsScalar() ||
                                    std::find(kRecordTypes.begin(), kRecordTypes.end(), item.Scalar()) == kRecordTypes.end())
                                    r.at(item, label(indexed(t->child("record_types"), i)) + ": " +
                                                   (item.IsScalar() ? shown(item.Scalar()) : found(item)) +
                                                   " is not a record type (expected one of " + join(kRecordTypes) + ")");
                                else
                                    types.push_back(item.Scalar());
                            }
                            if (list->size() == 0)
                                r.at(*list, label(t->child("record_types")) + ": is empty (expected like [TXT])");
                            if (!types.empty()) a.record_types = types;
                        }
                    }
                    t->size("data", a.data_bytes, false, 1);
                    t->duration("idle_interval", a.idle_interval, false);
                }
            }
            if (a.kind == AttackKind::LargeUpload) {
                f.size("data", a.data_bytes, true, 1024 * 1024);
            }
            break;
        }
        case AttackKind::SshBruteForce:
        case AttackKind::RdpBruteForce:
        case AttackKind::PasswordSpray: {
            f.ipv4("source_ip", a.source_ip, false);
            src.target = source_of(f, "target", f.word("target", a.target, true, kHostname, valid_hostname));
            if (f.find("users")) {
                a.users.clear();  // the step's own list replaces the default one
                f.words("users", a.users, false, kMaxUsers, kUserName, valid_user_name);
            }
            f.integer("attempts", a.attempts, false, 1, 1000000);
            f.number("rate", a.rate_per_minute, false, 0.01, 6000, "; faster than 100 a second is not a network logon");
            read_success(f, a, src);
            break;
        }
        case AttackKind::LateralMovement: {
            src.target = source_of(f, "target", f.word("target", a.target, true, kHostname, valid_hostname));
            src.user = source_of(f, "user", f.word("user", a.user, true, kUserName, valid_user_name));
            std::string service;
            if (f.choice("service", service, false, service_names())) parse_service(service, a.service);
            break;
        }
        case AttackKind::PortScan:
        case AttackKind::RogueDevice: {
            if (a.kind == AttackKind::PortScan) f.ipv4("source_ip", a.source_ip, false);
            if (const Entry* e = f.find("targets")) {
                f.words("targets", a.targets, false, 500, Expect{"a subnet name or hostname", "servers"},
                        valid_target_name);
                if (e->value.IsSequence())
                    for (std::size_t i = 0; i < e->value.size(); ++i) {
                        Source t;
                        t.reader = &r;
                        t.node = e->value[i];
                        t.path = indexed(f.child("targets"), i);
                        t.written = t.ok = e->value[i].IsScalar();
                        src.targets.push_back(t);
                    }
                // From outside only the firewall's public address can be scanned (Sweep ignores targets).
                if (a.kind == AttackKind::PortScan && item_from_outside(f))
                    r.at(e->key, label(f.child("targets")) + ": a scan from outside (source_ip) reaches only the "
                                                             "firewall's public address (remove targets, or source_ip "
                                                             "for a scan from one of our hosts)");
            } else if (a.kind == AttackKind::PortScan && !item_from_outside(f)) {
                f.value("targets", true, "a list of subnet names or hostnames like [servers] (from outside, the "
                                         "firewall's public address is scanned and targets is left out)");
            }
            read_ports(f, a.ports);
            f.number("rate", a.rate_per_minute, false, 0.01, 60000);
            if (a.kind == AttackKind::RogueDevice) {
                read_sites(f, a, false);
                f.integer("visits", a.visits, false, 0, 100000);
            }
            break;
        }
        case AttackKind::PolicyViolation:
            read_sites(f, a, true);
            f.integer("visits", a.visits, false, 1, 100000);
            break;
    }
}

void read_conditions(const Fields& f, AttackStep& a, AttackSource& src) {
    const YAML::Node* list = f.list("only_if", false, 20, "conditions like [not_isolated: ws-17]");
    if (!list) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
        Fields cf(f.reader(), (*list)[i], indexed(f.child("only_if"), i), kConditionKeys);
        if (!cf.ok()) continue;
        if (cf.node().size() != 1) {
            f.reader().at((*list)[i], label(indexed(f.child("only_if"), i)) +
                                          ": holds " + std::to_string(cf.node().size()) +
                                          " conditions (expected one per item, like - not_isolated: ws-17)");
            continue;
        }
        const std::string key = cf.node().begin()->first.Scalar();
        if (std::find(kConditionKeys.begin(), kConditionKeys.end(), key) == kConditionKeys.end()) continue;  // reported
        Condition c;
        c.line = line_of((*list)[i]);
        const bool domain = key == "not_blocked";
        const bool user = key == "not_disabled" || key == "password_not_reset";
        const bool ok = domain ? cf.word(key, c.target, true, kDomain, valid_domain)
                        : user ? cf.word(key, c.target, true, kUserName, valid_user_name)
                               : cf.word(key, c.target, true, key == "happened" ? Expect{"a step id", "beacon"} : kHostname,
                                         valid_hostname);
        c.kind = key == "not_isolated" ? ConditionKind::NotIsolated
                 : key == "isolated"   ? ConditionKind::Isolated
                 : domain              ? ConditionKind::NotBlocked
                 : key == "not_disabled" ? ConditionKind::NotDisabled
                 : key == "password_not_reset" ? ConditionKind::PasswordNotReset
                                             : ConditionKind::StepHappened;
        src.conditions.push_back(source_of(cf, key, ok));
        a.only_if.push_back(std::move(c));
    }
}

}  // namespace

void read_attack(const Fields& top, Scenario& s, std::vector<AttackSource>& sources) {
    Reader& r = top.reader();
    const YAML::Node* list = top.list("attack", true, kMaxAttackSteps,
                                      "attack steps like {id: beacon, kind: dns_beacon, host: ws-17, ...}, or [] for a quiet day");
    if (!list) return;
    std::map<std::string, int> seen;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const YAML::Node item = (*list)[i];
        const std::string path = indexed("attack", i);
        // The kind decides the keys, so read it before judging the others.
        AttackStep a;
        a.line = line_of(item);
        if (item.IsMap() && item["kind"] && item["kind"].IsScalar() && !parse_attack_kind(item["kind"].Scalar(), a.kind)) {
            r.at(item["kind"], label(path + ".kind") + ": " + shown(item["kind"].Scalar()) +
                                   " is not an attack kind (expected one of " + join(attack_kind_names()) + ")" +
                                   did_you_mean(item["kind"].Scalar(), attack_kind_names()));
            continue;
        }
        apply_kind_defaults(a);
        Names keys = kCommonKeys;
        const Names extra = kind_keys(a.kind);
        keys.insert(keys.end(), extra.begin(), extra.end());
        // A key of another kind is named as such: the author has the right word in the wrong step.
        KeyNotes notes;
        const bool kind_written = item.IsMap() && item["kind"] && item["kind"].IsScalar();
        notes.whose = kind_written ? "a " + item["kind"].Scalar() + " step" : "an attack step";
        if (kind_written)
            for (const auto& other : attack_kind_names()) {
                AttackKind k{};
                parse_attack_kind(other, k);
                for (const auto& key : kind_keys(k))
                    if (std::find(keys.begin(), keys.end(), key) == keys.end() &&
                        std::find(notes.elsewhere.begin(), notes.elsewhere.end(), key) == notes.elsewhere.end())
                        notes.elsewhere.push_back(key);
            }
        Fields f(r, item, path, keys, &notes);
        if (!f.ok()) continue;
        std::string kind;
        f.choice("kind", kind, true, attack_kind_names());
        AttackSource src;
        if (f.word("id", a.id, true, Expect{"a step id", "beacon"}, valid_hostname)) {
            const auto [it, fresh] = seen.emplace(a.id, a.line);
            if (!fresh)
                r.at(f.find("id")->value, label(f.child("id")) + ": " + a.id + " is used twice (first on line " +
                                              std::to_string(it->second) + ")");
        }
        // Attacks from outside have no host of ours; the others need one.
        const bool from_outside = item["source_ip"].IsDefined();
        const bool host_required = !from_outside;
        src.host = source_of(f, "host", f.word("host", a.host, host_required, kHostname, valid_hostname));
        if (from_outside && f.find("host"))
            r.at(f.find("host")->key, label(f.child("host")) + ": a step from outside (source_ip) has no host of ours "
                                                              "(remove host, or source_ip for an attack from inside)");
        src.start = source_of(f, "start", f.duration("start", a.start, true));
        src.stop = source_of(f, "stop", f.duration("stop", a.stop, false));
        src.after = source_of(f, "after", f.word("after", a.after, false, Expect{"a step id", "beacon"}, valid_hostname));
        // A policy violation breaks a rule of the company, not a technique of ATT&CK.
        f.word("technique", a.technique, a.kind != AttackKind::PolicyViolation, kTechnique, valid_technique);
        if (f.find("summary")) f.local_text("summary", a.summary, false);
        read_conditions(f, a, src);
        read_kind_parameters(f, a, src);
        if (src.stop.ok && src.start.ok && a.stop <= a.start)
            src.stop.report(label(src.stop.path) + ": " + format_duration(a.stop) + " is not after start " +
                            format_duration(a.start) + " (expected a stop later than the start, or no stop)");
        sources.push_back(std::move(src));
        s.attack.push_back(std::move(a));
    }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Checks
// ---------------------------------------------------------------------------------------------

void check_attack(const Scenario& s, const std::vector<AttackSource>& sources, bool duration_known, bool hosts_known) {
    Names hostnames, users, subnets, steps;
    for (const auto& h : s.network.hosts) hostnames.push_back(h.hostname);
    for (const auto& u : s.network.users) users.push_back(u.name);
    for (const auto& u : builtin_accounts()) users.push_back(u);
    for (const auto& n : s.network.subnets) subnets.push_back(n.name);
    for (const auto& a : s.attack) steps.push_back(a.id);
    auto in = [](const Names& list, const std::string& v) { return std::find(list.begin(), list.end(), v) != list.end(); };

    auto host_ref = [&](const Source& src, const std::string& value) -> const Host* {
        if (!src.ok || !hosts_known) return nullptr;
        const Host* h = s.find_host(value);
        if (!h)
            src.report(label(src.path) + ": " + value + " is not one of the hosts (expected a hostname from hosts:)" +
                       did_you_mean(value, hostnames));
        return h;
    };
    auto user_ref = [&](const Source& src, const std::string& value) {
        if (src.ok && !in(users, value))
            src.report(label(src.path) + ": " + value + " is not one of the users (expected a name from users:)" +
                       did_you_mean(value, users));
    };

    for (std::size_t i = 0; i < sources.size() && i < s.attack.size(); ++i) {
        const AttackSource& src = sources[i];
        const AttackStep& a = s.attack[i];
        const Host* actor = host_ref(src.host, a.host);
        if (src.start.ok && duration_known && a.start >= s.duration)
            src.start.report(label(src.start.path) + ": " + src.start.node.Scalar() + " is not within the scenario's duration " +
                             format_duration(s.duration) + " (expected from 0s up to, not including, the duration)");
        if (src.stop.ok && duration_known && a.stop > s.duration)
            src.stop.report(label(src.stop.path) + ": " + src.stop.node.Scalar() + " is after the scenario ends (" +
                            format_duration(s.duration) + ")");
        if (src.after.ok) {
            const int k = s.step_index(a.after);
            if (k < 0)
                src.after.report(label(src.after.path) + ": " + a.after + " is not a step of this attack" +
                                 did_you_mean(a.after, steps));
            else if (static_cast<std::size_t>(k) >= i)
                src.after.report(label(src.after.path) + ": " + a.after +
                                 " is this step or a later one; a step can only follow one written before it");
        }
        if (actor && a.kind == AttackKind::RogueDevice && actor->inventoried)
            src.host.report(label(src.host.path) + ": " + a.host +
                            " is in the inventory; a rogue device is a host declared with inventory: false");

        const Host* target = host_ref(src.target, a.target);
        if (target) {
            Service needed = Service::Smb;
            bool check = true;
            switch (a.kind) {
                case AttackKind::SshBruteForce: needed = Service::Ssh; break;
                case AttackKind::RdpBruteForce: needed = Service::Rdp; break;
                case AttackKind::LateralMovement: needed = a.service; break;
                case AttackKind::PasswordSpray: check = false; break;
                default: check = false; break;
            }
            if (check && std::find(target->services.begin(), target->services.end(), needed) == target->services.end())
                src.target.report(label(src.target.path) + ": " + a.target + " offers no " + service_name(needed) +
                                  " (add it to the host's services, like services: [" + service_name(needed) + "])");
            const bool from_outside = a.source_ip != 0;
            if (from_outside && !target->exposed &&
                (a.kind == AttackKind::SshBruteForce || a.kind == AttackKind::RdpBruteForce || a.kind == AttackKind::PasswordSpray))
                src.target.report(label(src.target.path) + ": " + a.target +
                                  " cannot be reached from the Internet (an attack from source_ip needs a host with "
                                  "exposed: true)");
            if (a.kind == AttackKind::LateralMovement && actor && actor == target)
                src.target.report(label(src.target.path) + ": moves from " + a.host + " to itself (expected another host)");
        }
        // Guessing tries names that do not exist on purpose; only the one it gets in with must.
        user_ref(src.user, a.user);
        // `after` counts the passwords tried on that one account: a spray tries `attempts` on each;
        // a brute force goes round its list of names until `attempts` are used.
        if (src.success_after.ok && !a.success_user.empty()) {
            std::size_t on_account = static_cast<std::size_t>(a.attempts);
            if (a.kind != AttackKind::PasswordSpray) {
                const std::size_t names = std::max<std::size_t>(a.users.size(), 1);
                const auto pos = static_cast<std::size_t>(std::find(a.users.begin(), a.users.end(), a.success_user) - a.users.begin());
                on_account = a.users.empty() ? 0 : static_cast<std::size_t>(a.attempts) / names +
                                                       (pos < static_cast<std::size_t>(a.attempts) % names ? 1 : 0);
            }
            if (!a.users.empty() || a.kind == AttackKind::PasswordSpray) {
                if (static_cast<std::size_t>(a.success_after) > on_account)
                    src.success_after.report(label(src.success_after.path) + ": " + std::to_string(a.success_after) +
                                             " is more than the " + std::to_string(on_account) + " passwords the step tries on " +
                                             a.success_user + " (expected at most that many)");
            }
        }
        if (src.success_user.ok && !a.users.empty() && !in(a.users, a.success_user))
            src.success_user.report(label(src.success_user.path) + ": " + a.success_user +
                                    " is not one of the users this step tries (expected one of " + join(a.users) + ")");
        else if (src.success_user.ok && !a.users.empty() && !in(users, a.success_user))
            // A name the company does not have is logged as an invalid user, whatever the password.
            src.success_user.report(label(src.success_user.path) + ": " + a.success_user +
                                    " is not an account of the company, so no password opens it (expected a name "
                                    "from users:, or root or administrator)" + did_you_mean(a.success_user, users));
        else if (src.success_user.ok && a.users.empty()) {
            user_ref(src.success_user, a.success_user);
            // A spray with no list tries the company's own users, so a built-in account never falls.
            const auto& builtin = builtin_accounts();
            if (a.kind == AttackKind::PasswordSpray && in(builtin, a.success_user))
                src.success_user.report(label(src.success_user.path) + ": " + a.success_user +
                                        " is never tried: a spray with no users list tries every user in users:, not "
                                        "the built-in accounts (list the accounts to try in users)");
        }
        for (const auto& t : src.targets) {
            if (!t.ok) continue;
            const std::string v = t.node.Scalar();
            if (!in(subnets, v) && !in(hostnames, v)) {
                Names both = subnets;
                both.insert(both.end(), hostnames.begin(), hostnames.end());
                t.report(label(t.path) + ": " + v + " is neither a subnet nor a host (expected a subnet name like " +
                         (subnets.empty() ? std::string("office") : subnets.front()) + " or a hostname)" + did_you_mean(v, both));
            }
        }
        for (std::size_t k = 0; k < src.conditions.size() && k < a.only_if.size(); ++k) {
            const Source& c = src.conditions[k];
            const Condition& cond = a.only_if[k];
            if (!c.ok) continue;
            switch (cond.kind) {
                case ConditionKind::NotIsolated:
                case ConditionKind::Isolated: host_ref(c, cond.target); break;
                case ConditionKind::NotDisabled:
                case ConditionKind::PasswordNotReset: user_ref(c, cond.target); break;
                case ConditionKind::StepHappened: {
                    const int j = s.step_index(cond.target);
                    if (j < 0)
                        c.report(label(c.path) + ": " + cond.target + " is not a step of this attack" +
                                 did_you_mean(cond.target, steps));
                    else if (static_cast<std::size_t>(j) >= i)
                        c.report(label(c.path) + ": " + cond.target + " is this step or a later one (expected a step written before)");
                    break;
                }
                case ConditionKind::NotBlocked: break;
            }
        }
    }
}

}  // namespace socsim::scenario::detail

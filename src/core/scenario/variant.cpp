// Applies a scenario's variants for one seed (see variant.h).
#include "core/scenario/variant.h"

#include <algorithm>
#include <functional>
#include <map>

#include "core/common/random.h"

namespace socsim::scenario {
namespace {

// A consistent renaming: every place a name is written gets the same new name.
struct Renaming {
    std::map<std::string, std::string> names;
    void apply(std::string& s) const {
        if (const auto it = names.find(s); it != names.end()) s = it->second;
    }
};

// Every host, user and domain an attack step refers to, so a renaming reaches them all.
using Rename = std::function<void(std::string&)>;
void each_reference(Scenario& s, const Rename& rename_host, const Rename& rename_user, const Rename& rename_domain) {
    for (auto& a : s.attack) {
        rename_host(a.host);
        rename_host(a.target);
        for (auto& t : a.targets) rename_host(t);
        for (auto& u : a.users) rename_user(u);
        rename_user(a.success_user);
        rename_user(a.user);
        rename_domain(a.lure_domain);
        rename_domain(a.c2_domain);
        for (auto& c : a.only_if) {
            switch (c.kind) {
                case ConditionKind::NotIsolated:
                case ConditionKind::Isolated: rename_host(c.target); break;
                case ConditionKind::NotDisabled:
                case ConditionKind::PasswordNotReset: rename_user(c.target); break;
                case ConditionKind::NotBlocked: rename_domain(c.target); break;
                case ConditionKind::StepHappened: break;
            }
        }
    }
}

// The registrable part of a domain ("update-telemetry-cdn" in api.update-telemetry-cdn.net).
std::size_t registrable_label(const std::vector<std::string>& labels) { return labels.size() >= 2 ? labels.size() - 2 : 0; }

std::vector<std::string> split_labels(const std::string& d) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = d.find('.', start);
        out.push_back(d.substr(start, dot - start));
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return out;
}

}  // namespace

Scenario with_variant(const Scenario& given, std::uint64_t seed) {
    Scenario s = given;
    const Variants& v = given.variants;
    Random rng = Random::stream(seed, "variant");

    // The victim: the first step's host becomes one of the listed desks; the one picked takes the
    // victim's place, and so do their owners, so that "the account of the victim" stays true.
    if (!v.victims.empty() && !s.attack.empty()) {
        const std::string original = s.attack.front().host;
        const std::string picked = v.victims[static_cast<std::size_t>(rng.uniform_int(0, static_cast<std::int64_t>(v.victims.size()) - 1))];
        const Host* a = given.find_host(original);
        const Host* b = given.find_host(picked);
        if (a && b && original != picked) {
            Renaming hosts, users;
            hosts.names = {{original, picked}, {picked, original}};
            if (!a->owner.empty() && !b->owner.empty()) users.names = {{a->owner, b->owner}, {b->owner, a->owner}};
            auto host = [&](std::string& x) { hosts.apply(x); };
            auto user = [&](std::string& x) { users.apply(x); };
            auto none = [](std::string&) {};
            each_reference(s, host, user, none);
        }
    }

    // Addresses: each subnet's DHCP hosts hold its pool addresses in another order.
    if (v.shuffle_addresses) {
        std::map<std::string, std::vector<Host*>> by_subnet;
        for (auto& h : s.network.hosts)
            if (h.addressing == Addressing::Dhcp && h.ip != 0) by_subnet[h.subnet].push_back(&h);
        for (auto& [name, hosts] : by_subnet) {
            std::vector<Ipv4> ips;
            for (const Host* h : hosts) ips.push_back(h->ip);
            for (std::size_t i = ips.size(); i > 1; --i)
                std::swap(ips[i - 1], ips[static_cast<std::size_t>(rng.uniform_int(0, static_cast<std::int64_t>(i) - 1))]);
            for (std::size_t i = 0; i < hosts.size(); ++i) hosts[i]->ip = ips[i];
        }
    }

    // The attacker's domains: the registrable label becomes two words; the rest of the name stays,
    // and one old name always becomes the same new one.
    if (v.c2_words.size() >= 2) {
        std::map<std::string, std::string> registrable;  // "update-telemetry-cdn.net" -> "cloud-relay.net"
        std::vector<std::string> taken;
        auto rename = [&](std::string& domain) {
            if (domain.empty()) return;
            auto labels = split_labels(domain);
            if (labels.size() < 2) return;
            const std::size_t k = registrable_label(labels);
            const std::string key = labels[k] + "." + labels.back();
            auto it = registrable.find(key);
            if (it == registrable.end()) {
                std::string fresh;
                for (int tries = 0; tries < 100; ++tries) {
                    const auto& w1 = v.c2_words[static_cast<std::size_t>(rng.uniform_int(0, static_cast<std::int64_t>(v.c2_words.size()) - 1))];
                    const auto& w2 = v.c2_words[static_cast<std::size_t>(rng.uniform_int(0, static_cast<std::int64_t>(v.c2_words.size()) - 1))];
                    if (w1 == w2) continue;
                    fresh = w1 + "-" + w2;
                    if (std::find(taken.begin(), taken.end(), fresh) == taken.end()) break;
                }
                taken.push_back(fresh);
                it = registrable.emplace(key, fresh).first;
            }
            labels[k] = it->second;
            std::string out;
            for (const auto& l : labels) out += (out.empty() ? "" : ".") + l;
            domain = out;
        };
        auto none = [](std::string&) {};
        each_reference(s, none, none, rename);
    }
    return s;
}

}  // namespace socsim::scenario

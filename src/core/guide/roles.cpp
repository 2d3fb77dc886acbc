// Filling a guide's placeholders from the variant (see roles.h).
#include "core/guide/roles.h"

#include <algorithm>

namespace socsim::guide {

Roles roles_of(const scenario::Scenario& variant) {
    Roles r;
    if (!variant.attack.empty()) {
        r.victim = variant.attack.front().host;
        r.victim_index = r.victim.empty() ? -1 : variant.host_index(r.victim);
        if (const scenario::Host* h = variant.find_host(r.victim)) {
            r.victim_ip = h->ip;
            for (const auto& u : variant.network.users)
                if (!h->owner.empty() && u.name == h->owner) r.victim_owner = u.display_name;
        }
    }
    for (const auto& step : variant.attack)
        if (!step.c2_domain.empty()) {
            r.c2_domain = step.c2_domain;
            break;
        }
    return r;
}

const std::vector<std::string>& placeholder_names() {
    static const std::vector<std::string> names = {"victim", "victim_ip", "victim_owner", "c2_domain"};
    return names;
}

namespace {

std::string value_of(std::string_view name, const Roles& roles, Lang lang) {
    if (name == "victim") return roles.victim;
    if (name == "victim_ip") return roles.victim_ip ? format_ipv4(roles.victim_ip) : std::string();
    if (name == "victim_owner") {
        const std::string& who = roles.victim_owner.get(lang);
        return who.empty() ? roles.victim : who;
    }
    return roles.c2_domain;  // the only other name placeholders_in lets through
}

// Each {word} of `text`: where it starts and the word, for fill and placeholders_in alike.
template <class Each>
void each_brace(std::string_view text, Each&& each) {
    std::size_t at = 0;
    while ((at = text.find('{', at)) != std::string_view::npos) {
        const std::size_t close = text.find('}', at + 1);
        if (close == std::string_view::npos) return;
        const std::string_view word = text.substr(at + 1, close - at - 1);
        const bool is_word = !word.empty() && word.size() <= 32 && std::all_of(word.begin(), word.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        });
        if (is_word) {
            each(at, close + 1, word);
            at = close + 1;
        } else {
            at = at + 1;
        }
    }
}

}  // namespace

std::string fill(std::string_view text, const Roles& roles, Lang lang) {
    std::string out;
    std::size_t copied = 0;
    const auto& known = placeholder_names();
    each_brace(text, [&](std::size_t from, std::size_t to, std::string_view word) {
        if (std::find(known.begin(), known.end(), word) == known.end()) return;
        out.append(text.substr(copied, from - copied));
        out += value_of(word, roles, lang);
        copied = to;
    });
    out.append(text.substr(copied));
    return out;
}

std::vector<std::string> placeholders_in(std::string_view text) {
    std::vector<std::string> out;
    each_brace(text, [&](std::size_t, std::size_t, std::string_view word) { out.emplace_back(word); });
    return out;
}

}  // namespace socsim::guide

// The story's roles in a guide's words: `victim`, `victim_ip`, `victim_owner` and `c2_domain`
// name whoever and whatever the seed picked, so one guide reads right in every variant
// (scenario/variant.h changes the victim, the addresses and the attacker's domains). Guide text
// and "Show me" filters hold {victim}-style placeholders, filled here from the variant played.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/common/net.h"
#include "core/i18n/text.h"
#include "core/scenario/scenario.h"

namespace socsim::guide {

struct Roles {
    std::string victim;         // the first attack step's host, as this variant names it ("" if none)
    int victim_index = -1;      // its index in the scenario's hosts (-1: none)
    Ipv4 victim_ip = 0;         // the address it holds (the DHCP lease or its static address)
    LocalText victim_owner;     // who uses it, by display name ("" when nobody owns it)
    std::string c2_domain;      // the first attacker domain a step calls home to ("" if none)
};

// The roles as `variant` (the scenario as this trainee plays it) fills them.
Roles roles_of(const scenario::Scenario& variant);

// The placeholders a guide may write, without braces: victim, victim_ip, victim_owner, c2_domain.
const std::vector<std::string>& placeholder_names();

// `text` with each {placeholder} replaced for `lang`; an unknown {word} is left as written.
std::string fill(std::string_view text, const Roles& roles, Lang lang);

// The placeholder names written in `text` ({victim} -> "victim"), in order, repeats included.
std::vector<std::string> placeholders_in(std::string_view text);

}  // namespace socsim::guide

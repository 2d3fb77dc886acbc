// The trainee's incident report: what they claim happened and what proves it. Submitting it ends
// the scenario; it is kept with the attempt (as JSON in the database) so that it can be graded
// claim by claim against the ground truth and shown in the debrief.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/common/diagnostic.h"
#include "core/common/time.h"

namespace socsim::report {

struct IncidentReport {
    std::vector<std::string> hosts;        // affected devices (hostnames)
    std::vector<std::string> indicators;   // domains and addresses seen in the attack
    std::optional<SimTime> first_seen;     // when the trainee first saw it in the logs
    std::string technique;                 // ATT&CK id, "T1071.004"
    std::vector<std::string> data_sources; // "dns", "firewall", "dhcp", "auth"
    std::string actions_taken;             // what the trainee did and why
    std::string summary;                   // the incident in a few sentences
    std::vector<std::uint32_t> evidence;   // log records (indices) cited as proof

    bool empty() const;
};

std::string to_json(const IncidentReport& r);
// Reads a report back; a malformed text gives a Diagnostic naming `source`, never a throw.
Loaded<IncidentReport> from_json(const std::string& json, const std::string& source);

// Splits "a.example, 203.0.113.7\nb.example" into trimmed, non-empty items.
std::vector<std::string> split_list(std::string_view text);

// The ATT&CK techniques the report form offers (id and English name; names are standard terms).
struct Technique {
    const char* id;
    const char* name;
};
const std::vector<Technique>& known_techniques();

}  // namespace socsim::report

// Reads a scenario file (YAML) into the model and validates it.
//
// Every problem is reported with file:line:col and what was expected: unknown keys (with a
// "did you mean" suggestion), wrong types, missing fields, unknown host references, addresses
// outside the subnet, duplicated hostnames, IPs or MACs, times outside the scenario.
#pragma once

#include <filesystem>
#include <string>

#include "core/common/diagnostic.h"
#include "core/scenario/scenario.h"

namespace socsim::scenario {

Loaded<Scenario> load_file(const std::filesystem::path& path);
// A file that scenarios include (the company: network, users, hosts, benign), checked on its own
// as a scenario with no incident would include it. `is_included_part` tells such a file from a
// scenario: a map with none of a scenario's own keys (id, title, attack...).
bool is_included_part(const std::filesystem::path& path);
Loaded<Scenario> load_included_part(const std::filesystem::path& path);
// Parses YAML text; `file_name` is used in messages and as source_path.
Loaded<Scenario> load_text(const std::string& yaml_text, const std::string& file_name);

}  // namespace socsim::scenario

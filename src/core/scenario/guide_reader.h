// Reading a scenario's `guide:` (guided mode for staff awareness training, docs/scenario-format.md)
// and checking it against the whole scenario once every file is read: the panels it points at,
// the roles it names (victim, c2_domain: never the names a seed picks), its placeholders and the
// filters "Show me" applies. Internal to src/core/scenario.
#pragma once

#include <vector>

#include "core/scenario/scenario.h"
#include "core/scenario/yaml_fields.h"

namespace socsim::scenario::detail {

// Where each part of a step was written, for the checks made once the attack and hosts are known.
struct GuideStepSource {
    Reader* reader = nullptr;
    YAML::Node item;
    std::vector<std::pair<std::string, YAML::Node>> texts;  // path and node of every ja/en text
    Source show_source, show_filter;
    YAML::Node done;                                          // the value of done: as written
    std::string done_path;
    Source shown_host, shown_query;                           // done: {shown: {...}}
};

struct GuideSource {
    Source guide;                          // the guide: key itself (written once, in one file)
    std::vector<GuideStepSource> steps;    // parallel to Scenario::guide
};

// Reads `guide:` of `top` (the scenario file or an included part) into `s.guide`; a second file
// that also writes a guide is told where the first one is.
void read_guide(const Fields& top, Scenario& s, GuideSource& src);

// Checks roles, placeholders, times and filters against the assembled scenario. Without
// `incident_known` (an included part checked on its own, with no attack around it) the roles
// cannot be checked and are taken on trust; the scenario that includes the part checks them.
void check_guide(const Scenario& s, const GuideSource& src, bool duration_known, bool incident_known);

}  // namespace socsim::scenario::detail

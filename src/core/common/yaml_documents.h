// Safe reading of YAML files that must hold one document.
//
// YAML::LoadAll is never used in socsim: on some malformed input (a lone ",") yaml-cpp 0.7
// reports an endless run of empty documents and LoadAll allocates until the machine runs out of
// memory. Loaders read the first document with YAML::Load and ask count_documents whether a
// second one with content follows, so they can report it.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>

namespace socsim {

struct DocumentCount {
    int with_content = 0;                                  // documents holding a value (stops at 2)
    YAML::Mark second_start = YAML::Mark::null_mark();     // where the second one starts
};

// Counts documents with content, reading at most a few: enough to know whether there is a second.
// Throws YAML::ParserException on a syntax error, like YAML::Load.
DocumentCount count_documents(const std::string& text);

// True when some line holds more than a comment or a document marker.
bool has_yaml_text(std::string_view text);

}  // namespace socsim

// Safe reading of YAML files that must hold one document.
//
// YAML::LoadAll is never used in socsim: on some malformed input (a lone ",") yaml-cpp 0.7
// reports an endless run of empty documents and LoadAll allocates until the machine runs out of
// memory. Loaders read the first document with YAML::Load and ask count_documents whether a
// second one with content follows, so they can report it.
//
// count_documents also checks the shape of what it reads, from the parser's events, before any
// tree is built: yaml-cpp builds the whole tree and the loaders walk it recursively, so a file
// nested 10,000 levels deep or whose aliases expand into billions of values ("billion laughs")
// would exhaust the stack or the memory. Loaders call it before YAML::Load.
#include <stdexcept>
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>

namespace socsim {

struct DocumentCount {
    int with_content = 0;                                  // documents holding a value (stops at 2)
    YAML::Mark second_start = YAML::Mark::null_mark();     // where the second one starts
};

constexpr int kMaxYamlDepth = 64;                      // nested maps and lists; socsim's files use fewer than 10
constexpr std::size_t kMaxYamlValues = 2'000'000;      // values once aliases are expanded
constexpr std::size_t kMaxLineBytes = 64 * 1024;       // one line; a long briefing is a block of short lines

// A file refused for its shape (too deep, too many values once aliases are expanded): where and why.
class YamlRefused : public std::runtime_error {
public:
    YamlRefused(const YAML::Mark& mark, const std::string& message) : std::runtime_error(message), mark(mark) {}
    YAML::Mark mark;
};

// Counts documents with content, reading at most a few: enough to know whether there is a second.
// Throws YAML::ParserException on a syntax error, like YAML::Load, and YamlRefused when the text
// is not UTF-8 or holds control characters, or a document nests deeper than kMaxYamlDepth or
// holds more than kMaxYamlValues values.
DocumentCount count_documents(const std::string& text);

// Throws YamlRefused when the text is not UTF-8 (a byte order mark is fine) or holds control
// characters other than tab and CR, or a line longer than kMaxLineBytes: count_documents calls
// it; the GIFT reader too.
void check_text(const std::string& text);

// What to add to yaml-cpp's message for a syntax error at `mark`: a hint when the line there or
// the one above is indented with a tab (yaml-cpp says only "illegal map value"), else "".
std::string syntax_hint(const std::string& text, const YAML::Mark& mark);

// True when some line holds more than a comment or a document marker.
bool has_yaml_text(std::string_view text);

}  // namespace socsim

// Document counting without YAML::LoadAll (see yaml_documents.h).
#include "core/common/yaml_documents.h"

#include <yaml-cpp/eventhandler.h>

#include <sstream>

namespace socsim {
namespace {

// Notes whether a document holds a value, and where the first one starts.
class DocumentCounter : public YAML::EventHandler {
public:
    bool content = false;
    YAML::Mark first;  // where the document's first value starts

    void OnDocumentStart(const YAML::Mark&) override { content = false; }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { saw(mark); }
    void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string&) override { saw(mark); }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
        saw(mark);
    }
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
        saw(mark);
    }
    void OnMapEnd() override {}

private:
    void saw(const YAML::Mark& mark) {
        if (!content) first = mark;
        content = true;
    }
};

}  // namespace

// True when some line holds more than a comment or a document marker.
bool has_yaml_text(std::string_view text) {
    const auto trim = [](std::string_view v) {
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t' || v.front() == '\r')) v.remove_prefix(1);
        while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r')) v.remove_suffix(1);
        return v;
    };
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const auto line = trim(text.substr(start, end - start));
        if (!line.empty() && line.front() != '#' && line != "---" && line != "...") return true;
        start = end + 1;
    }
    return false;
}

DocumentCount count_documents(const std::string& text) {
    std::istringstream in(text);
    YAML::Parser parser(in);
    DocumentCounter counter;
    DocumentCount out;
    for (int i = 0; i < 8 && out.with_content < 2 && parser.HandleNextDocument(counter); ++i) {
        if (!counter.content) continue;
        if (++out.with_content == 2) out.second_start = counter.first;
    }
    return out;
}


}  // namespace socsim

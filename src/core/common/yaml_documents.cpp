// Document counting without YAML::LoadAll (see yaml_documents.h).
#include "core/common/yaml_documents.h"

#include <yaml-cpp/eventhandler.h>

#include <cstdint>
#include <cstdio>
#include <sstream>
#include <unordered_map>
#include <vector>

namespace socsim {
namespace {

// Notes whether a document holds a value, and where the first one starts; refuses a document
// nested too deep or too big once its aliases are expanded (it throws from inside the parser,
// which unwinds cleanly, so the parser never recurses past the limit).
class DocumentCounter : public YAML::EventHandler {
public:
    bool content = false;
    YAML::Mark first;  // where the document's first value starts

    void OnDocumentStart(const YAML::Mark&) override {
        content = false;
        open_.clear();
        sizes_.clear();
        total_ = 0;
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { value(mark, anchor, 1); }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        saw(mark);
        const auto it = sizes_.find(anchor);
        add(mark, it == sizes_.end() ? 1 : it->second, true);
    }
    void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, const std::string&) override {
        saw(mark);
        value(mark, anchor, 1);
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
        saw(mark);
        open(mark, anchor);
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
        saw(mark);
        open(mark, anchor);
    }
    void OnMapEnd() override { close(); }

private:
    struct Open {
        YAML::anchor_t anchor;
        std::size_t values;  // this map or list and everything in it, aliases expanded
    };
    std::vector<Open> open_;
    std::unordered_map<YAML::anchor_t, std::size_t> sizes_;  // anchor -> values it stands for
    std::size_t total_ = 0;

    void saw(const YAML::Mark& mark) {
        if (!content) first = mark;
        content = true;
    }
    void open(const YAML::Mark& mark, YAML::anchor_t anchor) {
        if (static_cast<int>(open_.size()) >= kMaxYamlDepth)
            throw YamlRefused(mark, "maps and lists nest more than " + std::to_string(kMaxYamlDepth) +
                                        " levels deep here; socsim refuses such a file rather than risk running out of "
                                        "stack (its own files nest fewer than 10 levels)");
        open_.push_back(Open{anchor, 1});
        add(mark, 1, false);
    }
    void close() {
        if (open_.empty()) return;
        const Open done = open_.back();
        open_.pop_back();
        if (done.anchor != YAML::NullAnchor) sizes_[done.anchor] = done.values;
        if (!open_.empty()) open_.back().values += done.values;
    }
    void value(const YAML::Mark& mark, YAML::anchor_t anchor, std::size_t n) {
        if (anchor != YAML::NullAnchor) sizes_[anchor] = n;
        add(mark, n, false);
        if (!open_.empty()) open_.back().values += n;
    }
    // Counts n values; an alias adds what its anchor stands for to every map or list it is in.
    void add(const YAML::Mark& mark, std::size_t n, bool alias) {
        if (alias && !open_.empty()) open_.back().values += n;
        total_ += n;
        if (total_ > kMaxYamlValues)
            throw YamlRefused(mark, alias ? "the aliases (*name) here expand to more than " + std::to_string(kMaxYamlValues) +
                                                " values (a \"billion laughs\" file?); socsim refuses it rather than "
                                                "run out of memory"
                                          : "the file holds more than " + std::to_string(kMaxYamlValues) +
                                                " values; socsim refuses it rather than run out of memory");
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

// Refuses text that is not UTF-8 or holds control characters (a binary file, a file saved in
// Shift_JIS): yaml-cpp would read it into garbled names and messages that quote the garbage.
void check_text(const std::string& text) {
    int line = 0, column = 0;
    auto refuse = [&](std::size_t pos, const std::string& what) {
        YAML::Mark mark;
        mark.pos = static_cast<int>(pos);
        mark.line = line;
        mark.column = column;
        throw YamlRefused(mark, what);
    };
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;  // a byte order mark
    std::size_t line_start = 0;
    while (i < n) {
        const unsigned char c = bytes[i];
        if (c == '\n' || i + 1 == n) {
            if (i - line_start > kMaxLineBytes) {
                column = 0;
                refuse(line_start, "this line is " + std::to_string((i - line_start) / 1024) + " KiB long; a line may be at most " +
                                       std::to_string(kMaxLineBytes / 1024) + " KiB (a pasted log or binary data?)");
            }
        }
        if (c == '\n') {
            line_start = i + 1;
            ++line;
            column = 0;
            ++i;
            continue;
        }
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F) {
                char code[8];
                std::snprintf(code, sizeof code, "%02X", c);
                refuse(i, std::string("the file holds the control character 0x") + code +
                              " here; expected text (is it a binary file, or a document saved by a word processor?)");
            }
            ++i;
            ++column;
            continue;
        }
        // The length of a UTF-8 sequence from its lead byte, and the smallest code point it may hold.
        const std::size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        bool ok = len != 0 && i + len <= n;
        std::uint32_t cp = len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
        for (std::size_t k = 1; ok && k < len; ++k) {
            ok = (bytes[i + k] & 0xC0) == 0x80;
            cp = (cp << 6) | (bytes[i + k] & 0x3F);
        }
        if (ok && ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))))
            ok = false;
        if (!ok)
            refuse(i, "the file is not valid UTF-8 here (saved as Shift_JIS or another encoding, or a binary file?); "
                      "save it as UTF-8");
        i += len;
        ++column;
    }
}

std::string syntax_hint(const std::string& text, const YAML::Mark& mark) {
    if (mark.line < 0) return "";
    std::size_t start = 0;
    for (int line = 0; start < text.size(); ++line) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        if (line == mark.line - 1 || line == mark.line) {
            std::size_t i = start;
            while (i < end && (text[i] == ' ' || text[i] == '\t')) ++i;
            if (text.find('\t', start) < i)
                return "; line " + std::to_string(line + 1) + " is indented with a tab, and YAML indents with spaces only";
        }
        if (line >= mark.line) break;
        start = end + 1;
    }
    return "";
}

DocumentCount count_documents(const std::string& text) {
    check_text(text);
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

// Reads lesson files (see lesson.h). Every problem is reported with file:line:col and what was
// expected; nothing is thrown at the caller.
#include "core/lesson/lesson.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "core/common/yaml_documents.h"

namespace socsim::lesson {
namespace {

class Reader {
public:
    explicit Reader(std::string file) : file_(std::move(file)) {}

    void error(const YAML::Node& at, const std::string& message) {
        const auto m = at.Mark();
        errors_.push_back({file_, m.line + 1, m.column + 1, message});
    }

    // Reports keys that are not in `allowed`.
    void known_keys(const YAML::Node& map, std::initializer_list<const char*> allowed, const std::string& where) {
        for (const auto& kv : map) {
            if (!kv.first.IsScalar()) {
                error(kv.first, where + ": a key must be a plain word");
                continue;
            }
            const auto key = kv.first.as<std::string>();
            if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; })) {
                std::string list;
                for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
                error(kv.first, where + ": unknown key '" + key + "' (expected one of: " + list + ")");
            }
        }
    }

    // `parent` is where a missing text is reported: the page or block that lacks it.
    std::optional<LocalText> local_text(const YAML::Node& node, const std::string& where, const YAML::Node& parent = {}) {
        if (!node || !node.IsMap()) {
            error(node ? node : (parent ? parent : root_), where + ": expected a map with 'ja' and 'en' texts");
            return std::nullopt;
        }
        known_keys(node, {"ja", "en"}, where);
        LocalText t;
        for (const char* lang : {"ja", "en"}) {
            const YAML::Node v = node[lang];
            if (!v || !v.IsScalar() || v.as<std::string>().empty()) {
                error(node, where + ": the '" + lang + "' text is missing or empty");
                return std::nullopt;
            }
            (std::string(lang) == "ja" ? t.ja : t.en) = v.as<std::string>();
        }
        return t;
    }

    std::optional<Block> block(const YAML::Node& node, const std::string& where) {
        if (!node.IsMap() || node.size() == 0) {
            error(node, where + ": expected a block such as {heading: ...}, {text: ...}, {list: [...]}, {figure: ...}");
            return std::nullopt;
        }
        known_keys(node, {"heading", "text", "note", "list", "figure", "caption"}, where);
        int kinds = 0;
        for (const char* k : {"heading", "text", "note", "list", "figure"}) kinds += node[k] ? 1 : 0;
        if (kinds > 1) {
            error(node, where + ": a block is one of heading, text, note, list, figure; put each in its own block");
            return std::nullopt;
        }
        if (node["caption"] && !node["figure"] && kinds == 1) error(node["caption"], where + ".caption: only a figure has a caption");
        Block b;
        if (node["heading"]) {
            b.kind = BlockKind::Heading;
            if (auto t = local_text(node["heading"], where + ".heading")) b.text = *t;
        } else if (node["text"]) {
            b.kind = BlockKind::Paragraph;
            if (auto t = local_text(node["text"], where + ".text")) b.text = *t;
        } else if (node["note"]) {
            b.kind = BlockKind::Note;
            if (auto t = local_text(node["note"], where + ".note")) b.text = *t;
        } else if (node["list"]) {
            b.kind = BlockKind::List;
            const YAML::Node items = node["list"];
            if (!items.IsSequence() || items.size() == 0) {
                error(items, where + ".list: expected a non-empty list of {ja, en} items");
                return std::nullopt;
            }
            for (std::size_t i = 0; i < items.size(); ++i)
                if (auto t = local_text(items[i], where + ".list[" + std::to_string(i) + "]")) b.items.push_back(*t);
        } else if (node["figure"]) {
            b.kind = BlockKind::Figure;
            const YAML::Node f = node["figure"];
            const auto& names = figure_names();
            if (!f.IsScalar() || std::find(names.begin(), names.end(), f.as<std::string>()) == names.end()) {
                std::string list;
                for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
                error(f, where + ".figure: unknown figure (expected one of: " + list + ")");
                return std::nullopt;
            }
            b.figure = f.as<std::string>();
            if (node["caption"])
                if (auto t = local_text(node["caption"], where + ".caption")) b.caption = *t;
        } else {
            error(node, where + ": a block needs one of heading, text, note, list, figure");
            return std::nullopt;
        }
        return b;
    }

    std::optional<Lesson> read(const std::string& text) {
        try {
            return read_checked(text);
        } catch (const YAML::Exception& e) {
            // Anything yaml-cpp throws past the checks above is still the file's fault: report it.
            errors_.push_back({file_, e.mark.line + 1, e.mark.column + 1, "YAML: " + e.msg});
            return std::nullopt;
        }
    }

    std::optional<Lesson> read_checked(const std::string& text) {
        try {
            (void)count_documents(text);  // refuses a too deep or too big file before a tree is built
            root_ = YAML::Load(text);
        } catch (const YamlRefused& e) {
            errors_.push_back({file_, e.mark.line + 1, e.mark.column + 1, e.what()});
            return std::nullopt;
        } catch (const YAML::ParserException& e) {
            errors_.push_back({file_, e.mark.line + 1, e.mark.column + 1, "YAML syntax: " + e.msg});
            return std::nullopt;
        }
        if (!root_.IsMap()) {
            errors_.push_back({file_, 1, 1, "a lesson file must be a map with id, title, pages"});
            return std::nullopt;
        }
        known_keys(root_, {"id", "title", "summary", "quiz", "pages"}, "lesson");
        Lesson l;
        l.source_path = file_;
        if (!root_["id"] || !root_["id"].IsScalar() || root_["id"].as<std::string>().empty())
            error(root_, "lesson: 'id' is required (a short name such as soc-intro)");
        else
            l.id = root_["id"].as<std::string>();
        if (auto t = local_text(root_["title"], "title")) l.title = *t;
        if (root_["summary"])
            if (auto t = local_text(root_["summary"], "summary")) l.summary = *t;
        if (root_["quiz"]) {
            if (!root_["quiz"].IsScalar()) error(root_["quiz"], "quiz: expected a file name");
            else l.quiz = root_["quiz"].as<std::string>();
        }
        const YAML::Node pages = root_["pages"];
        if (!pages || !pages.IsSequence() || pages.size() == 0) {
            error(pages ? pages : root_, "pages: expected a non-empty list of pages");
        } else {
            for (std::size_t i = 0; i < pages.size(); ++i) {
                const std::string where = "pages[" + std::to_string(i) + "]";
                const YAML::Node p = pages[i];
                if (!p.IsMap()) {
                    error(p, where + ": expected a map with title and blocks");
                    continue;
                }
                known_keys(p, {"title", "blocks"}, where);
                Page page;
                if (auto t = local_text(p["title"], where + ".title", p)) page.title = *t;
                const YAML::Node blocks = p["blocks"];
                if (!blocks || !blocks.IsSequence() || blocks.size() == 0) {
                    error(blocks ? blocks : p, where + ".blocks: expected a non-empty list of blocks");
                    continue;
                }
                for (std::size_t k = 0; k < blocks.size(); ++k)
                    if (auto b = block(blocks[k], where + ".blocks[" + std::to_string(k) + "]")) page.blocks.push_back(*b);
                l.pages.push_back(std::move(page));
            }
        }
        if (!errors_.empty()) return std::nullopt;
        return l;
    }

    std::vector<Diagnostic> take_errors() { return std::move(errors_); }

private:
    std::string file_;
    YAML::Node root_;
    std::vector<Diagnostic> errors_;
};

}  // namespace

const std::vector<std::string>& figure_names() {
    static const std::vector<std::string> names = {"soc-watch", "data-sources", "soc-services", "beacon-rhythm",
                                                   "incident-response"};
    return names;
}

Loaded<Lesson> load_lesson_text(const std::string& yaml_text, const std::string& file_name) {
    Reader reader(file_name);
    Loaded<Lesson> out;
    out.value = reader.read(yaml_text);
    out.errors = reader.take_errors();
    if (!out.errors.empty()) out.value.reset();
    return out;
}

Loaded<Lesson> load_lesson_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {std::nullopt, {{path.string(), 0, 0, "cannot read the lesson file"}}};
    std::stringstream text;
    text << in.rdbuf();
    return load_lesson_text(text.str(), path.string());
}

}  // namespace socsim::lesson

// Loads the message catalogs and fills placeholders. A missing key shows as the key itself:
// a visible gap is easier to fix than a blank button.
#include "core/i18n/catalog.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "core/common/data_dir.h"

namespace socsim {
namespace {

void load_one(const std::filesystem::path& file, std::map<std::string, std::string, std::less<>>& into,
              std::vector<Diagnostic>& errors) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        errors.push_back({file.string(), 0, 0, "cannot read the message catalog"});
        return;
    }
    std::stringstream text;
    text << in.rdbuf();
    try {
        const YAML::Node root = YAML::Load(text.str());
        if (!root.IsMap()) {
            errors.push_back({file.string(), 1, 1, "expected a map of key: text"});
            return;
        }
        for (const auto& entry : root) {
            if (!entry.second.IsScalar()) {
                errors.push_back({file.string(), entry.second.Mark().line + 1, entry.second.Mark().column + 1,
                                  "the text of '" + entry.first.as<std::string>() + "' must be a string"});
                continue;
            }
            into[entry.first.as<std::string>()] = entry.second.as<std::string>();
        }
    } catch (const YAML::Exception& e) {
        errors.push_back({file.string(), e.mark.line + 1, e.mark.column + 1, e.msg});
    }
}

}  // namespace

std::vector<Diagnostic> Catalog::load(const std::filesystem::path& dir) {
    std::vector<Diagnostic> errors;
    en_.clear();
    ja_.clear();
    load_one(dir / "en.yaml", en_, errors);
    load_one(dir / "ja.yaml", ja_, errors);
    return errors;
}

const std::string& Catalog::tr(std::string_view key) const { return tr(key, lang_); }

const std::string& Catalog::tr(std::string_view key, Lang lang) const {
    const auto& primary = lang == Lang::Ja ? ja_ : en_;
    if (auto it = primary.find(key); it != primary.end()) return it->second;
    if (auto it = en_.find(key); it != en_.end()) return it->second;
    // Remember unknown keys so the returned reference stays valid.
    static thread_local std::map<std::string, std::string, std::less<>> missing;
    auto [it, inserted] = missing.try_emplace(std::string(key), std::string(key));
    return it->second;
}

std::string Catalog::format(std::string_view key, const TextArgs& args) const {
    return fill_placeholders(tr(key), args, lang_);
}

std::string Catalog::format(std::string_view key, const TextArgs& args, Lang lang) const {
    return fill_placeholders(tr(key, lang), args, lang);
}

bool Catalog::has(std::string_view key, Lang lang) const {
    const auto& m = lang == Lang::Ja ? ja_ : en_;
    return m.find(key) != m.end();
}

std::vector<std::string> Catalog::keys(Lang lang) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : lang == Lang::Ja ? ja_ : en_) out.push_back(k);
    return out;
}

Catalog& Catalog::shared() {
    static Catalog catalog = [] {
        Catalog c;
        c.load(data_dir() / "assets" / "i18n");
        return c;
    }();
    return catalog;
}

std::string fill_placeholders(std::string_view pattern, const TextArgs& args, Lang lang) {
    std::string out;
    out.reserve(pattern.size() + 16);
    const std::string_view code = lang_code(lang);
    // The argument called `name` in this language ("title@ja"), else the plain one.
    const auto lookup = [&](std::string_view name) -> const std::string* {
        const std::string* plain = nullptr;
        for (const auto& [k, v] : args) {
            if (k.size() == name.size() + 1 + code.size() && k.compare(0, name.size(), name) == 0 && k[name.size()] == '@' &&
                k.compare(name.size() + 1, code.size(), code) == 0)
                return &v;
            if (!plain && k == name) plain = &v;
        }
        return plain;
    };
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '{') {
            const auto close = pattern.find('}', i);
            if (close != std::string_view::npos) {
                const std::string* value = lookup(pattern.substr(i + 1, close - i - 1));
                if (value) out += *value;
                const bool found = value != nullptr;
                if (found) {
                    i = close;
                    continue;
                }
            }
        }
        out += pattern[i];
    }
    return out;
}

}  // namespace socsim

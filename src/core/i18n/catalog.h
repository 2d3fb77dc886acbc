// The program's own words in Japanese and English.
//
// Catalogs are YAML files in assets/i18n/ (en.yaml, ja.yaml), flat maps of key -> text, where
// text may hold named placeholders: "Isolated {host} after {time}". Both the GUI and the command
// line print through the same catalog, so a string is translated once.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/common/diagnostic.h"
#include "core/i18n/text.h"

namespace socsim {

using TextArgs = std::vector<std::pair<std::string, std::string>>;

class Catalog {
public:
    // Loads en.yaml and ja.yaml from `dir`. Problems are returned, never thrown.
    std::vector<Diagnostic> load(const std::filesystem::path& dir);

    void set_lang(Lang lang) { lang_ = lang; }
    Lang lang() const { return lang_; }

    // The text for `key` in the current language; falls back to English, then to the key itself
    // so a missing translation is visible instead of blank.
    const std::string& tr(std::string_view key) const;
    const std::string& tr(std::string_view key, Lang lang) const;
    // tr() with {name} placeholders replaced.
    std::string format(std::string_view key, const TextArgs& args) const;
    std::string format(std::string_view key, const TextArgs& args, Lang lang) const;

    bool has(std::string_view key, Lang lang) const;
    std::vector<std::string> keys(Lang lang) const;

    // The catalog loaded from data_dir()/assets/i18n, loaded once.
    static Catalog& shared();

private:
    std::map<std::string, std::string, std::less<>> en_;
    std::map<std::string, std::string, std::less<>> ja_;
    Lang lang_ = Lang::En;
};

// Replaces {name} placeholders in `pattern`. An argument may come in several languages: in
// `lang`, "name@ja" is taken before "name" (an author's text such as a rule's title, kept with a
// score line or a journal entry and read later in either language).
std::string fill_placeholders(std::string_view pattern, const TextArgs& args, Lang lang = Lang::En);

}  // namespace socsim

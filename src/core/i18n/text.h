// Languages and bilingual text.
//
// Content written by authors (scenario briefings, quiz questions) carries both languages side by
// side as LocalText; the program's own words come from the catalog (i18n/catalog.h).
#pragma once

#include <string>
#include <string_view>

namespace socsim {

enum class Lang { En, Ja };

std::string_view lang_code(Lang lang);  // "en", "ja"
bool parse_lang(std::string_view code, Lang& out);

struct LocalText {
    std::string en;
    std::string ja;

    // The text in `lang`, or the other language when that one is missing.
    const std::string& get(Lang lang) const;
    bool empty() const { return en.empty() && ja.empty(); }
};

}  // namespace socsim

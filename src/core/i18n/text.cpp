// Language codes and the fallback rule for bilingual content.
#include "core/i18n/text.h"

namespace socsim {

std::string_view lang_code(Lang lang) { return lang == Lang::Ja ? "ja" : "en"; }

bool parse_lang(std::string_view code, Lang& out) {
    if (code == "ja" || code == "jp" || code == "ja_JP") {
        out = Lang::Ja;
        return true;
    }
    if (code == "en" || code == "en_US" || code == "en_GB") {
        out = Lang::En;
        return true;
    }
    return false;
}

const std::string& LocalText::get(Lang lang) const {
    const std::string& wanted = lang == Lang::Ja ? ja : en;
    if (!wanted.empty()) return wanted;
    return lang == Lang::Ja ? en : ja;
}

}  // namespace socsim

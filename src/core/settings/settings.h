// The trainee's preferences, kept between runs of the GUI: language, text size, the last trainee
// name, the window's size and which tabs were in front.
//
// They live in one small YAML file in the user's config folder
// ($XDG_CONFIG_HOME/socsim/settings.yaml, else ~/.config/socsim/settings.yaml). Reading never
// throws and never gives up on the whole file for one bad line: each value that cannot be used
// is reported with its line and what was expected, and keeps its default. Keys this version does
// not know (a newer socsim wrote them, or a typo) are reported and written back unchanged, so a
// downgrade or a hand edit loses nothing. Writing goes to a temporary file renamed over the old
// one, so a crash mid-write leaves the previous settings whole.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/i18n/catalog.h"
#include "core/i18n/text.h"

namespace socsim {

struct Settings {
    std::optional<Lang> lang;                  // none: --lang, else $LANG
    float font_scale = 1.0f;                   // text size, 1 = the normal 18 px (kFontScales)
    std::string trainee;                       // who played last; empty: $USER
    int window_width = 1440;                   // the GUI window's size in screen pixels
    int window_height = 900;
    std::string workspace_tab;                 // the investigation window's tab: alerts, logs, charts, sql; empty: its first
    std::string log_source = "dns";            // the log explorer's tab: dns, firewall, dhcp, auth
    // Keys this version does not know, in file order, each with its value as YAML text.
    std::vector<std::pair<std::string, std::string>> unknown;

    bool operator==(const Settings&) const = default;
};

// The text sizes offered (Ctrl+= and Ctrl+- step through them; Ctrl+0 is 1).
inline constexpr float kFontScales[] = {0.75f, 0.85f, 1.0f, 1.15f, 1.3f, 1.5f, 1.75f, 2.0f};
float larger_font_scale(float scale);   // the next size up, or the largest
float smaller_font_scale(float scale);  // the next size down, or the smallest

// One thing wrong in a settings file: where, and a catalog key with its arguments saying what
// was found and what was expected (shown in the trainee's language).
struct SettingsProblem {
    int line = 0;    // 1-based; 0 for the whole file (unreadable, not YAML...)
    int column = 0;  // 1-based; 0 when unknown
    std::string key;
    TextArgs args;
};

struct SettingsLoad {
    Settings settings;                      // defaults where the file had nothing usable
    std::vector<SettingsProblem> problems;  // empty for a good file or no file at all
    bool existed = false;                   // the file was there
};

// Reads the settings file. A missing file is the defaults with no problem.
SettingsLoad load_settings(const std::filesystem::path& file);
SettingsLoad parse_settings(const std::string& text);

// The file's text as save_settings writes it.
std::string settings_text(const Settings& settings);
// Writes the file atomically (NAME.tmp, then rename), making its folder if needed. Returns false
// with `error` (already in the catalog's language) when it cannot.
bool save_settings(const std::filesystem::path& file, const Settings& settings, std::string& error);

// $XDG_CONFIG_HOME/socsim/settings.yaml, else ~/.config/socsim/settings.yaml; empty when neither
// variable is set (nothing is kept then).
std::filesystem::path default_settings_path();

// "settings.yaml:3:13: font_scale: expected a number ..." in the catalog's language.
std::string describe(const SettingsProblem& problem, const std::filesystem::path& file, const Catalog& catalog);

}  // namespace socsim

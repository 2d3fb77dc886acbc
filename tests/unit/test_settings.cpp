// The trainee's settings file: round trip, atomic writes, and every kind of bad input reported
// with its line and never thrown.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/settings/settings.h"

using namespace socsim;
namespace fs = std::filesystem;

namespace {

fs::path temp_dir(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("socsim-settings-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

void write(const fs::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary);
    out << text;
}

const SettingsProblem* problem(const SettingsLoad& load, const std::string& key) {
    for (const auto& p : load.problems)
        if (p.key == key) return &p;
    return nullptr;
}

std::string arg(const SettingsProblem& p, const std::string& name) {
    for (const auto& [k, v] : p.args)
        if (k == name) return v;
    return {};
}

}  // namespace

TEST_CASE("settings are written and read back unchanged", "[settings]") {
    const fs::path dir = temp_dir("round");
    const fs::path file = dir / "nested" / "settings.yaml";  // the folder is made
    Settings s;
    s.lang = Lang::Ja;
    s.font_scale = 1.3f;
    s.trainee = "山田 花子";
    s.window_width = 1920;
    s.window_height = 1080;
    s.workspace_tab = "sql";
    s.log_source = "auth";
    std::string error;
    REQUIRE(save_settings(file, s, error));
    CHECK(error.empty());
    const SettingsLoad back = load_settings(file);
    CHECK(back.existed);
    CHECK(back.problems.empty());
    CHECK(back.settings == s);
    // Nothing is left behind: the temporary file was renamed.
    int files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(file.parent_path())) ++files;
    CHECK(files == 1);
    // A person reading the file sees the sizes as written, not as floats print.
    std::ifstream in(file);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text.find("font_scale: 1.30") != std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("no settings file gives the defaults without a problem", "[settings]") {
    const SettingsLoad load = load_settings(temp_dir("missing") / "settings.yaml");
    CHECK_FALSE(load.existed);
    CHECK(load.problems.empty());
    CHECK(load.settings == Settings{});
    CHECK(parse_settings("").problems.empty());
    CHECK(parse_settings("# only a comment\n").problems.empty());
}

TEST_CASE("a bad value is reported at its line and keeps its default; the other lines apply", "[settings]") {
    const SettingsLoad load = parse_settings("lang: ja\nfont_scale: big\nwindow_width: 99999\nworkspace_tab: graphs\n"
                                             "log_source: dhcp\ntrainee: [a, b]\nwindow_height: 700.5\n");
    CHECK(load.settings.lang == Lang::Ja);
    CHECK(load.settings.log_source == "dhcp");
    CHECK(load.settings.font_scale == 1.0f);
    CHECK(load.settings.window_width == 1440);
    CHECK(load.settings.window_height == 900);
    CHECK(load.settings.workspace_tab.empty());  // the investigation window's first tab
    CHECK(load.settings.trainee.empty());
    REQUIRE(load.problems.size() == 5);
    const auto* scale = problem(load, "settings.expected_number");
    REQUIRE(scale);
    CHECK(scale->line == 2);
    CHECK(scale->column == 13);
    CHECK(arg(*scale, "found") == "\"big\"");
    const auto* tab = problem(load, "settings.expected_one_of");
    REQUIRE(tab);
    CHECK(tab->line == 4);
    CHECK(arg(*tab, "choices") == "alerts, logs, charts, sql");
    const auto* name = problem(load, "settings.expected_name");
    REQUIRE(name);
    CHECK(arg(*name, "found") == "a list");
    // Out of range and not whole are both "a whole number from 320 to 16384".
    int whole = 0;
    for (const auto& p : load.problems) whole += p.key == "settings.expected_whole";
    CHECK(whole == 2);
}

TEST_CASE("a file that is not YAML, or not a map, gives the defaults and says where", "[settings]") {
    const SettingsLoad broken = parse_settings("lang: ja\nfont_scale: [1.5\n");
    REQUIRE(broken.problems.size() == 1);
    CHECK(broken.problems[0].key == "settings.not_yaml");
    CHECK(broken.problems[0].line >= 2);
    CHECK(broken.settings == Settings{});

    const SettingsLoad list = parse_settings("- lang\n- ja\n");
    REQUIRE(list.problems.size() == 1);
    CHECK(list.problems[0].key == "settings.not_a_map");
    CHECK(arg(list.problems[0], "found") == "a list");

    const SettingsLoad scalar = parse_settings("just some words\n");
    REQUIRE(scalar.problems.size() == 1);
    CHECK(scalar.problems[0].key == "settings.not_a_map");

    const SettingsLoad stray = parse_settings(",");  // yaml-cpp's endless empty documents: never LoadAll
    CHECK_FALSE(stray.problems.empty());

    const SettingsLoad two = parse_settings("lang: ja\n---\nlang: en\n");
    CHECK(two.settings.lang == Lang::Ja);
    REQUIRE(problem(two, "settings.second_document"));
    CHECK(problem(two, "settings.second_document")->line == 3);  // where its content starts

    CHECK(parse_settings(std::string(100 * 1024, '#')).problems.at(0).key == "settings.too_large");
    CHECK(parse_settings(std::string("lang: \x01\xff\xfe\n")).settings.lang == std::nullopt);
}

TEST_CASE("unknown keys are reported, with a suggestion, and written back as they were", "[settings]") {
    const SettingsLoad load = parse_settings("fontscale: 1.5\nfuture_feature:\n  colour: blue\n  sizes: [1, 2]\nlang: en\n");
    CHECK(load.settings.lang == Lang::En);
    REQUIRE(load.problems.size() == 2);
    CHECK(load.problems[0].key == "settings.unknown_key_did_you_mean");
    CHECK(arg(load.problems[0], "suggestion") == "font_scale");
    CHECK(load.problems[0].line == 1);
    CHECK(load.problems[1].key == "settings.unknown_key");
    REQUIRE(load.settings.unknown.size() == 2);

    const SettingsLoad again = parse_settings(settings_text(load.settings));
    CHECK(again.settings == load.settings);
    REQUIRE(again.settings.unknown.size() == 2);
    CHECK(again.settings.unknown[1].first == "future_feature");
    CHECK(again.settings.unknown[1].second.find("blue") != std::string::npos);
}

TEST_CASE("an unreadable settings file or folder is a problem, not a crash", "[settings]") {
    const fs::path dir = temp_dir("unreadable");
    const fs::path folder = dir / "settings.yaml";
    fs::create_directories(folder);
    const SettingsLoad load = load_settings(folder);
    CHECK(load.existed);
    REQUIRE(load.problems.size() == 1);
    CHECK(load.problems[0].key == "settings.unreadable");
    CHECK(load.problems[0].line == 0);
    // Writing over a folder fails with a reason, and leaves no temporary file.
    std::string error;
    CHECK_FALSE(save_settings(folder, Settings{}, error));
    CHECK_FALSE(error.empty());
    int files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
    CHECK(files == 1);
    // A folder that cannot be made: under a file.
    write(dir / "plain", "x");
    CHECK_FALSE(save_settings(dir / "plain" / "settings.yaml", Settings{}, error));
    fs::remove_all(dir);
}

TEST_CASE("a failed write leaves the previous settings whole", "[settings]") {
    const fs::path dir = temp_dir("atomic");
    const fs::path file = dir / "settings.yaml";
    Settings s;
    s.font_scale = 1.5f;
    std::string error;
    REQUIRE(save_settings(file, s, error));
    // The temporary name is taken by a folder: the new write fails before touching the file.
    fs::create_directories(dir / ("settings.yaml.tmp-" + std::to_string(::getpid())));
    Settings changed = s;
    changed.font_scale = 2.0f;
    CHECK_FALSE(save_settings(file, changed, error));
    CHECK(load_settings(file).settings.font_scale == 1.5f);
    fs::remove_all(dir);
}

TEST_CASE("text sizes step through the offered scales and stop at the ends", "[settings]") {
    CHECK(larger_font_scale(1.0f) == 1.15f);
    CHECK(smaller_font_scale(1.0f) == 0.85f);
    CHECK(larger_font_scale(2.0f) == 2.0f);
    CHECK(smaller_font_scale(0.75f) == 0.75f);
    CHECK(larger_font_scale(1.2f) == 1.3f);  // a hand-written size goes to the next offered one
    CHECK(smaller_font_scale(1.2f) == 1.15f);
}

TEST_CASE("the settings file is in the user's config folder", "[settings]") {
    const char* old_xdg = std::getenv("XDG_CONFIG_HOME");
    const std::string saved = old_xdg ? old_xdg : "";
    ::setenv("XDG_CONFIG_HOME", "/tmp/socsim-xdg", 1);
    CHECK(default_settings_path() == fs::path("/tmp/socsim-xdg/socsim/settings.yaml"));
    ::unsetenv("XDG_CONFIG_HOME");
    if (const char* home = std::getenv("HOME"); home && *home)
        CHECK(default_settings_path() == fs::path(home) / ".config" / "socsim" / "settings.yaml");
    if (old_xdg) ::setenv("XDG_CONFIG_HOME", saved.c_str(), 1);
}

TEST_CASE("a settings problem reads as file:line:col in both languages", "[settings]") {
    Catalog c;
    REQUIRE(c.load(std::string(SOCSIM_SOURCE_DIR) + "/assets/i18n").empty());
    const SettingsLoad load = parse_settings("font_scale: huge\n");
    REQUIRE(load.problems.size() == 1);
    c.set_lang(Lang::En);
    const std::string en = describe(load.problems[0], "/home/t/.config/socsim/settings.yaml", c);
    CHECK(en == "/home/t/.config/socsim/settings.yaml:1:13: font_scale: expected a number from 0.75 to 2, found \"huge\"; the default is used");
    c.set_lang(Lang::Ja);
    const std::string ja = describe(load.problems[0], "settings.yaml", c);
    CHECK(ja.rfind("settings.yaml:1:13: font_scale: 0.75 から 2 までの数", 0) == 0);
}

TEST_CASE("the settings file reads well: a comment, one setting a line, a final newline", "[settings]") {
    const std::string text = settings_text(Settings{});
    CHECK(text.rfind("# ", 0) == 0);
    CHECK(text.back() == '\n');
    CHECK(text.find("lang: auto\n") != std::string::npos);
    CHECK(text.find("log_source: dns\n") != std::string::npos);
}

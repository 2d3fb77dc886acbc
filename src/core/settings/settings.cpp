// Reading and writing the trainee's settings file (see settings.h).
#include "core/settings/settings.h"

#include <yaml-cpp/yaml.h>

#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include <unistd.h>

#include "core/common/spelling.h"
#include "core/common/yaml_documents.h"

namespace socsim {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxFileBytes = 64 * 1024;  // a settings file is a few hundred bytes
constexpr std::size_t kMaxTraineeName = 64;
constexpr std::array kKnownKeys = {"lang", "font_scale", "trainee", "window_width", "window_height", "workspace_tab", "log_source"};
constexpr std::array kWorkspaceTabs = {"alerts", "logs", "charts", "sql"};
constexpr std::array kLogSources = {"dns", "firewall", "dhcp", "auth"};

template <class Range>
std::string joined(const Range& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : ", ") + std::string(w);
    return out;
}

template <class Range>
bool one_of(const std::string& word, const Range& words) {
    for (const auto& w : words)
        if (word == w) return true;
    return false;
}

// What a node holds, in a few words, for "expected X, found Y".
std::string found(const YAML::Node& node) {
    if (node.IsNull()) return "nothing";
    if (node.IsMap()) return "a map";
    if (node.IsSequence()) return "a list";
    std::string text = node.Scalar();
    if (text.size() > 40) text = text.substr(0, 40) + "...";
    return "\"" + text + "\"";
}

struct Reader {
    std::vector<SettingsProblem> problems;

    // yaml-cpp marks are 0-based; people and editors count from 1.
    void at(const YAML::Mark& mark, std::string key, TextArgs args) {
        SettingsProblem p;
        if (!mark.is_null() && mark.line >= 0) {
            p.line = mark.line + 1;
            p.column = mark.column + 1;
        }
        p.key = std::move(key);
        p.args = std::move(args);
        problems.push_back(std::move(p));
    }
    void whole_file(std::string key, TextArgs args = {}) { at(YAML::Mark::null_mark(), std::move(key), std::move(args)); }
};

// A number from a scalar, the whole scalar (yaml-cpp's as<double> also takes "1.0abc" on some
// versions, and throws on others).
std::optional<double> number(const YAML::Node& node) {
    if (!node.IsScalar()) return std::nullopt;
    const std::string& s = node.Scalar();
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(s.c_str(), &end);
    if (errno != 0 || end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

}  // namespace

float larger_font_scale(float scale) {
    for (float s : kFontScales)
        if (s > scale + 0.001f) return s;
    return kFontScales[std::size(kFontScales) - 1];
}

float smaller_font_scale(float scale) {
    for (std::size_t i = std::size(kFontScales); i-- > 0;)
        if (kFontScales[i] < scale - 0.001f) return kFontScales[i];
    return kFontScales[0];
}

SettingsLoad parse_settings(const std::string& text) {
    SettingsLoad out;
    Reader r;
    if (text.size() > kMaxFileBytes) {
        r.whole_file("settings.too_large", {{"size", std::to_string(text.size() / 1024)}});
        out.problems = std::move(r.problems);
        return out;
    }
    YAML::Node root;
    DocumentCount docs;
    try {
        root = YAML::Load(text);
        docs = count_documents(text);
    } catch (const YAML::ParserException& e) {
        r.at(e.mark, "settings.not_yaml", {{"message", e.msg}});
        out.problems = std::move(r.problems);
        return out;
    } catch (const std::exception& e) {
        r.whole_file("settings.not_yaml", {{"message", e.what()}});
        out.problems = std::move(r.problems);
        return out;
    }
    if (!root.IsDefined() || root.IsNull()) {
        if (has_yaml_text(text)) r.whole_file("settings.not_a_map", {{"found", "nothing"}});
        out.problems = std::move(r.problems);
        return out;  // an empty file: the defaults
    }
    if (!root.IsMap()) {
        r.at(root.Mark(), "settings.not_a_map", {{"found", found(root)}});
        out.problems = std::move(r.problems);
        return out;
    }
    if (docs.with_content > 1) r.at(docs.second_start, "settings.second_document", {});

    Settings& s = out.settings;
    for (const auto& kv : root) {
        const std::string name = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
        const YAML::Node& value = kv.second;
        // The mark of a null value points past it; the key is where a person looks.
        const YAML::Mark mark = value.IsNull() ? kv.first.Mark() : value.Mark();
        const auto expected_number = [&](const char* key, const std::string& min, const std::string& max) {
            r.at(mark, key, {{"name", name}, {"min", min}, {"max", max}, {"found", found(value)}});
        };
        const auto expected_choice = [&](const std::string& choices) {
            r.at(mark, "settings.expected_one_of", {{"name", name}, {"choices", choices}, {"found", found(value)}});
        };
        if (name == "lang") {
            Lang lang;
            if (value.IsScalar() && value.Scalar() == "auto") s.lang.reset();
            else if (value.IsScalar() && parse_lang(value.Scalar(), lang)) s.lang = lang;
            else expected_choice("en, ja, auto");
        } else if (name == "font_scale") {
            const auto v = number(value);
            if (v && *v >= kFontScales[0] - 0.001 && *v <= kFontScales[std::size(kFontScales) - 1] + 0.001)
                s.font_scale = static_cast<float>(*v);
            else
                expected_number("settings.expected_number", "0.75", "2");
        } else if (name == "trainee") {
            const bool ok = value.IsScalar() && value.Scalar().size() <= kMaxTraineeName &&
                            value.Scalar().find_first_of("\r\n\t") == std::string::npos;
            if (ok) s.trainee = value.Scalar();
            else r.at(mark, "settings.expected_name", {{"name", name}, {"max", std::to_string(kMaxTraineeName)}, {"found", found(value)}});
        } else if (name == "window_width" || name == "window_height") {
            const auto v = number(value);
            const bool ok = v && *v == std::floor(*v) && *v >= 320 && *v <= 16384;
            if (ok) (name == "window_width" ? s.window_width : s.window_height) = static_cast<int>(*v);
            else expected_number("settings.expected_whole", "320", "16384");
        } else if (name == "workspace_tab") {
            if (value.IsNull() || (value.IsScalar() && value.Scalar().empty())) s.workspace_tab.clear();  // the first tab
            else if (value.IsScalar() && one_of(value.Scalar(), kWorkspaceTabs)) s.workspace_tab = value.Scalar();
            else expected_choice(joined(kWorkspaceTabs));
        } else if (name == "log_source") {
            if (value.IsScalar() && one_of(value.Scalar(), kLogSources)) s.log_source = value.Scalar();
            else expected_choice(joined(kLogSources));
        } else {
            // Kept as written, so a newer version's settings survive this one.
            const std::string suggestion = closest_word(name, kKnownKeys);
            r.at(kv.first.Mark(), suggestion.empty() ? "settings.unknown_key" : "settings.unknown_key_did_you_mean",
                 {{"name", name}, {"known", joined(kKnownKeys)}, {"suggestion", suggestion}});
            if (!name.empty()) s.unknown.emplace_back(name, YAML::Dump(value));
        }
    }
    out.problems = std::move(r.problems);
    return out;
}

SettingsLoad load_settings(const fs::path& file) {
    std::error_code ec;
    if (!fs::exists(file, ec)) return {};
    SettingsLoad out;
    out.existed = true;
    if (fs::is_directory(file, ec)) {
        out.problems.push_back({0, 0, "settings.unreadable", {{"reason", "it is a folder"}}});
        return out;
    }
    const auto size = fs::file_size(file, ec);
    if (!ec && size > kMaxFileBytes) {
        out.problems.push_back({0, 0, "settings.too_large", {{"size", std::to_string(size / 1024)}}});
        return out;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        out.problems.push_back({0, 0, "settings.unreadable", {{"reason", std::strerror(errno)}}});
        return out;
    }
    std::stringstream text;
    text << in.rdbuf();
    SettingsLoad parsed = parse_settings(text.str());
    parsed.existed = true;
    return parsed;
}

std::string settings_text(const Settings& s) {
    YAML::Emitter e;
    e << YAML::Comment("socsim's settings, written by the program when one changes; flags on the command line win");
    e << YAML::Newline << YAML::BeginMap;
    e << YAML::Key << "lang" << YAML::Value << (s.lang ? std::string(lang_code(*s.lang)) : std::string("auto"));
    // Two decimals: a float written in full ("1.14999998") would puzzle a person reading the file.
    char scale[16];
    std::snprintf(scale, sizeof scale, "%.2f", static_cast<double>(s.font_scale));
    e << YAML::Key << "font_scale" << YAML::Value << scale;
    e << YAML::Key << "trainee" << YAML::Value << s.trainee;
    e << YAML::Key << "window_width" << YAML::Value << s.window_width;
    e << YAML::Key << "window_height" << YAML::Value << s.window_height;
    e << YAML::Key << "workspace_tab" << YAML::Value << s.workspace_tab;
    e << YAML::Key << "log_source" << YAML::Value << s.log_source;
    for (const auto& [key, yaml] : s.unknown) {
        YAML::Node value;
        try {
            value = YAML::Load(yaml);
        } catch (const std::exception&) {
            value = YAML::Node(yaml);  // cannot happen for text YAML::Dump wrote; kept as a string
        }
        e << YAML::Key << key << YAML::Value << value;
    }
    e << YAML::EndMap;
    return std::string(e.c_str()) + "\n";
}

bool save_settings(const fs::path& file, const Settings& settings, std::string& error) {
    std::error_code ec;
    if (file.has_parent_path()) {
        fs::create_directories(file.parent_path(), ec);
        if (ec) {
            error = ec.message();
            return false;
        }
    }
    // The temporary file sits beside the real one (same file system, so rename is atomic) and is
    // named after this process, so two socsim windows never write into each other's.
    fs::path tmp = file;
    tmp += ".tmp-" + std::to_string(::getpid());
    const std::string text = settings_text(settings);
    {
        std::FILE* f = std::fopen(tmp.c_str(), "wb");
        if (!f) {
            error = std::strerror(errno);
            return false;
        }
        const bool written = std::fwrite(text.data(), 1, text.size(), f) == text.size() && std::fflush(f) == 0 &&
                             ::fsync(::fileno(f)) == 0;
        const int saved_errno = errno;
        const bool closed = std::fclose(f) == 0;
        if (!written || !closed) {
            error = std::strerror(written ? errno : saved_errno);
            fs::remove(tmp, ec);
            return false;
        }
    }
    fs::rename(tmp, file, ec);
    if (ec) {
        error = ec.message();
        fs::remove(tmp, ec);
        return false;
    }
    return true;
}

fs::path default_settings_path() {
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) return fs::path(xdg) / "socsim" / "settings.yaml";
    if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".config" / "socsim" / "settings.yaml";
    return {};
}

std::string describe(const SettingsProblem& p, const fs::path& file, const Catalog& catalog) {
    const std::string message = catalog.format(p.key, p.args);
    std::string where = file.string();
    if (p.line > 0) where += ":" + std::to_string(p.line) + (p.column > 0 ? ":" + std::to_string(p.column) : "");
    return catalog.format("settings.problem", {{"where", where}, {"message", message}});
}

}  // namespace socsim

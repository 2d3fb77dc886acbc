#include "core/xapi/lrs_config.h"

#include <sys/stat.h>

#include <array>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "core/common/spelling.h"
#include "core/common/yaml_documents.h"

namespace socsim::xapi {

namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kMaxConfigBytes = 64 * 1024;
constexpr std::array<std::string_view, 7> kKeys = {"endpoint", "key", "secret", "secret_file",
                                                   "actor_home_page", "activity_base", "timeout"};

Diagnostic at(const std::string& file, const YAML::Mark& mark, std::string message) {
    return {file, mark.line + 1, mark.column + 1, std::move(message)};
}

bool read_small_file(const fs::path& path, std::string& text, std::string& problem) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        problem = "not a regular file";
        return false;
    }
    if (fs::file_size(path, ec) > kMaxConfigBytes) {
        problem = "larger than 64 KiB";
        return false;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        problem = "cannot be read";
        return false;
    }
    std::ostringstream content;
    content << in.rdbuf();
    text = content.str();
    return true;
}

bool readable_by_others(const fs::path& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && (st.st_mode & (S_IRGRP | S_IROTH)) != 0;
}

// An http(s) URL without user name, password, query or fragment; the scheme is what libcurl is
// then allowed to speak, so a file:// or ftp:// endpoint can never be reached.
std::string check_url(const std::string& url, const char* what) {
    const bool https = url.rfind("https://", 0) == 0;
    if (!https && url.rfind("http://", 0) != 0) return std::string(what) + " must start with https:// (or http:// on a trusted network)";
    const std::string rest = url.substr(https ? 8 : 7);
    const std::string host = rest.substr(0, rest.find('/'));
    if (host.empty()) return std::string(what) + " has no host name";
    if (host.find('@') != std::string::npos)
        return std::string(what) + " must not hold a user name or password: put them in `key` and `secret_file`";
    if (url.find_first_of("?#") != std::string::npos) return std::string(what) + " must not have a query (?) or fragment (#)";
    if (url.find_first_of(" \t\r\n") != std::string::npos) return std::string(what) + " must not contain spaces";
    return {};
}

}  // namespace

fs::path default_lrs_config_path() {
    if (const char* own = std::getenv("SOCSIM_LRS_CONFIG"); own && *own) return own;
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) return fs::path(xdg) / "socsim" / "lrs.yaml";
    if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".config" / "socsim" / "lrs.yaml";
    return {};
}

Loaded<LrsConfig> parse_lrs_config(const std::string& text, const std::string& file, const fs::path& folder) {
    Loaded<LrsConfig> out;
    YAML::Node root;
    try {
        check_text(text);
        const DocumentCount count = count_documents(text);
        if (count.with_content > 1) {
            out.errors.push_back(at(file, count.second_start, "expected one YAML document; a second one starts here"));
            return out;
        }
        root = YAML::Load(text);
    } catch (const YamlRefused& e) {
        out.errors.push_back(at(file, e.mark, e.what()));
        return out;
    } catch (const YAML::Exception& e) {
        out.errors.push_back(at(file, e.mark, "YAML syntax: " + e.msg));
        return out;
    }
    if (!root.IsMap()) {
        out.errors.push_back({file, root.IsDefined() ? root.Mark().line + 1 : 1, 1,
                              "expected a map of settings (endpoint, key, secret_file, ...)"});
        return out;
    }
    LrsConfig c;
    bool have_secret = false;
    YAML::Mark secret_mark = root.Mark();
    const auto scalar = [&](const YAML::Node& key, const YAML::Node& value, std::string& into) {
        if (!value.IsScalar() || value.Scalar().empty()) {
            out.errors.push_back(at(file, value.IsDefined() ? value.Mark() : key.Mark(), key.Scalar() + ": expected a text value"));
            return false;
        }
        into = value.Scalar();
        return true;
    };
    for (const auto& entry : root) {
        const YAML::Node& key = entry.first;
        const YAML::Node& value = entry.second;
        const std::string name = key.IsScalar() ? key.Scalar() : "";
        std::string v;
        if (name == "endpoint") {
            if (!scalar(key, value, v)) continue;
            if (const std::string problem = check_url(v, "endpoint"); !problem.empty()) {
                out.errors.push_back(at(file, value.Mark(), problem));
                continue;
            }
            if (v.back() != '/') v += '/';
            c.endpoint = v;
        } else if (name == "key") {
            if (scalar(key, value, v)) c.key = v;
        } else if (name == "secret") {
            // The value is the secret: messages about it never quote it.
            if (!value.IsScalar() || value.Scalar().empty()) {
                out.errors.push_back(at(file, key.Mark(), "secret: expected a text value"));
                continue;
            }
            if (have_secret) out.errors.push_back(at(file, key.Mark(), "give either secret or secret_file, not both"));
            c.secret = Secret(value.Scalar());
            have_secret = true;
            secret_mark = key.Mark();
            if (readable_by_others(file))
                out.warnings.push_back(at(file, key.Mark(),
                                          "the secret is in a file other users can read: chmod 600 it, or move the secret "
                                          "to a secret_file that only you can read"));
        } else if (name == "secret_file") {
            if (!scalar(key, value, v)) continue;
            if (have_secret) out.errors.push_back(at(file, key.Mark(), "give either secret or secret_file, not both"));
            have_secret = true;
            secret_mark = key.Mark();
            fs::path p = v;
            if (p.is_relative()) p = folder / p;
            std::string content, problem;
            if (!read_small_file(p, content, problem)) {
                out.errors.push_back(at(file, value.Mark(), "secret_file " + p.string() + ": " + problem));
                continue;
            }
            while (!content.empty() && (content.back() == '\n' || content.back() == '\r')) content.pop_back();
            if (content.empty() || content.find('\n') != std::string::npos) {
                out.errors.push_back(at(file, value.Mark(), "secret_file " + p.string() + ": expected the secret alone on one line"));
                continue;
            }
            c.secret = Secret(content);
            if (readable_by_others(p))
                out.warnings.push_back(at(file, value.Mark(), "secret_file " + p.string() + " can be read by other users: chmod 600 it"));
        } else if (name == "actor_home_page") {
            if (!scalar(key, value, v)) continue;
            if (const std::string problem = check_url(v, "actor_home_page"); !problem.empty())
                out.errors.push_back(at(file, value.Mark(), problem));
            else
                c.profile.actor_home_page = v;
        } else if (name == "activity_base") {
            if (!scalar(key, value, v)) continue;
            const bool urn = v.rfind("urn:", 0) == 0;
            if (!urn && !check_url(v, "activity_base").empty())
                out.errors.push_back(at(file, value.Mark(), "activity_base: expected an https:// address or a urn: prefix"));
            else
                c.profile.activity_base = (urn || v.back() == '/' || v.back() == ':') ? v : v + "/";
        } else if (name == "timeout") {
            if (!scalar(key, value, v)) continue;
            const auto d = parse_duration(v);
            if (!d || *d < kSecond || *d > 10 * kMinute)
                out.errors.push_back(at(file, value.Mark(), "timeout: expected a duration from 1s to 10m, such as 15s"));
            else
                c.timeout = *d;
        } else {
            const std::string near = closest_word(name, kKeys);
            out.errors.push_back(at(file, key.Mark(),
                                    "unknown setting '" + name + "'" + (near.empty() ? "" : " (did you mean '" + near + "'?)") +
                                        "; expected endpoint, key, secret or secret_file, actor_home_page, activity_base, timeout"));
        }
    }
    if (c.endpoint.empty() && out.errors.empty()) out.errors.push_back({file, 1, 1, "endpoint: missing (the LRS's xAPI address)"});
    if (c.key.empty() && out.errors.empty()) out.errors.push_back({file, 1, 1, "key: missing (the LRS user name for Basic auth)"});
    if (!have_secret && out.errors.empty()) out.errors.push_back(at(file, secret_mark, "secret_file (or secret): missing"));
    if (out.errors.empty()) out.value = std::move(c);
    return out;
}

Loaded<std::optional<LrsConfig>> load_lrs_config(const fs::path& path) {
    Loaded<std::optional<LrsConfig>> out;
    std::error_code ec;
    if (path.empty() || !fs::exists(path, ec)) {
        out.value = std::optional<LrsConfig>{};
        return out;
    }
    std::string text, problem;
    if (!read_small_file(path, text, problem)) {
        out.errors.push_back({path.string(), 0, 0, problem});
        return out;
    }
    auto parsed = parse_lrs_config(text, path.string(), path.parent_path());
    out.errors = std::move(parsed.errors);
    out.warnings = std::move(parsed.warnings);
    if (parsed.value) out.value = std::optional<LrsConfig>(std::move(*parsed.value));
    return out;
}

}  // namespace socsim::xapi

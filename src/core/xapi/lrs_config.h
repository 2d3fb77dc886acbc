// Where a Learning Record Store is and how to reach it: lrs.yaml (docs/xapi.md).
//
//   endpoint: https://lrs.example.org/xapi/     # statements go to {endpoint}/statements
//   key: socsim-training                        # Basic auth user name
//   secret_file: lrs.secret                     # the password, in a file of its own (or `secret:`)
//   actor_home_page: https://lms.example.org    # trainees are accounts on this system
//   activity_base: https://lms.example.org/xapi/socsim/
//   timeout: 15s
//
// Without this file socsim opens no network connection at all. The secret is kept in a type that
// cannot be printed: no message, log line or export shows it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/common/diagnostic.h"
#include "core/common/time.h"
#include "core/xapi/statements.h"

namespace socsim::xapi {

// The LRS password. Only the HTTP client asks for the text; everything else sees "(hidden)".
class Secret {
public:
    Secret() = default;
    explicit Secret(std::string text) : text_(std::move(text)) {}
    const std::string& reveal_for_http() const { return text_; }
    bool empty() const { return text_.empty(); }

private:
    std::string text_;
};

struct LrsConfig {
    std::string endpoint;  // ends with '/'; http or https, no credentials, query or fragment
    std::string key;
    Secret secret;
    Millis timeout = 15 * kSecond;
    Profile profile;
};

// $SOCSIM_LRS_CONFIG, else $XDG_CONFIG_HOME/socsim/lrs.yaml, else ~/.config/socsim/lrs.yaml.
std::filesystem::path default_lrs_config_path();

// Reads an LRS configuration. A missing file is not an error: the value is empty (no LRS).
// Errors name the file, line and column; a secret readable by other users is a warning.
Loaded<std::optional<LrsConfig>> load_lrs_config(const std::filesystem::path& path);
Loaded<LrsConfig> parse_lrs_config(const std::string& text, const std::string& file_name,
                                   const std::filesystem::path& folder);

}  // namespace socsim::xapi

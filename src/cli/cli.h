// The command line of the socsim executable: subcommands over the same core calls as the GUI.
// With no subcommand, socsim opens the GUI (or says why it cannot).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/i18n/text.h"

namespace socsim {
class Attempt;
}

namespace socsim::cli {

struct GuiOptions {
    std::filesystem::path db;        // trainee database
    std::optional<Lang> lang;        // forced language, else the saved setting or $LANG
    std::string trainee;             // who is playing: --trainee, else empty (the saved setting)
    std::string fallback_trainee;    // $USER, when neither --trainee nor the settings name one
    bool startup_time = false;       // draw one frame, print how long start-up took, and quit (bench/run)
};

// Renders GUI screens into PNG files under a real (possibly virtual) display.
class ScreenshotSession {
public:
    virtual ~ScreenshotSession() = default;
    // screen: "catalogue", "lesson", "workspace", "alerts", "sql", "hostview", "evidence", "help", "guide", "response", "report", "quiz",
    // "debrief". Returns false with `error` set.
    virtual bool shoot(const std::string& screen, Attempt* attempt, const std::filesystem::path& png,
                       std::string& error) = 0;
};

// What the GUI build supplies; all null in a command-line-only build.
struct GuiHooks {
    int (*run)(const GuiOptions&) = nullptr;
    std::unique_ptr<ScreenshotSession> (*open_screenshots)(const GuiOptions&, std::string& error) = nullptr;
};

// Parses argv and runs the chosen subcommand.
int run(int argc, char** argv, const GuiHooks& gui);

}  // namespace socsim::cli

// The command line of the socsim executable: subcommands over the same core calls as the GUI.
#pragma once

namespace socsim::cli {

// Opens the GUI; supplied by the GUI build, null in a command-line-only build.
struct GuiOptions;
using GuiEntry = int (*)(const GuiOptions&);

// Parses argv and runs the chosen subcommand; with no subcommand, opens the GUI (`gui`).
int run(int argc, char** argv, GuiEntry gui);

}  // namespace socsim::cli

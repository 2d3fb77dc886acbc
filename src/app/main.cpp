// socsim: one executable. With no subcommand it opens the training workspace; the subcommands
// (validate, demo, history...) run the same core from the command line.
#include "app/gl_window.h"
#include "cli/cli.h"

int main(int argc, char** argv) {
    socsim::cli::GuiHooks gui;
    gui.run = &socsim::app::run_gui;
    gui.open_screenshots = &socsim::app::open_screenshots;
    return socsim::cli::run(argc, argv, gui);
}

// Entry point of a build without the GUI (SOCSIM_BUILD_GUI=OFF): the subcommands only.
#include "cli/cli.h"

int main(int argc, char** argv) { return socsim::cli::run(argc, argv, {}); }

// Subcommand dispatch (filled in as the subcommands land).
#include "cli/cli.h"

#include <cstdio>

namespace socsim::cli {

int run(int, char**, GuiEntry) {
    std::puts("socsim");
    return 0;
}

}  // namespace socsim::cli

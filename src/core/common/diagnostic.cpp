// Formats a Diagnostic the way compilers do, so editors can jump to it.
#include "core/common/diagnostic.h"

namespace socsim {

std::string Diagnostic::to_string(const char* severity) const {
    std::string out = file;
    if (line > 0) {
        out += ':' + std::to_string(line);
        if (column > 0) out += ':' + std::to_string(column);
    }
    out += ": ";
    out += severity;
    out += ": ";
    out += message;
    return out;
}

}  // namespace socsim

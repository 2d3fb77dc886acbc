// `socsim key new --out FILE`: makes the instructor key that seals exams and signs results. The
// file is created readable by its owner only and never replaces an existing key: a lost key
// makes every exam sealed with it unreadable, so an old one is kept rather than overwritten.
#include <cstdio>

#include "cli/commands.h"
#include "core/exam/instructor_key.h"

namespace socsim::cli {

int key_new(const std::string& out, const CommonOptions&) {
    const Catalog& tr = Catalog::shared();
    const exam::InstructorKey key = exam::InstructorKey::generate();
    if (const std::string problem = exam::write_key_file(out, key); !problem.empty()) {
        std::fprintf(stderr, "%s\n", Diagnostic{out, 0, 0, problem}.to_string().c_str());
        return 2;
    }
    say(tr.format("cli.key_written", {{"file", out}, {"id", key.id()}}));
    return 0;
}

}  // namespace socsim::cli

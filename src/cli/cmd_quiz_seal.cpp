// `socsim quiz seal BANK --out FILE.exam [--key K]`: a trainer turns a checked bank into a sealed
// exam to hand out (exam/sealed_bank.h). The bank must load first: a sealed file with a mistake
// in it would only show the mistake on the trainees' machines, in the middle of the exam.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "core/exam/sealed_bank.h"
#include "core/quiz/question.h"

namespace socsim::cli {

int quiz_seal(const std::string& bank_file, const std::string& out, const std::string& key_file, const CommonOptions&) {
    const Catalog& tr = Catalog::shared();
    const auto key = load_instructor_key(key_file);
    if (!key) return 2;
    std::ifstream in(bank_file, std::ios::binary);
    std::ostringstream text;
    if (in) text << in.rdbuf();
    if (exam::is_sealed(text.str())) {
        std::fprintf(stderr, "%s\n", Diagnostic{bank_file, 1, 1, "already sealed; seal the plain bank (.yaml)"}.to_string().c_str());
        return 2;
    }
    const Loaded<quiz::Bank> loaded = quiz::load_bank_file(bank_file);
    for (const Diagnostic& w : loaded.warnings) std::fprintf(stderr, "%s\n", w.to_string("warning").c_str());
    if (!loaded.ok()) {
        for (const Diagnostic& d : loaded.errors) std::fprintf(stderr, "%s\n", d.to_string().c_str());
        return 2;
    }
    const std::string sealed = exam::seal(text.str(), *key);
    // Written beside its final name and renamed, so an interrupted seal leaves no half file.
    const std::string part = out + ".part";
    {
        std::ofstream file(part, std::ios::binary | std::ios::trunc);
        file << sealed;
        if (!file.flush()) {
            std::fprintf(stderr, "%s\n", Diagnostic{out, 0, 0, "cannot be written"}.to_string().c_str());
            return 2;
        }
    }
    std::error_code ec;
    std::filesystem::rename(part, out, ec);
    if (ec) {
        std::fprintf(stderr, "%s\n", Diagnostic{out, 0, 0, "cannot be written: " + ec.message()}.to_string().c_str());
        return 2;
    }
    say(tr.format("cli.quiz_sealed", {{"file", bank_file},
                                      {"out", out},
                                      {"id", loaded.value->id},
                                      {"count", std::to_string(loaded.value->questions.size())},
                                      {"key", key->id()}}));
    return 0;
}

}  // namespace socsim::cli

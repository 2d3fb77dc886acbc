// `socsim quiz check FILE...`: validates quiz banks, socsim YAML (.yaml, .yml) or Moodle GIFT
// (.gift, .txt, read in --lang), without running them: every problem as file:line:col, exit 2 if
// any file has one. An author checks a bank this way before handing it to trainees.
#include <cstdio>
#include <filesystem>

#include "cli/commands.h"
#include "core/quiz/gift_codec.h"
#include "core/quiz/question.h"

namespace socsim::cli {

int quiz_check(const std::vector<std::string>& files, const CommonOptions& common) {
    const Catalog& tr = Catalog::shared();
    int bad = 0;
    for (const auto& file : files) {
        std::string ext = std::filesystem::path(file).extension().string();
        for (char& c : ext) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        const bool gift = ext == ".gift" || ext == ".txt";
        if (!gift && ext != ".yaml" && ext != ".yml") {
            ++bad;
            std::fprintf(stderr, "%s\n",
                         Diagnostic{file, 0, 0, "unknown file type; expected .yaml or .yml (socsim bank) or .gift or .txt (Moodle GIFT)"}
                             .to_string()
                             .c_str());
            continue;
        }
        const Loaded<quiz::Bank> loaded = gift ? quiz::import_gift_file(file, common.resolved_lang()) : quiz::load_bank_file(file);
        for (const Diagnostic& w : loaded.warnings) std::fprintf(stderr, "%s\n", w.to_string("warning").c_str());
        if (!loaded.ok()) {
            ++bad;
            for (const Diagnostic& d : loaded.errors) std::fprintf(stderr, "%s\n", d.to_string().c_str());
            continue;
        }
        say(tr.format("cli.quiz_check_ok", {{"file", file}, {"id", loaded.value->id},
                                            {"count", std::to_string(loaded.value->questions.size())}}));
    }
    return bad ? 2 : 0;
}

}  // namespace socsim::cli

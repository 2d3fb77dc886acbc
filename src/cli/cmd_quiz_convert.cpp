// `socsim quiz convert IN OUT [--lang ja|en]`: moves a quiz bank between socsim's YAML and Moodle's
// GIFT, choosing each side's format by its extension (.yaml/.yml, .gift/.txt). GIFT holds one
// language: YAML -> GIFT writes `lang`, GIFT -> YAML reads into `lang` and writes the same text
// under both ja and en, so the file loads and a translator can take it from there. Problems are
// printed as file:line:col: error: message; bad input exits 2, a file that cannot be written 1.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "cli/commands.h"
#include "core/quiz/gift_codec.h"
#include "core/quiz/question.h"

namespace socsim::cli {
namespace {

enum class BankFormat { Yaml, Gift, Unknown };

BankFormat format_of(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    for (char& c : ext) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (ext == ".yaml" || ext == ".yml") return BankFormat::Yaml;
    if (ext == ".gift" || ext == ".txt") return BankFormat::Gift;
    return BankFormat::Unknown;
}

void print_error(const std::string& file, const std::string& message) {
    std::fprintf(stderr, "%s\n", Diagnostic{file, 0, 0, message}.to_string().c_str());
}

void print_errors(const std::vector<Diagnostic>& errors) {
    for (const Diagnostic& d : errors) std::fprintf(stderr, "%s\n", d.to_string().c_str());
}

}  // namespace

int quiz_convert(const std::string& in, const std::string& out, const std::string& lang_name) {
    Lang lang = Lang::En;
    if (!lang_name.empty() && !parse_lang(lang_name, lang)) {
        std::fprintf(stderr, "error: --lang is '%s'; expected ja or en\n", lang_name.c_str());
        return 2;
    }
    const BankFormat from = format_of(in), to = format_of(out);
    for (const auto& [path, format] : {std::pair{in, from}, std::pair{out, to}}) {
        if (format == BankFormat::Unknown) {
            print_error(path, "unknown file type; expected .yaml or .yml (socsim bank) or .gift or .txt (Moodle GIFT)");
            return 2;
        }
    }
    std::error_code ec;
    if (in == out || std::filesystem::equivalent(in, out, ec)) {
        print_error(out, "the output is the input file; expected a different path");
        return 2;
    }

    const Loaded<quiz::Bank> loaded = from == BankFormat::Yaml ? quiz::load_bank_file(in) : quiz::import_gift_file(in, lang);
    for (const Diagnostic& w : loaded.warnings) std::fprintf(stderr, "%s\n", w.to_string("warning").c_str());
    if (!loaded.ok()) {
        print_errors(loaded.errors);
        return 2;
    }
    const quiz::Bank& bank = *loaded.value;

    std::string text;
    if (to == BankFormat::Gift) {
        text = quiz::export_gift(bank, lang);
    } else {
        text = quiz::write_bank_yaml(bank);
        // GIFT's general feedback is optional, socsim's explanation is not: say where one is
        // missing instead of inventing it.
        int missing = 0;
        for (const quiz::Question& q : bank.questions) {
            if (!q.explanation.empty()) continue;
            ++missing;
            std::fprintf(stderr, "%s:%d: warning: question '%s' has no explanation (GIFT general feedback '####'); "
                                 "add 'explanation' in %s before socsim loads it\n",
                         in.c_str(), q.line, q.id.c_str(), out.c_str());
        }
        // What the writer produced must load; if it does not, that is socsim's fault, not the input's.
        if (missing == 0) {
            const Loaded<quiz::Bank> check = quiz::load_bank_text(text, out);
            if (!check.ok()) {
                print_errors(check.errors);
                print_error(out, "the converted bank does not load; nothing was written (please report this)");
                return 1;
            }
        }
    }

    std::ofstream file(out, std::ios::binary | std::ios::trunc);
    file << text;
    file.close();
    if (!file) {
        print_error(out, "cannot write the file");
        return 1;
    }
    say(Catalog::shared().format("quiz.converted", {{"out", out},
                                                   {"count", std::to_string(bank.questions.size())},
                                                   {"in", in},
                                                   {"lang", std::string(lang_code(lang))}}));
    return 0;
}

}  // namespace socsim::cli

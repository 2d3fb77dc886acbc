// `socsim quiz run FILE`: a quiz bank in the terminal, for practice over SSH, graded and recorded
// exactly as in the GUI (same Session, same QuizRun). Type a number, several numbers, a value or
// a word as each question asks; an empty line or end of input stops and shows the result.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "core/attempt/quiz_run.h"
#include "core/store/database.h"

namespace socsim::cli {
namespace {

const Catalog& tr() { return Catalog::shared(); }

// Reads one line; false at end of input.
bool read_line(std::string& line) {
    std::cout << "> " << std::flush;
    if (!std::getline(std::cin, line)) return false;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
}

std::vector<int> parse_numbers(const std::string& line) {
    std::vector<int> out;
    std::string token;
    std::stringstream in(line);
    while (std::getline(in, token, ',')) {
        std::stringstream words(token);
        std::string w;
        while (words >> w) {
            try {
                std::size_t used = 0;
                const int v = std::stoi(w, &used);
                if (used != w.size()) return {};
                out.push_back(v);
            } catch (...) {
                return {};
            }
        }
    }
    return out;
}

// Asks one question until the input makes sense; nullopt when the trainee stops.
std::optional<quiz::Response> ask(const quiz::SessionItem& item, Lang lang) {
    const quiz::Question& q = *item.question;
    std::cout << q.prompt.get(lang) << "\n";
    const int n = static_cast<int>(item.order.size());
    std::string line;
    switch (q.type) {
        case quiz::QuestionType::SingleChoice:
        case quiz::QuestionType::TrueFalse:
        case quiz::QuestionType::MultipleAnswer: {
            for (int k = 0; k < n; ++k)
                std::cout << "  " << (k + 1) << ") " << q.choices[static_cast<std::size_t>(item.order[static_cast<std::size_t>(k)])].text.get(lang) << "\n";
            const bool many = q.type == quiz::QuestionType::MultipleAnswer;
            std::cout << tr().format(many ? "quiz.cli_pick_many" : "quiz.cli_pick_one", {{"n", std::to_string(n)}}) << "\n";
            while (read_line(line)) {
                if (line.empty()) return std::nullopt;
                const auto picks = parse_numbers(line);
                const bool valid = !picks.empty() && (many || picks.size() == 1) &&
                                   std::all_of(picks.begin(), picks.end(), [&](int p) { return p >= 1 && p <= n; });
                if (!valid) {
                    std::cout << tr().format("quiz.cli_bad_choice", {{"n", std::to_string(n)}}) << "\n";
                    continue;
                }
                quiz::Response r;
                for (int p : picks) r.selected.push_back(item.order[static_cast<std::size_t>(p - 1)]);
                return r;
            }
            return std::nullopt;
        }
        case quiz::QuestionType::Numeric:
            std::cout << tr().tr("quiz.cli_type_number") << "\n";
            while (read_line(line)) {
                if (line.empty()) return std::nullopt;
                try {
                    std::size_t used = 0;
                    const double v = std::stod(line, &used);
                    if (used == line.size()) {
                        quiz::Response r;
                        r.number = v;
                        return r;
                    }
                } catch (...) {
                }
                std::cout << tr().tr("quiz.cli_type_number") << "\n";
            }
            return std::nullopt;
        case quiz::QuestionType::ShortAnswer:
            std::cout << tr().tr("quiz.cli_type_text") << "\n";
            if (!read_line(line) || line.empty()) return std::nullopt;
            {
                quiz::Response r;
                r.text = line;
                return r;
            }
        case quiz::QuestionType::Matching: {
            // Right items are listed in their shuffled order with letters; each left item gets one.
            for (int k = 0; k < n; ++k)
                std::cout << "  " << static_cast<char>('A' + k) << ") "
                          << q.pairs[static_cast<std::size_t>(item.order[static_cast<std::size_t>(k)])].right.get(lang) << "\n";
            quiz::Response r;
            for (const auto& pair : q.pairs) {
                std::cout << "  " << pair.left.get(lang) << " → " << tr().format("quiz.cli_pick_letter", {{"last", std::string(1, static_cast<char>('A' + n - 1))}}) << "\n";
                for (;;) {
                    if (!read_line(line) || line.empty()) return std::nullopt;
                    const int k = std::toupper(static_cast<unsigned char>(line[0])) - 'A';
                    if (line.size() == 1 && k >= 0 && k < n) {
                        r.selected.push_back(item.order[static_cast<std::size_t>(k)]);
                        break;
                    }
                    std::cout << tr().format("quiz.cli_pick_letter", {{"last", std::string(1, static_cast<char>('A' + n - 1))}}) << "\n";
                }
            }
            return r;
        }
    }
    return std::nullopt;
}

void show_feedback(const quiz::SessionItem& item, Lang lang) {
    const auto& g = *item.grade;
    if (g.correct)
        std::cout << tr().tr("quiz.right") << "\n";
    else if (g.fraction > 0)
        std::cout << tr().format("quiz.partial", {{"percent", std::to_string(static_cast<int>(g.fraction * 100 + 0.5))}}) << "\n";
    else
        std::cout << tr().tr("quiz.wrong") << "\n";
    std::cout << tr().tr("quiz.correct_choice") << ": " << quiz::right_answer_text(*item.question, lang) << "\n";
    std::cout << tr().tr("quiz.explanation") << " " << item.question->explanation.get(lang) << "\n\n";
}

}  // namespace

int quiz_run(const QuizRunOptions& options, const CommonOptions& common) {
    const Lang lang = tr().lang();
    auto loaded = quiz::load_bank_file(options.file);
    if (!loaded.ok()) {
        for (const auto& d : loaded.errors) std::fprintf(stderr, "%s\n", d.to_string().c_str());
        return 2;
    }
    const quiz::Bank bank = std::move(*loaded.value);
    const auto mode = quiz::parse_mode(options.mode);
    if (!mode || *mode == quiz::Mode::Checkpoint) {
        std::fprintf(stderr, "%s\n", tr().format("quiz.cli_bad_mode", {{"mode", options.mode}}).c_str());
        return 2;
    }
    quiz::SessionOptions so;
    so.mode = *mode;
    so.seed = options.seed;
    so.trainee = common.resolved_trainee();
    so.count = options.count;
    if (!options.time_limit.empty()) {
        const auto limit = parse_duration(options.time_limit);
        if (!limit) {
            std::fprintf(stderr, "%s\n", tr().format("quiz.cli_bad_time", {{"value", options.time_limit}}).c_str());
            return 2;
        }
        so.time_limit = *limit;
    }
    const std::unique_ptr<store::Database> db = open_database(common);
    if (!db) return 2;
    const SimTime now = calendar_now();
    if (so.mode == quiz::Mode::Review) {
        so.only = QuizRun::due_questions(*db, bank, so.trainee, now);
        if (so.only.empty()) {
            std::cout << tr().tr("quiz.nothing_due") << "\n";
            return 0;
        }
    }
    std::optional<QuizRun> run;
    try {
        run.emplace(bank, so, db.get(), now);
    } catch (const QuizRefused& e) {
        std::fprintf(stderr, "%s\n", tr().tr(e.what()).c_str());
        return 1;
    }
    const auto& session = run->session();
    std::cout << bank.title.get(lang) << " — " << tr().tr(std::string("quiz.mode_") + quiz::mode_name(*mode)) << "\n"
              << tr().format("quiz.cli_intro", {{"count", std::to_string(session.size())}}) << "\n\n";
    const auto started = std::chrono::steady_clock::now();
    auto elapsed = [&] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    };
    for (std::size_t i = 0; i < session.size(); ++i) {
        if (session.time_up(elapsed())) {
            std::cout << tr().tr("quiz.cli_time_up") << "\n";
            break;
        }
        std::cout << tr().format("quiz.progress", {{"n", std::to_string(i + 1)}, {"total", std::to_string(session.size())}});
        if (so.time_limit > 0) std::cout << "  (" << format_duration(session.time_left(elapsed())) << ")";
        std::cout << "\n";
        const auto response = ask(session.item(i), lang);
        if (!response) break;
        if (!run->answer(i, *response, elapsed())) {
            std::cout << tr().tr("quiz.cli_time_up") << "\n";
            break;
        }
        if (session.feedback_visible()) show_feedback(session.item(i), lang);
        else std::cout << "\n";
    }
    const auto result = run->finish();
    if (*mode == quiz::Mode::Exam) {
        // The exam's feedback comes only now, for every question answered.
        for (std::size_t i = 0; i < session.size(); ++i) {
            const auto& item = session.item(i);
            if (!item.grade) continue;
            std::cout << (i + 1) << ". " << item.question->prompt.get(lang) << "\n";
            show_feedback(item, lang);
        }
    }
    char percent[32];
    std::snprintf(percent, sizeof percent, "%.0f", result.percent());
    std::cout << tr().format("quiz.cli_result", {{"correct", std::to_string(result.correct)},
                                                 {"total", std::to_string(result.questions)},
                                                 {"percent", percent}})
              << "\n";
    return 0;
}

}  // namespace socsim::cli

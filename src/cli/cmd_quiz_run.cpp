// `socsim quiz run FILE`: a quiz bank in the terminal, for practice over SSH, graded and recorded
// exactly as in the GUI (same Session, same QuizRun). Type a number, several numbers, a value or
// a word as each question asks. An empty line asks again (a stray Enter must not end an exam);
// `:q` stops (an exam asks first), and so does the end of input. An exam cut off by a closed
// terminal is picked up by the same command; its time counts from its first start.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "core/attempt/quiz_run.h"
#include "core/quiz/text_match.h"
#include "core/store/database.h"

namespace socsim::cli {
namespace {

const Catalog& tr() { return Catalog::shared(); }

void print(const std::string& line) { std::cout << line << "\n"; }

// What one line typed by the trainee was.
enum class Line { Text, Empty, Quit, EndOfInput };

// Reads one line. `:q` or `:quit` (in any width or case, as a Japanese keyboard may type them) is
// the quit command; no answer to any question takes that form.
Line read_line(std::string& line) {
    std::cout << "> " << std::flush;
    if (!std::getline(std::cin, line)) return Line::EndOfInput;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string word = quiz::normalise_answer(line);
    if (word.empty()) return Line::Empty;
    if (word == ":q" || word == ":quit") return Line::Quit;
    return Line::Text;
}

std::vector<int> parse_numbers(const std::string& line) {
    std::vector<int> out;
    std::string token;
    std::stringstream in(quiz::normalise_answer(line));  // full-width digits and commas too
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

std::optional<double> parse_number(const std::string& line) {
    const std::string text = quiz::normalise_answer(line);
    try {
        std::size_t used = 0;
        const double v = std::stod(text, &used);
        if (used == text.size()) return v;
    } catch (...) {
    }
    return std::nullopt;
}

// The outcome of asking one question.
struct Asked {
    enum Kind { Answer, Quit, EndOfInput } kind = Answer;
    quiz::Response response;
};

// Reads lines until one makes sense for the question, saying again what is expected when one does
// not; an empty line only repeats the hint.
class Asker {
public:
    // `stop_hint` says how to stop, repeated after an empty line.
    Asker(Lang lang, std::string stop_hint) : lang_(lang), stop_hint_(std::move(stop_hint)) {}

    Asked ask(const quiz::SessionItem& item) {
        const quiz::Question& q = *item.question;
        print(q.prompt.get(lang_));
        const int n = static_cast<int>(item.order.size());
        Asked out;
        switch (q.type) {
            case quiz::QuestionType::SingleChoice:
            case quiz::QuestionType::TrueFalse:
            case quiz::QuestionType::MultipleAnswer: {
                for (int k = 0; k < n; ++k)
                    print("  " + std::to_string(k + 1) + ") " + q.choices[index(item, k)].text.get(lang_));
                const bool many = q.type == quiz::QuestionType::MultipleAnswer;
                const std::string how = tr().format(many ? "quiz.cli_pick_many" : "quiz.cli_pick_one", {{"n", std::to_string(n)}});
                print(how);
                return until(how, [&](const std::string& line, quiz::Response& r) {
                    const auto picks = parse_numbers(line);
                    const bool in_range = !picks.empty() &&
                                          std::all_of(picks.begin(), picks.end(), [&](int p) { return p >= 1 && p <= n; });
                    if (!in_range || (!many && picks.size() != 1)) {
                        print(tr().format(in_range ? "quiz.cli_one_only" : "quiz.cli_bad_choice", {{"n", std::to_string(n)}}));
                        return false;
                    }
                    for (int p : picks) r.selected.push_back(item.order[static_cast<std::size_t>(p - 1)]);
                    return true;
                });
            }
            case quiz::QuestionType::Numeric: {
                const std::string how = tr().tr("quiz.cli_type_number");
                print(how);
                return until(how, [&](const std::string& line, quiz::Response& r) {
                    r.number = parse_number(line);
                    if (!r.number) print(how);
                    return r.number.has_value();
                });
            }
            case quiz::QuestionType::ShortAnswer: {
                const std::string how = tr().tr("quiz.cli_type_text");
                print(how);
                return until(how, [&](const std::string& line, quiz::Response& r) {
                    r.text = line;
                    return true;
                });
            }
            case quiz::QuestionType::Matching: {
                // Right items are listed in their shuffled order with letters; each left item gets one.
                const std::string last(1, static_cast<char>('A' + n - 1));
                for (int k = 0; k < n; ++k)
                    print("  " + std::string(1, static_cast<char>('A' + k)) + ") " + q.pairs[index(item, k)].right.get(lang_));
                const std::string how = tr().format("quiz.cli_pick_letter", {{"last", last}});
                for (const auto& pair : q.pairs) {
                    print("  " + pair.left.get(lang_) + " → " + how);
                    const Asked one = until(how, [&](const std::string& line, quiz::Response& r) {
                        const std::string letter = quiz::normalise_answer(line);  // Ａ or a is A
                        const int k = letter.size() == 1 ? letter[0] - 'a' : -1;
                        if (k < 0 || k >= n) {
                            print(how);
                            return false;
                        }
                        r.selected.push_back(item.order[static_cast<std::size_t>(k)]);
                        return true;
                    });
                    if (one.kind != Asked::Answer) return one;
                    out.response.selected.push_back(one.response.selected.front());
                }
                return out;
            }
        }
        return out;
    }

private:
    static std::size_t index(const quiz::SessionItem& item, int k) { return static_cast<std::size_t>(item.order[static_cast<std::size_t>(k)]); }

    template <class Read>
    Asked until(const std::string& how, Read read) {
        std::string line;
        for (;;) {
            switch (read_line(line)) {
                case Line::EndOfInput: return {Asked::EndOfInput, {}};
                case Line::Quit: return {Asked::Quit, {}};
                case Line::Empty: print(how + " " + stop_hint_); continue;
                case Line::Text: break;
            }
            quiz::Response r;
            if (read(line, r)) return {Asked::Answer, std::move(r)};
        }
    }

    Lang lang_;
    std::string stop_hint_;
};

// `answer_key` false (a sealed exam): the grade alone, not the right answer nor the explanation.
void show_feedback(const quiz::SessionItem& item, Lang lang, bool answer_key) {
    if (!item.grade) {
        print(tr().tr("quiz.unanswered"));
    } else if (item.grade->correct) {
        print(tr().tr("quiz.right"));
    } else if (item.grade->fraction > 0) {
        print(tr().format("quiz.partial", {{"percent", std::to_string(static_cast<int>(item.grade->fraction * 100 + 0.5))}}));
    } else {
        print(tr().tr("quiz.wrong"));
    }
    if (!answer_key) {
        print("");
        return;
    }
    const quiz::Question& q = *item.question;
    if (item.response)
        for (const LocalText& fb : quiz::feedback_for(q, *item.response)) print("  " + fb.get(lang));
    if (q.type == quiz::QuestionType::Matching) {
        // One pair a line, each marked, with what the trainee put there when it was wrong.
        print(tr().tr("quiz.right_answer_label") + ":");
        for (std::size_t i = 0; i < q.pairs.size(); ++i) {
            std::string line = "  " + q.pairs[i].left.get(lang) + " → " + q.pairs[i].right.get(lang);
            if (item.response) {
                const auto& chosen = item.response->selected;
                const bool right = i < chosen.size() && chosen[i] == static_cast<int>(i);
                line += right ? "  ✓" : "  ✗";
                if (!right && i < chosen.size() && chosen[i] >= 0 && static_cast<std::size_t>(chosen[i]) < q.pairs.size())
                {
                    line += ' ';
                    line += tr().format("quiz.your_answer", {{"answer", q.pairs[static_cast<std::size_t>(chosen[i])].right.get(lang)}});
                }
            }
            print(line);
        }
    } else {
        print(tr().tr("quiz.right_answer_label") + ": " + quiz::right_answer_text(q, lang));
    }
    print(tr().tr("quiz.explanation") + " " + q.explanation.get(lang) + "\n");
}

std::string percent_text(double percent) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.0f", percent);
    return buffer;
}

// An exam's results: every question with its grade (and, unless the exam is sealed, its right
// answer and explanation), then the score.
void show_results(const QuizRun& run, Lang lang) {
    const quiz::Session& session = run.session();
    if (session.mode() == quiz::Mode::Exam) {
        for (std::size_t i = 0; i < session.size(); ++i) {
            print(std::to_string(i + 1) + ". " + session.item(i).question->prompt.get(lang));
            show_feedback(session.item(i), lang, session.answer_key_visible());
        }
    }
    const quiz::SessionResult result = session.result();
    print(tr().format("quiz.cli_result", {{"correct", std::to_string(result.correct)},
                                          {"total", std::to_string(result.questions)},
                                          {"percent", percent_text(result.percent())}}));
    if (session.mode() == quiz::Mode::Exam)
        print(tr().format(run.passed() ? "quiz.passed" : "quiz.not_passed", {{"mark", percent_text(run.pass_mark())}}));
}

// An exam is handed in only when the trainee says so: the attempt cannot be taken again.
bool confirm_hand_in() {
    print(tr().tr("quiz.cli_confirm_hand_in"));
    std::string line;
    const Line kind = read_line(line);
    if (kind == Line::EndOfInput) return true;
    const std::string word = quiz::normalise_answer(line);
    return word == "yes" || word == "y" || word == "はい";
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
    const bool exam = *mode == quiz::Mode::Exam;
    if (bank.sealed && !exam) {
        std::fprintf(stderr, "%s\n", tr().tr("quiz.sealed_exam_only").c_str());
        return 2;
    }
    if (exam && (options.count != 0 || !options.time_limit.empty())) {
        // The trainer sets an exam in the bank; a trainee cannot pick an easier one.
        std::fprintf(stderr, "%s\n",
                     tr().format("quiz.cli_exam_fixed", {{"count", std::to_string(bank.exam_questions())},
                                                        {"time", format_duration(bank.exam.time_limit)}})
                         .c_str());
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
    if (so.mode == quiz::Mode::Review) {
        so.only = QuizRun::due_questions(*db, bank, so.trainee, calendar_now());
        if (so.only.empty()) {
            print(tr().tr("quiz.nothing_due"));
            return 0;
        }
    }
    std::optional<QuizRun> run;
    try {
        run.emplace(bank, so, db.get(), calendar_now());
    } catch (const QuizRefused& e) {
        std::fprintf(stderr, "%s\n", tr().tr(e.what()).c_str());
        if (const auto taken = db->attempt(e.attempt_id); taken && taken->status == store::AttemptStatus::Finished)
            std::fprintf(stderr, "%s\n",
                         tr().format("quiz.exam_taken_result", {{"date", taken->finished_at.substr(0, 10)},
                                                               {"percent", percent_text(taken->score)}})
                             .c_str());
        return 1;
    } catch (const store::StoreError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
    const quiz::Session& session = run->session();
    const auto elapsed = [&] { return run->elapsed(calendar_now()); };
    print(bank.title.get(lang) + " — " + tr().tr(std::string("quiz.mode_") + quiz::mode_name(*mode)));
    if (exam) {
        print(tr().format("quiz.exam_rules", {{"count", std::to_string(session.size())},
                                             {"time", format_duration(bank.exam.time_limit)},
                                             {"mark", percent_text(run->pass_mark())}}));
    }
    if (run->bank_changed()) print(tr().tr("quiz.exam_bank_changed"));
    if (run->start() == QuizRun::Start::ClosedTimeUp) {
        print(tr().tr("quiz.exam_closed_time_up") + "\n");
        show_results(*run, lang);
        return 0;
    }
    if (run->start() == QuizRun::Start::Resumed) {
        print(tr().format("quiz.exam_resumed", {{"answered", std::to_string(session.result().answered)},
                                               {"total", std::to_string(session.size())},
                                               {"time", format_duration(session.time_left(elapsed()))}}));
    }
    print(tr().format(exam ? "quiz.cli_intro_exam" : "quiz.cli_intro", {{"count", std::to_string(session.size())}}) + "\n");

    Asker asker(lang, tr().tr(exam ? "quiz.cli_how_to_hand_in" : "quiz.cli_how_to_stop"));
    bool said_how_it_ended = false;  // time up, :q, end of input; else an exam ends after its last answer
    for (std::size_t i = 0; i < session.size(); ++i) {
        if (session.item(i).grade && exam) continue;  // answered before the exam was cut off
        if (session.time_up(elapsed())) {
            print(tr().tr("quiz.cli_time_up"));
            said_how_it_ended = true;
            break;
        }
        Asked asked;
        for (;;) {
            std::string progress =
                tr().format("quiz.progress", {{"n", std::to_string(i + 1)}, {"total", std::to_string(session.size())}});
            if (session.time_left(0) > 0)
                progress += "  (" + tr().format("quiz.time_left", {{"time", format_duration(session.time_left(elapsed()))}}) + ")";
            print(progress);
            asked = asker.ask(session.item(i));
            // An exam's :q asks first; going on asks the same question again.
            if (asked.kind != Asked::Quit || !exam) break;
            if (confirm_hand_in()) {
                print(tr().tr("quiz.cli_handed_in"));
                said_how_it_ended = true;
                break;
            }
            print("");
        }
        if (asked.kind == Asked::EndOfInput && exam) {
            print("\n" + tr().tr("quiz.cli_end_of_input_exam"));
            said_how_it_ended = true;
        }
        if (asked.kind != Asked::Answer) break;
        if (!run->answer(i, asked.response, elapsed())) {
            print(tr().tr("quiz.cli_time_up"));
            said_how_it_ended = true;
            break;
        }
        if (session.feedback_visible()) show_feedback(session.item(i), lang, session.answer_key_visible());
        else print("");
    }
    run->finish(elapsed());
    if (exam && !said_how_it_ended) print(tr().tr("quiz.cli_handed_in"));
    if (exam) print("");
    show_results(*run, lang);
    // Missed questions come back on a schedule; say where, once there is something to come back.
    const quiz::SessionResult result = session.result();
    if (!exam && result.answered < result.questions)
        print(tr().format("quiz.cli_answered", {{"answered", std::to_string(result.answered)},
                                               {"total", std::to_string(result.questions)}}));
    if (!exam && result.answered > result.correct)
        print(tr().format("quiz.cli_review_hint", {{"file", options.file}}));
    return 0;
}

}  // namespace socsim::cli

// Question selection, shuffling and answer keeping for every quiz mode (see session.h).
#include "core/quiz/session.h"

#include <algorithm>
#include <numeric>

#include "core/common/random.h"

namespace socsim::quiz {
namespace {

// Fisher-Yates with the project's RNG, so an exam is the same for the same seed and trainee.
template <class T>
void shuffle(std::vector<T>& v, Random& rng) {
    for (std::size_t i = v.size(); i > 1; --i)
        std::swap(v[i - 1], v[static_cast<std::size_t>(rng.uniform_int(0, static_cast<std::int64_t>(i) - 1))]);
}

std::size_t option_count(const Question& q) {
    if (q.type == QuestionType::Matching) return q.pairs.size();
    return q.choices.size();
}

}  // namespace

const char* mode_name(Mode m) {
    switch (m) {
        case Mode::Practice: return "practice";
        case Mode::Exam: return "exam";
        case Mode::Review: return "review";
        case Mode::Checkpoint: return "checkpoint";
    }
    return "practice";
}

std::optional<Mode> parse_mode(std::string_view name) {
    for (Mode m : {Mode::Practice, Mode::Exam, Mode::Review, Mode::Checkpoint})
        if (name == mode_name(m)) return m;
    return std::nullopt;
}

Session::Session(const Bank& bank, const SessionOptions& options) : bank_(bank), options_(options) {
    std::vector<const Question*> chosen;
    if (!options.only.empty()) {
        for (const auto& id : options.only)
            for (const auto& q : bank.questions)
                if (q.id == id) chosen.push_back(&q);
    } else {
        for (const auto& q : bank.questions) chosen.push_back(&q);
    }
    const std::string stream = "quiz:" + bank.id + ":" + options.trainee;
    const bool exam = options.mode == Mode::Exam;
    if (exam && options.only.empty()) {
        Random rng = Random::stream(options.seed, stream);
        shuffle(chosen, rng);
    }
    if (options.count > 0 && options.count < chosen.size()) chosen.resize(options.count);
    for (const Question* q : chosen) {
        SessionItem item;
        item.question = q;
        item.order.resize(option_count(*q));
        std::iota(item.order.begin(), item.order.end(), 0);
        // True/false keeps its order; matching's right column is always mixed, or it would be given
        // away. Each question has a stream of its own, so its order does not depend on which other
        // questions were drawn: a resumed exam (`only` = the questions drawn) shows the same.
        const bool mix = (exam && q->type != QuestionType::TrueFalse) || q->type == QuestionType::Matching;
        if (mix) {
            Random rng = Random::stream(options.seed, stream + ":" + q->id);
            shuffle(item.order, rng);
        }
        items_.push_back(std::move(item));
    }
}

std::optional<Grade> Session::answer(std::size_t i, const Response& response, Millis elapsed) {
    if (i >= items_.size() || finished_ || time_up(elapsed)) return std::nullopt;
    SessionItem& item = items_[i];
    if (item.response && options_.mode != Mode::Exam) return std::nullopt;
    item.response = response;
    item.grade = grade(*item.question, response);
    return item.grade;
}

Millis Session::time_left(Millis elapsed) const {
    if (options_.time_limit <= 0) return 0;
    return std::max<Millis>(0, options_.time_limit - elapsed);
}

SessionResult Session::result() const {
    SessionResult r;
    for (const auto& item : items_) {
        r.questions += 1;
        r.possible += item.question->points;
        if (!item.grade) continue;
        r.answered += 1;
        r.correct += item.grade->correct ? 1 : 0;
        r.earned += item.grade->fraction * item.question->points;
    }
    return r;
}

}  // namespace socsim::quiz

// Writes a quiz bank as YAML in the format bank_loader.cpp reads (docs/quiz-format.md), for
// `socsim quiz convert` from GIFT. What it writes loads back to the same questions: numbers are
// written in their shortest exact form, and texts are quoted by yaml-cpp where YAML needs it.
// A text present in one language only is copied to the other, because the loader requires both;
// the author translates it later.
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>

#include "core/quiz/question.h"

namespace socsim::quiz {
namespace {

// The shortest text that reads back as exactly `v`; YAML's words for the infinities.
std::string number_text(double v) {
    if (std::isinf(v)) return v > 0 ? ".inf" : "-.inf";
    if (std::isnan(v)) return ".nan";
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    if (ec != std::errc()) return "0";
    return std::string(buffer, end);
}

void emit_text(YAML::Emitter& out, const char* key, const LocalText& t) {
    out << YAML::Key << key << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "ja" << YAML::Value << (t.ja.empty() ? t.en : t.ja);
    out << YAML::Key << "en" << YAML::Value << (t.en.empty() ? t.ja : t.en);
    out << YAML::EndMap;
}

void emit_feedback(YAML::Emitter& out, const LocalText& feedback) {
    if (!feedback.empty()) emit_text(out, "feedback", feedback);
}

// True when `t` is the label `label` in every language it has.
bool is_label(const LocalText& t, const LocalText& label) {
    return !t.empty() && (t.en.empty() || t.en == label.en) && (t.ja.empty() || t.ja == label.ja);
}

// The true/false question as `answer: true|false` when nothing would be lost by it: the two
// standard labels in order, weights 1 and 0, no feedback.
std::optional<bool> short_true_false(const Question& q) {
    if (q.choices.size() != 2) return std::nullopt;
    const std::vector<Choice> standard = true_false_choices(true);
    for (size_t i = 0; i < 2; ++i)
        if (!is_label(q.choices[i].text, standard[i].text) || !q.choices[i].feedback.empty()) return std::nullopt;
    if (q.choices[0].weight == 1 && q.choices[1].weight == 0) return true;
    if (q.choices[0].weight == 0 && q.choices[1].weight == 1) return false;
    return std::nullopt;
}

void emit_choices(YAML::Emitter& out, const Question& q) {
    if (q.type == QuestionType::TrueFalse) {
        if (std::optional<bool> truth = short_true_false(q)) {
            out << YAML::Key << "answer" << YAML::Value << *truth;
            return;
        }
    }
    // Right choices of a multiple-answer question that share the credit equally are written
    // `correct: true`, which the loader turns back into exactly 1/n; any other split keeps its
    // weights (the loader refuses a mix of the two forms).
    bool equal_shares = false;
    if (q.type == QuestionType::MultipleAnswer) {
        size_t right = 0;
        for (const Choice& c : q.choices)
            if (c.weight > 0) ++right;
        equal_shares = right > 0;
        for (const Choice& c : q.choices)
            if (c.weight > 0 && c.weight != 1.0 / static_cast<double>(right)) equal_shares = false;
    }
    const std::vector<Choice> standard = true_false_choices(true);
    out << YAML::Key << "choices" << YAML::Value << YAML::BeginSeq;
    for (size_t i = 0; i < q.choices.size(); ++i) {
        const Choice& c = q.choices[i];
        LocalText label = c.text;
        // A true/false label imported in one language gets its standard other half.
        if (q.type == QuestionType::TrueFalse && i < 2 && is_label(label, standard[i].text)) label = standard[i].text;
        out << YAML::BeginMap;
        out << YAML::Key << "ja" << YAML::Value << (label.ja.empty() ? label.en : label.ja);
        out << YAML::Key << "en" << YAML::Value << (label.en.empty() ? label.ja : label.en);
        const bool right = q.type == QuestionType::MultipleAnswer ? equal_shares && c.weight > 0 : c.weight == 1;
        if (right) out << YAML::Key << "correct" << YAML::Value << true;
        else if (c.weight != 0) out << YAML::Key << "weight" << YAML::Value << number_text(c.weight);
        emit_feedback(out, c.feedback);
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

void emit_numeric(YAML::Emitter& out, const Question& q) {
    out << YAML::Key << "answers" << YAML::Value << YAML::BeginSeq;
    for (const NumericAnswer& a : q.numeric) {
        out << YAML::BeginMap;
        // min/max rather than value/tolerance: halving the range would not give the same bounds back.
        if (a.min == a.max && std::isfinite(a.min)) {
            out << YAML::Key << "value" << YAML::Value << number_text(a.min);
        } else {
            out << YAML::Key << "min" << YAML::Value << number_text(a.min);
            out << YAML::Key << "max" << YAML::Value << number_text(a.max);
        }
        if (a.weight != 1) out << YAML::Key << "weight" << YAML::Value << number_text(a.weight);
        emit_feedback(out, a.feedback);
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

void emit_short(YAML::Emitter& out, const Question& q) {
    out << YAML::Key << "accept" << YAML::Value << YAML::BeginSeq;
    for (const AcceptedAnswer& a : q.accepted) {
        out << YAML::BeginMap << YAML::Key << "text" << YAML::Value << a.text;
        if (a.weight != 1) out << YAML::Key << "weight" << YAML::Value << number_text(a.weight);
        emit_feedback(out, a.feedback);
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

void emit_pairs(YAML::Emitter& out, const Question& q) {
    out << YAML::Key << "pairs" << YAML::Value << YAML::BeginSeq;
    for (const MatchPair& p : q.pairs) {
        out << YAML::BeginMap;
        emit_text(out, "left", p.left);
        emit_text(out, "right", p.right);
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

void emit_question(YAML::Emitter& out, const Question& q) {
    out << YAML::BeginMap;
    out << YAML::Key << "id" << YAML::Value << q.id;
    out << YAML::Key << "type" << YAML::Value << question_type_name(q.type);
    if (!q.tags.empty()) {
        out << YAML::Key << "tags" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (const std::string& tag : q.tags) out << tag;
        out << YAML::EndSeq;
    }
    if (q.difficulty != 1) out << YAML::Key << "difficulty" << YAML::Value << q.difficulty;
    if (q.points != 1) out << YAML::Key << "points" << YAML::Value << number_text(q.points);
    emit_text(out, "prompt", q.prompt);
    switch (q.type) {
        case QuestionType::SingleChoice:
        case QuestionType::MultipleAnswer:
        case QuestionType::TrueFalse: emit_choices(out, q); break;
        case QuestionType::Numeric: emit_numeric(out, q); break;
        case QuestionType::ShortAnswer: emit_short(out, q); break;
        case QuestionType::Matching: emit_pairs(out, q); break;
    }
    if (!q.explanation.empty()) emit_text(out, "explanation", q.explanation);
    if (!q.text_format.empty()) out << YAML::Key << "text_format" << YAML::Value << q.text_format;
    out << YAML::EndMap;
}

// The `exam:` block, with only the settings that differ from the defaults (none: no block).
void emit_exam(YAML::Emitter& out, const ExamSettings& exam) {
    const ExamSettings defaults;
    if (exam == defaults) return;
    out << YAML::Key << "exam" << YAML::Value << YAML::BeginMap;
    if (exam.questions != defaults.questions) out << YAML::Key << "questions" << YAML::Value << exam.questions;
    if (exam.time_limit != defaults.time_limit) {
        const Millis t = exam.time_limit;
        const std::string text = t % kSecond == 0 ? std::to_string(t / kSecond) + "s" : std::to_string(t) + "ms";
        out << YAML::Key << "time_limit" << YAML::Value << text;
    }
    if (exam.pass_mark != defaults.pass_mark) out << YAML::Key << "pass_mark" << YAML::Value << number_text(exam.pass_mark);
    out << YAML::EndMap;
}

}  // namespace

std::string write_bank_yaml(const Bank& bank) {
    YAML::Emitter out;
    out.SetIndent(2);
    out << YAML::BeginMap;
    out << YAML::Key << "id" << YAML::Value << bank.id;
    emit_text(out, "title", bank.title);
    emit_exam(out, bank.exam);
    out << YAML::Key << "questions" << YAML::Value << YAML::BeginSeq;
    for (const Question& q : bank.questions) emit_question(out, q);
    out << YAML::EndSeq;
    out << YAML::EndMap;
    std::string text = out.c_str();
    text += '\n';
    return text;
}

}  // namespace socsim::quiz

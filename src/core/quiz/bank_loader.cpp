// Reads a quiz bank from YAML (docs/quiz-format.md) and checks it the way a trainer needs: every
// problem in the file is reported at once, each with file:line:col and what was expected, so an
// author can fix a bank in one pass instead of one error per run. Nothing here throws at the
// caller; a bank with any error yields no value.
//
// [SECTION] Positions and messages
// [SECTION] Reading scalars and maps
// [SECTION] Choices
// [SECTION] Numeric, short-answer and matching answers
// [SECTION] Questions
// [SECTION] The bank
// [SECTION] Entry points
#include <yaml-cpp/yaml.h>

#include "core/common/spelling.h"
#include "core/common/yaml_documents.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string_view>
#include <system_error>
#include <utility>

#include "core/exam/sealed_bank.h"
#include "core/quiz/question.h"
#include "core/quiz/text_match.h"

namespace socsim::quiz {
namespace {

constexpr double kWeightTolerance = 1e-6;

// ---------------------------------------------------------------------------------------------
// [SECTION] Positions and messages
// ---------------------------------------------------------------------------------------------

// The closest candidate within distance 2, or empty when nothing is close enough.
std::string closest(std::string_view word, std::initializer_list<std::string_view> candidates) {
    return closest_word(word, candidates);
}

std::string join(std::initializer_list<std::string_view> words) {
    std::string out;
    for (std::string_view w : words) {
        if (!out.empty()) out += ", ";
        out += w;
    }
    return out;
}

std::string format_number(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
}

// What a node is, in words an author understands ("found a list").
std::string describe(const YAML::Node& n) {
    switch (n.Type()) {
        case YAML::NodeType::Map: return "a map";
        case YAML::NodeType::Sequence: return "a list";
        case YAML::NodeType::Scalar: return "'" + n.Scalar() + "'";
        case YAML::NodeType::Null: return "nothing";
        case YAML::NodeType::Undefined: break;
    }
    return "nothing";
}

// A 1-based line and column. yaml-cpp counts columns in bytes; we count characters so that a
// position after Japanese text matches what an editor shows.
struct Position {
    int line = 0;
    int column = 0;
};

class BankReader {
public:
    BankReader(const std::string& text, std::string file) : text_(text), file_(std::move(file)) {}

    std::optional<Bank> read();
    std::vector<Diagnostic> take_errors() { return std::move(errors_); }

    // Also used for problems found before any node exists (syntax errors).
    void error_at(const YAML::Mark& mark, std::string message) {
        const Position p = position(mark);
        errors_.push_back(Diagnostic{file_, p.line, p.column, std::move(message)});
    }

private:
    // A key of a map with the node it names; the key's mark is where a problem with a null value
    // is reported, because yaml-cpp marks a null value at the token after it.
    struct Field {
        YAML::Node key;
        YAML::Node value;
    };
    using Fields = std::map<std::string, Field, std::less<>>;

    // Read-side description of a choice before the question's rules are applied to it.
    struct ChoiceDraft {
        Choice choice;
        YAML::Mark mark;
        bool said_correct = false;  // `correct: true`
        bool has_weight = false;    // `weight:` given
        YAML::Mark weight_mark;
    };

    Position position(const YAML::Mark& mark) const;
    void error(const YAML::Node& node, std::string message) { error_at(mark_of(node), std::move(message)); }
    YAML::Mark mark_of(const YAML::Node& node) const;

    Fields fields(const YAML::Node& map, std::string_view where,
                  std::initializer_list<std::string_view> allowed);
    const YAML::Node* value(const Fields& f, std::string_view key) const;
    void missing(const YAML::Node& map, std::string_view where, std::string_view key, std::string_view hint) {
        error(map, std::string(where) + " is missing '" + std::string(key) + "' (" + std::string(hint) + ")");
    }

    std::optional<std::string> text(const Fields& f, std::string_view key, std::string_view where);
    std::optional<std::string> identifier(const Fields& f, std::string_view key, std::string_view where);
    std::optional<bool> boolean(const Fields& f, std::string_view key, std::string_view where);
    std::optional<double> number(const Fields& f, std::string_view key, std::string_view where);
    std::optional<LocalText> local_text_pair(const Fields& f, const YAML::Node& map, std::string_view where);
    std::optional<LocalText> local_text(const Fields& f, const YAML::Node& parent, std::string_view key,
                                        std::string_view where, bool required);

    std::optional<ChoiceDraft> choice(const YAML::Node& node, std::string_view where);
    bool apply_choice_rules(Question& q, std::vector<ChoiceDraft>& drafts, const YAML::Node& choices_node);
    void read_choices(Question& q, const Fields& f, const YAML::Node& node, const std::string& where,
                      bool type_known, bool& ok);

    std::optional<double> bound(const Fields& f, std::string_view key, std::string_view where);
    std::optional<double> answer_weight(const Fields& f, std::string_view where);
    const YAML::Node* answer_list(const Fields& f, const YAML::Node& node, std::string_view key,
                                  const std::string& where, std::string_view example);
    std::optional<NumericAnswer> numeric_answer(const YAML::Node& node, std::string_view where);
    std::optional<AcceptedAnswer> accepted_answer(const YAML::Node& node, std::string_view where);
    std::optional<MatchPair> match_pair(const YAML::Node& node, std::string_view where);
    template <class Answer, class ReadOne>
    bool read_weighted(std::vector<Answer>& out, const Fields& f, const YAML::Node& node, const std::string& where,
                       const char* key, const char* example, const char* kind, const char* item, ReadOne read_one);
    bool read_numeric(Question& q, const Fields& f, const YAML::Node& node, const std::string& where);
    bool read_short(Question& q, const Fields& f, const YAML::Node& node, const std::string& where);
    bool read_matching(Question& q, const Fields& f, const YAML::Node& node, const std::string& where);
    std::optional<Question> question(const YAML::Node& node, size_t index);
    bool read_exam(Bank& bank, const Fields& bank_fields, size_t question_count);

    const std::string& text_;
    std::string file_;
    std::vector<Diagnostic> errors_;
    std::map<std::string, int, std::less<>> question_lines_;  // id -> line, to report duplicates
};

Position BankReader::position(const YAML::Mark& mark) const {
    if (mark.is_null() || mark.line < 0) return {};
    Position p{mark.line + 1, mark.column + 1};
    if (mark.pos < 0 || static_cast<size_t>(mark.pos) > text_.size() || mark.column > mark.pos) return p;
    // Count UTF-8 lead bytes between the start of the line and the mark.
    const size_t line_start = static_cast<size_t>(mark.pos - mark.column);
    int characters = 0;
    for (size_t i = line_start; i < static_cast<size_t>(mark.pos); ++i)
        if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++characters;
    p.column = characters + 1;
    return p;
}

// yaml-cpp marks an empty (null) list item at the token after it, often on the next line. Walk
// back over blanks to the '-' that opened the item so the message points at the right line.
YAML::Mark BankReader::mark_of(const YAML::Node& node) const {
    YAML::Mark m = node.Mark();
    if (!node.IsNull() || m.pos <= 0 || static_cast<size_t>(m.pos) > text_.size()) return m;
    size_t i = static_cast<size_t>(m.pos);
    while (i > 0 && (text_[i - 1] == ' ' || text_[i - 1] == '\t' || text_[i - 1] == '\n' || text_[i - 1] == '\r')) --i;
    if (i == 0 || text_[i - 1] != '-') return m;
    const size_t dash = i - 1;
    const size_t line_start = text_.rfind('\n', dash) == std::string::npos ? 0 : text_.rfind('\n', dash) + 1;
    YAML::Mark back;
    back.pos = static_cast<int>(dash);
    back.line = static_cast<int>(std::count(text_.begin(), text_.begin() + static_cast<std::ptrdiff_t>(dash), '\n'));
    back.column = static_cast<int>(dash - line_start);
    return back;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Reading scalars and maps
// ---------------------------------------------------------------------------------------------

// Collects the keys of `map`, reporting unknown keys (with a suggestion) and keys given twice;
// yaml-cpp keeps both copies of a repeated key, and silently using one would hide a mistake.
BankReader::Fields BankReader::fields(const YAML::Node& map, std::string_view where,
                                      std::initializer_list<std::string_view> allowed) {
    Fields out;
    for (auto it = map.begin(); it != map.end(); ++it) {
        // Copies: yaml-cpp's iterator hands out a temporary pair, so a reference would dangle.
        const YAML::Node key = it->first;
        const YAML::Node node = it->second;
        if (!key.IsScalar()) {
            error(key, "expected a key name in " + std::string(where) + ", found " + describe(key));
            continue;
        }
        const std::string& name = key.Scalar();
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
            std::string message = "unknown key '" + name + "' in " + std::string(where);
            if (const std::string guess = closest(name, allowed); !guess.empty())
                message += "; did you mean '" + std::string(guess) + "'?";
            else
                message += "; expected one of: " + join(allowed);
            // A key with spaces is almost always the tail of a text cut at a comma in {...}.
            if (name.find(' ') != std::string::npos)
                message += " (if this is part of a text, a ',' inside {...} ends the text: put the text in quotes)";
            error(key, std::move(message));
            continue;
        }
        if (auto seen = out.find(name); seen != out.end()) {
            error(key, "key '" + name + "' appears twice in " + std::string(where) + " (first on line " +
                           std::to_string(position(seen->second.key.Mark()).line) + ")");
            continue;
        }
        out.emplace(name, Field{key, node});
    }
    return out;
}

const YAML::Node* BankReader::value(const Fields& f, std::string_view key) const {
    auto it = f.find(key);
    return it == f.end() ? nullptr : &it->second.value;
}

// A non-empty text scalar. A null value is reported at its key (see Field).
std::optional<std::string> BankReader::text(const Fields& f, std::string_view key, std::string_view where) {
    auto it = f.find(key);
    if (it == f.end()) return std::nullopt;
    const YAML::Node& v = it->second.value;
    if (v.IsNull()) {
        error(it->second.key, "'" + std::string(key) + "' in " + std::string(where) + " is empty; expected text");
        return std::nullopt;
    }
    if (!v.IsScalar()) {
        error(v, "'" + std::string(key) + "' in " + std::string(where) + " must be text, found " + describe(v));
        return std::nullopt;
    }
    const std::string& s = v.Scalar();
    if (s.find_first_not_of(" \t\r\n") == std::string::npos) {
        error(v, "'" + std::string(key) + "' in " + std::string(where) + " is empty; expected text");
        return std::nullopt;
    }
    return s;
}

// Ids are stored with every answer and used in file names and GIFT titles, so they are kept to
// letters, digits, '-', '_' and '.'.
std::optional<std::string> BankReader::identifier(const Fields& f, std::string_view key, std::string_view where) {
    std::optional<std::string> id = text(f, key, where);
    if (!id) return std::nullopt;
    const bool plain = std::all_of(id->begin(), id->end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
               c == '_' || c == '.';
    });
    if (!plain) {
        error(*value(f, key), "'" + std::string(key) + "' in " + std::string(where) + " is '" + *id +
                                  "'; expected only letters, digits, '-', '_' or '.' (e.g. soc-basics)");
        return std::nullopt;
    }
    return id;
}

std::optional<bool> BankReader::boolean(const Fields& f, std::string_view key, std::string_view where) {
    auto it = f.find(key);
    if (it == f.end()) return std::nullopt;
    const YAML::Node& v = it->second.value;
    bool b = false;
    if (!v.IsScalar() || !YAML::convert<bool>::decode(v, b)) {
        error(v.IsNull() ? it->second.key : v,
              "'" + std::string(key) + "' in " + std::string(where) + " must be true or false, found " + describe(v));
        return std::nullopt;
    }
    return b;
}

std::optional<double> BankReader::number(const Fields& f, std::string_view key, std::string_view where) {
    auto it = f.find(key);
    if (it == f.end()) return std::nullopt;
    const YAML::Node& v = it->second.value;
    double d = 0;
    if (!v.IsScalar() || !YAML::convert<double>::decode(v, d) || !std::isfinite(d)) {
        error(v.IsNull() ? it->second.key : v,
              "'" + std::string(key) + "' in " + std::string(where) + " must be a number, found " + describe(v));
        return std::nullopt;
    }
    return d;
}

// The `ja` and `en` keys of an already-read map (a text map, or a choice that holds its label
// inline). Both languages are required: trainees may work in either.
std::optional<LocalText> BankReader::local_text_pair(const Fields& f, const YAML::Node& map, std::string_view where) {
    LocalText out;
    bool ok = true;
    for (std::string_view lang : {"ja", "en"}) {
        if (!value(f, lang)) {
            missing(map, where, lang, lang == "ja" ? "the Japanese text" : "the English text");
            ok = false;
            continue;
        }
        std::optional<std::string> s = text(f, lang, where);
        if (!s) {
            ok = false;
            continue;
        }
        (lang == "ja" ? out.ja : out.en) = std::move(*s);
    }
    if (!ok) return std::nullopt;
    return out;
}

// A `{ja: ..., en: ...}` map under `key` of `parent`.
std::optional<LocalText> BankReader::local_text(const Fields& f, const YAML::Node& parent, std::string_view key,
                                                std::string_view where, bool required) {
    auto it = f.find(key);
    if (it == f.end()) {
        if (required) missing(parent, where, key, "a map {ja: ..., en: ...}");
        return std::nullopt;
    }
    const YAML::Node& v = it->second.value;
    const std::string what = "'" + std::string(key) + "' of " + std::string(where);
    if (!v.IsMap()) {
        error(v.IsNull() ? it->second.key : v, what + " must be a map {ja: ..., en: ...}, found " + describe(v));
        return std::nullopt;
    }
    const Fields text_fields = fields(v, what, {"ja", "en"});
    return local_text_pair(text_fields, v, what);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Choices
// ---------------------------------------------------------------------------------------------

std::optional<BankReader::ChoiceDraft> BankReader::choice(const YAML::Node& node, std::string_view where) {
    if (!node.IsMap()) {
        error(node, std::string(where) + " must be a map {ja: ..., en: ..., correct: true}, found " + describe(node));
        return std::nullopt;
    }
    const Fields f = fields(node, where, {"ja", "en", "correct", "weight", "feedback"});
    ChoiceDraft d;
    d.mark = node.Mark();
    bool ok = true;

    std::optional<LocalText> label = local_text_pair(f, node, where);
    if (label) d.choice.text = std::move(*label);
    else ok = false;

    if (value(f, "feedback")) {
        std::optional<LocalText> fb = local_text(f, node, "feedback", where, false);
        if (fb) d.choice.feedback = std::move(*fb);
        else ok = false;
    }

    std::optional<bool> correct;
    if (value(f, "correct")) {
        correct = boolean(f, "correct", where);
        if (!correct) ok = false;
    }
    std::optional<double> weight;
    if (const YAML::Node* w = value(f, "weight")) {
        weight = number(f, "weight", where);
        if (!weight) {
            ok = false;
        } else if (*weight < -1 || *weight > 1) {
            error(*w, "'weight' in " + std::string(where) + " is " + format_number(*weight) +
                          "; expected a number from -1 to 1");
            ok = false;
        }
        d.weight_mark = w->Mark();
    }
    if (value(f, "correct") && value(f, "weight")) {
        error(f.find("weight")->second.key, std::string(where) + " has both 'correct' and 'weight'; give one of them");
        ok = false;
    }
    if (!ok) return std::nullopt;

    d.said_correct = correct.value_or(false);
    d.has_weight = weight.has_value();
    d.choice.weight = weight ? *weight : (d.said_correct ? 1.0 : 0.0);
    return d;
}

// Turns `correct: true` into weights and checks that the question can be answered right: a
// single-choice question has at least one fully right choice (true/false exactly one), and the positive
// weights of a multiple-answer question add up to the whole question.
bool BankReader::apply_choice_rules(Question& q, std::vector<ChoiceDraft>& drafts, const YAML::Node& choices_node) {
    const std::string type = question_type_name(q.type);
    if (q.type == QuestionType::MultipleAnswer) {
        const auto said = std::count_if(drafts.begin(), drafts.end(), [](const ChoiceDraft& d) { return d.said_correct; });
        bool mixed = false;
        if (said > 0) {
            for (const ChoiceDraft& d : drafts) {
                if (d.has_weight && d.choice.weight > 0) {
                    error_at(d.weight_mark, "question '" + q.id +
                                                "' marks right choices with 'correct: true' and also gives a positive "
                                                "'weight'; use one way for all its right choices");
                    mixed = true;
                }
            }
            if (mixed) return false;
            // The right choices share the question equally; negative weights still punish.
            for (ChoiceDraft& d : drafts)
                if (d.said_correct) d.choice.weight = 1.0 / static_cast<double>(said);
        }
        double positive = 0;
        for (const ChoiceDraft& d : drafts)
            if (d.choice.weight > 0) positive += d.choice.weight;
        if (positive == 0) {
            error(choices_node, "multiple-answer question '" + q.id +
                                    "' has no right choice; mark them with 'correct: true' or a positive 'weight'");
            return false;
        }
        if (std::abs(positive - 1.0) > kWeightTolerance) {
            error(choices_node, "the positive weights of multiple-answer question '" + q.id + "' add up to " +
                                    format_number(positive) + "; expected 1");
            return false;
        }
        return true;
    }

    std::vector<int> right_lines;
    for (const ChoiceDraft& d : drafts)
        if (std::abs(d.choice.weight - 1.0) <= kWeightTolerance) right_lines.push_back(position(d.mark).line);
    // A single-choice question may have several fully right choices, each enough on its own
    // (Moodle's `{=a =b ~c}`); true/false has exactly one.
    const bool one_only = q.type == QuestionType::TrueFalse;
    if (right_lines.empty() || (one_only && right_lines.size() != 1)) {
        std::string message = type + " question '" + q.id + "' needs " +
                              (one_only ? "exactly one right choice" : "a right choice") +
                              " (correct: true); found " + std::to_string(right_lines.size());
        if (!right_lines.empty()) {
            message += " (lines";
            for (int l : right_lines) message += " " + std::to_string(l);
            message += ")";
        }
        error(choices_node, std::move(message));
        return false;
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Numeric, short-answer and matching answers
// ---------------------------------------------------------------------------------------------

// A bound of a numeric range: a number, or .inf / -.inf for a side with no limit.
std::optional<double> BankReader::bound(const Fields& f, std::string_view key, std::string_view where) {
    auto it = f.find(key);
    if (it == f.end()) return std::nullopt;
    const YAML::Node& v = it->second.value;
    double d = 0;
    if (!v.IsScalar() || !YAML::convert<double>::decode(v, d) || std::isnan(d)) {
        error(v.IsNull() ? it->second.key : v, "'" + std::string(key) + "' in " + std::string(where) +
                                                   " must be a number (or .inf / -.inf for no limit), found " +
                                                   describe(v));
        return std::nullopt;
    }
    return d;
}

// The `weight` of a numeric or short answer: 0..1, 1 when absent. An answer worth 0 still makes
// sense: it carries feedback for a common wrong answer.
std::optional<double> BankReader::answer_weight(const Fields& f, std::string_view where) {
    const YAML::Node* w = value(f, "weight");
    if (!w) return 1.0;
    std::optional<double> weight = number(f, "weight", where);
    if (!weight) return std::nullopt;
    if (*weight < 0 || *weight > 1) {
        error(*w, "'weight' in " + std::string(where) + " is " + format_number(*weight) +
                      "; expected a number from 0 to 1");
        return std::nullopt;
    }
    return weight;
}

// The non-empty list under `key`, or null after reporting what is wrong with it.
const YAML::Node* BankReader::answer_list(const Fields& f, const YAML::Node& node, std::string_view key,
                                          const std::string& where, std::string_view example) {
    const YAML::Node* list = value(f, key);
    if (!list) {
        missing(node, where, key, "a list such as " + std::string(example));
        return nullptr;
    }
    if (!list->IsSequence() || list->size() == 0) {
        error(list->IsNull() ? f.find(key)->second.key : *list,
              "'" + std::string(key) + "' in " + where + " must be a non-empty list such as " + std::string(example) +
                  ", found " + (list->IsSequence() ? std::string("an empty list") : describe(*list)));
        return nullptr;
    }
    return list;
}

std::optional<NumericAnswer> BankReader::numeric_answer(const YAML::Node& node, std::string_view where) {
    if (!node.IsMap()) {
        error(node, std::string(where) + " must be a map {value: 60, tolerance: 5} or {min: 55, max: 65}, found " +
                        describe(node));
        return std::nullopt;
    }
    const Fields f = fields(node, where, {"value", "tolerance", "min", "max", "weight", "feedback"});
    NumericAnswer a;
    bool ok = true;
    const bool has_value = value(f, "value") != nullptr;
    const bool has_range = value(f, "min") || value(f, "max");
    if (has_value && has_range) {
        error(f.find(value(f, "min") ? "min" : "max")->second.key,
              std::string(where) + " has both 'value' and a range; give 'value' (with 'tolerance') or 'min' and 'max'");
        ok = false;
    } else if (has_value) {
        std::optional<double> v = number(f, "value", where);
        double tolerance = 0;
        if (const YAML::Node* t = value(f, "tolerance")) {
            std::optional<double> tol = number(f, "tolerance", where);
            if (!tol) {
                ok = false;
            } else if (*tol < 0) {
                error(*t, "'tolerance' in " + std::string(where) + " is " + format_number(*tol) + "; expected 0 or more");
                ok = false;
            } else {
                tolerance = *tol;
            }
        }
        if (!v) ok = false;
        else if (ok) {
            a.min = *v - tolerance;
            a.max = *v + tolerance;
        }
    } else if (has_range) {
        if (value(f, "tolerance")) {
            error(f.find("tolerance")->second.key,
                  "'tolerance' in " + std::string(where) + " goes with 'value'; a range has 'min' and 'max' only");
            ok = false;
        }
        for (std::string_view side : {"min", "max"})
            if (!value(f, side)) {
                missing(node, where, side, side == "min" ? "the smallest right number, -.inf for no limit"
                                                         : "the largest right number, .inf for no limit");
                ok = false;
            }
        std::optional<double> lo = bound(f, "min", where);
        std::optional<double> hi = bound(f, "max", where);
        if (!lo || !hi) {
            ok = false;
        } else if (*lo > *hi) {
            error(*value(f, "max"), "'max' in " + std::string(where) + " is " + format_number(*hi) +
                                        ", below 'min' " + format_number(*lo) + "; expected min <= max");
            ok = false;
        } else {
            a.min = *lo;
            a.max = *hi;
        }
    } else {
        missing(node, where, "value", "the right number, e.g. {value: 60, tolerance: 5}, or 'min' and 'max'");
        ok = false;
    }
    if (std::optional<double> w = answer_weight(f, where)) a.weight = *w;
    else ok = false;
    if (value(f, "feedback")) {
        if (std::optional<LocalText> fb = local_text(f, node, "feedback", where, false)) a.feedback = std::move(*fb);
        else ok = false;
    }
    if (!ok) return std::nullopt;
    return a;
}

std::optional<AcceptedAnswer> BankReader::accepted_answer(const YAML::Node& node, std::string_view where) {
    if (!node.IsMap()) {
        error(node, std::string(where) + " must be a map {text: beacon}, found " + describe(node));
        return std::nullopt;
    }
    const Fields f = fields(node, where, {"text", "weight", "feedback"});
    AcceptedAnswer a;
    bool ok = true;
    if (!value(f, "text")) {
        missing(node, where, "text", "the answer as the trainee would type it");
        ok = false;
    } else if (std::optional<std::string> t = text(f, "text", where)) {
        // Only full-width spaces, say: nothing a trainee could type would match it.
        if (normalise_answer(*t).empty()) {
            error(*value(f, "text"), "'text' in " + std::string(where) + " is only spaces; expected an answer");
            ok = false;
        } else {
            a.text = std::move(*t);
        }
    } else {
        ok = false;
    }
    if (std::optional<double> w = answer_weight(f, where)) a.weight = *w;
    else ok = false;
    if (value(f, "feedback")) {
        if (std::optional<LocalText> fb = local_text(f, node, "feedback", where, false)) a.feedback = std::move(*fb);
        else ok = false;
    }
    if (!ok) return std::nullopt;
    return a;
}

std::optional<MatchPair> BankReader::match_pair(const YAML::Node& node, std::string_view where) {
    if (!node.IsMap()) {
        error(node, std::string(where) + " must be a map {left: {ja: ..., en: ...}, right: {ja: ..., en: ...}}, found " +
                        describe(node));
        return std::nullopt;
    }
    const Fields f = fields(node, where, {"left", "right"});
    std::optional<LocalText> left = local_text(f, node, "left", where, true);
    std::optional<LocalText> right = local_text(f, node, "right", where, true);
    if (!left || !right) return std::nullopt;
    return MatchPair{std::move(*left), std::move(*right)};
}

// Numeric and short answers are both a list of weighted answers of which one must be worth full
// credit; `read_one` reads an item, `kind` and `example` go into the messages.
template <class Answer, class ReadOne>
bool BankReader::read_weighted(std::vector<Answer>& out, const Fields& f, const YAML::Node& node, const std::string& where,
                               const char* key, const char* example, const char* kind, const char* item, ReadOne read_one) {
    const YAML::Node* list = answer_list(f, node, key, where, example);
    if (!list) return false;
    bool ok = true;
    size_t i = 0;
    for (const YAML::Node& a : *list) {
        std::optional<Answer> answer = read_one(a, std::string(item) + " " + std::to_string(++i) + " of " + where);
        if (answer) out.push_back(std::move(*answer));
        else ok = false;
    }
    if (ok && std::none_of(out.begin(), out.end(), [](const Answer& a) { return std::abs(a.weight - 1.0) <= kWeightTolerance; })) {
        error(*list, std::string(kind) + " " + where + " has no answer worth full credit; expected one with weight 1 (the default)");
        ok = false;
    }
    return ok;
}

bool BankReader::read_numeric(Question& q, const Fields& f, const YAML::Node& node, const std::string& where) {
    return read_weighted(q.numeric, f, node, where, "answers", "[{value: 60, tolerance: 5}]", "numeric", "answer",
                         [this](const YAML::Node& a, const std::string& w) { return numeric_answer(a, w); });
}

bool BankReader::read_short(Question& q, const Fields& f, const YAML::Node& node, const std::string& where) {
    return read_weighted(q.accepted, f, node, where, "accept", "[{text: beacon}, {text: ビーコン}]", "short-answer",
                         "accepted answer", [this](const YAML::Node& a, const std::string& w) { return accepted_answer(a, w); });
}

bool BankReader::read_matching(Question& q, const Fields& f, const YAML::Node& node, const std::string& where) {
    const YAML::Node* list = answer_list(f, node, "pairs", where, "[{left: {ja: ..., en: ...}, right: {ja: ..., en: ...}}]");
    if (!list) return false;
    bool ok = true;
    size_t i = 0;
    for (const YAML::Node& p : *list) {
        const size_t number = ++i;
        std::optional<MatchPair> pair = match_pair(p, "pair " + std::to_string(number) + " of " + where);
        if (!pair) {
            ok = false;
            continue;
        }
        // The right items are shown as a shuffled list; two equal ones could not be told apart.
        for (size_t k = 0; k < q.pairs.size(); ++k) {
            const MatchPair& earlier = q.pairs[k];
            const bool same_ja = earlier.right.ja == pair->right.ja;
            if (same_ja || earlier.right.en == pair->right.en) {
                error(p["right"], "the right item of pair " + std::to_string(number) + " of " + where + " ('" +
                                      (same_ja ? pair->right.ja : pair->right.en) + "') is the same as pair " +
                                      std::to_string(k + 1) + "'s; expected every right item to differ");
                ok = false;
                break;
            }
        }
        q.pairs.push_back(std::move(*pair));
    }
    if (list->size() < 2) {
        error(*list, "matching " + where + " has 1 pair; expected at least 2");
        ok = false;
    }
    return ok;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Questions
// ---------------------------------------------------------------------------------------------

// Choices, or for true/false the short form `answer: true`. Also run when the type is unknown,
// so that mistakes in the choices are reported in the same pass.
void BankReader::read_choices(Question& q, const Fields& f, const YAML::Node& node, const std::string& where,
                              bool type_known, bool& ok) {
    const YAML::Node* choices = value(f, "choices");
    const YAML::Node* answer = value(f, "answer");
    if (answer && type_known && q.type != QuestionType::TrueFalse) {
        error(f.find("answer")->second.key, "'answer' in " + where + " is only for type: true_false; a " +
                                                question_type_name(q.type) + " question lists its choices");
        ok = false;
    } else if (answer && choices) {
        error(f.find("answer")->second.key, where + " has both 'answer' and 'choices'; give one of them");
        ok = false;
    } else if (answer) {
        if (std::optional<bool> truth = boolean(f, "answer", where)) {
            q.choices = true_false_choices(*truth);
        } else {
            ok = false;
        }
    } else if (!choices) {
        missing(node, where, "choices",
                type_known && q.type == QuestionType::TrueFalse ? "or 'answer: true' / 'answer: false'"
                                                                 : "a list of {ja: ..., en: ..., correct: true}");
        ok = false;
    } else if (!choices->IsSequence()) {
        error(choices->IsNull() ? f.find("choices")->second.key : *choices,
              "'choices' in " + where + " must be a list of {ja: ..., en: ...}, found " + describe(*choices));
        ok = false;
    } else {
        std::vector<ChoiceDraft> drafts;
        bool choices_ok = true;
        size_t i = 0;
        for (const YAML::Node& c : *choices) {
            std::optional<ChoiceDraft> d = choice(c, "choice " + std::to_string(++i) + " of " + where);
            if (d) drafts.push_back(std::move(*d));
            else choices_ok = false;
        }
        const size_t count = choices->size();
        if (count < 2) {
            error(*choices, where + " has " + std::to_string(count) + " choice" + (count == 1 ? "" : "s") +
                                "; a question needs at least 2");
            choices_ok = false;
        } else if (type_known && q.type == QuestionType::TrueFalse && count != 2) {
            error(*choices, "true_false " + where + " has " + std::to_string(count) +
                                " choices; expected exactly 2 (or write 'answer: true')");
            choices_ok = false;
        }
        // The weight rules only make sense once every choice was read and the type is known.
        if (choices_ok && type_known && !apply_choice_rules(q, drafts, *choices)) choices_ok = false;
        if (choices_ok)
            for (ChoiceDraft& d : drafts) q.choices.push_back(std::move(d.choice));
        else
            ok = false;
    }

}

std::optional<Question> BankReader::question(const YAML::Node& node, size_t index) {
    const std::string where_index = "question " + std::to_string(index + 1);
    if (!node.IsMap()) {
        error(node, where_index + " must be a map with id, type, prompt, choices and explanation, found " +
                        describe(node));
        return std::nullopt;
    }
    const Fields f = fields(node, where_index,
                            {"id", "type", "tags", "difficulty", "points", "prompt", "choices", "answer", "answers", "accept",
                             "pairs", "explanation", "text_format"});
    Question q;
    q.line = position(node.Mark()).line;
    bool ok = true;

    // Name the question by its id in later messages when it has one.
    std::string where = where_index;
    if (!value(f, "id")) {
        missing(node, where_index, "id", "a stable name such as soc-monitored-assets");
        ok = false;
    } else if (std::optional<std::string> id = identifier(f, "id", where_index)) {
        q.id = *id;
        where = "question '" + q.id + "'";
        const int line = position(value(f, "id")->Mark()).line;
        if (auto [it, inserted] = question_lines_.emplace(q.id, line); !inserted) {
            error(*value(f, "id"), "duplicate question id '" + q.id + "' (first used on line " +
                                       std::to_string(it->second) + "); ids must be unique in a bank");
            ok = false;
        }
    } else {
        ok = false;
    }

    bool type_known = true;
    if (value(f, "type")) {
        if (std::optional<std::string> t = text(f, "type", where)) {
            if (*t == "single") q.type = QuestionType::SingleChoice;
            else if (*t == "multiple") q.type = QuestionType::MultipleAnswer;
            else if (*t == "true_false") q.type = QuestionType::TrueFalse;
            else if (*t == "numeric") q.type = QuestionType::Numeric;
            else if (*t == "short") q.type = QuestionType::ShortAnswer;
            else if (*t == "matching") q.type = QuestionType::Matching;
            else {
                std::string message = "unknown type '" + *t + "' in " + where +
                                      "; expected single, multiple, true_false, numeric, short or matching";
                if (const std::string guess =
                        closest(*t, {"single", "multiple", "true_false", "numeric", "short", "matching"});
                    !guess.empty())
                    message += "; did you mean '" + std::string(guess) + "'?";
                error(*value(f, "type"), std::move(message));
                ok = type_known = false;
            }
        } else {
            ok = type_known = false;
        }
    }

    if (const YAML::Node* tags = value(f, "tags")) {
        if (!tags->IsSequence()) {
            error(tags->IsNull() ? f.find("tags")->second.key : *tags,
                  "'tags' in " + where + " must be a list such as [soc-basics, dns], found " + describe(*tags));
            ok = false;
        } else {
            for (const YAML::Node& tag : *tags) {
                if (!tag.IsScalar() || tag.Scalar().empty()) {
                    error(tag, "a tag in " + where + " must be a word, found " + describe(tag));
                    ok = false;
                } else {
                    q.tags.push_back(tag.Scalar());
                }
            }
        }
    }

    if (const YAML::Node* d = value(f, "difficulty")) {
        int level = 0;
        if (!d->IsScalar() || !YAML::convert<int>::decode(*d, level) || level < 1 || level > 3) {
            error(d->IsNull() ? f.find("difficulty")->second.key : *d,
                  "'difficulty' in " + where + " must be 1, 2 or 3, found " + describe(*d));
            ok = false;
        } else {
            q.difficulty = level;
        }
    }

    if (const YAML::Node* p = value(f, "points")) {
        std::optional<double> points = number(f, "points", where);
        if (!points) {
            ok = false;
        } else if (*points <= 0) {
            error(*p, "'points' in " + where + " is " + format_number(*points) + "; expected a number above 0");
            ok = false;
        } else {
            q.points = *points;
        }
    }

    if (std::optional<LocalText> prompt = local_text(f, node, "prompt", where, true)) q.prompt = std::move(*prompt);
    else ok = false;
    if (std::optional<LocalText> expl = local_text(f, node, "explanation", where, true)) q.explanation = std::move(*expl);
    else ok = false;

    // How the texts are marked up, kept for GIFT (Moodle's [html], [plain], [markdown] markers);
    // socsim itself shows them as written. `moodle` is Moodle's default, the same as leaving it out.
    if (value(f, "text_format")) {
        if (std::optional<std::string> fmt = text(f, "text_format", where)) {
            if (*fmt == "html" || *fmt == "plain" || *fmt == "markdown") q.text_format = *fmt;
            else if (*fmt != "moodle") {
                std::string message = "unknown text_format '" + *fmt + "' in " + where +
                                      "; expected moodle, html, plain or markdown";
                if (std::string_view guess = closest(*fmt, {"moodle", "html", "plain", "markdown"}); !guess.empty())
                    message += "; did you mean '" + std::string(guess) + "'?";
                error(*value(f, "text_format"), std::move(message));
                ok = false;
            }
        } else {
            ok = false;
        }
    }

    // The answers, in the key the type uses; a key meant for another type is reported so that a
    // question does not silently lose what its author wrote.
    const bool choice_type = q.type == QuestionType::SingleChoice || q.type == QuestionType::MultipleAnswer ||
                             q.type == QuestionType::TrueFalse;
    if (type_known) {
        struct KeyUse {
            std::string_view key;
            bool used;
            const char* types;
        };
        const KeyUse uses[] = {
            {"choices", choice_type, "single, multiple or true_false"},
            {"answer", choice_type, "true_false"},  // on other choice types: reported with the choices
            {"answers", q.type == QuestionType::Numeric, "numeric"},
            {"accept", q.type == QuestionType::ShortAnswer, "short"},
            {"pairs", q.type == QuestionType::Matching, "matching"},
        };
        const char* own_key = q.type == QuestionType::Numeric       ? "answers"
                              : q.type == QuestionType::ShortAnswer ? "accept"
                              : q.type == QuestionType::Matching    ? "pairs"
                                                                    : "choices";
        for (const KeyUse& u : uses) {
            if (u.used || !value(f, u.key)) continue;
            error(f.find(u.key)->second.key, "'" + std::string(u.key) + "' in " + where + " is only for type: " +
                                                 u.types + "; a " + question_type_name(q.type) +
                                                 " question gives its answers under '" + own_key + "'");
            ok = false;
        }
    }
    if (!type_known || choice_type) read_choices(q, f, node, where, type_known, ok);
    else if (q.type == QuestionType::Numeric) ok = read_numeric(q, f, node, where) && ok;
    else if (q.type == QuestionType::ShortAnswer) ok = read_short(q, f, node, where) && ok;
    else if (q.type == QuestionType::Matching) ok = read_matching(q, f, node, where) && ok;

    if (!ok) return std::nullopt;
    return q;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] The bank
// ---------------------------------------------------------------------------------------------

// `exam: {questions: 10, time_limit: 15m, pass_mark: 60}`: how an exam of this bank is set. Each
// key is optional; a bank without the block gets the defaults of ExamSettings.
bool BankReader::read_exam(Bank& bank, const Fields& bank_fields, size_t question_count) {
    const Field& field = bank_fields.find("exam")->second;
    const YAML::Node& node = field.value;
    if (!node.IsMap()) {
        error(node.IsNull() ? field.key : node,
              "'exam' of the bank must be a map such as {questions: 10, time_limit: 15m, pass_mark: 60}, found " +
                  describe(node));
        return false;
    }
    const Fields f = fields(node, "the exam settings", {"questions", "time_limit", "pass_mark"});
    bool ok = true;
    if (const YAML::Node* n = value(f, "questions")) {
        long long count = 0;
        if (!n->IsScalar() || !YAML::convert<long long>::decode(*n, count) || count < 1) {
            error(n->IsNull() ? f.find("questions")->second.key : *n,
                  "'questions' of the exam must be a whole number above 0, found " + describe(*n));
            ok = false;
        } else if (question_count > 0 && static_cast<size_t>(count) > question_count) {
            error(*n, "the exam asks " + std::to_string(count) + " questions but the bank has " +
                          std::to_string(question_count) + "; expected at most " + std::to_string(question_count));
            ok = false;
        } else {
            bank.exam.questions = static_cast<size_t>(count);
        }
    }
    if (const YAML::Node* t = value(f, "time_limit")) {
        const std::optional<Millis> limit = t->IsScalar() ? parse_duration(t->Scalar()) : std::nullopt;
        if (!limit || *limit <= 0) {
            error(t->IsNull() ? f.find("time_limit")->second.key : *t,
                  "'time_limit' of the exam must be a duration above 0 such as 15m, 1h30m or 900 (seconds), found " +
                      describe(*t));
            ok = false;
        } else {
            bank.exam.time_limit = *limit;
        }
    }
    if (const YAML::Node* p = value(f, "pass_mark")) {
        const std::optional<double> mark = number(f, "pass_mark", "the exam settings");
        if (!mark) {
            ok = false;
        } else if (*mark < 0 || *mark > 100) {
            error(*p, "'pass_mark' of the exam is " + format_number(*mark) + "; expected a percentage from 0 to 100");
            ok = false;
        } else {
            bank.exam.pass_mark = *mark;
        }
    }
    return ok;
}

std::optional<Bank> BankReader::read() {
    // One document only, read without YAML::LoadAll (see core/common/yaml_documents.h).
    YAML::Node first;
    DocumentCount count;
    try {
        count = count_documents(text_);
        first = YAML::Load(text_);
    } catch (const YamlRefused& e) {
        error_at(e.mark, e.what());
        return std::nullopt;
    } catch (const YAML::Exception& e) {
        std::string message = "YAML syntax error: " + e.msg + syntax_hint(text_, e.mark);
        // yaml-cpp 0.7 cannot read a '?' inside an unquoted text in {...} or [...], which is
        // exactly how a question ends; say how to fix it.
        if (e.mark.pos >= 0 && static_cast<size_t>(e.mark.pos) < text_.size() && text_[static_cast<size_t>(e.mark.pos)] == '?')
            message += "; a text containing '?' inside {...} or [...] must be quoted, e.g. {en: \"Is it right?\"}";
        error_at(e.mark, std::move(message));
        return std::nullopt;
    } catch (const std::exception& e) {
        errors_.push_back(Diagnostic{file_, 0, 0, std::string("cannot parse the file: ") + e.what()});
        return std::nullopt;
    }

    if (count.with_content == 0 || !first || first.IsNull()) {
        errors_.push_back(Diagnostic{file_, 0, 0, "the bank is empty; expected a map with id, title and questions"});
        return std::nullopt;
    }
    if (count.with_content > 1)
        error_at(count.second_start, "a second YAML document ('---') in the bank; put all questions in one document");

    const YAML::Node& root = first;
    if (!root.IsMap()) {
        error(root, "expected the bank to be a map with id, title and questions, found " + describe(root));
        return std::nullopt;
    }

    try {
        const Fields f = fields(root, "the bank", {"id", "title", "questions", "exam"});
        Bank bank;
        bool ok = true;

        if (!value(f, "id")) {
            missing(root, "the bank", "id", "a stable name such as soc-basics");
            ok = false;
        } else if (std::optional<std::string> id = identifier(f, "id", "the bank")) {
            bank.id = *id;
        } else {
            ok = false;
        }

        if (std::optional<LocalText> title = local_text(f, root, "title", "the bank", true)) bank.title = std::move(*title);
        else ok = false;

        const YAML::Node* questions = value(f, "questions");
        if (!questions) {
            missing(root, "the bank", "questions", "a list of questions");
            ok = false;
        } else if (questions->IsNull() || (questions->IsSequence() && questions->size() == 0)) {
            error(questions->IsNull() ? f.find("questions")->second.key : *questions,
                  "the bank has no questions; expected at least one under 'questions'");
            ok = false;
        } else if (!questions->IsSequence()) {
            error(*questions, "'questions' must be a list of questions, found " + describe(*questions));
            ok = false;
        } else {
            size_t index = 0;
            for (const YAML::Node& qn : *questions) {
                std::optional<Question> q = question(qn, index++);
                if (q) bank.questions.push_back(std::move(*q));
                else ok = false;
            }
        }

        const size_t question_count = questions && questions->IsSequence() ? questions->size() : 0;
        if (value(f, "exam") && !read_exam(bank, f, question_count)) ok = false;

        if (!ok || !errors_.empty()) return std::nullopt;
        return bank;
    } catch (const YAML::Exception& e) {
        // Not expected (every access above checks the node type first); kept so a yaml-cpp
        // surprise becomes a message instead of a crash.
        error_at(e.mark, "cannot read the bank: " + e.msg);
        return std::nullopt;
    }
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Entry points
// ---------------------------------------------------------------------------------------------

Loaded<Bank> load_bank_text(const std::string& yaml_text, const std::string& file_name) {
    Loaded<Bank> result;
    BankReader reader(yaml_text, file_name);
    std::optional<Bank> bank = reader.read();
    result.errors = reader.take_errors();
    // In file order, so an author can fix them top to bottom.
    std::stable_sort(result.errors.begin(), result.errors.end(), [](const Diagnostic& x, const Diagnostic& y) {
        return std::pair(x.line, x.column) < std::pair(y.line, y.column);
    });
    if (bank && result.errors.empty()) {
        bank->source_path = file_name;
        result.value = std::move(*bank);
    }
    return result;
}

// A sealed exam: opened in memory with the instructor key; the plain text never touches the disk.
static Loaded<Bank> load_sealed_bank(const std::string& sealed, const std::string& name, const exam::InstructorKey* key) {
    Loaded<Bank> result;
    std::optional<exam::InstructorKey> found;
    if (!key) {
        const auto path = exam::default_key_path();
        auto loaded = exam::load_key_file(path);
        if (!loaded.ok()) {
            result.errors.push_back(Diagnostic{name, 0, 0, "this exam is sealed: opening it needs the instructor key, looked for at " +
                                                               path.string() + " ($SOCSIM_INSTRUCTOR_KEY names another file): " +
                                                               loaded.errors.front().message});
            return result;
        }
        found = *loaded.value;
        key = &*found;
    }
    auto plain = exam::unseal(sealed, *key, name);
    if (!plain.ok()) {
        result.errors = std::move(plain.errors);
        return result;
    }
    result = load_bank_text(*plain.value, name);
    if (result.value) result.value->sealed = true;
    return result;
}

Loaded<Bank> load_bank_file(const std::filesystem::path& path, const exam::InstructorKey* key) {
    const std::string name = path.string();
    Loaded<Bank> result;
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) {
        result.errors.push_back(Diagnostic{name, 0, 0, "cannot open the quiz bank: no such file"});
        return result;
    }
    if (std::filesystem::is_directory(status)) {
        result.errors.push_back(Diagnostic{name, 0, 0, "cannot open the quiz bank: it is a directory, expected a .yaml file"});
        return result;
    }
    // A device or a pipe (/dev/zero, a FIFO) would be read forever.
    if (!std::filesystem::is_regular_file(status)) {
        result.errors.push_back(Diagnostic{name, 0, 0, "cannot open the quiz bank: it is not a regular file (a device or a pipe?)"});
        return result;
    }
    // A bank of a thousand questions is well under 1 MiB: a bigger file is a mistake, not a bank.
    constexpr std::uintmax_t kMaxBankBytes = 16u * 1024 * 1024;
    if (const auto size = std::filesystem::file_size(path, ec); !ec && size > kMaxBankBytes) {
        result.errors.push_back(Diagnostic{name, 0, 0, "the file is " + std::to_string(size / (1024 * 1024)) +
                                                           " MiB; a quiz bank may be at most 16 MiB"});
        return result;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        result.errors.push_back(Diagnostic{name, 0, 0, "cannot open the quiz bank: the file is not readable"});
        return result;
    }
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) {
        result.errors.push_back(Diagnostic{name, 0, 0, "cannot read the quiz bank: read error"});
        return result;
    }
    // Every scenario that ends on a bank reads it, and so does the catalogue: the same bytes at
    // the same path parse to the same bank, so a start-up parses each bank once. The bytes are
    // the key, so an edited file is read again.
    static std::mutex memo_mutex;
    static std::map<std::string, std::pair<std::string, Loaded<Bank>>> memo;
    std::string text = content.str();
    if (exam::is_sealed(text)) return load_sealed_bank(text, name, key);  // never memoised: the key decides
    {
        const std::lock_guard lock(memo_mutex);
        const auto it = memo.find(name);
        if (it != memo.end() && it->second.first == text) return it->second.second;
    }
    result = load_bank_text(text, name);
    const std::lock_guard lock(memo_mutex);
    if (memo.size() > 256) memo.clear();  // a trainer's folders hold a few dozen banks
    memo[name] = {std::move(text), result};
    return result;
}

}  // namespace socsim::quiz

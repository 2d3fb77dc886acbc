// Quiz questions and banks. A bank is a YAML file (docs/quiz-format.md) with Japanese and English
// side by side; every question carries an explanation shown after grading.
#pragma once

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/exam/instructor_key.h"
#include "core/common/diagnostic.h"
#include "core/common/time.h"
#include "core/i18n/text.h"

namespace socsim::quiz {

enum class QuestionType {
    SingleChoice,    // one choice is picked; at least one (maybe several) earns full credit
    MultipleAnswer,  // several right choices; partial credit by choice weights
    TrueFalse,       // two choices: true, false
    Numeric,         // a number, right within a tolerance or a range (several answers may carry weights)
    ShortAnswer,     // typed text; several accepted answers, case- and width-insensitive
    Matching,        // pair each left item with its right item
};
const char* question_type_name(QuestionType t);  // "single", "multiple", "true_false", "numeric", "short", "matching"

struct Choice {
    LocalText text;
    double weight = 0;   // share of the question's credit this choice is worth: 1 right, 0 wrong,
                         // fractions for multiple-answer questions, negative to punish a wrong pick
    LocalText feedback;  // optional, shown after grading next to this choice
};

// A numeric answer: right when the number is in [min, max] (written as value +- tolerance, or a range).
struct NumericAnswer {
    double min = 0;
    double max = 0;
    double weight = 1;   // share of the credit, as for choices
    LocalText feedback;
};

// An accepted short answer. Matching ignores case, surrounding spaces, and full-width versus
// half-width forms (ＤＮＳ = DNS, ｱ = ア), so a Japanese keyboard's output is not marked wrong.
struct AcceptedAnswer {
    std::string text;    // in either language; a question may accept several
    double weight = 1;
    LocalText feedback;
};

// One pair of a matching question: the trainee must link `left` to `right`.
struct MatchPair {
    LocalText left;
    LocalText right;
};

struct Question {
    std::string id;                 // stable id, unique in the bank: answers are stored by it
    QuestionType type = QuestionType::SingleChoice;
    LocalText prompt;
    std::vector<Choice> choices;            // single, multiple, true_false
    std::vector<NumericAnswer> numeric;     // numeric
    std::vector<AcceptedAnswer> accepted;   // short
    std::vector<MatchPair> pairs;           // matching (the right items are shown shuffled)
    LocalText explanation;          // why the right answer is right; required
    std::vector<std::string> tags;  // topic, data source, ATT&CK technique
    std::string text_format;        // markup of the texts for GIFT: "" (Moodle's default), "html",
                                    // "plain" or "markdown"; socsim shows texts as written
    int difficulty = 1;             // 1 easy .. 3 hard
    double points = 1;
    int line = 0;                   // where it was declared
};

// How an exam of the bank is set: the trainer decides, not the trainee (the GUI and
// `socsim quiz run --mode exam` both take it from here).
struct ExamSettings {
    std::size_t questions = 10;        // drawn per trainee; a bank with fewer asks them all
    Millis time_limit = 15 * kMinute;  // from the start, in calendar time
    double pass_mark = 60;             // percent of the points
    bool operator==(const ExamSettings&) const = default;
};

struct Bank {
    std::string id;
    LocalText title;
    std::vector<Question> questions;
    ExamSettings exam;             // the bank's `exam:` block, or the defaults
    std::string source_path;
    bool sealed = false;           // opened from a sealed file (exam/sealed_bank.h): taken only as an
                                   // exam, and its answer key is never shown, not even afterwards
    std::size_t exam_questions() const { return std::min(exam.questions, questions.size()); }
};

// A sealed bank is opened with `key`, or when none is given with the key at
// exam::default_key_path(); without a key it is refused, saying where the key is looked for.
Loaded<Bank> load_bank_file(const std::filesystem::path& path, const exam::InstructorKey* key = nullptr);
Loaded<Bank> load_bank_text(const std::string& yaml_text, const std::string& file_name);

// The bank as YAML that load_bank_text reads back to the same questions (bank_writer.cpp). A text
// given in one language only (a GIFT import) is written in both, so the file loads; an empty
// explanation is left out, and the loader then asks for one.
std::string write_bank_yaml(const Bank& bank);

// The two choices of a true/false question given as `answer: true|false` (or GIFT's {T}/{F}):
// True / 正しい first, False / 誤り second; the one matching `truth` is worth 1.
std::vector<Choice> true_false_choices(bool truth);

// A trainee's answer. Which member is read depends on the question type.
struct Response {
    std::vector<int> selected;     // choice indices (single, multiple, true_false); for matching, the
                                   // index into `pairs` of the right item chosen for each left item
    std::optional<double> number;  // numeric
    std::string text;              // short answer
};

struct Grade {
    double fraction = 0;   // share of the question's points earned, 0..1
    bool correct = false;  // full credit
};

// Single choice and true/false: the picked choice's weight (clamped to 0..1).
// Multiple answer: the sum of the picked choices' weights, clamped to 0..1.
// Numeric: the best weight among the answers whose range holds the number.
// Short answer: the best weight among the accepted answers equal to the text after normalising.
// Matching: the share of left items paired with their own right item.
Grade grade(const Question& q, const Response& r);

// The answer that earns full credit, as one line for feedback: "A / B", "55 – 65", "left → right".
// A short answer shows its first accepted answer worth full credit (in English, the first written
// in ASCII), not every spelling it accepts.
std::string right_answer_text(const Question& q, Lang lang);

// What the author wrote for this response, to show after grading: the feedback of each choice
// picked (in choice order), of the numeric answer that gave the grade, or of the accepted answer
// that matched. Empty feedback is left out; matching pairs have none.
std::vector<LocalText> feedback_for(const Question& q, const Response& r);

}  // namespace socsim::quiz

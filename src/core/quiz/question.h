// Quiz questions and banks. A bank is a YAML file (docs/quiz-format.md) with Japanese and English
// side by side; every question carries an explanation shown after grading.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/common/diagnostic.h"
#include "core/i18n/text.h"

namespace socsim::quiz {

enum class QuestionType {
    SingleChoice,    // exactly one choice is right
    MultipleAnswer,  // several right choices; partial credit by choice weights
    TrueFalse,       // two choices: true, false
};
const char* question_type_name(QuestionType t);  // "single", "multiple", "true_false"

struct Choice {
    LocalText text;
    double weight = 0;   // share of the question's credit this choice is worth: 1 right, 0 wrong,
                         // fractions for multiple-answer questions, negative to punish a wrong pick
    LocalText feedback;  // optional, shown after grading next to this choice
};

struct Question {
    std::string id;                 // stable id, unique in the bank: answers are stored by it
    QuestionType type = QuestionType::SingleChoice;
    LocalText prompt;
    std::vector<Choice> choices;
    LocalText explanation;          // why the right answer is right; required
    std::vector<std::string> tags;  // topic, data source, ATT&CK technique
    int difficulty = 1;             // 1 easy .. 3 hard
    double points = 1;
    int line = 0;                   // where it was declared
};

struct Bank {
    std::string id;
    LocalText title;
    std::vector<Question> questions;
    std::string source_path;
};

Loaded<Bank> load_bank_file(const std::filesystem::path& path);
Loaded<Bank> load_bank_text(const std::string& yaml_text, const std::string& file_name);

// A trainee's answer: the indices of the choices they picked.
struct Response {
    std::vector<int> selected;
};

struct Grade {
    double fraction = 0;   // share of the question's points earned, 0..1
    bool correct = false;  // full credit
};

// Single choice and true/false: the picked choice's weight (clamped to 0..1).
// Multiple answer: the sum of the picked choices' weights, clamped to 0..1.
Grade grade(const Question& q, const Response& r);

}  // namespace socsim::quiz

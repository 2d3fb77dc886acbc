// The results file: a trainee's finished attempts (scenarios, quizzes, exams) as one JSON file,
// signed with the instructor key, for the trainer to collect from the trainees' machines. An
// edited score, a removed attempt or a file put together from two does not match its signature
// and is refused when read back; a file signed with another key is named as such.
//
//   socsim results export --key /etc/socsim/instructor.key --out results-sato.json
//   socsim results check --key instructor.key results-*.json
//
// The signature is HMAC-SHA256 (instructor_key.h) over the file's JSON without its "signature"
// member, dumped compactly with sorted keys: what any JSON tool gets back after a round trip, so
// re-indenting a file by hand does not break it, and changing a value does.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/common/diagnostic.h"
#include "core/common/time.h"
#include "core/exam/instructor_key.h"
#include "core/store/database.h"

namespace socsim::exam {

struct ResultLine {
    std::string key;  // the score line's catalog key ("score.contained"), with its arguments
    TextArgs args;
    double points = 0;
    double max_points = 0;
    bool operator==(const ResultLine&) const = default;
};

struct ResultAnswer {
    std::string question;  // the question's id
    double fraction = 0;   // 0..1
    bool correct = false;
    bool operator==(const ResultAnswer&) const = default;
};

struct ResultAttempt {
    std::int64_t attempt = 0;   // its number in the trainee's database
    std::string activity;       // scenario id, or "quiz:<bank id>"
    std::string activity_hash;  // the scenario or bank file's content hash
    std::string mode;           // "play", "guided", "quiz-exam"...
    std::uint64_t seed = 0;
    std::string started_at, finished_at;  // UTC, ISO 8601, as the database keeps them
    double score = 0;                      // 0..100
    bool passed = false;
    std::vector<ResultLine> lines;
    std::vector<ResultAnswer> answers;
    bool operator==(const ResultAttempt&) const = default;
};

struct Results {
    std::string trainee;
    std::string exported_at;  // UTC, ISO 8601
    std::string key_id;       // the instructor key that signed it
    std::vector<ResultAttempt> attempts;
};

// The trainee's finished attempts in `db`, oldest first. `exported_at` is calendar time.
Results collect_results(const store::Database& db, const std::string& trainee, SimTime exported_at);

// The signed file's text.
std::string results_file_text(const Results& results, const InstructorKey& key);

// Reads a results file back: refused (with the file's name and, for bad JSON, the line and
// column) when it is not a results file, was signed with another key, or was changed since.
Loaded<Results> read_results(const std::string& text, const std::string& file_name, const InstructorKey& key);

}  // namespace socsim::exam

// Gathers a bank's answers from the database for item statistics (see bank_statistics.h).
#include "core/attempt/bank_statistics.h"

#include "core/store/database.h"

namespace socsim {

BankStatistics bank_statistics(const store::Database& db, const quiz::Bank& bank) {
    std::vector<quiz::AttemptAnswers> attempts;
    for (const auto& a : db.bank_answers(bank.id)) {
        // Like Moodle, only finished attempts: an abandoned one would count its gaps as wrong.
        if (a.status != store::AttemptStatus::Finished) continue;
        quiz::AttemptAnswers answers;
        answers.asked = a.asked;
        for (const auto& r : a.answers) answers.answers.push_back({r.question_id, r.fraction, r.selected});
        attempts.push_back(std::move(answers));
    }
    BankStatistics out;
    out.attempts = static_cast<int>(attempts.size());
    out.items = quiz::item_statistics(quiz::items_of(bank), attempts);
    return out;
}

}  // namespace socsim

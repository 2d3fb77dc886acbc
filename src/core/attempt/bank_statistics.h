// Item statistics of a bank from the trainee database: every finished attempt that answered it
// (scenario end quizzes, practice, exams), analysed with Moodle's definitions. The command line
// (`socsim quiz stats`) and the GUI's instructor view both call this.
#pragma once

#include <vector>

#include "core/quiz/item_statistics.h"

namespace socsim::store {
class Database;
}

namespace socsim {

struct BankStatistics {
    int attempts = 0;                          // finished attempts analysed
    std::vector<quiz::ItemStatistics> items;   // in bank order
};

BankStatistics bank_statistics(const store::Database& db, const quiz::Bank& bank);

}  // namespace socsim

// Moodle GIFT import and export for quiz banks, so trainers can move questions between socsim
// and an LMS. GIFT carries one language, so import fills one side of every LocalText and export
// writes one side. Moodle's own GIFT reader is the reference for what a file means; where
// socsim's model and GIFT differ (no essays or descriptions, no matching distractors) import
// reports the question instead of guessing. docs/quiz-format.md has the mapping table.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "core/common/diagnostic.h"
#include "core/i18n/text.h"
#include "core/quiz/question.h"

namespace socsim::quiz {

// Reads GIFT text into a bank whose texts are in `lang` only (the other language stays empty).
// Question ids come from `// [id:...]`, else the `::title::` (made into a valid id), else q1,
// q2... by position; the bank id and title come from `file_name`'s stem. Explanations come from
// `####` general feedback and may be empty: unlike a YAML bank, an import does not require them.
// Every malformed question is reported (file:line:col of the question's first line); any error
// means no bank. A UTF-8 byte order mark and Windows line endings are accepted. Questions read
// as Moodle reads them but perhaps not as meant ({t} is a short answer "t") come with warnings.
Loaded<Bank> import_gift(const std::string& text, const std::string& file_name, Lang lang);

// Reads a GIFT file (at most kMaxGiftBytes, UTF-8) and imports it; a missing, unreadable, too big
// or not-UTF-8 file is an error naming the file (and the line of a bad byte).
constexpr std::uintmax_t kMaxGiftBytes = 16u * 1024 * 1024;
Loaded<Bank> import_gift_file(const std::filesystem::path& path, Lang lang);

// Writes the bank's texts in `lang` (falling back to the other language where one is missing) as
// GIFT that import_gift reads back to the same questions: ids as titles, types, texts, weights,
// feedback, explanations, numeric ranges, accepted answers, pairs, tags, difficulty, points and
// the question's text format (as its [markdown], [html] or [plain] marker).
// Known losses: a true/false question's choice labels (GIFT has only {T}/{F}), spaces at either
// end of a text, and "->" inside the left item of a matching pair or in a short answer.
std::string export_gift(const Bank& bank, Lang lang);

}  // namespace socsim::quiz

// A sealed exam bank: a quiz bank encrypted with the instructor key, so the file on a trainee's
// machine does not give away the answers (AES-256-GCM: the text cannot be read, and a changed
// byte is refused rather than graded). socsim opens it in memory with the key and only for an
// exam; practice would show the answers after each question.
//
//   socsim quiz seal quizzes/final.yaml --key instructor.key --out final.exam
//
// The file is text, so it survives mail and USB sticks alike:
//   socsim-sealed-bank v1
//   key 1f0c...        (the key's id: a wrong key is named, not taken for damage)
//   nonce 9a7b...      (12 bytes, new for every seal)
//   tag 55e1...        (GCM's 16-byte tag)
//   <base64 of the ciphertext, 76 characters a line>
#pragma once

#include <string>

#include "core/common/diagnostic.h"
#include "core/exam/instructor_key.h"

namespace socsim::exam {

// True when the text starts like a sealed bank (the loaders then ask for the key).
bool is_sealed(const std::string& text);

// The sealed form of a bank's YAML text.
std::string seal(const std::string& bank_text, const InstructorKey& key);

// The bank's YAML text back, or why not: not a sealed bank, sealed with another key (its id is
// named), damaged or changed (the tag does not match).
Loaded<std::string> unseal(const std::string& sealed_text, const InstructorKey& key, const std::string& file_name);

}  // namespace socsim::exam

// The instructor key: the one secret of exam mode. With it a trainer seals an exam bank (the
// answer key is then unreadable in the file the trainees' machines hold: sealed_bank.h) and
// socsim signs the results it exports (results_file.h), so a score edited in the file is caught
// when the trainer imports it.
//
// It is a shared secret (HMAC-SHA256 and AES-256-GCM, from OpenSSL): whoever can read the key
// file can open sealed exams and sign results. Trainers install it on exam machines where the
// trainee's account cannot read it (docs/exam-security.md), and never hand it out.
//
// The file is one line of text, `socsim-instructor-key v1 <64 hex digits>`, after comment lines.
//
//   socsim key new --out instructor.key
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/common/diagnostic.h"

namespace socsim::exam {

class InstructorKey {
public:
    static constexpr std::size_t kBytes = 32;
    // A new key from the operating system's random source (OpenSSL's RAND_bytes).
    static InstructorKey generate();
    static InstructorKey from_bytes(const std::array<std::uint8_t, kBytes>& bytes) { return InstructorKey(bytes); }

    // Names the key without giving it away: 16 hex digits of a SHA-256 of it. Sealed banks and
    // result files carry it, so a file opened with the wrong key says so instead of "damaged".
    std::string id() const;
    // A key for one purpose ("seal", "sign"), derived with HMAC so the two uses never share one.
    std::array<std::uint8_t, 32> derive(std::string_view purpose) const;
    // HMAC-SHA256 of `text` under the "sign" key, as 64 lowercase hex digits.
    std::string sign(std::string_view text) const;
    // The file's text (with a comment saying what it is and to keep it secret).
    std::string file_text() const;

private:
    explicit InstructorKey(const std::array<std::uint8_t, kBytes>& bytes) : bytes_(bytes) {}
    std::array<std::uint8_t, kBytes> bytes_{};
};

// Reads a key file. Errors name the file and line and say what a key line looks like; the key's
// digits never appear in a message.
Loaded<InstructorKey> load_key_file(const std::filesystem::path& path);
Loaded<InstructorKey> parse_key_text(const std::string& text, const std::string& file_name);

// Writes a new key file readable by its owner only (0600), refusing to replace an existing one.
// Returns an empty string, or what went wrong.
std::string write_key_file(const std::filesystem::path& path, const InstructorKey& key);

// Where the program looks when no --key is given: $SOCSIM_INSTRUCTOR_KEY, else
// /etc/socsim/instructor.key (the place an administrator installs it on exam machines).
std::filesystem::path default_key_path();

// Hex digits in lowercase, and back (false on anything but 2n hex digits).
std::string to_hex(const std::uint8_t* bytes, std::size_t n);
bool from_hex(std::string_view hex, std::uint8_t* out, std::size_t n);

// Compares two texts in time independent of where they differ (signatures).
bool equal_in_constant_time(std::string_view a, std::string_view b);

}  // namespace socsim::exam

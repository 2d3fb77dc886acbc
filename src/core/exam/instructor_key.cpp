#include "core/exam/instructor_key.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace socsim::exam {

namespace {

constexpr std::string_view kKeyTag = "socsim-instructor-key v1 ";

std::array<std::uint8_t, 32> hmac(const std::uint8_t* key, std::size_t key_len, std::string_view text) {
    std::array<std::uint8_t, 32> out{};
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), key, static_cast<int>(key_len), reinterpret_cast<const unsigned char*>(text.data()), text.size(),
              out.data(), &len) || len != out.size())
        throw std::runtime_error("HMAC-SHA256 failed");
    return out;
}

}  // namespace

InstructorKey InstructorKey::generate() {
    std::array<std::uint8_t, kBytes> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) throw std::runtime_error("no random source for a new key");
    return InstructorKey(bytes);
}

std::string InstructorKey::id() const {
    std::array<std::uint8_t, SHA256_DIGEST_LENGTH> digest{};
    const std::string text = "socsim key id\n" + std::string(reinterpret_cast<const char*>(bytes_.data()), bytes_.size());
    SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest.data());
    return to_hex(digest.data(), 8);
}

std::array<std::uint8_t, 32> InstructorKey::derive(std::string_view purpose) const {
    return hmac(bytes_.data(), bytes_.size(), std::string("socsim ") + std::string(purpose) + " v1");
}

std::string InstructorKey::sign(std::string_view text) const {
    const auto key = derive("sign");
    const auto mac = hmac(key.data(), key.size(), text);
    return to_hex(mac.data(), mac.size());
}

std::string InstructorKey::file_text() const {
    return "# socsim instructor key. Keep it secret: whoever reads it can open sealed exams and sign\n"
           "# results. Install it where trainees' accounts cannot read it (docs/exam-security.md).\n" +
           std::string(kKeyTag) + to_hex(bytes_.data(), bytes_.size()) + "\n";
}

Loaded<InstructorKey> parse_key_text(const std::string& text, const std::string& file_name) {
    Loaded<InstructorKey> out;
    std::istringstream in(text);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        if (line.rfind(kKeyTag, 0) != 0) {
            out.errors.push_back({file_name, number, 1, "expected a key line 'socsim-instructor-key v1 <64 hex digits>' (made by 'socsim key new')"});
            return out;
        }
        std::array<std::uint8_t, InstructorKey::kBytes> bytes{};
        const std::string_view digits = std::string_view(line).substr(kKeyTag.size());
        if (!from_hex(digits, bytes.data(), bytes.size())) {
            // The digits are the secret: the message says what is wrong with them, never what they are.
            out.errors.push_back({file_name, number, static_cast<int>(kKeyTag.size()) + 1,
                                  "the key must be 64 hex digits (0-9, a-f); this line has " + std::to_string(digits.size()) +
                                      " characters or other characters"});
            return out;
        }
        out.value = InstructorKey::from_bytes(bytes);
        return out;
    }
    out.errors.push_back({file_name, 0, 0, "no key line: expected 'socsim-instructor-key v1 <64 hex digits>' (made by 'socsim key new')"});
    return out;
}

Loaded<InstructorKey> load_key_file(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        Loaded<InstructorKey> out;
        out.errors.push_back({path.string(), 0, 0, std::filesystem::exists(path, ec) ? "not a key file (not a regular file)" : "no such key file"});
        return out;
    }
    if (std::filesystem::file_size(path, ec) > 4096) {
        Loaded<InstructorKey> out;
        out.errors.push_back({path.string(), 0, 0, "too large for a key file (a key file is one line of text)"});
        return out;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        Loaded<InstructorKey> out;
        out.errors.push_back({path.string(), 0, 0, "cannot be read (permissions?)"});
        return out;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parse_key_text(text.str(), path.string());
}

std::string write_key_file(const std::filesystem::path& path, const InstructorKey& key) {
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) return "already exists; a new key would make sealed exams and signed results of the old one unreadable";
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) return "cannot be created";
    const std::string text = key.file_text();
    const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) {
        std::filesystem::remove(path, ec);
        return "cannot be written";
    }
    return {};
}

std::filesystem::path default_key_path() {
    if (const char* env = std::getenv("SOCSIM_INSTRUCTOR_KEY"); env && *env) return env;
    return "/etc/socsim/instructor.key";
}

std::string to_hex(const std::uint8_t* bytes, std::size_t n) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out(n * 2, '0');
    for (std::size_t i = 0; i < n; ++i) {
        out[2 * i] = kDigits[bytes[i] >> 4];
        out[2 * i + 1] = kDigits[bytes[i] & 15];
    }
    return out;
}

bool from_hex(std::string_view hex, std::uint8_t* out, std::size_t n) {
    if (hex.size() != 2 * n) return false;
    auto digit = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < n; ++i) {
        const int hi = digit(hex[2 * i]), lo = digit(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) return false;
        out[i] = static_cast<std::uint8_t>(hi * 16 + lo);
    }
    return true;
}

bool equal_in_constant_time(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

}  // namespace socsim::exam

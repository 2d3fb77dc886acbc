#include "core/exam/sealed_bank.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace socsim::exam {

namespace {

constexpr std::string_view kMagic = "socsim-sealed-bank v1";
constexpr std::size_t kNonce = 12, kTag = 16;

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherContext new_context() {
    CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    if (!ctx) throw std::runtime_error("no cipher context");
    return ctx;
}

// The header lines are authenticated too: a key id or nonce edited by hand is refused.
std::string header(const std::string& key_id) { return std::string(kMagic) + "\nkey " + key_id + "\n"; }

std::string base64(const std::vector<unsigned char>& bytes) {
    std::string out;
    for (std::size_t at = 0; at < bytes.size(); at += 57) {  // 57 bytes -> 76 characters a line
        const std::size_t n = std::min<std::size_t>(57, bytes.size() - at);
        std::string line(4 * ((n + 2) / 3), '\0');
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(line.data()), bytes.data() + at, static_cast<int>(n));
        out += line;
        out += '\n';
    }
    return out;
}

bool unbase64(const std::string& lines, std::vector<unsigned char>& out) {
    std::string text;
    for (char c : lines)
        if (c != '\n' && c != '\r') text += c;
    if (text.size() % 4 != 0) return false;
    out.assign(text.size() / 4 * 3, 0);
    if (text.empty()) return true;
    const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    if (n < 0) return false;
    std::size_t size = static_cast<std::size_t>(n);
    // EVP_DecodeBlock counts the padding as bytes: take them off again.
    if (text.size() >= 1 && text.back() == '=') --size;
    if (text.size() >= 2 && text[text.size() - 2] == '=') --size;
    out.resize(size);
    return true;
}

}  // namespace

bool is_sealed(const std::string& text) { return text.rfind(kMagic, 0) == 0; }

std::string seal(const std::string& bank_text, const InstructorKey& key) {
    const auto aes = key.derive("seal");
    unsigned char nonce[kNonce];
    if (RAND_bytes(nonce, kNonce) != 1) throw std::runtime_error("no random source for a nonce");
    const std::string head = header(key.id());
    auto ctx = new_context();
    std::vector<unsigned char> cipher(bank_text.size() + 16);
    int len = 0, total = 0;
    unsigned char tag[kTag];
    if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonce, nullptr) != 1 ||
        EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, aes.data(), nonce) != 1 ||
        EVP_EncryptUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(head.data()), static_cast<int>(head.size())) != 1 ||
        EVP_EncryptUpdate(ctx.get(), cipher.data(), &len, reinterpret_cast<const unsigned char*>(bank_text.data()),
                          static_cast<int>(bank_text.size())) != 1)
        throw std::runtime_error("AES-256-GCM failed");
    total = len;
    if (EVP_EncryptFinal_ex(ctx.get(), cipher.data() + total, &len) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTag, tag) != 1)
        throw std::runtime_error("AES-256-GCM failed");
    cipher.resize(static_cast<std::size_t>(total + len));
    return head + "nonce " + to_hex(nonce, kNonce) + "\ntag " + to_hex(tag, kTag) + "\n" + base64(cipher);
}

Loaded<std::string> unseal(const std::string& sealed_text, const InstructorKey& key, const std::string& file_name) {
    Loaded<std::string> out;
    auto fail = [&](int line, std::string message) {
        out.errors.push_back({file_name, line, line ? 1 : 0, std::move(message)});
        return out;
    };
    std::istringstream in(sealed_text);
    std::string magic, key_line, nonce_line, tag_line;
    std::getline(in, magic);
    if (magic != kMagic) return fail(1, "not a sealed exam bank: expected the first line 'socsim-sealed-bank v1'");
    std::getline(in, key_line);
    if (key_line.rfind("key ", 0) != 0) return fail(2, "expected 'key <id>': the file is damaged");
    const std::string key_id = key_line.substr(4);
    if (key_id != key.id())
        return fail(2, "sealed with another instructor key (id " + key_id + "; the key given has id " + key.id() +
                           "): open it with the key it was sealed with");
    std::getline(in, nonce_line);
    unsigned char nonce[kNonce], tag[kTag];
    if (nonce_line.rfind("nonce ", 0) != 0 || !from_hex(std::string_view(nonce_line).substr(6), nonce, kNonce))
        return fail(3, "expected 'nonce <24 hex digits>': the file is damaged");
    std::getline(in, tag_line);
    if (tag_line.rfind("tag ", 0) != 0 || !from_hex(std::string_view(tag_line).substr(4), tag, kTag))
        return fail(4, "expected 'tag <32 hex digits>': the file is damaged");
    std::ostringstream rest;
    rest << in.rdbuf();
    std::vector<unsigned char> cipher;
    if (!unbase64(rest.str(), cipher)) return fail(5, "the sealed text is not base64: the file is damaged");

    const auto aes = key.derive("seal");
    const std::string head = header(key_id);
    auto ctx = new_context();
    std::string plain(cipher.size() + 16, '\0');
    int len = 0, total = 0;
    if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonce, nullptr) != 1 ||
        EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, aes.data(), nonce) != 1 ||
        EVP_DecryptUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(head.data()), static_cast<int>(head.size())) != 1 ||
        EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &len, cipher.data(), static_cast<int>(cipher.size())) != 1)
        return fail(0, "the sealed text cannot be opened: the file is damaged");
    total = len;
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTag, tag) != 1 ||
        EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + total, &len) != 1)
        return fail(0, "the sealed exam was changed or damaged after it was sealed (its tag does not match): ask the trainer for the file again");
    plain.resize(static_cast<std::size_t>(total + len));
    out.value = std::move(plain);
    return out;
}

}  // namespace socsim::exam

// Short-answer normalisation (see text_match.h): decode UTF-8, fold widths and voiced marks,
// lower-case ASCII, clean up whitespace, encode again.
#include "core/quiz/text_match.h"

#include <cstdint>
#include <vector>

namespace socsim::quiz {
namespace {

// A byte that is not part of valid UTF-8 is carried through as kRawByte + byte, above the
// Unicode range, so it can be written back unchanged.
constexpr std::uint32_t kRawByte = 0x110000;

std::vector<std::uint32_t> decode(std::string_view s) {
    std::vector<std::uint32_t> out;
    out.reserve(s.size());
    size_t i = 0;
    while (i < s.size()) {
        const auto b0 = static_cast<unsigned char>(s[i]);
        int length = 0;
        std::uint32_t cp = 0;
        if (b0 < 0x80) {
            length = 1;
            cp = b0;
        } else if (b0 >= 0xC2 && b0 <= 0xDF) {
            length = 2;
            cp = b0 & 0x1Fu;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            length = 3;
            cp = b0 & 0x0Fu;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            length = 4;
            cp = b0 & 0x07u;
        }
        bool valid = length > 0 && i + static_cast<size_t>(length) <= s.size();
        for (int k = 1; valid && k < length; ++k) {
            const auto b = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
            if ((b & 0xC0) != 0x80) valid = false;
            else cp = (cp << 6) | (b & 0x3Fu);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not characters.
        if (valid && ((length == 3 && cp < 0x800) || (length == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
                      (cp >= 0xD800 && cp <= 0xDFFF)))
            valid = false;
        if (!valid) {
            out.push_back(kRawByte + b0);
            ++i;
            continue;
        }
        out.push_back(cp);
        i += static_cast<size_t>(length);
    }
    return out;
}

void encode(std::uint32_t cp, std::string& out) {
    if (cp >= kRawByte) {
        out += static_cast<char>(cp - kRawByte);
    } else if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

constexpr std::uint32_t kCombiningVoiced = 0x3099;      // ゙
constexpr std::uint32_t kCombiningSemiVoiced = 0x309A;  // ゚

// U+FF61..U+FF9F in order: half-width punctuation and katakana to their full-width forms (the
// mapping Unicode gives them); the last two are the voiced marks, as combining characters.
constexpr std::uint32_t kHalfWidthKana[] = {
    0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, 0x30F2, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9,  // ｡｢｣､･ｦｧｨｩｪｫ
    0x30E3, 0x30E5, 0x30E7, 0x30C3, 0x30FC, 0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA, 0x30AB,  // ｬｭｮｯｰｱｲｳｴｵｶ
    0x30AD, 0x30AF, 0x30B1, 0x30B3, 0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD, 0x30BF, 0x30C1,  // ｷｸｹｺｻｼｽｾｿﾀﾁ
    0x30C4, 0x30C6, 0x30C8, 0x30CA, 0x30CB, 0x30CC, 0x30CD, 0x30CE, 0x30CF, 0x30D2, 0x30D5,  // ﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌ
    0x30D8, 0x30DB, 0x30DE, 0x30DF, 0x30E0, 0x30E1, 0x30E2, 0x30E4, 0x30E6, 0x30E8, 0x30E9,  // ﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗ
    0x30EA, 0x30EB, 0x30EC, 0x30ED, 0x30EF, 0x30F3, kCombiningVoiced, kCombiningSemiVoiced,  // ﾘﾙﾚﾛﾜﾝﾞﾟ
};
static_assert(sizeof(kHalfWidthKana) / sizeof(kHalfWidthKana[0]) == 0xFF9F - 0xFF61 + 1);

// The kana that `base` becomes with a voiced (dakuten) mark, or 0 when it takes none.
std::uint32_t with_voiced_mark(std::uint32_t base) {
    // Hiragana and katakana share a layout 0x60 apart; work in katakana.
    const bool hiragana = base >= 0x3041 && base <= 0x309F;
    const std::uint32_t k = hiragana ? base + 0x60 : base;
    std::uint32_t voiced = 0;
    if (k >= 0x30AB && k <= 0x30C1 && (k % 2) == 1) voiced = k + 1;        // カ..チ
    else if (k == 0x30C4 || k == 0x30C6 || k == 0x30C8) voiced = k + 1;    // ツ テ ト
    else if (k >= 0x30CF && k <= 0x30DB && (k - 0x30CF) % 3 == 0) voiced = k + 1;  // ハ ヒ フ ヘ ホ
    else if (k == 0x30A6) voiced = 0x30F4;                                  // ウ -> ヴ
    else if (k == 0x30FD) voiced = 0x30FE;                                  // ヽ -> ヾ
    else if (!hiragana && k >= 0x30EF && k <= 0x30F2) voiced = k + 8;       // ワ ヰ ヱ ヲ -> ヷ ヸ ヹ ヺ
    if (voiced == 0) return 0;
    if (!hiragana) return voiced;
    // ゔ sits apart from the rest of hiragana.
    if (voiced == 0x30F4) return 0x3094;
    return voiced - 0x60;
}

// The kana that `base` becomes with a semi-voiced (handakuten) mark, or 0.
std::uint32_t with_semi_voiced_mark(std::uint32_t base) {
    const bool hiragana = base >= 0x3041 && base <= 0x309F;
    const std::uint32_t k = hiragana ? base + 0x60 : base;
    if (k >= 0x30CF && k <= 0x30DB && (k - 0x30CF) % 3 == 0) return (k + 2) - (hiragana ? 0x60 : 0);  // パ行
    return 0;
}

bool is_space(std::uint32_t cp) { return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v'; }

}  // namespace

std::string normalise_answer(std::string_view text) {
    std::vector<std::uint32_t> folded;
    const std::vector<std::uint32_t> in = decode(text);
    folded.reserve(in.size());
    for (std::uint32_t cp : in) {
        if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // ＡＢＣ１２３！ -> ABC123!
        else if (cp == 0x3000 || cp == 0x00A0) cp = ' ';
        else if (cp >= 0xFF61 && cp <= 0xFF9F) cp = kHalfWidthKana[cp - 0xFF61];
        if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';

        if ((cp == kCombiningVoiced || cp == kCombiningSemiVoiced) && !folded.empty()) {
            const std::uint32_t joined =
                cp == kCombiningVoiced ? with_voiced_mark(folded.back()) : with_semi_voiced_mark(folded.back());
            if (joined != 0) {
                folded.back() = joined;
                continue;
            }
        }
        folded.push_back(cp);
    }

    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (std::uint32_t cp : folded) {
        if (is_space(cp)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        encode(cp, out);
    }
    return out;
}

bool same_answer(std::string_view typed, std::string_view accepted) {
    return normalise_answer(typed) == normalise_answer(accepted);
}

}  // namespace socsim::quiz

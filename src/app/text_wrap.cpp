// Line breaking for mixed Japanese and English text (see text_wrap.h).
#include "app/text_wrap.h"

#include <imgui.h>

#include <string>

namespace socsim::app {
namespace {

// Decodes one UTF-8 code point at `i`, advancing it.
unsigned next_code_point(std::string_view s, std::size_t& i) {
    const auto c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    if (i + static_cast<std::size_t>(len) > s.size()) len = 1;
    unsigned cp = len == 1 ? c : c & (0xFF >> (len + 1));
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3F);
    i += static_cast<std::size_t>(len);
    return cp;
}

bool is_cjk(unsigned cp) {
    return (cp >= 0x3000 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF);
}

// Characters that must not start a line (Japanese kinsoku).
bool no_line_start(unsigned cp) {
    switch (cp) {
        case 0x3001: case 0x3002: case 0xFF0C: case 0xFF0E: case 0xFF09: case 0x300D: case 0x300F:
        case 0x3011: case 0xFF01: case 0xFF1F: case 0x30FC: case 0xFF1A: case 0xFF1B: case 0x3063: case 0x30C3:
        case ')': case ',': case '.': case ':': case ';': case '!': case '?':
            return true;
        default:
            return false;
    }
}

void wrap_paragraph(std::string_view line, float width) {
    std::size_t start = 0;
    while (start < line.size()) {
        // Walk forward, remembering the last place a break is allowed, until the width is used.
        std::size_t i = start, last_break = std::string_view::npos;
        unsigned prev = 0;
        float w = 0;
        ImFont* font = ImGui::GetFont();
        const float scale = ImGui::GetFontSize() / font->FontSize;
        while (i < line.size()) {
            const std::size_t at = i;
            const unsigned cp = next_code_point(line, i);
            if (at > start && !no_line_start(cp) && (is_cjk(cp) || is_cjk(prev))) last_break = at;
            if (cp == ' ') last_break = at;
            w += font->GetCharAdvance(static_cast<ImWchar>(cp)) * scale;
            if (w > width && at > start) {
                i = at;
                break;
            }
            prev = cp;
        }
        std::size_t end = i;
        if (i < line.size() && last_break != std::string_view::npos && last_break > start) end = last_break;
        ImGui::TextUnformatted(line.data() + start, line.data() + end);
        start = end;
        while (start < line.size() && line[start] == ' ') ++start;
    }
}

}  // namespace

void wrapped_text(std::string_view text, float wrap_width) {
    const float width = wrap_width > 0 ? wrap_width : ImGui::GetContentRegionAvail().x;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t nl = text.find('\n', pos);
        const std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        if (line.empty())
            ImGui::TextUnformatted("");
        else
            wrap_paragraph(line, width);
        if (nl == std::string_view::npos) break;
        pos = nl + 1;
    }
}

std::string unfold_lines(std::string_view text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
    std::string out;
    out.reserve(text.size());
    unsigned prev = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '\n') {
            if (i + 1 < text.size() && text[i + 1] == '\n') {  // a blank line: a new paragraph
                while (i < text.size() && text[i] == '\n') ++i;
                out += '\n';
                prev = '\n';
                continue;
            }
            std::size_t j = i + 1;
            while (j < text.size() && text[j] == ' ') ++j;  // the next line's indentation
            std::size_t k = j;
            const unsigned next = k < text.size() ? next_code_point(text, k) : 0;
            // Japanese runs on without spaces, and none follows its full stop or comma either.
            const bool cjk_punctuation = prev >= 0x3000 && prev <= 0x303F;
            if (prev != '\n' && !(is_cjk(prev) && is_cjk(next)) && !cjk_punctuation) out += ' ';
            i = j;
            continue;
        }
        const std::size_t at = i;
        prev = next_code_point(text, i);
        out.append(text.data() + at, i - at);
    }
    return out;
}

}  // namespace socsim::app

// Font lookup with fontconfig and atlas set-up (see fonts.h).
#include "app/fonts.h"

#include <fontconfig/fontconfig.h>
#include <imgui.h>

namespace socsim::app {

std::string find_japanese_font(int& face_index) {
    std::string path;
    if (!FcInit()) return path;
    FcPattern* pattern = FcNameParse(reinterpret_cast<const FcChar8*>("sans-serif:lang=ja"));
    FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result = FcResultNoMatch;
    if (FcPattern* match = FcFontMatch(nullptr, pattern, &result)) {
        FcChar8* file = nullptr;
        FcCharSet* charset = nullptr;
        int index = 0;
        // fontconfig always returns *some* font: check that it really has kana and kanji.
        if (FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
            FcPatternGetCharSet(match, FC_CHARSET, 0, &charset) == FcResultMatch && FcCharSetHasChar(charset, 0x3042) &&
            FcCharSetHasChar(charset, 0x76E3)) {
            FcPatternGetInteger(match, FC_INDEX, 0, &index);
            path = reinterpret_cast<const char*>(file);
            face_index = index;
        }
        FcPatternDestroy(match);
    }
    FcPatternDestroy(pattern);
    return path;
}

FontSetup load_fonts(float size_px, const std::vector<std::string>& texts) {
    FontSetup setup;
    ImGuiIO& io = ImGui::GetIO();
    int face = 0;
    setup.file = find_japanese_font(face);
    if (setup.file.empty()) {
        setup.warning = "no Japanese font found through fontconfig (install fonts-noto-cjk); the UI is English only";
        ImFontConfig config;
        config.SizePixels = size_px;
        io.Fonts->AddFontDefault(&config);
        return setup;
    }
    // Ranges live until the atlas is built: keep them in a static.
    static ImVector<ImWchar> ranges;
    ranges.clear();
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(io.Fonts->GetGlyphRangesJapanese());
    static const ImWchar extra[] = {0x0080, 0x00FF, 0x2000, 0x206F, 0x2190, 0x21FF, 0x2500, 0x25FF, 0x2600, 0x26FF, 0};
    builder.AddRanges(extra);
    for (const auto& t : texts) builder.AddText(t.c_str());
    builder.BuildRanges(&ranges);
    ImFontConfig config;
    config.FontNo = face;
    config.OversampleH = 1;  // CJK glyphs are many: keep the atlas small
    config.OversampleV = 1;
    config.PixelSnapH = true;
    if (!io.Fonts->AddFontFromFileTTF(setup.file.c_str(), size_px, &config, ranges.Data)) {
        setup.warning = "could not load " + setup.file + "; the UI is English only";
        setup.file.clear();
        ImFontConfig fallback;
        fallback.SizePixels = size_px;
        io.Fonts->AddFontDefault(&fallback);
        return setup;
    }
    setup.japanese = true;
    return setup;
}

}  // namespace socsim::app

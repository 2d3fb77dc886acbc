// Fonts: a Japanese-capable font found through fontconfig, or ImGui's built-in font (English
// only) with a warning when the machine has none. No GL here: the atlas is built by ImGui and
// uploaded by whichever backend draws.
#pragma once

#include <string>
#include <vector>

namespace socsim::app {

struct FontSetup {
    bool japanese = false;   // a font with Japanese glyphs was loaded
    std::string file;        // its path
    std::string warning;     // why Japanese is off, for one line on stderr
};

// Adds the UI font to ImGui's atlas at `size_px`. `texts` are strings whose every character
// must be in the atlas (the catalogs), on top of the common Japanese ranges.
FontSetup load_fonts(float size_px, const std::vector<std::string>& texts);

// The file fontconfig offers for Japanese text, with its face index; empty if none covers it.
std::string find_japanese_font(int& face_index);

}  // namespace socsim::app

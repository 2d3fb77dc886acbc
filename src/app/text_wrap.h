// Wrapped text that also breaks Japanese. ImGui 1.86 wraps only at spaces, and a Japanese
// sentence has none, so long lines ran off the window. This breaks between any two CJK
// characters (and at spaces), keeping closing punctuation such as 。、) on the line before.
#pragma once

#include <string_view>

namespace socsim::app {

// Draws `text` wrapped to the remaining width of the window (or `wrap_width` when > 0).
void wrapped_text(std::string_view text, float wrap_width = 0.0f);

}  // namespace socsim::app

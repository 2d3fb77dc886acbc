// Wrapped text that also breaks Japanese. ImGui 1.86 wraps only at spaces, and a Japanese
// sentence has none, so long lines ran off the window. This breaks between any two CJK
// characters (and at spaces), keeping closing punctuation such as 。、) on the line before.
#pragma once

#include <string>
#include <string_view>

namespace socsim::app {

// Draws `text` wrapped to the remaining width of the window (or `wrap_width` when > 0).
void wrapped_text(std::string_view text, float wrap_width = 0.0f);

// An author's text written as a YAML block (a rule's description) as one flowing paragraph per
// blank-line-separated block: a single line break becomes a space, or nothing between two
// Japanese characters, so the panel wraps it to its own width instead of the file's.
std::string unfold_lines(std::string_view text);

}  // namespace socsim::app

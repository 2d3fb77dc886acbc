// Comparing a typed short answer with the accepted ones. A trainee on a Japanese keyboard may type
// ＤＮＳ (full-width), ｶﾞ (half-width katakana) or an ideographic space where the author wrote
// DNS, ガ or a plain space; these are the same answer and must not be marked wrong. The folding
// here is a small, fixed subset of Unicode NFKC chosen for that purpose, plus ASCII case folding
// and whitespace clean-up; it needs no ICU.
#pragma once

#include <string>
#include <string_view>

namespace socsim::quiz {

// The comparable form of a short answer:
//   - full-width ASCII (U+FF01..U+FF5E) becomes ASCII; the ideographic space U+3000 and the
//     no-break space U+00A0 become a space;
//   - half-width katakana and punctuation (U+FF61..U+FF9F) become full-width, and a voiced or
//     semi-voiced mark (ﾞ ﾟ, or the combining U+3099 U+309A) joins the kana before it (ｶﾞ -> ガ);
//   - ASCII letters are lower-cased (other scripts are left as they are);
//   - spaces, tabs and line breaks are trimmed at both ends and runs of them become one space.
// Bytes that are not valid UTF-8 are kept as they are, so two identical inputs always match.
std::string normalise_answer(std::string_view text);

// True when the two texts are the same answer once normalised.
bool same_answer(std::string_view typed, std::string_view accepted);

}  // namespace socsim::quiz

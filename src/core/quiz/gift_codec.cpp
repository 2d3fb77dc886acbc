// Moodle GIFT import and export (gift_codec.h). The reading follows what Moodle's GIFT importer
// does with a file, step by step, so a file that works there means the same here:
//   - questions are separated by blank lines; lines are trimmed; `//` lines are comments, and
//     Moodle's `[id:...]` and `[tag:...]` inside them are read (plus socsim's `[difficulty:N]`
//     and `[points:N]`, which Moodle ignores);
//   - `$CATEGORY: path` sets the category of the questions after it;
//   - `::title::` names a question (a `::` never closed is dropped, the rest being the question);
//     the answer block runs from the first unescaped `{` to the first unescaped `}` after it; text
//     after the block makes a missing-word prompt (_____); a `[html]`, `[plain]`, `[markdown]` or
//     `[moodle]` marker opening the question text is its text format;
//   - in the block, the last `####` starts the general feedback; `#` starts an answer's
//     feedback; `%50%` after `~` (and after `=` in short and numeric answers) is a weight in percent;
//   - the block's shape gives the type: `#` first is numeric; any `~` is a choice question, single
//     choice if it has any `=` (each worth 100%), multiple answer if not; `=` with `->` is matching;
//     T, TRUE, F, FALSE is true/false; anything else is short answer (`{beacon}` too).
// `\~ \= \# \{ \} \:` stand for the character, `\n` for a line break and `\\` for a backslash
// (Moodle's exporter writes `\\`; socsim reads it back as one backslash so a round trip is exact).
//
// [SECTION] Small text tools
// [SECTION] One question's text
// [SECTION] Reading answer blocks
// [SECTION] Import
// [SECTION] Export
#include "core/quiz/gift_codec.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <utility>
#include <vector>

#include "core/common/yaml_documents.h"
#include "core/quiz/text_match.h"

namespace socsim::quiz {
namespace {

constexpr double kWeightTolerance = 1e-6;  // as the YAML loader: weights that add up to 1
constexpr std::string_view kBlank = "_____";  // Moodle's missing-word gap
constexpr std::string_view kFormatMarkers[] = {"[html]", "[moodle]", "[plain]", "[markdown]"};

// ---------------------------------------------------------------------------------------------
// [SECTION] Small text tools
// ---------------------------------------------------------------------------------------------

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == '\0'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
    return s;
}

// Characters, not bytes, so a column after Japanese text matches an editor's.
int count_chars(std::string_view s) {
    int n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

// Moodle's text-format marker at the start of a text says how to render it. socsim shows texts as
// written, so the marker is taken off and the text kept (HTML included); the question text's
// marker is kept as the question's text_format, so that an export writes it back.
struct MarkedText {
    std::string format;  // "", "html", "plain" or "markdown" ("[moodle]" is Moodle's default: "")
    std::string text;
};

MarkedText split_format_marker(std::string s) {
    for (std::string_view marker : kFormatMarkers) {
        if (s.compare(0, marker.size(), marker) != 0) continue;
        std::string name(marker.substr(1, marker.size() - 2));
        if (name == "moodle") name.clear();
        return {std::move(name), std::string(trim(std::string_view(s).substr(marker.size())))};
    }
    return {"", std::move(s)};
}

std::string strip_format_marker(std::string s) { return split_format_marker(std::move(s)).text; }

bool starts_with_format_marker(std::string_view s) {
    return std::any_of(std::begin(kFormatMarkers), std::end(kFormatMarkers),
                       [s](std::string_view m) { return s.substr(0, m.size()) == m; });
}

// A number as GIFT writes it (3.14, -5, 1e3, +2); "inf" and "-inf" are read too, for the open
// ranges socsim can hold, and "*" means any number, as in Moodle.
std::optional<double> parse_number(std::string_view s) {
    s = trim(s);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    if (s.empty()) return std::nullopt;
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || std::isnan(v)) return std::nullopt;
    return v;
}

// A percentage between the two '%' of a weight ("50", "-33.3") as a share (0.5, -0.333). The
// decimal point is moved in the text, not by dividing, so that the shortest text export_gift
// writes for a weight reads back as exactly that weight.
std::optional<double> parse_percent(std::string_view s) {
    s = trim(s);
    std::string_view digits = s;
    if (!digits.empty() && digits.front() == '-') digits.remove_prefix(1);
    const size_t dot = digits.find('.');
    const std::string_view whole = digits.substr(0, dot);
    const std::string_view part = dot == std::string_view::npos ? std::string_view() : digits.substr(dot + 1);
    const auto all_digits = [](std::string_view d) {
        return std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (whole.empty() && part.empty()) return std::nullopt;
    if (!all_digits(whole) || !all_digits(part)) return std::nullopt;
    const std::string scientific = std::string(s) + "e-2";
    double v = 0;
    const auto [end, ec] = std::from_chars(scientific.data(), scientific.data() + scientific.size(), v);
    if (ec != std::errc() || end != scientific.data() + scientific.size()) return std::nullopt;
    return v;
}

// The shortest text that reads back as exactly `v`.
std::string number_text(double v) {
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    if (ec != std::errc()) return "0";
    return std::string(buffer, end);
}

// `w` (a share) as a percentage text: the shortest decimal of `w` with its point moved two places.
std::string percent_text(double w) {
    char buffer[512];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, w, std::chars_format::fixed);
    if (ec != std::errc()) return "0";
    std::string_view s(buffer, static_cast<size_t>(end - buffer));
    std::string sign;
    if (!s.empty() && s.front() == '-') {
        sign = "-";
        s.remove_prefix(1);
    }
    const size_t dot = s.find('.');
    std::string whole(s.substr(0, dot));
    std::string part = dot == std::string_view::npos ? std::string() : std::string(s.substr(dot + 1));
    while (part.size() < 2) part += '0';
    whole += part.substr(0, 2);
    part.erase(0, 2);
    while (whole.size() > 1 && whole.front() == '0') whole.erase(0, 1);
    while (!part.empty() && part.back() == '0') part.pop_back();
    std::string out = sign + whole;
    if (!part.empty()) out += "." + part;
    return out == "-0" ? "0" : out;
}

// A title or [id:] made into a question id: letters, digits, '-', '_' and '.' kept, anything else
// (spaces, punctuation, Japanese) becomes one '-'. Empty when nothing usable is left.
std::string make_id(std::string_view title) {
    std::string id;
    bool gap = false;
    for (char c : title) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                          c == '_' || c == '.';
        if (keep) {
            if (gap && !id.empty()) id += '-';
            gap = false;
            id += c;
        } else {
            gap = true;
        }
    }
    return id;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] One question's text
// ---------------------------------------------------------------------------------------------

// A problem in one question: where in its text (npos: the question as a whole) and what.
struct Problem {
    size_t offset;
    std::string message;
};

struct Range {
    size_t begin = 0;
    size_t end = 0;
    bool empty() const { return begin >= end; }
};

// The non-comment lines of one question, trimmed and joined with '\n' as Moodle does, with
// which characters a backslash escapes and where each line came from.
class QuestionText {
public:
    struct Line {
        size_t offset;  // where the line starts in text()
        int number;     // 1-based line in the file
        int column;     // 1-based column of its first character in the file
    };

    void add_line(std::string_view trimmed, int number, int column) {
        if (!lines_.empty()) text_ += '\n';
        lines_.push_back(Line{text_.size(), number, column});
        text_ += trimmed;
    }

    // Marks escaped characters; call once all lines are in.
    void finish() {
        escaped_.assign(text_.size(), false);
        for (size_t i = 0; i + 1 < text_.size(); ++i) {
            if (text_[i] == '\\') {
                escaped_[i + 1] = true;
                ++i;
            }
        }
    }

    const std::string& text() const { return text_; }
    const Line& first_line() const { return lines_.front(); }
    bool empty() const { return lines_.empty(); }

    int line_of(size_t offset) const {
        int number = lines_.front().number;
        for (const Line& l : lines_)
            if (l.offset <= offset) number = l.number;
        return number;
    }

    Range trim(Range r) const {
        while (r.begin < r.end && is_blank(text_[r.begin])) ++r.begin;
        while (r.end > r.begin && is_blank(text_[r.end - 1])) --r.end;
        return r;
    }

    // The first `what` in [from, to) none of whose characters is escaped, or npos.
    size_t find(std::string_view what, size_t from, size_t to) const {
        for (size_t i = from; i + what.size() <= to; ++i)
            if (matches_at(what, i)) return i;
        return std::string::npos;
    }
    size_t rfind(std::string_view what, size_t from, size_t to) const {
        for (size_t i = to; i >= from + what.size() && i >= what.size(); --i)
            if (matches_at(what, i - what.size())) return i - what.size();
        return std::string::npos;
    }

    bool is_escaped(size_t i) const { return escaped_[i]; }

    std::string_view raw(Range r) const { return std::string_view(text_).substr(r.begin, r.end - r.begin); }

    // The text of `r` with escapes resolved, trimmed unless asked not to.
    std::string unescape(Range r, bool trimmed = true) const {
        if (trimmed) r = trim(r);
        std::string out;
        out.reserve(r.end - r.begin);
        for (size_t i = r.begin; i < r.end; ++i) {
            const char c = text_[i];
            if (c == '\\' && i + 1 < r.end) {
                const char next = text_[i + 1];
                if (next == 'n') {
                    out += '\n';
                    ++i;
                    continue;
                }
                if (next == '\\' || next == '~' || next == '=' || next == '#' || next == '{' || next == '}' || next == ':') {
                    out += next;
                    ++i;
                    continue;
                }
            }
            out += c;  // an unknown escape such as \d is kept as written, as Moodle keeps it
        }
        return out;
    }

private:
    bool matches_at(std::string_view what, size_t i) const {
        if (text_.compare(i, what.size(), what) != 0) return false;
        for (size_t k = 0; k < what.size(); ++k)
            if (escaped_[i + k]) return false;
        return true;
    }

    std::string text_;
    std::vector<bool> escaped_;
    std::vector<Line> lines_;
};

// What the comment lines of a question say to socsim.
struct CommentFields {
    std::vector<std::string> tags;
    std::string id;
    std::optional<std::string> difficulty;
    std::optional<std::string> points;
};

// Reads `[name:value]` items from a comment line, where name is a lower-case word; a `]` inside a
// value is written `\]`. Other brackets ("see [1]") are left alone.
void read_comment(std::string_view line, CommentFields& out) {
    for (size_t i = line.find('['); i != std::string_view::npos; i = line.find('[', i + 1)) {
        size_t k = i + 1;
        while (k < line.size() && line[k] >= 'a' && line[k] <= 'z') ++k;
        if (k == i + 1 || k >= line.size() || line[k] != ':') continue;
        const std::string_view name = line.substr(i + 1, k - i - 1);
        std::string value;
        bool closed = false;
        for (++k; k < line.size() && !closed; ++k) {
            if (line[k] == '\\' && k + 1 < line.size() && line[k + 1] == ']') value += line[++k];
            else if (line[k] == ']') closed = true;
            else value += line[k];
        }
        if (!closed) return;
        const std::string v(trim(value));
        if (name == "tag" && !v.empty()) out.tags.push_back(v);
        else if (name == "id" && out.id.empty()) out.id = v;
        else if (name == "difficulty") out.difficulty = v;
        else if (name == "points") out.points = v;
        i = k - 1;
    }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Reading answer blocks
// ---------------------------------------------------------------------------------------------

// One answer of a block: the marker that opened it ('=' or '~') and what follows, up to the next.
struct Part {
    char marker;
    Range body;
};

// An answer's own pieces: an optional weight, its text and its optional feedback.
struct Answer {
    std::optional<double> weight;
    std::string text;
    std::string feedback;
    size_t offset;  // for messages
};

class BlockReader {
public:
    explicit BlockReader(const QuestionText& qt) : qt_(qt) {}

    // Splits `r` where an unescaped marker starts an answer. Text before the first marker is an
    // answer of its own (marker 0) when `leading_answer`, as Moodle reads `{beacon =ビーコン}`;
    // otherwise it is an error, as it belongs to no answer.
    std::vector<Part> split(Range r, std::string_view markers, bool leading_answer = false) const {
        std::vector<Part> parts;
        size_t start = std::string::npos;
        char marker = 0;
        for (size_t i = r.begin; i < r.end; ++i) {
            if (markers.find(qt_.text()[i]) == std::string_view::npos || qt_.is_escaped(i)) continue;
            if (start == std::string::npos) {
                const Range before = qt_.trim(Range{r.begin, i});
                if (!before.empty() && leading_answer)
                    parts.push_back(Part{0, before});
                else if (!before.empty())
                    throw Problem{before.begin, "text '" + std::string(qt_.raw(before)) +
                                                    "' comes before the first answer; expected each answer to start with " +
                                                    expected_markers(markers)};
            } else {
                parts.push_back(Part{marker, Range{start, i}});
            }
            marker = qt_.text()[i];
            start = i + 1;
        }
        if (start == std::string::npos) {
            const Range rest = qt_.trim(r);
            if (leading_answer && !rest.empty()) return {Part{0, rest}};
            throw Problem{rest.begin, "no answers in the block; expected answers starting with " + expected_markers(markers)};
        }
        parts.push_back(Part{marker, Range{start, r.end}});
        return parts;
    }

    // `%50%text#feedback`: the weight (checked against `lowest`..100), the text and the feedback.
    // Without `weighted` a leading `%50%` is part of the text, as Moodle reads the `=` answers of
    // a choice block.
    Answer answer(Range body, double lowest, bool weighted = true) const {
        Answer a;
        Range r = qt_.trim(body);
        a.offset = r.begin;
        if (weighted && !r.empty() && qt_.text()[r.begin] == '%') {
            const size_t close = qt_.text().find('%', r.begin + 1);
            if (close == std::string::npos || close >= r.end)
                throw Problem{r.begin, "the weight starting with '%' has no closing '%'; expected e.g. %50%"};
            const std::string_view inside = qt_.raw(Range{r.begin + 1, close});
            const std::optional<double> w = parse_percent(inside);
            if (!w)
                throw Problem{r.begin, "the weight '%" + std::string(inside) +
                                           "%' is not a number; expected a percentage such as %50% or %-33.3%"};
            if (*w < lowest - 1e-12 || *w > 1 + 1e-12)
                throw Problem{r.begin, "the weight '%" + std::string(inside) + "%' is outside " +
                                           percent_text(lowest) + "%..100%"};
            a.weight = *w;
            r.begin = close + 1;
        }
        const size_t hash = qt_.find("#", r.begin, r.end);
        if (hash != std::string::npos) {
            a.feedback = strip_format_marker(qt_.unescape(Range{hash + 1, r.end}));
            r.end = hash;
        }
        a.text = strip_format_marker(qt_.unescape(r));
        return a;
    }

private:
    static std::string expected_markers(std::string_view markers) {
        return markers == "=" ? "'='" : "'=' (right) or '~' (wrong)";
    }

    const QuestionText& qt_;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Import
// ---------------------------------------------------------------------------------------------

class GiftReader {
public:
    GiftReader(const std::string& text, std::string file, Lang lang) : text_(text), file_(std::move(file)), lang_(lang) {}

    Loaded<Bank> read();

private:
    std::string& side(LocalText& t) const { return lang_ == Lang::Ja ? t.ja : t.en; }
    const std::string& side(const LocalText& t) const { return lang_ == Lang::Ja ? t.ja : t.en; }
    void set(LocalText& t, std::string s) const { side(t) = std::move(s); }

    void read_group(const std::vector<std::pair<int, std::string_view>>& lines);
    Question question(const QuestionText& qt, const CommentFields& comments);
    void read_choices(Question& q, const QuestionText& qt, Range block);
    void read_true_false(Question& q, const QuestionText& qt, Range block);
    void read_short(Question& q, const QuestionText& qt, Range block);
    void read_numeric(Question& q, const QuestionText& qt, Range block);
    void read_matching(Question& q, const QuestionText& qt, Range block);
    std::string unique_id(std::string id);

    // A question read the way Moodle reads it, though its author may have meant something else.
    void warn(const QuestionText& qt, size_t offset, const std::string& message);

    const std::string& text_;
    std::string file_;
    Lang lang_;
    std::vector<Diagnostic> errors_;
    std::vector<Diagnostic> warnings_;
    std::vector<Question> questions_;
    std::set<std::string> ids_;
    std::string category_;
    int ordinal_ = 0;     // questions seen, for q1, q2...
    std::string title_;   // of the question being read, to name it in messages
};

Loaded<Bank> GiftReader::read() {
    std::string_view all = text_;
    if (all.substr(0, 3) == "\xEF\xBB\xBF") all.remove_prefix(3);  // UTF-8 byte order mark

    // Lines end at \n, \r\n or a lone \r; a run of non-blank lines is one question group.
    std::vector<std::pair<int, std::string_view>> group;
    int number = 0;
    size_t i = 0;
    while (i <= all.size()) {
        size_t end = all.find_first_of("\r\n", i);
        if (end == std::string_view::npos) end = all.size();
        const std::string_view line = all.substr(i, end - i);
        ++number;
        if (trim(line).empty()) {
            if (!group.empty()) read_group(group);
            group.clear();
        } else {
            group.emplace_back(number, line);
        }
        if (end == all.size()) break;
        i = end + ((all[end] == '\r' && end + 1 < all.size() && all[end + 1] == '\n') ? 2 : 1);
    }
    if (!group.empty()) read_group(group);

    Loaded<Bank> result;
    result.errors = std::move(errors_);
    result.warnings = std::move(warnings_);
    if (questions_.empty() && result.errors.empty())
        result.errors.push_back(Diagnostic{file_, 0, 0, "no questions found; expected GIFT questions such as 'What is 2+2? {=4 ~5}'"});
    if (!result.errors.empty()) return result;

    Bank bank;
    const std::string stem = std::filesystem::path(file_).stem().string();
    bank.id = make_id(stem);
    if (bank.id.empty()) bank.id = "imported";
    set(bank.title, stem.empty() ? bank.id : stem);
    bank.questions = std::move(questions_);
    bank.source_path = file_;
    result.value = std::move(bank);
    return result;
}

void GiftReader::read_group(const std::vector<std::pair<int, std::string_view>>& lines) {
    CommentFields comments;
    QuestionText qt;
    for (const auto& [number, line] : lines) {
        const std::string_view t = trim(line);
        if (t.substr(0, 2) == "//") {
            read_comment(t, comments);
            continue;
        }
        // A category line sets the category of what follows; Moodle wants it in a group of its
        // own, but a question right under it is read too rather than swallowed into the name.
        if (qt.empty() && t.substr(0, 10) == "$CATEGORY:") {
            category_ = std::string(trim(t.substr(10)));
            continue;
        }
        const size_t lead = static_cast<size_t>(t.data() - line.data());
        qt.add_line(t, number, count_chars(line.substr(0, lead)) + 1);
    }
    if (qt.empty()) return;  // only comments or a category
    qt.finish();
    ++ordinal_;
    title_.clear();
    try {
        questions_.push_back(question(qt, comments));
    } catch (const Problem& p) {
        const QuestionText::Line& start = qt.first_line();
        std::string message = p.message;
        if (p.offset != std::string::npos) {
            const int line = qt.line_of(p.offset);
            if (line != start.number) message += " (on line " + std::to_string(line) + ")";
        }
        const std::string name = title_.empty() ? "question " + std::to_string(ordinal_) : "question '" + title_ + "'";
        errors_.push_back(Diagnostic{file_, start.number, start.column, name + ": " + message});
    }
}

void GiftReader::warn(const QuestionText& qt, size_t offset, const std::string& message) {
    const QuestionText::Line& start = qt.first_line();
    std::string text = message;
    if (const int line = qt.line_of(offset); line != start.number) text += " (on line " + std::to_string(line) + ")";
    const std::string name = title_.empty() ? "question " + std::to_string(ordinal_) : "question '" + title_ + "'";
    warnings_.push_back(Diagnostic{file_, start.number, start.column, name + ": " + text});
}

std::string GiftReader::unique_id(std::string id) {
    if (id.empty()) id = "q" + std::to_string(ordinal_);
    std::string candidate = id;
    for (int n = 2; ids_.count(candidate); ++n) candidate = id + "-" + std::to_string(n);
    ids_.insert(candidate);
    return candidate;
}

Question GiftReader::question(const QuestionText& qt, const CommentFields& comments) {
    const std::string& t = qt.text();
    Question q;
    q.line = qt.first_line().number;

    size_t pos = 0;
    std::string title;
    if (t.compare(0, 2, "::") == 0) {
        // Moodle drops the opening '::' and, with no closing one, reads the rest as the question.
        pos = 2;
        const size_t close = qt.find("::", 2, t.size());
        if (close != std::string::npos) {
            title = qt.unescape(Range{2, close});
            title_ = title;
            pos = close + 2;
        }
    }

    // The answer block: first unescaped '{', then the first unescaped '}' after it.
    const size_t open = qt.find("{", pos, t.size());
    const size_t stray = qt.find("}", pos, open == std::string::npos ? t.size() : open);
    if (stray != std::string::npos)
        throw Problem{stray, "found '}' with no '{' before it; write \\} for a literal brace"};
    if (open == std::string::npos)
        throw Problem{std::string::npos, "no answer block; expected answers in {...} (text-only descriptions are not supported)"};
    const size_t close = qt.find("}", open + 1, t.size());
    if (close == std::string::npos)
        throw Problem{open, "the answer block opened with '{' is not closed; expected '}' before the next blank line"};

    // The prompt, with a gap where the block was when text follows it (missing-word format);
    // the text around the gap is kept as written.
    std::string prompt = qt.unescape(Range{pos, open});
    if (!qt.trim(Range{close + 1, t.size()}).empty())
        prompt = std::string(trim(qt.unescape(Range{pos, open}, false) + std::string(kBlank) +
                                  qt.unescape(Range{close + 1, t.size()}, false)));
    MarkedText marked = split_format_marker(std::move(prompt));
    if (marked.text.empty()) throw Problem{open, "the question has no text; expected text before the answer block"};
    set(q.prompt, std::move(marked.text));
    q.text_format = std::move(marked.format);

    // The id: Moodle's [id:], else the title, else the position.
    q.id = unique_id(make_id(!comments.id.empty() ? comments.id : title));

    Range block = qt.trim(Range{open + 1, close});
    const size_t general = qt.rfind("####", block.begin, block.end);
    if (general != std::string::npos) {
        set(q.explanation, strip_format_marker(qt.unescape(Range{general + 4, block.end})));
        block = qt.trim(Range{block.begin, general});
    }

    q.tags = comments.tags;
    if (!category_.empty()) q.tags.push_back("category:" + category_);
    if (comments.difficulty) {
        const std::optional<double> d = parse_number(*comments.difficulty);
        if (!d || (*d != 1 && *d != 2 && *d != 3))
            throw Problem{std::string::npos, "[difficulty:" + *comments.difficulty + "] in a comment; expected 1, 2 or 3"};
        q.difficulty = static_cast<int>(*d);
    }
    if (comments.points) {
        const std::optional<double> p = parse_number(*comments.points);
        if (!p || !(*p > 0) || std::isinf(*p))
            throw Problem{std::string::npos, "[points:" + *comments.points + "] in a comment; expected a number above 0"};
        q.points = *p;
    }

    const std::string_view inside = qt.raw(block);
    if (block.empty())
        throw Problem{open, "an empty answer block {} is an essay question, which socsim does not support; expected answers such as {=right ~wrong}"};
    if (inside.front() == '#') {
        read_numeric(q, qt, Range{block.begin + 1, block.end});
    } else if (qt.find("~", block.begin, block.end) != std::string::npos) {
        read_choices(q, qt, block);
    } else if (qt.find("=", block.begin, block.end) != std::string::npos &&
               qt.find("->", block.begin, block.end) != std::string::npos) {
        read_matching(q, qt, block);
    } else {
        // Moodle: T, TRUE, F or FALSE (before any '#' feedback) is true/false; anything else is a
        // short answer, `{beacon}` included.
        const size_t hash = qt.find("#", block.begin, block.end);
        const std::string_view word = trim(qt.raw(Range{block.begin, hash == std::string::npos ? block.end : hash}));
        if (word == "T" || word == "TRUE" || word == "F" || word == "FALSE") {
            read_true_false(q, qt, block);
        } else {
            read_short(q, qt, block);
            std::string upper(word);
            for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
            if (upper == "T" || upper == "TRUE" || upper == "F" || upper == "FALSE")
                warn(qt, block.begin, "{" + std::string(word) + "} is read as a short answer '" + std::string(word) +
                                          "', as Moodle does; true/false is written in capitals: {" + upper + "}");
        }
    }
    return q;
}

// `{=right ~wrong ~%50%half}`, as Moodle reads a choice block: any '=' makes it single choice
// ("one answer only") and every '=' answer is worth 100% (a weight written after '=' is not read:
// it stays part of the answer's text); with no '=', it is multiple answer and the '~' answers'
// weights, whose positive part must add up to 100%, decide.
void GiftReader::read_choices(Question& q, const QuestionText& qt, Range block) {
    const BlockReader reader(qt);
    const std::vector<Part> parts = reader.split(block, "=~");
    const bool single = std::any_of(parts.begin(), parts.end(), [](const Part& p) { return p.marker == '='; });
    std::vector<Answer> answers;
    for (const Part& p : parts) {
        const bool right = p.marker == '=';
        Answer a = reader.answer(p.body, -1, !right);
        if (a.text.empty()) throw Problem{a.offset, "an answer with no text; expected text after '" + std::string(1, p.marker) + "'"};
        a.weight = right ? 1.0 : a.weight.value_or(0.0);
        answers.push_back(std::move(a));
    }
    if (answers.size() < 2)
        throw Problem{block.begin, "a choice question with 1 answer; expected at least 2 (=right ~wrong)"};

    if (single) {
        q.type = QuestionType::SingleChoice;
    } else {
        q.type = QuestionType::MultipleAnswer;
        double positive = 0;
        for (const Answer& a : answers)
            if (*a.weight > 0) positive += *a.weight;
        if (positive == 0)
            throw Problem{block.begin, "no right answer; expected one '=' answer, or positive weights such as ~%50%"};
        if (std::abs(positive - 1.0) > kWeightTolerance)
            throw Problem{block.begin, "the positive weights add up to " + percent_text(positive) + "%; expected 100%"};
    }
    for (Answer& a : answers) {
        Choice c;
        set(c.text, std::move(a.text));
        c.weight = *a.weight;
        set(c.feedback, std::move(a.feedback));
        q.choices.push_back(std::move(c));
    }
}

// `{T}`, `{FALSE#feedback for a wrong answer#feedback for a right answer}`.
void GiftReader::read_true_false(Question& q, const QuestionText& qt, Range block) {
    q.type = QuestionType::TrueFalse;
    const size_t first = qt.find("#", block.begin, block.end);
    const size_t second = first == std::string::npos ? std::string::npos : qt.find("#", first + 1, block.end);
    const std::string_view word = trim(qt.raw(Range{block.begin, first == std::string::npos ? block.end : first}));
    const bool truth = word == "T" || word == "TRUE";
    std::string wrong_feedback, right_feedback;
    if (first != std::string::npos)
        wrong_feedback = strip_format_marker(qt.unescape(Range{first + 1, second == std::string::npos ? block.end : second}));
    if (second != std::string::npos) right_feedback = strip_format_marker(qt.unescape(Range{second + 1, block.end}));

    const std::vector<Choice> standard = true_false_choices(truth);
    for (const Choice& s : standard) {
        Choice c;
        set(c.text, lang_ == Lang::Ja ? s.text.ja : s.text.en);
        c.weight = s.weight;
        set(c.feedback, c.weight == 1 ? right_feedback : wrong_feedback);
        q.choices.push_back(std::move(c));
    }
}

// `{=beacon =%50%beaconing#close}`: accepted answers with optional weights and feedback. As in
// Moodle, text before the first '=' is an answer too: `{beacon}` accepts "beacon".
void GiftReader::read_short(Question& q, const QuestionText& qt, Range block) {
    q.type = QuestionType::ShortAnswer;
    const BlockReader reader(qt);
    bool full = false;
    for (const Part& p : reader.split(block, "=", true)) {
        Answer a = reader.answer(p.body, 0);
        if (normalise_answer(a.text).empty()) throw Problem{a.offset, "an accepted answer with no text; expected text after '='"};
        AcceptedAnswer accepted;
        accepted.text = std::move(a.text);
        accepted.weight = a.weight.value_or(1.0);
        set(accepted.feedback, std::move(a.feedback));
        if (std::abs(accepted.weight - 1.0) <= kWeightTolerance) full = true;
        q.accepted.push_back(std::move(accepted));
    }
    if (!full) throw Problem{block.begin, "no accepted answer is worth 100%; expected one written '=answer' or '=%100%answer'"};
}

// `{#3.14:0.01}`, `{#1..5}`, `{# =1822:0 =%50%1822:2 ~#feedback for anything else}`.
void GiftReader::read_numeric(Question& q, const QuestionText& qt, Range block) {
    q.type = QuestionType::Numeric;
    const BlockReader reader(qt);
    // From the first '~' on is Moodle's answer for any other number ('*', worth 0): its feedback is
    // what follows the first '#'; text between '~' and '#' is not read (Moodle ignores it too).
    std::optional<NumericAnswer> otherwise;
    const size_t tilde = qt.find("~", block.begin, block.end);
    if (tilde != std::string::npos) {
        const Range rest = qt.trim(Range{tilde + 1, block.end});
        NumericAnswer any{-std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(), 0, {}};
        const size_t hash = qt.find("#", rest.begin, rest.end);
        const Range ignored = qt.trim(Range{rest.begin, hash == std::string::npos ? rest.end : hash});
        if (!ignored.empty())
            warn(qt, ignored.begin, "'" + qt.unescape(ignored) +
                                        "' after '~' in a numeric block is not read, as in Moodle: '~' stands for any "
                                        "other number and its feedback follows '#', e.g. ~#Look again");
        if (hash != std::string::npos) set(any.feedback, strip_format_marker(qt.unescape(Range{hash + 1, rest.end})));
        otherwise = std::move(any);
        block.end = tilde;
    }
    block = qt.trim(block);

    // Answers start at '='; a first answer may come without one ({#3.14:0.01}).
    std::vector<Range> bodies;
    const size_t first_marker = qt.find("=", block.begin, block.end);
    const Range lead = qt.trim(Range{block.begin, first_marker == std::string::npos ? block.end : first_marker});
    if (!lead.empty()) bodies.push_back(lead);
    if (first_marker != std::string::npos)
        for (const Part& p : reader.split(Range{first_marker, block.end}, "=")) bodies.push_back(p.body);
    if (bodies.empty()) throw Problem{block.begin, "a numeric block with no number; expected e.g. {#3.14:0.01} or {#1..5}"};

    bool full = false;
    for (const Range& body : bodies) {
        Answer a = reader.answer(body, 0);
        NumericAnswer n;
        n.weight = a.weight.value_or(1.0);
        set(n.feedback, std::move(a.feedback));
        const std::string& spec = a.text;
        const size_t dots = spec.find("..");
        const size_t colon = spec.find(':');
        const auto number = [&](std::string_view s) {
            const std::optional<double> v = parse_number(s);
            if (!v)
                throw Problem{a.offset, "'" + std::string(trim(s)) + "' in the numeric answer '" + spec +
                                            "' is not a number; expected e.g. 3.14, 3.14:0.01 or 1..5"};
            return *v;
        };
        if (trim(spec) == "*") {
            n.min = -std::numeric_limits<double>::infinity();
            n.max = std::numeric_limits<double>::infinity();
        } else if (dots != std::string::npos && dots > 0) {
            n.min = number(std::string_view(spec).substr(0, dots));
            n.max = number(std::string_view(spec).substr(dots + 2));
            if (n.min > n.max)
                throw Problem{a.offset, "the range '" + spec + "' goes from a larger number to a smaller one; expected min..max"};
        } else if (colon != std::string::npos && colon > 0) {
            const double value = number(std::string_view(spec).substr(0, colon));
            const double tolerance = number(std::string_view(spec).substr(colon + 1));
            if (tolerance < 0)
                throw Problem{a.offset, "the margin in '" + spec + "' is negative; expected 0 or more"};
            n.min = value - tolerance;
            n.max = value + tolerance;
        } else {
            n.min = n.max = number(spec);
        }
        if (std::abs(n.weight - 1.0) <= kWeightTolerance) full = true;
        q.numeric.push_back(std::move(n));
    }
    if (!full) throw Problem{block.begin, "no numeric answer is worth 100%; expected one written without a weight or with %100%"};
    if (otherwise) q.numeric.push_back(std::move(*otherwise));
}

// `{=left -> right =left -> right}`: at least two pairs, every right item different.
void GiftReader::read_matching(Question& q, const QuestionText& qt, Range block) {
    q.type = QuestionType::Matching;
    const BlockReader reader(qt);
    for (const Part& p : reader.split(block, "=")) {
        const Range body = qt.trim(p.body);
        const size_t arrow = qt.find("->", body.begin, body.end);
        if (arrow == std::string::npos)
            throw Problem{body.begin, "the pair '" + std::string(qt.raw(body)) + "' has no '->'; expected =left -> right"};
        if (const size_t hash = qt.find("#", body.begin, body.end); hash != std::string::npos)
            throw Problem{hash, "matching pairs cannot carry '#' feedback; write \\# for a '#' in the text"};
        const std::string left = strip_format_marker(qt.unescape(Range{body.begin, arrow}));
        const std::string right = strip_format_marker(qt.unescape(Range{arrow + 2, body.end}));
        if (left.empty())
            throw Problem{body.begin, "a pair with no left item (a Moodle distractor) is not supported; expected =left -> right"};
        if (right.empty()) throw Problem{body.begin, "the pair '" + left + " ->' has no right item; expected =left -> right"};
        for (const MatchPair& earlier : q.pairs)
            if (side(earlier.right) == right)
                throw Problem{body.begin, "the right item '" + right + "' appears twice; expected every right item to differ"};
        MatchPair pair;
        set(pair.left, left);
        set(pair.right, right);
        q.pairs.push_back(std::move(pair));
    }
    if (q.pairs.size() < 2) throw Problem{block.begin, "a matching block with 1 pair; expected at least 2"};
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Export
// ---------------------------------------------------------------------------------------------

// A text as GIFT writes it: special characters escaped, line breaks as \n, and a protecting
// [moodle] marker when the text itself starts like a format marker (import strips one marker).
// `marked`: the caller writes a marker of its own first, so none is needed.
std::string escape(std::string_view s, bool marked = false) {
    std::string out;
    if (!marked && starts_with_format_marker(s)) out += "[moodle]";
    for (char c : s) {
        switch (c) {
            case '\\': out += "\\\\"; break;
            case '~': case '=': case '#': case '{': case '}': case ':':
                out += '\\';
                out += c;
                break;
            case '\n': out += "\\n"; break;
            case '\r': break;
            default: out += c;
        }
    }
    return out;
}

class GiftWriter {
public:
    explicit GiftWriter(Lang lang) : lang_(lang) {}

    std::string write(const Bank& bank);

private:
    const std::string& pick(const LocalText& t) const { return t.get(lang_); }
    void question(const Question& q);
    void choices(const Question& q);
    void true_false(const Question& q);
    void numeric(const Question& q);
    void accepted(const Question& q);
    void pairs(const Question& q);
    // An answer's text after its marker: a weight is written when asked for, or when the text
    // starts with '%' (which would otherwise read as a weight).
    void answer_line(char marker, std::optional<double> weight, std::string_view text, const LocalText& feedback);

    Lang lang_;
    std::string out_;
    std::string category_;
};

std::string GiftWriter::write(const Bank& bank) {
    std::string title = pick(bank.title);
    std::replace(title.begin(), title.end(), '\n', ' ');
    out_ += "// " + title + "\n";
    out_ += "// socsim quiz bank '" + bank.id + "', " + std::string(lang_code(lang_)) +
            "; format: docs/quiz-format.md\n\n";
    for (const Question& q : bank.questions) question(q);
    return out_;
}

void GiftWriter::answer_line(char marker, std::optional<double> weight, std::string_view text, const LocalText& feedback) {
    out_ += '\t';
    out_ += marker;
    if (!weight && !text.empty() && text.front() == '%') weight = marker == '=' ? 1.0 : 0.0;
    if (weight) out_ += "%" + percent_text(*weight) + "%";
    out_ += escape(text);
    if (!pick(feedback).empty()) out_ += "#" + escape(pick(feedback));
    out_ += '\n';
}

void GiftWriter::question(const Question& q) {
    std::string category;
    std::string comment;
    for (const std::string& tag : q.tags) {
        if (tag.compare(0, 9, "category:") == 0 && category.empty()) {
            category = tag.substr(9);
            continue;
        }
        std::string value;
        for (char c : tag) value += c == ']' ? std::string("\\]") : std::string(1, c);
        comment += " [tag:" + value + "]";
    }
    if (q.difficulty != 1) comment += " [difficulty:" + std::to_string(q.difficulty) + "]";
    if (q.points != 1) comment += " [points:" + number_text(q.points) + "]";
    if (category != category_) {
        out_ += "$CATEGORY: " + category + "\n\n";
        category_ = category;
    }
    if (!comment.empty()) out_ += "//" + comment + "\n";

    // Missing-word prompts put the block back where the gap was; a gap at the very end stays a
    // gap (import would not turn a block at the end into one).
    const std::string& prompt = pick(q.prompt);
    const size_t gap = prompt.find(kBlank);
    std::string before = prompt, after;
    if (gap != std::string::npos && !trim(std::string_view(prompt).substr(gap + kBlank.size())).empty()) {
        before = prompt.substr(0, gap);
        after = prompt.substr(gap + kBlank.size());
    }
    // The question's text format as Moodle's marker, so that a round trip keeps it.
    out_ += "::" + q.id + "::";
    if (!q.text_format.empty()) out_ += "[" + q.text_format + "]";
    out_ += escape(before, !q.text_format.empty());
    if (after.empty()) out_ += " ";
    out_ += "{";
    switch (q.type) {
        case QuestionType::SingleChoice:
        case QuestionType::MultipleAnswer: choices(q); break;
        case QuestionType::TrueFalse: true_false(q); break;
        case QuestionType::Numeric: numeric(q); break;
        case QuestionType::ShortAnswer: accepted(q); break;
        case QuestionType::Matching: pairs(q); break;
    }
    if (!pick(q.explanation).empty()) out_ += "\t####" + escape(pick(q.explanation)) + "\n";
    out_ += "}" + escape(after) + "\n\n";
}

void GiftWriter::choices(const Question& q) {
    out_ += '\n';
    for (const Choice& c : q.choices) {
        // Each choice worth 1 of a single-choice question is an '=' answer, written with no weight
        // (Moodle reads a '%' after '=' as text); every other choice, and every choice of a
        // multiple-answer question (which has no '='), is '~' with its weight.
        if (q.type == QuestionType::SingleChoice && c.weight == 1) {
            out_ += "\t=" + escape(pick(c.text));
            if (!pick(c.feedback).empty()) out_ += "#" + escape(pick(c.feedback));
            out_ += '\n';
        } else {
            answer_line('~', c.weight == 0 ? std::nullopt : std::optional<double>(c.weight), pick(c.text), c.feedback);
        }
    }
}

void GiftWriter::true_false(const Question& q) {
    // The first choice is "true"; the question's answer is whichever is worth 1.
    const bool truth = !q.choices.empty() && q.choices[0].weight == 1;
    const size_t right = truth ? 0 : 1;
    const auto feedback = [&](size_t i) { return i < q.choices.size() ? escape(pick(q.choices[i].feedback)) : std::string(); };
    const std::string right_feedback = feedback(right), wrong_feedback = feedback(1 - right);
    out_ += truth ? "TRUE" : "FALSE";
    if (!wrong_feedback.empty() || !right_feedback.empty()) out_ += "#" + wrong_feedback;
    if (!right_feedback.empty()) out_ += "#" + right_feedback;
    out_ += '\n';
}

void GiftWriter::numeric(const Question& q) {
    out_ += "#\n";
    const NumericAnswer* otherwise = nullptr;
    for (const NumericAnswer& a : q.numeric) {
        // One "any other number" answer worth nothing is Moodle's '~#feedback'.
        if (!otherwise && a.weight == 0 && std::isinf(a.min) && a.min < 0 && std::isinf(a.max) && a.max > 0) {
            otherwise = &a;
            continue;
        }
        // value:margin (what Moodle writes) when it gives exactly the same bounds back and is not
        // longer than min..max; binary fractions make 3.14:0.01 a range of 3.1300000000000003..3.15.
        const double value = a.min / 2 + a.max / 2, margin = a.max / 2 - a.min / 2;
        std::string range = number_text(a.min) + ".." + number_text(a.max);
        if (a.min == a.max) {
            range = number_text(a.min);
        } else if (std::isfinite(value) && std::isfinite(margin) && value - margin == a.min && value + margin == a.max) {
            std::string centred = number_text(value) + ":" + number_text(margin);
            if (centred.size() <= range.size()) range = std::move(centred);
        }
        out_ += "\t=";
        if (a.weight != 1) out_ += "%" + percent_text(a.weight) + "%";
        out_ += range;
        if (!pick(a.feedback).empty()) out_ += "#" + escape(pick(a.feedback));
        out_ += '\n';
    }
    if (otherwise) {
        out_ += "\t~";
        if (!pick(otherwise->feedback).empty()) out_ += "#" + escape(pick(otherwise->feedback));
        out_ += '\n';
    }
}

void GiftWriter::accepted(const Question& q) {
    out_ += '\n';
    for (const AcceptedAnswer& a : q.accepted)
        answer_line('=', a.weight == 1 ? std::nullopt : std::optional<double>(a.weight), a.text, a.feedback);
}

void GiftWriter::pairs(const Question& q) {
    out_ += '\n';
    for (const MatchPair& p : q.pairs) out_ += "\t=" + escape(pick(p.left)) + " -> " + escape(pick(p.right)) + "\n";
}

}  // namespace

Loaded<Bank> import_gift(const std::string& text, const std::string& file_name, Lang lang) {
    return GiftReader(text, file_name, lang).read();
}

Loaded<Bank> import_gift_file(const std::filesystem::path& path, Lang lang) {
    const std::string name = path.string();
    Loaded<Bank> result;
    auto fail = [&](int line, int column, std::string message) {
        result.errors.push_back(Diagnostic{name, line, column, std::move(message)});
        return result;
    };
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) return fail(0, 0, "cannot open the GIFT file: no such file");
    if (std::filesystem::is_directory(status)) return fail(0, 0, "cannot open the GIFT file: it is a folder, not a file");
    // A device or a pipe (/dev/zero, a FIFO) would be read forever.
    if (!std::filesystem::is_regular_file(status))
        return fail(0, 0, "cannot open the GIFT file: it is not a regular file (a device or a pipe?)");
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > kMaxGiftBytes)
        return fail(0, 0, "the file is " + std::to_string(size / (1024 * 1024)) + " MiB; a GIFT file may be at most 16 MiB");
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(0, 0, "cannot open the GIFT file: it is not readable (check its permissions)");
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) return fail(0, 0, "cannot read the GIFT file: the read failed part way");
    const std::string text = content.str();
    try {
        check_text(text);
    } catch (const YamlRefused& e) {
        return fail(e.mark.line + 1, e.mark.column + 1, e.what());
    }
    return import_gift(text, name, lang);
}

std::string export_gift(const Bank& bank, Lang lang) { return GiftWriter(lang).write(bank); }

}  // namespace socsim::quiz

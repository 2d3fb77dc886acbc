// A trainee's way through a guide (see guide.h).
#include "core/guide/guide.h"

#include <algorithm>

#include "core/attempt/attempt.h"

namespace socsim::guide {

using scenario::GuideGoalKind;

GuideRun::GuideRun(const Attempt& attempt)
    : steps_(attempt.scenario().guide), roles_(roles_of(attempt.scenario())), done_(steps_.size(), false) {}

std::string GuideRun::host_of(const std::string& role) const { return role == "victim" ? roles_.victim : role; }
std::string GuideRun::domain_of(const std::string& role) const { return role == "c2_domain" ? roles_.c2_domain : role; }

namespace {

// `name` is `domain` or a name under it (api.example.net is under example.net).
bool under(std::string_view name, std::string_view domain) {
    if (domain.empty() || name.size() < domain.size()) return false;
    if (name.size() == domain.size()) return name == domain;
    return name.substr(name.size() - domain.size()) == domain && name[name.size() - domain.size() - 1] == '.';
}

}  // namespace

bool GuideRun::shown(const Attempt& attempt, const GuideView& view, const scenario::GuideGoal& goal) {
    if (!view.log_rows) return false;
    logs::Source source = logs::Source::Dns;
    for (int i = 0; i < logs::kSourceCount; ++i)
        if (goal.source == logs::source_name(static_cast<logs::Source>(i))) source = static_cast<logs::Source>(i);
    if (view.log_source != source) return false;
    const logs::LogStore& store = attempt.engine().logs();
    const std::vector<std::uint32_t>& rows = *view.log_rows;
    // Looking at everything is not looking at the victim: the view must be narrowed by a filter.
    if (rows.empty() || rows.size() >= store.of(source).size()) return false;

    const bool same_view = seen_rows_ == &rows && seen_source_ == source && seen_step_ == current_ &&
                           seen_count_ > 0 && rows.size() >= seen_count_ && rows[seen_count_ - 1] == seen_last_;
    std::size_t from = same_view ? seen_count_ : 0;
    if (!same_view) seen_match_ = false;
    const std::string host = host_of(goal.host);
    const int host_index = host.empty() ? -1 : attempt.scenario().host_index(host);
    const std::string domain = domain_of(goal.query);
    for (std::size_t i = from; i < rows.size() && !seen_match_; ++i) {
        const logs::Event& e = store.at(rows[i]);
        if (host_index >= 0 && e.host != host_index) continue;
        if (!domain.empty() && !under(store.text(e), domain)) continue;
        seen_match_ = true;
    }
    seen_rows_ = &rows;
    seen_source_ = source;
    seen_step_ = current_;
    seen_count_ = rows.size();
    seen_last_ = rows.back();
    return seen_match_;
}

bool GuideRun::goal_met(const Attempt& attempt, const GuideView& view, const scenario::GuideGoal& goal) {
    switch (goal.kind) {
        case GuideGoalKind::Next: return true;
        case GuideGoalKind::Time: return attempt.clock().now() >= attempt.clock().start() + goal.at;
        case GuideGoalKind::Opened:
            return std::find(view.open_panels.begin(), view.open_panels.end(), goal.target) != view.open_panels.end();
        case GuideGoalKind::Shown: return shown(attempt, view, goal);
        case GuideGoalKind::Isolated: return attempt.is_isolated(host_of(goal.target));
        case GuideGoalKind::Blocked: return attempt.engine().world().domain_blocked(domain_of(goal.target));
        case GuideGoalKind::Pinned: {
            const auto pins = attempt.pins();
            if (goal.target != "victim") return !pins.empty();
            const int index = attempt.scenario().host_index(roles_.victim);
            return std::any_of(pins.begin(), pins.end(), [&](const Attempt::Pinned& p) {
                return index >= 0 && p.record < attempt.engine().logs().size() &&
                       attempt.engine().logs().at(p.record).host == index;
            });
        }
        case GuideGoalKind::ReportSubmitted: return attempt.report().has_value();
    }
    return false;
}

void GuideRun::update(const Attempt& attempt, const GuideView& view) {
    if (steps_.empty() || done_[current_]) return;
    if (goal_met(attempt, view, steps_[current_].done)) done_[current_] = true;
}

bool GuideRun::next() {
    if (steps_.empty() || !done_[current_] || is_last()) return false;
    ++current_;
    return true;
}

bool GuideRun::back() {
    if (current_ == 0) return false;
    --current_;
    return true;
}

namespace {

// A YAML block (`|`) ends with a line break; on screen it would be an empty line.
std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
}

}  // namespace

std::string GuideRun::title(Lang lang) const {
    return steps_.empty() ? std::string() : trimmed(fill(step().title.get(lang), roles_, lang));
}
std::string GuideRun::body(Lang lang) const {
    return steps_.empty() ? std::string() : trimmed(fill(step().body.get(lang), roles_, lang));
}
std::string GuideRun::show_filter() const {
    return steps_.empty() ? std::string() : fill(step().show_filter, roles_, Lang::En);
}

}  // namespace socsim::guide

// Guided mode: a trainee's way through a scenario's guide (Scenario::guide), one step at a time.
//
// Staff who are not security specialists play the same scenario as everyone, with prompts that
// point at a panel and say in plain words what it shows. A step is done when its goal holds in
// the attempt's world and journal (the clock reached a time, the victim is isolated, a record is
// pinned, the report is in) or on the trainee's screen (a panel in front, the logs narrowed to
// the victim's records), which the front end reports as a `GuideView` since the core cannot see
// it. A step once done stays done; the trainee moves on with Next and may go Back to reread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/guide/roles.h"
#include "core/logs/event.h"
#include "core/scenario/scenario.h"

namespace socsim {
class Attempt;
}

namespace socsim::guide {

// What the trainee has on screen this frame, as the front end tells it.
struct GuideView {
    std::vector<std::string> open_panels;            // panels drawn and in front ("logs", "devices"...)
    logs::Source log_source = logs::Source::Dns;     // the log explorer's source tab
    const std::vector<std::uint32_t>* log_rows = nullptr;  // the records its filter lets through (null: logs not shown)
};

class GuideRun {
public:
    // Follows the guide of the scenario `attempt` plays (its variant: the roles it fills).
    explicit GuideRun(const Attempt& attempt);

    std::size_t size() const { return steps_.size(); }
    std::size_t current() const { return current_; }
    const scenario::GuideStep& step() const { return steps_[current_]; }
    bool done(std::size_t step) const { return step < done_.size() && done_[step]; }
    // The current step is done (a reading step always is), so Next may go on.
    bool can_go_next() const { return done(current_); }
    bool is_last() const { return current_ + 1 >= steps_.size(); }

    // Evaluates the current step's goal against the attempt and what is on screen.
    void update(const Attempt& attempt, const GuideView& view);
    // Moves on when the current step is done; false (and stays) otherwise or at the last step.
    bool next();
    bool back();

    // The step's words for this trainee: placeholders filled from the variant.
    std::string title(Lang lang) const;
    std::string body(Lang lang) const;
    std::string show_filter() const;  // the "Show me" filter, filled in (empty: none)
    const Roles& roles() const { return roles_; }

private:
    bool shown(const Attempt& attempt, const GuideView& view, const scenario::GuideGoal& goal);
    bool goal_met(const Attempt& attempt, const GuideView& view, const scenario::GuideGoal& goal);
    std::string host_of(const std::string& role) const;
    std::string domain_of(const std::string& role) const;

    std::vector<scenario::GuideStep> steps_;
    Roles roles_;
    std::vector<bool> done_;
    std::size_t current_ = 0;
    // The shown goal looks through the log view's rows; it looks again only at rows it has not
    // seen, so a long log costs once, not every frame.
    const std::vector<std::uint32_t>* seen_rows_ = nullptr;
    logs::Source seen_source_ = logs::Source::Dns;
    std::size_t seen_count_ = 0;
    std::uint32_t seen_last_ = 0;        // the last row looked at: a refiltered view no longer ends with it
    std::size_t seen_step_ = 0;
    bool seen_match_ = false;
};

}  // namespace socsim::guide

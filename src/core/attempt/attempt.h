// An attempt: one trainee playing one scenario with one seed, from briefing to score.
//
// This is the single path both the GUI and the command line drive: it owns the engine and the
// clock, journals every accepted action to the database the moment it is taken, grades quiz
// answers, and computes and stores the score. An attempt is (scenario hash, seed, journal): the
// engine is deterministic, so replaying the journal reproduces the world exactly.
//
// When the scenario ships detection rules, the attempt also runs them over the records as the
// clock brings them (only what the trainee can see), keeps the alert queue, and journals the
// trainee's triage of each alert, which the score compares with the ground truth.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/detect/alert_truth.h"
#include "core/detect/rule.h"
#include "core/quiz/question.h"
#include "core/quiz/session.h"
#include "core/report/incident_report.h"
#include "core/scenario/scenario.h"
#include "core/score/score.h"
#include "core/sim/clock.h"
#include "core/sim/engine.h"

namespace socsim::store {
class Database;
}

namespace socsim {

struct TimelineEntry {
    SimTime time = 0;
    bool truth = false;      // true: what really happened; false: what the trainee did
    std::string key;         // catalog key
    TextArgs args;
};

class Attempt {
public:
    // Starts an attempt. With a database, it is recorded there (trainee created if new).
    Attempt(std::shared_ptr<const scenario::Scenario> scenario, std::uint64_t seed, store::Database* db,
            const std::string& trainee, const std::string& mode = "play");
    ~Attempt();

    // Resumes an interrupted attempt kept in `db`: its journal replays through the engine, so the
    // world is exactly as it was at the last action, and its answers and report come back.
    // Throws store::StoreError with a message when the attempt is unknown, already finished, or was
    // played on another version of the scenario file (the replay would not be the same world).
    static std::unique_ptr<Attempt> resume(std::shared_ptr<const scenario::Scenario> scenario, store::Database& db,
                                           std::int64_t attempt_id);
    // The same replay of any attempt, finished or not, to read it (reports): nothing is written to
    // the database, and acting on the result changes only the copy in memory.
    static std::unique_ptr<Attempt> reopen(std::shared_ptr<const scenario::Scenario> scenario, const store::Database& db,
                                           std::int64_t attempt_id);

    // The scenario as this trainee plays it: the variant for the attempt's seed (scenario/variant.h).
    const scenario::Scenario& scenario() const { return engine_->scenario(); }
    std::uint64_t seed() const { return seed_; }
    std::int64_t id() const { return id_; }  // database id, 0 without a database
    // How it is played, as recorded in the store: "play", "guided" (with the scenario's guide), "demo".
    const std::string& mode() const { return mode_; }
    sim::Engine& engine() { return *engine_; }
    const sim::Engine& engine() const { return *engine_; }
    sim::SimClock& clock() { return clock_; }
    const sim::SimClock& clock() const { return clock_; }

    // Moves the clock by real elapsed seconds and generates the logs up to the new time.
    void tick(double real_seconds);
    // Jumps the clock (and the logs) forward to `t`.
    void advance_to(SimTime t);

    // Takes an action now. Accepted actions are journaled before this returns. `verdict` is a
    // Triage's (detect::verdict_name); other kinds take none.
    sim::ActionResult act(sim::ActionKind kind, const std::string& target, const std::string& note = {},
                          const std::string& verdict = {});
    const std::vector<sim::Action>& journal() const { return journal_; }
    bool is_isolated(const std::string& hostname) const;

    // The scenario is over for the trainee: they ended it or time ran out.
    bool ended() const { return ended_ || clock_.finished(); }

    // The end-of-scenario quiz (nullptr when the scenario has none or it failed to load).
    const quiz::Bank* quiz() const { return quiz_.get(); }
    quiz::Session* quiz_session() { return quiz_session_.get(); }
    // Evidence: pins a log record (journaled as a Pin action) with the trainee's note.
    sim::ActionResult pin(std::uint32_t record, const std::string& note);
    struct Pinned {
        std::uint32_t record;
        std::string note;
        SimTime at;
    };
    std::vector<Pinned> pins() const;  // in the order pinned
    bool is_pinned(std::uint32_t record) const;

    // The alert queue: every alert the scenario's rules raised so far, in the order raised
    // (empty when the scenario ships no rules). alerts_revision() changes when one is raised or updated.
    const std::vector<detect::Alert>& alerts() const;
    std::uint64_t alerts_revision() const;
    bool has_rules() const { return rule_engine_ != nullptr; }
    const detect::Rule& rule_of(const detect::Alert& alert) const { return rule_engine_->rules()[alert.rule]; }
    const detect::Alert* find_alert(std::uint32_t number) const;
    // Triage: the trainee's verdict on alert `number`, with a note (journaled as a Triage action).
    // Judging an alert again replaces the verdict; the last one counts.
    sim::ActionResult triage(std::uint32_t number, detect::Verdict verdict, const std::string& note);
    struct Triaged {
        detect::Verdict verdict;
        std::string note;
        SimTime at;
    };
    std::optional<Triaged> triage_of(std::uint32_t number) const;
    std::size_t untriaged() const;  // alerts without a verdict yet
    // The verdict that stands on each alert, by position in alerts() (for the queue's column and order).
    std::vector<std::optional<detect::Verdict>> verdicts() const;

    // Submits the incident report: it is stored, and the scenario ends.
    sim::ActionResult submit_report(const report::IncidentReport& report);
    const std::optional<report::IncidentReport>& report() const { return report_; }

    // A checkpoint whose trigger happened and that is not answered yet (the front end shows it and
    // holds the clock), or nullptr. Triggers: start, first_evidence, first_isolation, report_submitted.
    quiz::Session* pending_checkpoint();
    // The trainee has seen the checkpoint's feedback: back to the workspace.
    void close_checkpoint();
    const std::vector<Diagnostic>& quiz_errors() const { return quiz_errors_; }
    // Grades and stores one answer. The first answer stands: its feedback has been seen.
    // With `calendar_now` (real time, from the front end), the answer also updates the trainee's
    // spaced-review card, so a question missed in a scenario comes back in Review.
    std::optional<quiz::Grade> answer(const std::string& question_id, const quiz::Response& response,
                                      std::optional<SimTime> calendar_now = std::nullopt);
    std::optional<quiz::Grade> grade_of(const std::string& question_id) const;
    std::optional<quiz::Response> response_of(const std::string& question_id) const;
    score::QuizResult quiz_result() const;

    // Computes the score, stores it and closes the attempt. Calling again returns the same score.
    const score::Score& finish();
    const std::optional<score::Score>& score() const { return score_; }

    // What really happened beside what the trainee did, in time order, for the debrief.
    std::vector<TimelineEntry> timeline() const;
    // One of the trainee's actions as a timeline line: what the debrief, the host view and the
    // report's "actions taken" say of it, in either language.
    TimelineEntry describe(const sim::Action& action) const;

private:
    std::shared_ptr<const scenario::Scenario> scenario_;
    std::uint64_t seed_;
    std::string mode_;
    store::Database* db_;
    std::int64_t id_ = 0;
    std::int64_t trainee_id_ = 0;
    bool replaying_ = false;  // resume: the journal is being replayed, nothing is written again
    std::unique_ptr<sim::Engine> engine_;
    std::unique_ptr<detect::RuleEngine> rule_engine_;  // null: the scenario ships no rules
    sim::SimClock clock_;
    std::vector<sim::Action> journal_;
    bool ended_ = false;
    std::unique_ptr<quiz::Bank> quiz_;             // owned here; the session points into it
    std::unique_ptr<quiz::Session> quiz_session_;
    struct CheckpointState {
        std::string trigger;
        std::unique_ptr<quiz::Session> session;
        bool fired = false;
        bool closed = false;
        bool asked = false;  // fired while the trainee could still answer it
    };
    std::vector<CheckpointState> checkpoints_;
    void fire(const std::string& trigger);
    // resume() and reopen(): the journal, answers and report replayed; `writing` keeps the
    // database attached afterwards.
    static std::unique_ptr<Attempt> replay(std::shared_ptr<const scenario::Scenario> scenario, const store::Database& db,
                                           std::int64_t attempt_id, store::Database* writing);
    void advance_engine();  // the engine to the clock's now, then the rules over the new records
    std::vector<quiz::Session*> sessions() const;  // end quiz and checkpoints: where answers go
    std::vector<Diagnostic> quiz_errors_;
    std::optional<score::Score> score_;
    std::optional<report::IncidentReport> report_;
};

}  // namespace socsim

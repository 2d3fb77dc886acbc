// The attempt: engine + clock + journal + quiz + score, recorded as it happens (see attempt.h).
#include "core/attempt/attempt.h"

#include <algorithm>
#include <charconv>
#include <filesystem>

#include "core/quiz/review_schedule.h"
#include "core/store/database.h"

namespace socsim {

Attempt::Attempt(std::shared_ptr<const scenario::Scenario> scenario, std::uint64_t seed, store::Database* db,
                 const std::string& trainee, const std::string& mode)
    : scenario_(std::move(scenario)),
      seed_(seed),
      mode_(mode),
      db_(db),
      engine_(std::make_unique<sim::Engine>(*scenario_, seed)),
      clock_(engine_->start(), engine_->end()) {
    // The rules read the engine's store: the records the trainee sees, never the truth beside them.
    if (engine_->scenario().rules)
        rule_engine_ = std::make_unique<detect::RuleEngine>(*engine_->scenario().rules, engine_->scenario(), engine_->logs());
    if (!scenario_->quiz.empty()) {
        const auto path = std::filesystem::path(scenario_->source_path).parent_path() / scenario_->quiz;
        auto loaded = quiz::load_bank_file(path);
        if (loaded.ok()) {
            quiz_ = std::make_unique<quiz::Bank>(std::move(*loaded.value));
            quiz::SessionOptions options;
            options.mode = quiz::Mode::Checkpoint;
            options.seed = seed_;
            options.only = scenario_->quiz_questions;  // empty: the whole bank
            quiz_session_ = std::make_unique<quiz::Session>(*quiz_, options);
            for (const auto& c : scenario_->checkpoints) {
                options.only = c.questions;
                checkpoints_.push_back({c.trigger, std::make_unique<quiz::Session>(*quiz_, options), false, false});
            }
        }
        quiz_errors_ = std::move(loaded.errors);
    }
    if (db_) {
        const auto trainee_id = db_->ensure_trainee(trainee);
        trainee_id_ = trainee_id;
        store::AttemptInfo info{scenario_->id, scenario_->content_hash, seed_, mode};
        info.bank_id = quiz_ ? quiz_->id : "";  // the end quiz's answers count in the bank's item statistics
        id_ = db_->begin_attempt(trainee_id, info);
    }
    advance_engine();
    fire("start");
}

Attempt::~Attempt() = default;

std::unique_ptr<Attempt> Attempt::resume(std::shared_ptr<const scenario::Scenario> scenario, store::Database& db,
                                         std::int64_t attempt_id) {
    const auto summary = db.attempt(attempt_id);
    const std::string where = db.path().string() + ": attempt " + std::to_string(attempt_id);
    if (summary && summary->status != store::AttemptStatus::InProgress) throw store::StoreError(where + " is already finished");
    return replay(std::move(scenario), db, attempt_id, &db);
}

std::unique_ptr<Attempt> Attempt::reopen(std::shared_ptr<const scenario::Scenario> scenario, const store::Database& db,
                                         std::int64_t attempt_id) {
    return replay(std::move(scenario), db, attempt_id, nullptr);
}

std::unique_ptr<Attempt> Attempt::replay(std::shared_ptr<const scenario::Scenario> scenario, const store::Database& db,
                                         std::int64_t attempt_id, store::Database* writing) {
    const auto summary = db.attempt(attempt_id);
    const std::string where = db.path().string() + ": attempt " + std::to_string(attempt_id);
    if (!summary) throw store::StoreError(where + " does not exist");
    if (summary->scenario_id != scenario->id || summary->scenario_hash != scenario->content_hash)
        throw store::StoreError(where + " was played on another version of scenario '" + summary->scenario_id +
                                "': replaying it on this one would not give the same world");
    // A new object on the same record: the constructor must not begin another attempt.
    std::unique_ptr<Attempt> a(new Attempt(scenario, summary->seed, nullptr, summary->trainee, summary->mode));
    a->db_ = writing;
    a->id_ = attempt_id;
    if (writing) a->trainee_id_ = writing->ensure_trainee(summary->trainee);
    a->replaying_ = true;
    for (const auto& action : db.journal(attempt_id)) {
        a->advance_to(action.time);
        if (action.kind == sim::ActionKind::EndScenario && db.report(attempt_id)) continue;  // the report ends it below
        a->act(action.kind, action.target, action.note, action.verdict);
    }
    for (const auto& answer : db.answers(attempt_id))
        a->answer(answer.question_id, quiz::Response{answer.selected, answer.number, answer.text});
    if (const auto stored = db.report(attempt_id)) {
        const auto parsed = report::from_json(*stored, where);
        if (!parsed.ok()) throw store::StoreError(parsed.errors.front().to_string());
        a->submit_report(*parsed.value);
    }
    // Checkpoints answered before the interruption are closed again; an unanswered one is asked.
    for (auto& c : a->checkpoints_) {
        if (!c.fired || c.closed) continue;
        bool all = true;
        for (std::size_t i = 0; i < c.session->size(); ++i) all = all && c.session->item(i).grade.has_value();
        if (all) {
            c.closed = true;
            c.session->finish();
        }
    }
    a->replaying_ = false;
    a->clock_.set_paused(true);  // the trainee chooses when the clock runs again
    return a;
}

void Attempt::fire(const std::string& trigger) {
    for (auto& c : checkpoints_) {
        if (c.trigger != trigger) continue;
        c.fired = true;
        c.asked = !c.closed;  // a checkpoint closed at the end of the scenario is never shown
    }
}

quiz::Session* Attempt::pending_checkpoint() {
    for (auto& c : checkpoints_)
        if (c.fired && !c.closed) return c.session.get();
    return nullptr;
}

void Attempt::close_checkpoint() {
    for (auto& c : checkpoints_) {
        if (c.fired && !c.closed) {
            c.closed = true;
            c.session->finish();
            return;
        }
    }
}

std::vector<quiz::Session*> Attempt::sessions() const {
    std::vector<quiz::Session*> out;
    for (const auto& c : checkpoints_) out.push_back(c.session.get());
    if (quiz_session_) out.push_back(quiz_session_.get());
    return out;
}

void Attempt::advance_engine() {
    engine_->advance_to(clock_.now());
    if (rule_engine_) rule_engine_->consume();
}

void Attempt::tick(double real_seconds) {
    if (ended()) return;
    clock_.tick(real_seconds);
    advance_engine();
}

void Attempt::advance_to(SimTime t) {
    if (ended_) return;
    clock_.advance_to(t);
    advance_engine();
}

sim::ActionResult Attempt::act(sim::ActionKind kind, const std::string& target, const std::string& note,
                               const std::string& verdict) {
    if (ended_) return {false, "action.attempt_ended"};
    if (kind == sim::ActionKind::Triage) {
        // Only an alert the queue shows can be judged, and only with one of the three verdicts.
        std::uint32_t number = 0;
        const auto [ptr, ec] = std::from_chars(target.data(), target.data() + target.size(), number);
        if (target.empty() || ec != std::errc() || ptr != target.data() + target.size() || !find_alert(number))
            return {false, "action.unknown_alert"};
        if (!detect::parse_verdict(verdict)) return {false, "action.bad_verdict"};
    } else if (!verdict.empty()) {
        return {false, "action.unknown"};
    }
    sim::Action action{clock_.now(), kind, target, note, verdict};
    const sim::ActionResult result = engine_->apply(action);
    if (!result.ok) return result;
    const bool first_of_kind =
        std::none_of(journal_.begin(), journal_.end(), [&](const sim::Action& a) { return a.kind == kind; });
    journal_.push_back(action);
    if (db_ && !replaying_) db_->record_action(id_, action);
    if (first_of_kind && kind == sim::ActionKind::Isolate) fire("first_isolation");
    if (first_of_kind && kind == sim::ActionKind::Pin) fire("first_evidence");
    if (kind == sim::ActionKind::EndScenario) {
        // Questions of the workspace are not asked once it is closed; the report's are.
        for (auto& c : checkpoints_)
            if (c.trigger != "report_submitted" && !c.closed) c.closed = true;  // never asked: fired stays false
    }
    if (kind == sim::ActionKind::EndScenario) ended_ = true;
    return result;
}

sim::ActionResult Attempt::pin(std::uint32_t record, const std::string& note) {
    if (is_pinned(record)) return {false, "action.already_pinned"};
    return act(sim::ActionKind::Pin, std::to_string(record), note);
}

std::vector<Attempt::Pinned> Attempt::pins() const {
    std::vector<Pinned> out;
    for (const auto& a : journal_)
        if (a.kind == sim::ActionKind::Pin) out.push_back({static_cast<std::uint32_t>(std::stoul(a.target)), a.note, a.time});
    return out;
}

bool Attempt::is_pinned(std::uint32_t record) const {
    const std::string target = std::to_string(record);
    return std::any_of(journal_.begin(), journal_.end(),
                       [&](const sim::Action& a) { return a.kind == sim::ActionKind::Pin && a.target == target; });
}

sim::ActionResult Attempt::submit_report(const report::IncidentReport& r) {
    if (ended_) return {false, "action.attempt_ended"};
    // Kept before the scenario ends: a crash between the two loses nothing the trainee wrote.
    report_ = r;
    if (db_ && !replaying_) db_->save_report(id_, report::to_json(r));
    const auto result = act(sim::ActionKind::EndScenario, {}, "report submitted");
    fire("report_submitted");
    return result;
}

const std::vector<detect::Alert>& Attempt::alerts() const {
    static const std::vector<detect::Alert> kNone;
    return rule_engine_ ? rule_engine_->alerts() : kNone;
}

std::uint64_t Attempt::alerts_revision() const { return rule_engine_ ? rule_engine_->revision() : 0; }

const detect::Alert* Attempt::find_alert(std::uint32_t number) const {
    const auto& all = alerts();
    // Numbers are 1, 2, 3... in the order raised.
    if (number == 0 || number > all.size()) return nullptr;
    return &all[number - 1];
}

sim::ActionResult Attempt::triage(std::uint32_t number, detect::Verdict verdict, const std::string& note) {
    return act(sim::ActionKind::Triage, std::to_string(number), note, detect::verdict_name(verdict));
}

std::optional<Attempt::Triaged> Attempt::triage_of(std::uint32_t number) const {
    const std::string target = std::to_string(number);
    for (auto it = journal_.rbegin(); it != journal_.rend(); ++it) {
        if (it->kind != sim::ActionKind::Triage || it->target != target) continue;
        if (const auto v = detect::parse_verdict(it->verdict)) return Triaged{*v, it->note, it->time};
    }
    return std::nullopt;
}

std::vector<std::optional<detect::Verdict>> Attempt::verdicts() const {
    std::vector<std::optional<detect::Verdict>> out(alerts().size());
    for (const auto& a : journal_) {
        if (a.kind != sim::ActionKind::Triage) continue;
        const auto n = static_cast<std::size_t>(std::stoul(a.target));  // checked when it was taken
        if (n >= 1 && n <= out.size()) out[n - 1] = detect::parse_verdict(a.verdict);
    }
    return out;
}

std::size_t Attempt::untriaged() const {
    const auto v = verdicts();
    return static_cast<std::size_t>(std::count(v.begin(), v.end(), std::nullopt));
}

bool Attempt::is_isolated(const std::string& hostname) const {
    const int index = scenario().host_index(hostname);
    return index >= 0 && engine_->host_state(index).isolated;
}

std::optional<quiz::Grade> Attempt::answer(const std::string& question_id, const quiz::Response& response,
                                            std::optional<SimTime> calendar_now) {
    for (quiz::Session* session : sessions()) {
        for (std::size_t i = 0; i < session->size(); ++i) {
            if (session->item(i).question->id != question_id) continue;
            const auto g = session->answer(i, response);
            if (g && db_ && !replaying_) {
                db_->record_answer(id_, {question_id, response.selected, g->fraction, g->correct, response.number,
                                         response.text});
                if (calendar_now) {
                    const auto card = db_->review_card(trainee_id_, quiz_->id, question_id).value_or(quiz::CardState{});
                    db_->save_review_card(trainee_id_, quiz_->id, question_id,
                                          quiz::review(card, quiz::rating_for(*g), *calendar_now));
                }
            }
            return g;
        }
    }
    return std::nullopt;
}

std::optional<quiz::Grade> Attempt::grade_of(const std::string& question_id) const {
    for (const quiz::Session* session : sessions())
        for (std::size_t i = 0; i < session->size(); ++i)
            if (session->item(i).question->id == question_id) return session->item(i).grade;
    return std::nullopt;
}

std::optional<quiz::Response> Attempt::response_of(const std::string& question_id) const {
    for (const quiz::Session* session : sessions())
        for (std::size_t i = 0; i < session->size(); ++i)
            if (session->item(i).question->id == question_id) return session->item(i).response;
    return std::nullopt;
}

// Checkpoints and the end quiz together make the quiz part of the score.
score::QuizResult Attempt::quiz_result() const {
    score::QuizResult r;
    // A checkpoint whose moment never came (no isolation, no evidence pinned) was never asked:
    // its questions are not marks the trainee could have earned.
    std::vector<const quiz::Session*> asked;
    for (const auto& c : checkpoints_)
        if (c.asked) asked.push_back(c.session.get());
    if (quiz_session_) asked.push_back(quiz_session_.get());
    for (const quiz::Session* session : asked) {
        const quiz::SessionResult s = session->result();
        r.questions += s.questions;
        r.correct += s.correct;
        r.earned += s.earned;
        r.possible += s.possible;
    }
    return r;
}

const score::Score& Attempt::finish() {
    if (score_) return *score_;
    if (!ended_) {
        // Closing the attempt is itself a journaled action, so a replay ends at the same moment.
        act(sim::ActionKind::EndScenario, {});
    }
    if (rule_engine_) {
        const auto truths = detect::alert_truths(rule_engine_->alerts(), engine_->truth());
        score_ = score::compute(scenario(), engine_->infections(), journal_, quiz_result(), &truths);
    } else {
        score_ = score::compute(scenario(), engine_->infections(), journal_, quiz_result());
    }
    if (db_) {
        // What this attempt asked, so item statistics count these questions and no others: the
        // checkpoints that fired, then the end quiz.
        std::vector<std::string> asked;
        for (const auto& c : checkpoints_)
            if (c.asked)
                for (std::size_t i = 0; i < c.session->size(); ++i) asked.push_back(c.session->item(i).question->id);
        if (quiz_session_)
            for (std::size_t i = 0; i < quiz_session_->size(); ++i) asked.push_back(quiz_session_->item(i).question->id);
        if (!asked.empty()) db_->record_questions(id_, asked);
        db_->finish_attempt(id_, *score_);
    }
    return *score_;
}

TimelineEntry Attempt::describe(const sim::Action& a) const {
    switch (a.kind) {
        case sim::ActionKind::Isolate: return {a.time, false, "timeline.isolated", {{"host", a.target}}};
        case sim::ActionKind::Release: return {a.time, false, "timeline.released", {{"host", a.target}}};
        case sim::ActionKind::EndScenario: return {a.time, false, report_ ? "timeline.report" : "timeline.ended", {}};
        case sim::ActionKind::Pin: return {a.time, false, "timeline.pinned", {{"note", a.note}}};
        case sim::ActionKind::BlockDomain: return {a.time, false, "timeline.blocked", {{"domain", a.target}}};
        case sim::ActionKind::DisableAccount: return {a.time, false, "timeline.disabled", {{"user", a.target}}};
        case sim::ActionKind::ResetPassword: return {a.time, false, "timeline.reset", {{"user", a.target}}};
        case sim::ActionKind::Triage:
            return {a.time, false, "timeline.triaged_" + a.verdict, {{"number", a.target}, {"note", a.note}}};
    }
    return {a.time, false, "timeline.ended", {}};
}

std::vector<TimelineEntry> Attempt::timeline() const {
    std::vector<TimelineEntry> out;
    const auto& sc = scenario();
    // Infections through a lure site: the visit that started it all.
    for (const auto& inf : engine_->infections()) {
        const int k = sc.step_index(inf.step_id);
        if (k < 0) continue;
        const auto& step = sc.attack[static_cast<std::size_t>(k)];
        if (!step.lure_domain.empty() && step.host == inf.host)
            out.push_back({inf.infected_at, true, "timeline.infected",
                           {{"host", inf.host}, {"lure", step.lure_domain}, {"technique", inf.technique}}});
        else if (step.kind == scenario::AttackKind::LateralMovement)
            out.push_back({inf.infected_at, true, "timeline.spread",
                           {{"host", step.host}, {"target", inf.host}, {"user", step.user}, {"technique", inf.technique}}});
    }
    // Each step's own activity: its first record after its host was infected (the lure visit
    // is the infection above, not the activity).
    const auto& truth = engine_->truth();
    const auto& store = engine_->logs();
    std::vector<bool> told(sc.attack.size(), false);
    for (std::size_t i = 0; i < truth.size(); ++i) {
        if (truth[i] < 0 || told[static_cast<std::size_t>(truth[i])]) continue;
        const auto& step = sc.attack[static_cast<std::size_t>(truth[i])];
        const auto& e = store.at(static_cast<std::uint32_t>(i));
        if (!step.lure_domain.empty()) {
            const int h = sc.host_index(step.host);
            const auto& state = engine_->host_state(h);
            if (!state.infected || e.time <= state.infected_at) continue;
        }
        if (step.kind == scenario::AttackKind::LateralMovement) continue;  // told as the spread above
        told[static_cast<std::size_t>(truth[i])] = true;
        const std::string source = !step.host.empty() ? step.host : format_ipv4(step.source_ip);
        std::string category = step.sites.empty() ? std::string() : step.sites.front().category;
        out.push_back({e.time, true, std::string("timeline.step.") + scenario::attack_kind_name(step.kind),
                       {{"host", step.host},
                        {"source", source},
                        {"target", step.target},
                        {"domain", step.c2_domain},
                        {"interval", format_duration(step.interval)},
                        {"category", category},
                        {"technique", step.technique}}});
    }
    for (const auto& a : journal_) out.push_back(describe(a));
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.time < b.time; });
    return out;
}

}  // namespace socsim

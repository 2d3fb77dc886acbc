// The trainee database (SQLite): trainees, attempts, the action journal, quiz answers, scores,
// and each trainee's spaced-review cards.
//
// Each action and answer is committed the moment it is recorded (WAL mode), so a crash loses
// nothing that the trainee did. The schema carries PRAGMA user_version and migrates forward.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/common/time.h"
#include "core/quiz/review_schedule.h"
#include "core/score/score.h"
#include "core/sim/action.h"

struct sqlite3;

namespace socsim::store {

// Thrown when the database cannot be opened or written; what() names the file and the cause.
class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Thrown when opening finds the file damaged: SQLite cannot read it as a database, or its check
// of every page (PRAGMA quick_check) fails. open_or_set_aside() keeps such a file under a new name.
class CorruptDatabase : public StoreError {
public:
    using StoreError::StoreError;
};

// How long a write waits for another program (a second socsim) holding the file, by default.
constexpr int kBusyTimeoutMs = 5000;

constexpr int kSchemaVersion = 6;

struct AttemptInfo {
    std::string scenario_id;
    std::string scenario_hash;
    std::uint64_t seed = 0;
    std::string mode = "play";  // play | guided | demo
    std::string bank_id{};      // the quiz bank answered in this attempt; empty if none
    std::optional<SimTime> calendar_start{};  // the front end's calendar time at the start (a quiz's
                                              // time limit counts from it); none: unknown
};

enum class AttemptStatus { InProgress, Finished, Abandoned };
const char* attempt_status_name(AttemptStatus s);

struct AttemptSummary {
    std::int64_t id = 0;
    std::string trainee;
    std::string scenario_id;
    std::string scenario_hash;
    std::uint64_t seed = 0;
    std::string mode;
    std::string bank_id;      // empty: no quiz, or recorded before schema version 2
    std::optional<SimTime> calendar_start;  // as given to begin_attempt; none before schema version 4
    std::string started_at;   // wall-clock UTC, ISO 8601, as SQLite recorded it
    std::string finished_at;  // empty while in progress
    AttemptStatus status = AttemptStatus::InProgress;
    double score = 0;
    bool passed = false;
    int actions = 0;
};

struct AnswerRecord {
    std::string question_id;
    std::vector<int> selected;
    double fraction = 0;
    bool correct = false;
    std::optional<double> number{};  // a numeric answer (none before schema version 4)
    std::string text{};              // a short answer as typed (empty before schema version 4)
    std::string recorded_at{};       // wall-clock UTC, ISO 8601, when last answered (read only)
};

// The answers of one attempt at a bank, for item statistics.
struct BankAttempt {
    std::int64_t attempt_id = 0;
    std::int64_t trainee_id = 0;
    std::string mode;
    AttemptStatus status = AttemptStatus::InProgress;
    std::vector<std::string> asked;     // the questions the attempt included, in the order asked;
                                        // empty when it did not say (recorded before schema version 4)
    std::vector<AnswerRecord> answers;  // in the order first answered
};

// One xAPI statement in the outbox (xapi/outbox.h): written once when the attempt reached the
// point it reports, kept after it was sent.
struct OutboxStatement {
    std::string id;              // the statement's UUID, also its key: queuing it again does nothing
    std::int64_t attempt_id = 0;
    std::string verb;            // "attempted", "answered", "completed", "passed", "failed"
    std::string body;            // the statement's JSON, as sent
    std::string queued_at{};     // wall-clock UTC, ISO 8601 (read only)
    std::string sent_at{};       // when the LRS took it; empty while waiting (read only)
    int tries = 0;               // sends that failed (read only)
    std::string last_error{};    // why the last send failed (read only)
    bool refused = false;        // the LRS refused it for good (a 4xx answer): not sent again
};

struct OutboxCounts {
    std::int64_t waiting = 0;   // not sent yet, to be sent
    std::int64_t sent = 0;
    std::int64_t refused = 0;
};

// A trainee's review card for one question of one bank.
struct ReviewCard {
    std::string bank_id;
    std::string question_id;
    quiz::CardState card;
};

class Database {
public:
    // Opens (creating if needed, with parent folders), checks every page and migrates to
    // kSchemaVersion. Throws CorruptDatabase for a damaged file, StoreError for any other refusal.
    // A write waits up to `busy_timeout_ms` for another program that holds the file.
    explicit Database(const std::filesystem::path& path, int busy_timeout_ms = kBusyTimeoutMs);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    int schema_version() const;
    const std::filesystem::path& path() const { return path_; }

    std::int64_t ensure_trainee(const std::string& name);  // id of the trainee, created if new
    std::int64_t begin_attempt(std::int64_t trainee_id, const AttemptInfo& info);
    void record_action(std::int64_t attempt_id, const sim::Action& action);
    void record_answer(std::int64_t attempt_id, const AnswerRecord& answer);
    // The questions the attempt asks, in order (a quiz run's draw, a scenario's end quiz and the
    // checkpoints that fired); ids already recorded are skipped, so calling again only appends.
    void record_questions(std::int64_t attempt_id, const std::vector<std::string>& question_ids);
    void finish_attempt(std::int64_t attempt_id, const score::Score& score);

    std::vector<AttemptSummary> list_attempts() const;  // newest first
    std::optional<AttemptSummary> attempt(std::int64_t attempt_id) const;
    std::vector<sim::Action> journal(std::int64_t attempt_id) const;  // in the order taken
    std::vector<AnswerRecord> answers(std::int64_t attempt_id) const;
    std::vector<std::string> questions(std::int64_t attempt_id) const;  // as recorded, in order
    // The stored breakdown of a finished attempt (key, args, points, max: describable in either language).
    std::vector<score::ScoreLine> score_lines(std::int64_t attempt_id) const;

    // Every attempt at the bank that asked or answered a question, oldest first, whatever its mode
    // and status: the caller chooses which to analyse (Moodle takes finished attempts).
    std::vector<BankAttempt> bank_answers(const std::string& bank_id) const;

    // The attempt's incident report (report::to_json text); saving again replaces it.
    void save_report(std::int64_t attempt_id, const std::string& json);
    std::optional<std::string> report(std::int64_t attempt_id) const;

    // Spaced review. A card is stored once reviewed (reps >= 1); saving again replaces it.
    void save_review_card(std::int64_t trainee_id, const std::string& bank_id, const std::string& question_id,
                          const quiz::CardState& card);
    std::optional<quiz::CardState> review_card(std::int64_t trainee_id, const std::string& bank_id,
                                               const std::string& question_id) const;
    // The trainee's cards due at `now` (due <= now), earliest due first, then by bank and question.
    std::vector<ReviewCard> due_review_cards(std::int64_t trainee_id, SimTime now) const;

    // A value kept once for the life of the file (the meta table): the stored one, or `if_new`
    // stored now when there is none. xapi/outbox.cpp keeps the database's installation id here.
    std::string keep_meta(const std::string& key, const std::string& if_new);

    // The xAPI outbox (xapi/outbox.h, docs/xapi.md).
    // Queues the statements not already there (by id), in one transaction; returns how many were new.
    int queue_statements(const std::vector<OutboxStatement>& statements);
    // The statements still to send, oldest first.
    std::vector<OutboxStatement> waiting_statements(std::size_t limit) const;
    // Every statement, oldest first; of one attempt when `attempt_id` is given.
    std::vector<OutboxStatement> outbox(std::optional<std::int64_t> attempt_id = std::nullopt) const;
    OutboxCounts outbox_counts() const;
    // What a send did: taken by the LRS (in one transaction), failed (kept, to try again), refused.
    void mark_sent(const std::vector<std::string>& ids);
    void mark_failed(const std::vector<std::string>& ids, const std::string& error);
    void mark_refused(const std::string& id, const std::string& error);
    // The verbs already queued for each attempt, so a sync adds only what is new.
    std::map<std::int64_t, std::set<std::string>> queued_verbs() const;

private:
    void check_pages() const;  // throws CorruptDatabase
    void migrate();
    void exec(const char* sql);

    std::filesystem::path path_;
    sqlite3* db_ = nullptr;
};

// The database a front end works with, and what happened to a damaged file it found.
struct OpenedDatabase {
    std::unique_ptr<Database> db;
    std::filesystem::path set_aside;  // where the damaged file now is; empty: nothing was damaged
    std::string problem;              // why it was judged damaged (SQLite's words)
};

// Opens `path`; a damaged file (CorruptDatabase) is renamed to PATH.corrupt-YYYYmmdd-HHMMSS (the
// UTC stamp of `calendar_now`, with -2, -3... if that name is taken: nothing is ever overwritten),
// with its -wal and -shm beside it, and only then is a new empty database created at `path`. The
// caller must tell the trainee where the old file went. Any other refusal (a newer socsim's file,
// another program's database, no permission) throws StoreError and touches nothing.
OpenedDatabase open_or_set_aside(const std::filesystem::path& path, SimTime calendar_now,
                                 int busy_timeout_ms = kBusyTimeoutMs);

}  // namespace socsim::store

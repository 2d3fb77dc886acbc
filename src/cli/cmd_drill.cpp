// `socsim drill --db FILE --seed N --actions K`: a scripted trainee for the crash-safety test
// (tests/crash/kill_and_resume.py), hidden from --help.
//
// It starts, or resumes, the attempt of trainee "drill" at a shipped scenario with seed N, and
// takes the steps of a script K steps long, one at a time: isolate or reconnect a device, pin a
// record, judge an alert, answer a quiz question; step K-1 ends the scenario and step K grades it.
// Which step comes next depends only on the seed, the step's number and the attempt's state, so
// a resumed attempt in the same state goes on exactly as an uninterrupted one would. After each
// step is journaled it prints "done N KIND STATE" and flushes, so the test knows what was
// acknowledged before it killed the program. STATE is a digest of what the trainee would see
// (clock, records, alerts, isolated devices, pins, verdicts, grades), so two runs in the same
// state print the same digest.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "cli/commands.h"
#include "core/attempt/attempt.h"
#include "core/common/data_dir.h"
#include "core/common/hash.h"
#include "core/common/random.h"
#include "core/scenario/loader.h"
#include "core/store/database.h"

namespace socsim::cli {
namespace {

constexpr const char* kTrainee = "drill";

// Everything the trainee would see, as one line of text.
std::string state_text(Attempt& a) {
    std::string s = "t=" + std::to_string(a.clock().now());
    s += a.ended() ? ";ended" : ";open";
    s += ";records=" + std::to_string(a.engine().logs().size());
    s += ";alerts=" + std::to_string(a.alerts().size());
    s += ";isolated=";
    for (const auto& h : a.scenario().network.hosts)
        if (a.is_isolated(h.hostname)) s += h.hostname + ",";
    s += ";pins=";
    for (const auto& p : a.pins()) s += std::to_string(p.record) + "@" + std::to_string(p.at) + ":" + p.note + ",";
    s += ";verdicts=";
    for (const auto& v : a.verdicts()) s += v ? detect::verdict_name(*v) : "-", s += ",";
    s += ";checkpoint=";
    if (quiz::Session* c = a.pending_checkpoint()) s += c->item(0).question->id;
    s += ";grades=";
    if (const quiz::Bank* bank = a.quiz())
        for (const auto& q : bank->questions)
            if (const auto g = a.grade_of(q.id)) s += q.id + ":" + std::to_string(g->fraction) + ",";
    s += ";journal=" + std::to_string(a.journal().size());
    if (a.score()) {
        char total[32];
        std::snprintf(total, sizeof total, "%.4f", a.score()->total);
        s += ";score=";
        s += total;
    }
    return s;
}

std::string score_text(double total) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "score=%.4f", total);
    return buf;
}

void print(const std::string& line) {
    std::fputs(line.c_str(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);  // the test reads it before it kills: acknowledged means written out
}

// The questions that may be answered now: the checkpoint being asked, else the end quiz.
std::vector<const quiz::Question*> open_questions(Attempt& a) {
    std::vector<const quiz::Question*> out;
    const quiz::Session* s = a.pending_checkpoint();
    if (!s) s = a.quiz_session();
    if (!s) return out;
    for (std::size_t i = 0; i < s->size(); ++i)
        if (!a.grade_of(s->item(i).question->id)) out.push_back(s->item(i).question);
    return out;
}

quiz::Response some_response(const quiz::Question& q, Random& rng) {
    quiz::Response r;
    switch (q.type) {
        case quiz::QuestionType::Numeric: r.number = static_cast<double>(rng.uniform_int(0, 100)); break;
        case quiz::QuestionType::ShortAnswer: r.text = rng.chance(0.5) && !q.accepted.empty() ? q.accepted[0].text : "dns"; break;
        case quiz::QuestionType::Matching:
            for (std::size_t i = 0; i < q.pairs.size(); ++i)
                r.selected.push_back(static_cast<int>(rng.uniform_int(0, static_cast<std::int64_t>(q.pairs.size()) - 1)));
            break;
        case quiz::QuestionType::MultipleAnswer:
            for (std::size_t i = 0; i < q.choices.size(); ++i)
                if (rng.chance(0.5)) r.selected.push_back(static_cast<int>(i));
            if (r.selected.empty() && !q.choices.empty()) r.selected.push_back(0);
            break;
        default:
            if (!q.choices.empty())
                r.selected.push_back(static_cast<int>(rng.uniform_int(0, static_cast<std::int64_t>(q.choices.size()) - 1)));
            break;
    }
    return r;
}

// Takes step `n` of the script (1-based) and returns its kind, or "" when nothing could be done.
std::string take_step(Attempt& a, std::uint64_t seed, int n, int total) {
    if (n == total) {
        a.finish();
        return "finish";
    }
    if (n == total - 1) return a.act(sim::ActionKind::EndScenario, {}, "drill: the end").ok ? "end" : "";
    Random rng = Random::stream(seed, "drill/step/" + std::to_string(n));
    const std::string note = "drill step " + std::to_string(n);
    // A checkpoint holds the workspace until answered, as in the GUI.
    const bool asked = a.pending_checkpoint() != nullptr;
    for (int tries = 0; tries < 50; ++tries) {
        const int choice = asked ? 0 : static_cast<int>(rng.uniform_int(0, 9));
        if (choice <= 1) {
            const auto questions = open_questions(a);
            if (questions.empty()) {
                if (asked) {
                    a.close_checkpoint();  // seen its feedback; not a step of its own
                    return take_step(a, seed, n, total);
                }
                continue;
            }
            const quiz::Question& q = *questions[static_cast<std::size_t>(
                rng.uniform_int(0, static_cast<std::int64_t>(questions.size()) - 1))];
            if (!a.answer(q.id, some_response(q, rng))) continue;
            // The checkpoint is closed once all its questions are answered, as a resume would find it.
            if (asked && open_questions(a).empty()) a.close_checkpoint();
            return "answer";
        }
        // Actions happen a little later on the clock; answers take no simulated time (a resume
        // replays them after the journal, at its last action's time). The target is chosen and
        // checked first: a refused action after the clock moved would leave a move no journal has.
        const Millis later = rng.uniform_int(3 * 60, 15 * 60) * kSecond;  // the beacon's alerts come after ~2 h
        sim::ActionResult result;
        std::string kind;
        if (choice <= 4) {
            const auto& hosts = a.scenario().network.hosts;
            const auto& h = hosts[static_cast<std::size_t>(rng.uniform_int(0, static_cast<std::int64_t>(hosts.size()) - 1))];
            const auto k = a.is_isolated(h.hostname) ? sim::ActionKind::Release : sim::ActionKind::Isolate;
            a.advance_to(a.clock().now() + later);
            result = a.act(k, h.hostname, note);
            kind = sim::action_kind_name(k);
        } else if (choice <= 6) {
            const auto records = a.engine().logs().size();
            if (records == 0) continue;
            const auto record = static_cast<std::uint32_t>(rng.uniform_int(0, static_cast<std::int64_t>(records) - 1));
            if (a.is_pinned(record)) continue;
            a.advance_to(a.clock().now() + later);
            result = a.pin(record, note);
            kind = "pin";
        } else {
            const auto alerts = a.alerts().size();
            if (alerts == 0) continue;
            const auto number = static_cast<std::uint32_t>(rng.uniform_int(1, static_cast<std::int64_t>(alerts)));
            const detect::Verdict verdicts[] = {detect::Verdict::TruePositive, detect::Verdict::FalsePositive,
                                                detect::Verdict::BenignTruePositive};
            const auto verdict = verdicts[rng.uniform_int(0, 2)];
            a.advance_to(a.clock().now() + later);
            result = a.triage(number, verdict, note);
            kind = "triage";
        }
        if (!result.ok) throw store::StoreError("drill: step " + std::to_string(n) + ": " + kind + " refused (" + result.error_key + ")");
        return kind;
    }
    return "";
}

}  // namespace

int drill(const DrillOptions& options, const CommonOptions& common) {
    if (options.actions < 3) {
        std::fprintf(stderr, "drill: --actions must be at least 3 (the last two end and grade the attempt)\n");
        return 2;
    }
    const auto path = options.scenario.empty() ? data_dir() / "scenarios" / "dns-beaconing.yaml"
                                               : std::filesystem::path(options.scenario);
    auto loaded = scenario::load_file(path);
    if (!loaded.ok()) {
        for (const auto& d : loaded.errors) std::fprintf(stderr, "%s\n", d.to_string().c_str());
        return 2;
    }
    auto scenario = std::make_shared<const scenario::Scenario>(std::move(*loaded.value));
    const auto db = open_database(common);
    if (!db) return 2;

    try {
        std::unique_ptr<Attempt> attempt;
        for (const auto& s : db->list_attempts()) {
            if (s.trainee != kTrainee || s.scenario_id != scenario->id || s.seed != options.seed) continue;
            const int steps = s.actions + static_cast<int>(db->answers(s.id).size());
            if (s.status != store::AttemptStatus::InProgress) {
                print("finished " + std::to_string(steps + 1) + " " + score_text(s.score));
                return 0;
            }
            attempt = Attempt::resume(scenario, *db, s.id);
            break;
        }
        if (!attempt) attempt = std::make_unique<Attempt>(scenario, options.seed, db.get(), kTrainee, "drill");
        int done = static_cast<int>(attempt->journal().size() + db->answers(attempt->id()).size());
        const auto state = [&] { return options.verbose ? state_text(*attempt) : fnv1a64_hex(state_text(*attempt)); };
        print("at " + std::to_string(done) + " " + state());
        while (done < options.actions) {
            if (options.pace_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(options.pace_ms));
            const std::string kind = take_step(*attempt, options.seed, done + 1, options.actions);
            if (kind.empty()) {
                std::fprintf(stderr, "drill: step %d found nothing to do\n", done + 1);
                return 1;
            }
            ++done;
            print("done " + std::to_string(done) + " " + kind + " " + state() +
                  (attempt->score() ? " " + score_text(attempt->score()->total) : ""));
        }
        return 0;
    } catch (const store::StoreError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
    }
}

}  // namespace socsim::cli

#include "core/xapi/outbox.h"

#include <algorithm>

namespace socsim::xapi {

namespace {

std::string array_of(const std::vector<store::OutboxStatement>& statements) {
    std::string body = "[";
    for (std::size_t i = 0; i < statements.size(); ++i) {
        if (i > 0) body += ',';
        body += statements[i].body;
    }
    body += ']';
    return body;
}

std::vector<std::string> ids_of(const std::vector<store::OutboxStatement>& statements) {
    std::vector<std::string> ids;
    ids.reserve(statements.size());
    for (const auto& s : statements) ids.push_back(s.id);
    return ids;
}

std::string with_status(const PostResult& r) {
    if (r.http_status == 0) return r.message;
    return "HTTP " + std::to_string(r.http_status) + (r.message.empty() ? "" : ": " + r.message);
}

}  // namespace

std::string installation_id(store::Database& db) { return db.keep_meta("installation_id", random_uuid()); }

int sync_outbox(store::Database& db, const Profile& profile, const TitleLookup& titles) {
    const std::string installation = installation_id(db);
    const auto queued = db.queued_verbs();
    std::vector<store::OutboxStatement> fresh;
    static const std::set<std::string> kNone;
    for (const store::AttemptSummary& a : db.list_attempts()) {
        const auto it = queued.find(a.id);
        const std::set<std::string>& already = it == queued.end() ? kNone : it->second;
        // Done: a graded attempt whose verdict is queued, or one in progress already announced.
        if (already.count("passed") || already.count("failed")) continue;
        if (a.status != store::AttemptStatus::Finished && already.count("attempted")) continue;
        const auto answers = a.status == store::AttemptStatus::Finished ? db.answers(a.id) : std::vector<store::AnswerRecord>{};
        auto made = statements_for(a, answers, already, profile, installation, titles);
        for (auto& s : made) fresh.push_back(std::move(s));
    }
    // list_attempts is newest first; the LRS should get them in the order they happened.
    std::stable_sort(fresh.begin(), fresh.end(),
                     [](const store::OutboxStatement& x, const store::OutboxStatement& y) { return x.attempt_id < y.attempt_id; });
    return db.queue_statements(fresh);
}

SendReport send_waiting(store::Database& db, Transport& transport, std::size_t batch) {
    SendReport report;
    if (batch == 0) batch = 1;
    // Refused statements are marked and so leave the waiting list: each pass makes progress or stops.
    for (;;) {
        const auto waiting = db.waiting_statements(batch);
        if (waiting.empty()) break;
        const PostResult r = transport.post_statements(array_of(waiting));
        if (r.kind == PostResult::Kind::Taken) {
            db.mark_sent(ids_of(waiting));
            report.sent += static_cast<int>(waiting.size());
            continue;
        }
        if (r.kind == PostResult::Kind::Unreachable || r.kind == PostResult::Kind::Misconfigured) {
            db.mark_failed(ids_of(waiting), with_status(r));
            report.stopped = true;
            report.misconfigured = r.kind == PostResult::Kind::Misconfigured;
            report.error = with_status(r);
            break;
        }
        // Refused: one at a time, to find which ones.
        bool stop = false;
        for (const store::OutboxStatement& s : waiting) {
            const PostResult one = waiting.size() == 1 ? r : transport.post_statements(array_of({s}));
            if (one.kind == PostResult::Kind::Taken) {
                db.mark_sent({s.id});
                ++report.sent;
            } else if (one.kind == PostResult::Kind::Refused) {
                db.mark_refused(s.id, with_status(one));
                ++report.refused;
                report.error = with_status(one);
            } else {
                db.mark_failed({s.id}, with_status(one));
                report.stopped = true;
                report.misconfigured = one.kind == PostResult::Kind::Misconfigured;
                report.error = with_status(one);
                stop = true;
                break;
            }
        }
        if (stop) break;
    }
    report.waiting = db.outbox_counts().waiting;
    return report;
}

}  // namespace socsim::xapi

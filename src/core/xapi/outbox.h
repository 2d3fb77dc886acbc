// The xAPI outbox: statements wait in the trainee database until a Learning Record Store has
// taken them (docs/xapi.md).
//
//   sync_outbox(db, profile, titles);   // queue what the attempts reached since the last time
//   LrsClient lrs(config);              // lrs_client.h; or any Transport
//   SendReport r = send_waiting(db, lrs);
//
// Nothing is lost: a statement leaves the outbox only when the LRS answered 2xx for it; an
// outage, a timeout or a 5xx leaves it waiting for the next send. Nothing is stored twice: each
// statement has a fixed id, so a send cut off after the LRS stored it is repeated with the same
// id, which an LRS keeps once (xAPI 1.0.3, "Statement id"). A statement the LRS refuses for good
// (a 4xx other than 401/403/408/429) is kept, marked refused and reported, and does not hold
// back the others.
#pragma once

#include <cstddef>
#include <string>

#include "core/store/database.h"
#include "core/xapi/statements.h"

namespace socsim::xapi {

// The database's installation id (a random UUID kept in its meta table the first time).
std::string installation_id(store::Database& db);

// Queues the statements every attempt has reached and that are not queued yet; returns how many.
int sync_outbox(store::Database& db, const Profile& profile, const TitleLookup& titles);

// One POST of a JSON array of statements, as an LRS answered it.
struct PostResult {
    enum class Kind {
        Taken,        // 2xx: stored (or already stored with the same content)
        Refused,      // 4xx about the content: sending it again will not help
        Misconfigured,  // 401, 403 or a redirect: the key, secret or endpoint is wrong;
                        // nothing goes until a person fixes lrs.yaml
        Unreachable,  // no answer, a timeout, 408, 429 or 5xx: try again later
    };
    Kind kind = Kind::Unreachable;
    int http_status = 0;   // 0 when there was no answer
    std::string message;   // what went wrong, for people; never holds the secret
};

class Transport {
public:
    virtual ~Transport() = default;
    virtual PostResult post_statements(const std::string& json_array) = 0;
    virtual std::string describe() const = 0;  // "https://lrs.example.org/xapi" (no credentials)
};

struct SendReport {
    int sent = 0;           // taken by the LRS in this send
    int refused = 0;        // refused for good in this send
    std::int64_t waiting = 0;  // still to send afterwards
    bool stopped = false;   // stopped early: the LRS could not be reached or refused the credentials
    bool misconfigured = false;
    std::string error;      // why it stopped, or the last refusal
};

// Sends the waiting statements in batches of `batch`. A batch the LRS refuses is sent again one
// statement at a time, so one bad statement is found and the rest go out.
SendReport send_waiting(store::Database& db, Transport& transport, std::size_t batch = 50);

}  // namespace socsim::xapi

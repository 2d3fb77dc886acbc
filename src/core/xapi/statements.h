// xAPI statements about attempts (docs/xapi.md): what a Learning Record Store receives.
//
// An attempt at a scenario or a quiz becomes, in order: `attempted` when it starts; and once it
// is graded, one `answered` per question answered, `completed`, and `passed` or `failed`. The
// statements are made from what the trainee database holds, never from the screen, so the GUI
// and the command line send the same ones, and making them again gives the same bytes: the ids
// are UUIDs derived from the database's installation id and the attempt, so an LRS that gets a
// statement twice (a send cut off after it was stored) keeps it once.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/i18n/text.h"
#include "core/store/database.h"

namespace socsim::xapi {

// How statements name people and things: the organisation's choice, from the LRS settings
// (lrs_config.h). Defaults serve a machine with no LRS: `.invalid` is reserved and resolves nowhere.
struct Profile {
    std::string actor_home_page = "https://socsim.invalid";  // the trainee is account {homePage, name}
    std::string activity_base = "urn:socsim:";               // prefix of every activity id
};

// The title of an attempt's activity (a scenario id, or "quiz:" and a bank id) in both languages;
// empty when it is not known here (the id is then the name).
using TitleLookup = std::function<LocalText(const std::string& activity)>;

// An RFC 4122 name-based UUID (version 5, SHA-1) of `name` in the namespace `namespace_uuid`.
std::string name_uuid(const std::string& namespace_uuid, const std::string& name);
// A random UUID (version 4) from the operating system's random source.
std::string random_uuid();

// The activity id of what an attempt played: PREFIX "scenario/ID" or PREFIX "quiz/BANK".
std::string activity_iri(const Profile& profile, const std::string& activity);

// The statements of `attempt` that are due and not in `already` (verbs queued before), in the
// order they happened. `answers` are the attempt's answers (Database::answers).
std::vector<store::OutboxStatement> statements_for(const store::AttemptSummary& attempt,
                                                   const std::vector<store::AnswerRecord>& answers,
                                                   const std::set<std::string>& already, const Profile& profile,
                                                   const std::string& installation_id, const TitleLookup& titles);

// xAPI's verb IRIs: http://adlnet.gov/expapi/verbs/{verb}.
std::string verb_iri(const std::string& verb);

}  // namespace socsim::xapi

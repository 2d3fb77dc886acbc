// The printed reports of an attempt: the HTML debrief, the Markdown incident report and the CSV
// of attempts, made from an attempt replayed read-only from the database.
#include <catch2/catch.hpp>

#include <filesystem>

#include "core/attempt/attempt.h"
#include "core/attempt/scripted_analyst.h"
#include "core/report/attempt_record.h"
#include "core/scenario/loader.h"
#include "core/store/database.h"

using namespace socsim;

namespace {

std::shared_ptr<const scenario::Scenario> beaconing() {
    auto loaded = scenario::load_file(std::string(SOCSIM_SOURCE_DIR) + "/scenarios/dns-beaconing.yaml");
    REQUIRE(loaded.ok());
    return std::make_shared<const scenario::Scenario>(std::move(*loaded.value));
}

std::filesystem::path temp_db(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() / ("socsim-reports-" + name);
    std::filesystem::remove_all(dir);
    return dir / "socsim.db";
}

// An attempt played to its end: the beacon found and isolated, a record pinned and cited, a
// report whose text carries markup a report must not run, and the score given.
std::int64_t played_attempt(store::Database& db, const std::shared_ptr<const scenario::Scenario>& s, const std::string& trainee) {
    Attempt attempt(s, 3, &db, trainee);
    while (attempt.pending_checkpoint()) attempt.close_checkpoint();
    const auto finding = hunt_and_isolate(attempt, AnalystOptions{});
    REQUIRE(finding);
    std::uint32_t beacon_record = 0;
    const auto& store = attempt.engine().logs();
    for (auto i : store.of(logs::Source::Dns))
        if (store.text(store.at(i)) == finding->domain) beacon_record = i;
    REQUIRE(attempt.pin(beacon_record, "once a minute <b>to the C2</b>").ok);
    report::IncidentReport r;
    r.hosts = {finding->hostname};
    r.indicators = {finding->domain};
    r.technique = "T1071.004";
    r.data_sources = {"dns", "dhcp"};
    r.summary = "# not a heading <script>alert(1)</script> | pipe";
    r.evidence = {beacon_record};
    REQUIRE(attempt.submit_report(r).ok);
    while (attempt.pending_checkpoint()) attempt.close_checkpoint();
    attempt.finish();
    return attempt.id();
}

}  // namespace

TEST_CASE("a finished attempt reopens read-only with its timeline, evidence and stored score", "[report]") {
    const auto path = temp_db("reopen");
    store::Database db(path);
    const auto s = beaconing();
    const auto id = played_attempt(db, s, "sato");
    const auto summary = db.attempt(id);
    REQUIRE(summary);
    REQUIRE(summary->status == store::AttemptStatus::Finished);
    const auto journal_before = db.journal(id).size();

    const auto attempt = Attempt::reopen(s, db, id);
    const auto record = report::gather(*attempt, *summary, db);
    CHECK(db.journal(id).size() == journal_before);  // nothing written back
    CHECK(record.finished);
    CHECK(record.total == Approx(summary->score));
    CHECK(record.score_lines.size() == db.score_lines(id).size());
    REQUIRE(record.incident);
    REQUIRE(record.evidence.size() == 1);
    CHECK(record.evidence.front().cited);
    CHECK(record.evidence.front().source == "dns");
    CHECK(record.evidence.front().line.find(record.incident->indicators.front()) != std::string::npos);
    const bool has_truth = std::any_of(record.timeline.begin(), record.timeline.end(), [](const auto& e) { return e.truth; });
    const bool has_action = std::any_of(record.timeline.begin(), record.timeline.end(), [](const auto& e) { return !e.truth; });
    CHECK(has_truth);
    CHECK(has_action);
}

TEST_CASE("the HTML debrief shows the score, the timeline and the report, and runs nothing the trainee typed", "[report][html]") {
    const auto path = temp_db("html");
    store::Database db(path);
    const auto s = beaconing();
    const auto id = played_attempt(db, s, "sato");
    const auto summary = db.attempt(id);
    const auto attempt = Attempt::reopen(s, db, id);
    const auto record = report::gather(*attempt, *summary, db);
    const Catalog& tr = Catalog::shared();
    for (Lang lang : {Lang::En, Lang::Ja}) {
        const std::string html = report::debrief_html(record, tr, lang);
        INFO(lang_code(lang));
        CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
        CHECK(html.find("<svg") != std::string::npos);   // the charts are inline
        CHECK(html.find("http") == std::string::npos);   // nothing fetched from anywhere
        CHECK(html.find("<script") == std::string::npos);
        CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
        CHECK(html.find("&lt;b&gt;to the C2&lt;/b&gt;") != std::string::npos);
        char total[16];
        std::snprintf(total, sizeof total, "%.1f", summary->score);
        CHECK(html.find(total) != std::string::npos);
        CHECK(html.find(tr.tr("debrief.timeline", lang)) != std::string::npos);
        CHECK(html.find(record.incident->hosts.front()) != std::string::npos);
        for (const auto& line : record.score_lines) {
            std::string described;
            for (char c : line.describe(tr, lang)) described += c == '<' ? std::string("&lt;") : c == '>' ? std::string("&gt;") : c == '&' ? std::string("&amp;") : c == '"' ? std::string("&quot;") : c == '\'' ? std::string("&#39;") : std::string(1, c);
            CHECK(html.find(described) != std::string::npos);
        }
    }
    CHECK(report::debrief_html(record, tr, Lang::Ja).find("lang=\"ja\"") != std::string::npos);
}

TEST_CASE("the Markdown incident report escapes what the trainee typed and fences the log lines", "[report][md]") {
    const auto path = temp_db("md");
    store::Database db(path);
    const auto s = beaconing();
    const auto id = played_attempt(db, s, "sato");
    const auto summary = db.attempt(id);
    const auto attempt = Attempt::reopen(s, db, id);
    const auto record = report::gather(*attempt, *summary, db);
    const std::string md = report::incident_markdown(record, Catalog::shared(), Lang::En);
    CHECK(md.rfind("# Incident report: ", 0) == 0);
    CHECK(md.find("\\# not a heading \\<script\\>") != std::string::npos);
    CHECK(md.find("\\| pipe") != std::string::npos);
    CHECK(md.find("T1071.004") != std::string::npos);
    CHECK(md.find("```\n  " + record.evidence.front().line + "\n  ```") != std::string::npos);
    // A line holding backticks gets a longer fence, so it cannot end its block.
    auto tricky = record;
    tricky.evidence.front().line = "a ``` b";
    CHECK(report::incident_markdown(tricky, Catalog::shared(), Lang::En).find("````\n  a ``` b\n  ````") != std::string::npos);
    // No report submitted: said so, not an empty form.
    tricky.incident.reset();
    CHECK(report::incident_markdown(tricky, Catalog::shared(), Lang::En).find("No incident report was submitted") != std::string::npos);
}

TEST_CASE("the CSV of attempts quotes what needs quoting and keeps a formula a trainee typed as text", "[report][csv]") {
    std::vector<store::AttemptSummary> rows(3);
    rows[0].id = 1;
    rows[0].trainee = "Sato, Hanako";
    rows[0].scenario_id = "dns-beaconing";
    rows[0].status = store::AttemptStatus::Finished;
    rows[0].score = 87.25;
    rows[0].passed = true;
    rows[1].id = 2;
    rows[1].trainee = "=HYPERLINK(\"http://x\")";
    rows[1].status = store::AttemptStatus::InProgress;
    rows[2].id = 3;
    rows[2].trainee = "line\nbreak";
    const std::string csv = report::attempts_csv(rows);
    CHECK(csv.rfind("attempt,trainee,scenario,mode,seed,started_utc,finished_utc,status,score,passed,actions\r\n", 0) == 0);
    CHECK(csv.find("1,\"Sato, Hanako\",dns-beaconing,") != std::string::npos);
    CHECK(csv.find(",finished,87.2,yes,") != std::string::npos);  // %.1f of 87.25 rounds to even
    CHECK(csv.find("\"'=HYPERLINK(\"\"http://x\"\")\"") != std::string::npos);
    CHECK(csv.find(",in_progress,,,") != std::string::npos);  // no score before the end
    CHECK(csv.find("\"line\nbreak\"") != std::string::npos);
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 4 + 1);  // header, three rows, and the quoted break
}

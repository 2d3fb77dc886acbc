// `socsim xapi status|export|send`: the attempts as xAPI statements (docs/xapi.md). Every
// subcommand first queues what the attempts reached since the last time; `send` then posts the
// waiting statements to the LRS of lrs.yaml. Without an LRS configured nothing touches the
// network: `send` says so and exits 2.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/common/data_dir.h"
#include "core/store/database.h"
#include "core/xapi/lrs_client.h"
#include "core/xapi/lrs_config.h"
#include "core/xapi/outbox.h"
#include "core/xapi/titles.h"

namespace socsim::cli {

namespace {

// The LRS settings, or none; `ok` false when the file is there but wrong (messages printed).
struct LoadedLrs {
    bool ok = true;
    std::optional<xapi::LrsConfig> config;
    std::filesystem::path path;
};

LoadedLrs load_lrs(const std::string& file) {
    LoadedLrs out;
    out.path = file.empty() ? xapi::default_lrs_config_path() : std::filesystem::path(file);
    if (!file.empty() && !std::filesystem::exists(out.path)) {
        std::fprintf(stderr, "%s\n", Diagnostic{file, 0, 0, "no such file"}.to_string().c_str());
        out.ok = false;
        return out;
    }
    auto loaded = xapi::load_lrs_config(out.path);
    for (const Diagnostic& d : loaded.warnings) std::fprintf(stderr, "%s\n", d.to_string("warning").c_str());
    if (!loaded.ok()) {
        for (const Diagnostic& d : loaded.errors) std::fprintf(stderr, "%s\n", d.to_string().c_str());
        out.ok = false;
        return out;
    }
    out.config = *loaded.value;
    return out;
}

xapi::Profile profile_of(const LoadedLrs& lrs) { return lrs.config ? lrs.config->profile : xapi::Profile{}; }

}  // namespace

int xapi_status(const XapiOptions& options, const CommonOptions& common) {
    const Catalog& tr = Catalog::shared();
    const LoadedLrs lrs = load_lrs(options.lrs);
    if (!lrs.ok) return 2;
    const auto db = open_database(common);
    if (!db) return 2;
    try {
        xapi::sync_outbox(*db, profile_of(lrs), xapi::shipped_titles(data_dir()));
        const store::OutboxCounts c = db->outbox_counts();
        if (lrs.config)
            say(tr.format("cli.xapi_lrs", {{"endpoint", lrs.config->endpoint}, {"file", lrs.path.string()}}));
        else
            say(tr.format("cli.xapi_no_lrs", {{"file", lrs.path.string()}}));
        say(tr.format("cli.xapi_counts", {{"waiting", std::to_string(c.waiting)},
                                          {"sent", std::to_string(c.sent)},
                                          {"refused", std::to_string(c.refused)}}));
        for (const store::OutboxStatement& s : db->outbox()) {
            if (s.sent_at.empty() && !s.last_error.empty())
                say(tr.format(s.refused ? "cli.xapi_refused_one" : "cli.xapi_waiting_one",
                              {{"attempt", std::to_string(s.attempt_id)}, {"verb", s.verb}, {"error", s.last_error},
                               {"tries", std::to_string(s.tries)}}));
        }
    } catch (const store::StoreError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
    }
    return 0;
}

int xapi_export(const XapiOptions& options, const CommonOptions& common) {
    const Catalog& tr = Catalog::shared();
    const LoadedLrs lrs = load_lrs(options.lrs);
    if (!lrs.ok) return 2;
    const auto db = open_database(common);
    if (!db) return 2;
    nlohmann::json all = nlohmann::json::array();
    try {
        if (options.attempt && !db->attempt(*options.attempt)) {
            std::fprintf(stderr, "%s\n", tr.format("cli.report_no_attempt", {{"id", std::to_string(*options.attempt)}}).c_str());
            return 2;
        }
        xapi::sync_outbox(*db, profile_of(lrs), xapi::shipped_titles(data_dir()));
        for (const store::OutboxStatement& s : db->outbox(options.attempt)) all.push_back(nlohmann::json::parse(s.body));
    } catch (const store::StoreError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
    } catch (const nlohmann::json::exception& e) {
        std::fprintf(stderr, "%s\n", Diagnostic{common.resolved_db().string(), 0, 0,
                                                std::string("an xAPI statement in the outbox is not JSON: ") + e.what()}
                                         .to_string()
                                         .c_str());
        return 2;
    }
    const std::string text = all.dump(2) + "\n";
    if (options.out.empty() || options.out == "-") {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return 0;
    }
    const std::string part = options.out + ".part";
    {
        std::ofstream f(part, std::ios::binary | std::ios::trunc);
        f << text;
        if (!f.flush()) {
            std::fprintf(stderr, "%s\n", tr.format("cli.report_cannot_write", {{"file", options.out}}).c_str());
            return 2;
        }
    }
    std::error_code ec;
    std::filesystem::rename(part, options.out, ec);
    if (ec) {
        std::fprintf(stderr, "%s\n", tr.format("cli.report_cannot_write", {{"file", options.out}}).c_str());
        return 2;
    }
    say(tr.format("cli.xapi_exported", {{"count", std::to_string(all.size())}, {"file", options.out}}));
    return 0;
}

int xapi_send(const XapiOptions& options, const CommonOptions& common) {
    const Catalog& tr = Catalog::shared();
    const LoadedLrs lrs = load_lrs(options.lrs);
    if (!lrs.ok) return 2;
    if (!lrs.config) {
        std::fprintf(stderr, "%s\n", tr.format("cli.xapi_no_lrs", {{"file", lrs.path.string()}}).c_str());
        return 2;
    }
    const auto db = open_database(common);
    if (!db) return 2;
    try {
        xapi::sync_outbox(*db, lrs.config->profile, xapi::shipped_titles(data_dir()));
        if (db->outbox_counts().waiting == 0) {
            say(tr.tr("cli.xapi_nothing_to_send"));
            return 0;
        }
        xapi::LrsClient client(*lrs.config);
        const xapi::SendReport r = xapi::send_waiting(*db, client);
        say(tr.format("cli.xapi_sent", {{"sent", std::to_string(r.sent)},
                                        {"endpoint", lrs.config->endpoint},
                                        {"waiting", std::to_string(r.waiting)}}));
        if (r.refused > 0)
            std::fprintf(stderr, "%s\n", tr.format("cli.xapi_refused", {{"count", std::to_string(r.refused)}, {"error", r.error}}).c_str());
        if (r.stopped) {
            std::fprintf(stderr, "%s\n",
                         tr.format(r.misconfigured ? "cli.xapi_misconfigured" : "cli.xapi_unreachable",
                                   {{"endpoint", lrs.config->endpoint}, {"error", r.error}, {"file", lrs.path.string()}})
                             .c_str());
            return 1;
        }
        return r.refused > 0 ? 1 : 0;
    } catch (const store::StoreError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
    }
}

}  // namespace socsim::cli

// The guide section of a scenario (see guide_reader.h).
#include "core/scenario/guide_reader.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "core/guide/roles.h"
#include "core/i18n/catalog.h"
#include "core/logs/filter.h"

namespace socsim::scenario::detail {
namespace {

constexpr std::size_t kMaxGuideSteps = 50;
const Names kStepKeys = {"id", "title", "body", "panel", "show", "done"};
const Names kShowKeys = {"source", "filter"};
const Names kDoneKeys = {"time", "opened", "shown", "isolated", "blocked", "pinned"};
const Names kDoneWords = {"next", "report_submitted"};
const Names kShownKeys = {"source", "host", "query"};
const Names kSources = {"dns", "firewall", "dhcp", "auth"};
const Names kPinnedTargets = {"victim", "any"};
constexpr Expect kStepId{"a step id of lower-case letters, digits and dashes", "rhythm"};

bool parse_source(const std::string& name, logs::Source& out) {
    for (int i = 0; i < logs::kSourceCount; ++i)
        if (name == logs::source_name(static_cast<logs::Source>(i))) {
            out = static_cast<logs::Source>(i);
            return true;
        }
    return false;
}

// done: next | report_submitted | {time: 1h40m} | {opened: logs} | {shown: {...}} | {isolated: victim} ...
void read_done(const Fields& f, GuideStep& step, GuideStepSource& src) {
    Reader& r = f.reader();
    const Entry* e = f.find("done");
    if (!e) return;  // a reading step: Next
    src.done = e->value;
    src.done_path = f.child("done");
    const std::string want = "next, report_submitted, or a map with one of " + join(kDoneKeys) +
                             " (like {isolated: victim})";
    if (e->value.IsScalar()) {
        const std::string& word = e->value.Scalar();
        if (word == "next") step.done.kind = GuideGoalKind::Next;
        else if (word == "report_submitted") step.done.kind = GuideGoalKind::ReportSubmitted;
        else r.at(e->value, label(src.done_path) + ": " + shown(word) + " is not a way to finish a step (expected " +
                                want + ")" + did_you_mean(word, [] { Names all = kDoneWords; all.insert(all.end(), kDoneKeys.begin(), kDoneKeys.end()); return all; }()));
        return;
    }
    if (!e->value.IsMap()) {
        r.at(e->value.IsNull() ? e->key : e->value, label(src.done_path) + ": found " + found(e->value) + ", expected " + want);
        return;
    }
    Fields d(r, e->value, src.done_path, kDoneKeys);
    if (!d.ok()) return;
    if (e->value.size() != 1) {
        r.at(e->value, label(src.done_path) + ": has " + std::to_string(e->value.size()) +
                           " conditions; a step finishes on one (split it into two steps)");
        return;
    }
    if (d.find("time")) {
        step.done.kind = GuideGoalKind::Time;
        d.duration("time", step.done.at, true);
    } else if (d.find("opened")) {
        step.done.kind = GuideGoalKind::Opened;
        d.choice("opened", step.done.target, true, guide_panels());
    } else if (d.find("isolated")) {
        step.done.kind = GuideGoalKind::Isolated;
        d.word("isolated", step.done.target, true, Expect{"victim or a hostname", "victim"}, valid_hostname);
    } else if (d.find("blocked")) {
        step.done.kind = GuideGoalKind::Blocked;
        d.text("blocked", step.done.target, true, Expect{"c2_domain or a domain name", "c2_domain"});
    } else if (d.find("pinned")) {
        step.done.kind = GuideGoalKind::Pinned;
        d.choice("pinned", step.done.target, true, kPinnedTargets);
    } else if (d.find("shown")) {
        step.done.kind = GuideGoalKind::Shown;
        auto s = d.map("shown", true, kShownKeys);
        if (!s) return;
        s->choice("source", step.done.source, true, kSources);
        src.shown_host = source_of(*s, "host", s->word("host", step.done.host, false, Expect{"victim or a hostname", "victim"}, valid_hostname));
        src.shown_query = source_of(*s, "query", s->text("query", step.done.query, false, Expect{"c2_domain or a domain name", "c2_domain"}));
        if (!s->find("host") && !s->find("query"))
            r.at(s->node(), label(s->path()) + ": give host, query or both (which records the trainee should be looking at)");
    }
}

}  // namespace

void read_guide(const Fields& top, Scenario& s, GuideSource& src) {
    const Entry* e = top.find("guide");
    if (!e) return;
    Reader& r = top.reader();
    if (src.guide.written) {
        r.at(e->key, label("guide") + ": is given again (first in " + src.guide.reader->file() + ":" +
                         std::to_string(line_of(src.guide.node)) + "); a scenario has one guide");
        return;
    }
    const YAML::Node* list = top.list("guide", false, kMaxGuideSteps, "guide steps like {id: welcome, title: {ja: ..., en: ...}, ...}");
    // Where the guide was first written, for a second file's message. (A fresh Source: assigning
    // to a yaml-cpp node that holds a value would overwrite that value, not rebind.)
    Source where;
    where.reader = &r;
    where.node = e->key;
    where.path = "guide";
    where.written = true;
    where.ok = list != nullptr;
    src.guide = where;
    if (!list) return;
    if (list->size() == 0) r.at(*list, label("guide") + ": is empty (expected at least one step, or no guide: key)");
    std::map<std::string, int> ids;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const YAML::Node item = (*list)[i];
        Fields f(r, item, indexed("guide", i), kStepKeys);
        if (!f.ok()) continue;
        GuideStep step;
        GuideStepSource ss;
        ss.reader = &r;
        ss.item = item;
        step.line = line_of(item);
        if (f.word("id", step.id, true, kStepId, valid_scenario_id)) {
            const auto [it, fresh] = ids.emplace(step.id, step.line);
            if (!fresh)
                r.at(f.find("id")->value, label(f.child("id")) + ": " + step.id + " is used twice (first on line " +
                                              std::to_string(it->second) + ")");
        }
        for (const char* key : {"title", "body"}) {
            LocalText& text = std::string_view(key) == "title" ? step.title : step.body;
            if (!f.local_text(key, text, true)) continue;
            const YAML::Node map = f.find(key)->value;
            ss.texts.emplace_back(f.child(key) + ".ja", map["ja"]);
            ss.texts.emplace_back(f.child(key) + ".en", map["en"]);
        }
        f.choice("panel", step.panel, true, guide_panels());
        if (auto show = f.map("show", false, kShowKeys)) {
            ss.show_source = source_of(*show, "source", show->choice("source", step.show_source, true, kSources));
            ss.show_filter = source_of(*show, "filter", show->text("filter", step.show_filter, false, Expect{"a filter", "\"query={c2_domain}\""}));
        }
        read_done(f, step, ss);
        s.guide.push_back(std::move(step));
        src.steps.push_back(std::move(ss));
    }
}

void check_guide(const Scenario& s, const GuideSource& src, bool duration_known, bool incident_known) {
    if (s.guide.empty()) return;
    // The roles as the file writes them: a seed renames them, the roles stay.
    guide::Roles roles = guide::roles_of(s);
    if (!incident_known) {
        // A part checked on its own: stand-ins, so a filter is checked for its form.
        roles.victim = "ws-01";
        roles.victim_ip = 0x0A000001;
        roles.c2_domain = "c2.example.net";
    }
    const bool has_victim = !roles.victim.empty() && s.find_host(roles.victim);
    const bool has_c2 = !roles.c2_domain.empty();
    auto role_missing = [&](const std::string& role) -> std::string {
        if (!incident_known) return {};
        if ((role == "victim" || role == "victim_ip" || role == "victim_owner") && !has_victim)
            return " names the victim, but the first attack step has no host inside the company";
        if (role == "c2_domain" && !has_c2) return " names c2_domain, but no attack step calls home to a domain";
        return {};
    };
    // Names a seed may change: the victims and the attacker's domains.
    std::set<std::string> varying_hosts(s.variants.victims.begin(), s.variants.victims.end());
    if (!s.variants.victims.empty() && has_victim) varying_hosts.insert(roles.victim);
    std::set<std::string> varying_domains;
    if (s.variants.c2_words.size() >= 2)
        for (const auto& a : s.attack)
            for (const auto* d : {&a.c2_domain, &a.lure_domain})
                if (!d->empty()) varying_domains.insert(*d);

    for (std::size_t i = 0; i < s.guide.size() && i < src.steps.size(); ++i) {
        const GuideStep& step = s.guide[i];
        const GuideStepSource& ss = src.steps[i];
        Reader& r = *ss.reader;
        const std::string at = indexed("guide", i);

        // Placeholders in the text: known, and their role exists in this scenario.
        auto check_placeholders = [&](const std::string& path, const YAML::Node& node, const std::string& text) {
            for (const auto& name : guide::placeholders_in(text)) {
                const auto& known = guide::placeholder_names();
                if (std::find(known.begin(), known.end(), name) == known.end())
                    r.at(node, label(path) + ": {" + name + "} is not a placeholder (expected one of {victim}, {victim_ip}, "
                                              "{victim_owner}, {c2_domain})" + did_you_mean(name, known));
                else if (const std::string why = role_missing(name); !why.empty())
                    r.at(node, label(path) + ": {" + name + "}" + why);
            }
        };
        for (const auto& [path, node] : ss.texts) check_placeholders(path, node, node.Scalar());

        // Show me: the Logs tab of a source, with a filter that parses once filled in.
        if (!step.show_source.empty() && step.panel != "logs")
            ss.show_source.report(label(at + ".show.source") + ": Show me opens the Logs tab; write panel: logs (not " +
                                  step.panel + ")");
        if (ss.show_filter.ok) {
            check_placeholders(ss.show_filter.path, ss.show_filter.node, step.show_filter);
            logs::Source source = logs::Source::Dns;
            if (parse_source(step.show_source, source)) {
                const std::string filled = guide::fill(step.show_filter, roles, Lang::En);
                const logs::Filter filter = logs::Filter::parse(filled, source);
                if (!filter.ok())
                    ss.show_filter.report(label(ss.show_filter.path) + ": " + shown(filled) + " is not a filter for " +
                                          step.show_source + " records (column " + std::to_string(filter.error()->column) +
                                          ": " + Catalog::shared().format(filter.error()->key, filter.error()->args, Lang::En) +
                                          "; docs/query-language.md)");
            }
        }

        // What finishes the step: a role where the seed renames things, a time inside the scenario.
        const GuideGoal& g = step.done;
        const auto report_done = [&](const std::string& message) {
            r.at(ss.done.IsDefined() ? ss.done : ss.item, label(ss.done_path.empty() ? at : ss.done_path) + ": " + message);
        };
        const auto check_host = [&](const std::string& name, const std::function<void(const std::string&)>& report) {
            if (name.empty()) return;
            if (name == "victim") {
                if (const std::string why = role_missing("victim"); !why.empty()) report("victim" + why);
            } else if (!s.find_host(name)) {
                Names hosts;
                for (const auto& h : s.network.hosts) hosts.push_back(h.hostname);
                report(name + " is not one of the hosts (expected victim or a hostname)" + did_you_mean(name, hosts));
            } else if (varying_hosts.count(name)) {
                report(name + " changes with the seed (variants: victims); write victim");
            }
        };
        const auto check_domain = [&](const std::string& name, const std::function<void(const std::string&)>& report) {
            if (name.empty()) return;
            if (name == "c2_domain") {
                if (const std::string why = role_missing("c2_domain"); !why.empty()) report("c2_domain" + why);
            } else if (!valid_domain(name)) {
                report(shown(name) + " is neither c2_domain nor a lower-case domain name like www.example.co.jp");
            } else if (varying_domains.count(name)) {
                report(name + " changes with the seed (variants: c2_words); write c2_domain");
            }
        };
        switch (g.kind) {
            case GuideGoalKind::Time:
                if (duration_known && (g.at <= 0 || g.at > s.duration))
                    report_done(format_duration(g.at) + " is outside the scenario (expected more than 0 and at most " +
                                format_duration(s.duration) + ")");
                break;
            case GuideGoalKind::Isolated: check_host(g.target, report_done); break;
            case GuideGoalKind::Blocked: check_domain(g.target, report_done); break;
            case GuideGoalKind::Pinned:
                if (g.target == "victim") check_host(g.target, report_done);
                break;
            case GuideGoalKind::Shown:
                check_host(g.host, [&](const std::string& m) { src.steps[i].shown_host.report(label(src.steps[i].shown_host.path) + ": " + m); });
                check_domain(g.query, [&](const std::string& m) { src.steps[i].shown_query.report(label(src.steps[i].shown_query.path) + ": " + m); });
                break;
            case GuideGoalKind::Next:
            case GuideGoalKind::Opened:
            case GuideGoalKind::ReportSubmitted: break;
        }
    }
}

}  // namespace socsim::scenario::detail

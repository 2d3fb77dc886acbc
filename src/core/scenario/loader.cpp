// Reads a scenario file (YAML) and the files it includes into the Scenario model and checks it,
// so that an author sees every mistake at once with its file:line:col, what was found and what
// was expected. The format is described key by key in docs/scenario-format.md; keep the two in
// step. The typed field readers are in yaml_fields.h, the attack section in attack_reader.cpp.
//
// [SECTION] Keys             what each part of the file may hold
// [SECTION] Files            reading one file's YAML, includes and their cycles
// [SECTION] Sections         metadata, users, hosts, network, benign, scoring, quiz, variants
// [SECTION] Cross-checks     references, duplicates, addresses, the DHCP pools
// [SECTION] Entry points     load_text, load_file
#include "core/scenario/loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <system_error>
#include <utility>

#include "core/common/hash.h"
#include "core/common/yaml_documents.h"
#include "core/detect/rule.h"
#include "core/quiz/question.h"
#include "core/scenario/attack_reader.h"
#include "core/scenario/guide_reader.h"
#include "core/scenario/yaml_fields.h"

namespace socsim::scenario {
namespace {

using namespace detail;

// ---------------------------------------------------------------------------------------------
// [SECTION] Keys
// ---------------------------------------------------------------------------------------------

const Names kTopKeys = {"id",      "version", "title", "briefing", "difficulty", "start",  "duration", "techniques",
                        "quiz",    "network", "users", "hosts",    "benign",     "attack", "scoring",
                        "quiz_questions", "checkpoints", "include", "variants", "guide", "rules"};
// An included file holds the company, not the incident: what several scenarios share.
const Names kFragmentKeys = {"include", "network", "users", "hosts", "benign", "guide"};
const Names kCheckpointKeys = {"on", "questions"};
const Names kCheckpointTriggers = {"start", "first_evidence", "first_isolation", "report_submitted"};
const Names kNetworkKeys = {"domain",     "subnet",      "subnets",  "gateway",      "public_ip",         "dhcp",
                            "dns_server", "auth_server", "firewall", "upstream_dns", "blocked_categories"};
const Names kSubnetKeys = {"name", "cidr", "gateway", "dhcp_pool"};
const Names kDhcpKeys = {"pool", "lease", "server"};
const Names kUserKeys = {"name", "ja", "en", "department", "admin"};
const Names kHostKeys = {"hostname", "role",     "owner",   "mac",       "addressing", "ip",
                         "value",    "subnet",   "services", "exposed",  "inventory",  "joins"};
const Names kBenignKeys = {"hours", "lookups_per_hour", "failed_logon_chance", "sites", "periodic", "jobs"};
const Names kHoursKeys = {"start", "end", "lunch", "weekends_off"};
const Names kSiteKeys = {"domain", "ip", "ttl", "weight", "category", "roles"};
const Names kPeriodicKeys = {"name",  "domain", "ip",    "port",        "protocol", "interval",
                             "jitter", "ttl",   "roles", "record_type", "sent",     "received"};
const Names kJobKeys = {"name",    "kind",    "host",  "at",   "weekdays", "domain",  "ip",
                        "data",    "duration", "targets", "ports", "user", "servers", "typo_chance"};
const Names kScoringKeys = {"containment_points", "full_credit_within", "min_credit_after", "min_credit_share",
                            "wrong_isolation_penalty", "quiz_points", "triage_points", "pass_mark"};
const Names kVariantKeys = {"victims", "shuffle_addresses", "c2_words"};
const Names kDifficulties = {"easy", "medium", "hard"};
const Names kAddressing = {"dhcp", "static"};
const Names kProtocols = {"udp", "tcp"};
const Names kRecordTypes = {"A", "AAAA", "TXT", "CNAME", "MX", "NULL", "SRV"};
const Names kWeekdays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

bool valid_category(std::string_view s) {
    return !s.empty() && s.size() <= 32 &&
           std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}
bool valid_word(std::string_view s) {
    return !s.empty() && s.size() <= 20 &&
           std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Files
// ---------------------------------------------------------------------------------------------

// One file's text parsed into YAML, or the reasons it could not be (reported to `r`).
std::optional<YAML::Node> parse_yaml(const std::string& text, Reader& r, const Names& keys) {
    if (text.size() > kMaxFileBytes) {
        r.whole_file("the file is " + std::to_string(text.size() / (1024 * 1024)) +
                     " MiB; a scenario file may be at most 16 MiB");
        return std::nullopt;
    }
    YAML::Node root;
    DocumentCount docs;
    try {
        docs = count_documents(text);  // first: it refuses a too deep or too big file before a tree is built
        root = YAML::Load(text);
    } catch (const YamlRefused& e) {
        r.at(e.mark, e.what());
        return std::nullopt;
    } catch (const YAML::ParserException& e) {
        r.at(e.mark, "YAML syntax error: " + e.msg + syntax_hint(text, e.mark) + " (check the indentation, quotes and brackets here or just above)");
        return std::nullopt;
    } catch (const std::exception& e) {
        r.whole_file(std::string("the file could not be read as YAML: ") + e.what());
        return std::nullopt;
    }
    if (root.IsNull()) {
        r.whole_file(!has_yaml_text(text)
                         ? "the file is empty (expected a map with keys " + join(keys) + ")"
                         : "the file does not start with the scenario (a stray ---, ',' or bracket before it?); "
                           "expected a map with keys " + join(keys));
        return std::nullopt;
    }
    if (docs.with_content > 1)
        r.at(docs.second_start, "the file holds more than one YAML document (separated by ---); a scenario file "
                                "holds exactly one");
    return root;
}

// Reads a whole file, or says why not (no file, a folder, too big, unreadable).
std::optional<std::string> read_text(const std::filesystem::path& path, std::string& why) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) {
        why = "no such file";
        return std::nullopt;
    }
    if (std::filesystem::is_directory(status)) {
        why = "it is a folder, not a scenario file";
        return std::nullopt;
    }
    // A device or a pipe (/dev/zero, a FIFO) would be read forever.
    if (!std::filesystem::is_regular_file(status)) {
        why = "it is not a regular file (a device or a pipe?)";
        return std::nullopt;
    }
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > kMaxFileBytes) {
        why = "the file is " + std::to_string(size / (1024 * 1024)) + " MiB; a scenario file may be at most 16 MiB";
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        why = "the file is not readable (check its permissions)";
        return std::nullopt;
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad()) {
        why = "the read failed part way";
        return std::nullopt;
    }
    return bytes.str();
}

// One file of the scenario: the top file or one it includes.
struct File {
    Reader* reader = nullptr;
    YAML::Node root;
    bool top = false;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Sections
// ---------------------------------------------------------------------------------------------

struct HostSource {
    YAML::Node item;
    Reader* reader = nullptr;
    Source hostname, ip, mac, owner, subnet;
    bool explicit_static = false;
};

struct JobSource {
    Source host, user, targets, servers;
};

class ScenarioReader {
public:
    // `readers` owns one Reader per file read; they outlive this reader so sources stay valid.
    ScenarioReader(std::deque<Reader>& readers, std::string& hashed_text, bool part_check)
        : readers_(readers), hashed_(hashed_text), part_check_(part_check) {}

    void read(const YAML::Node& root, Reader& top_reader) {
        top_dir_ = std::filesystem::path(top_reader.file()).parent_path();
        std::vector<File> files;
        std::vector<std::string> stack{normal(top_reader.file())};
        collect(root, top_reader, true, stack, 0, files);
        // An included file holds the company; a key of the incident there is named as such.
        KeyNotes fragment;
        fragment.whose = "an included file";
        fragment.elsewhere = kTopKeys;
        fragment.elsewhere.erase(std::remove_if(fragment.elsewhere.begin(), fragment.elsewhere.end(),
                                                [](const std::string& k) {
                                                    return std::find(kFragmentKeys.begin(), kFragmentKeys.end(), k) !=
                                                           kFragmentKeys.end();
                                                }),
                                 fragment.elsewhere.end());
        fragment.elsewhere_note = "; only the scenario file holds it";
        for (const File& f : files) {
            r_ = f.reader;
            Fields fields(*f.reader, f.root, "", f.top ? kTopKeys : kFragmentKeys, f.top ? nullptr : &fragment);
            if (!fields.ok()) continue;
            if (f.top) {
                top_read_ = true;
                read_metadata(fields);
            }
            read_users(fields);
            read_hosts(fields);
            read_network(fields);
            read_benign(fields);
            read_guide(fields, s_, guide_);
            if (f.top) {
                read_attack(fields, s_, attack_);
                read_scoring(fields);
                read_quiz(fields);
                read_variants(fields);
                read_rules(fields);
            }
        }
        if (!top_read_) return;
        // Triage earns points only where there are alerts; they come out of containment's default.
        if (s_.rules && !containment_written_) s_.scoring.containment_points = 50;
        r_ = files.back().reader;
        if (!hosts_seen_) r_->at(files.back().root, label("hosts") + ": missing required key \"hosts\" (expected the "
                                                                      "company's devices, here or in an included file)");
        if (!network_.written) r_->at(files.back().root, label("network") + ": missing required key \"network\" (here or in "
                                                                            "an included file)");
        check_users_and_hosts();
        check_network();
        check_benign();
        check_record_budget();
        check_attack(s_, attack_, duration_ok_, !hosts_refused_);
        check_variants();
        check_guide(s_, guide_, duration_ok_ && !part_check_, !part_check_);
    }

    Scenario take() { return std::move(s_); }
    // The rule files' own problems, at their file:line:col (the scenario's `rules:` line says which).
    std::vector<Diagnostic> take_rule_errors() { return std::move(rule_errors_); }

private:
    // Absolute first: weakly_canonical leaves a relative path to a missing file relative, and
    // it would then look outside the scenario's folder instead of missing.
    static std::string normal(const std::string& path) {
        std::error_code ec;
        const auto absolute = std::filesystem::absolute(path, ec);
        if (ec) return path;
        const auto p = std::filesystem::weakly_canonical(absolute, ec);
        return ec ? absolute.string() : p.string();
    }

    std::string scenario_folder() const { return normal(top_dir_.empty() ? "." : top_dir_.string()); }
    bool inside_scenario_folder(const std::string& canonical) const {
        const std::filesystem::path from_root = std::filesystem::path(canonical).lexically_relative(scenario_folder());
        return !from_root.empty() && *from_root.begin() != "..";
    }

    // The files in reading order: every include before the file that includes it, depth first.
    void collect(const YAML::Node& root, Reader& r, bool top, std::vector<std::string>& stack, std::size_t depth,
                 std::vector<File>& out) {
        if (root.IsMap()) {
            if (const YAML::Node inc = root["include"]; inc.IsDefined()) {
                const std::string where = label("include");
                std::vector<std::pair<std::string, YAML::Node>> names;
                if (inc.IsScalar()) names.emplace_back(inc.Scalar(), inc);
                else if (inc.IsSequence())
                    for (std::size_t i = 0; i < inc.size(); ++i) {
                        if (inc[i].IsScalar() && !inc[i].Scalar().empty()) names.emplace_back(inc[i].Scalar(), inc[i]);
                        else r.at(inc[i], label(indexed("include", i)) + ": found " + found(inc[i]) + ", expected a file name like company/minato-seiki.yaml");
                    }
                else r.at(inc, where + ": found " + found(inc) + ", expected a file name or a list of them");
                for (const auto& [name, node] : names) include(name, node, r, stack, depth, out);
            }
        }
        File f;
        f.reader = &r;
        f.root = root;
        f.top = top;
        out.push_back(f);
    }

    void include(const std::string& name, const YAML::Node& node, Reader& r, std::vector<std::string>& stack,
                 std::size_t depth, std::vector<File>& out) {
        const std::filesystem::path rel(name);
        if (rel.is_absolute()) {
            r.at(node, label("include") + ": " + shown(name) + " is an absolute path (expected a path relative to this file)");
            return;
        }
        const std::filesystem::path path = std::filesystem::path(r.file()).parent_path() / rel;
        const std::string canonical = normal(path.string());
        // Content stays in the scenario's own folder: an include cannot reach other files of the machine.
        if (!inside_scenario_folder(canonical)) {
            r.at(node, label("include") + ": " + shown(name) + " is outside the scenario's folder " + scenario_folder() +
                           " (expected a file in that folder or below it)");
            return;
        }
        if (std::find(stack.begin(), stack.end(), canonical) != stack.end()) {
            std::string chain;
            for (const auto& s : stack) chain += std::filesystem::path(s).filename().string() + " -> ";
            r.at(node, label("include") + ": " + shown(name) + " is already being read (" + chain +
                           std::filesystem::path(canonical).filename().string() + "): files cannot include each other in a cycle");
            return;
        }
        if (depth + 1 > kMaxIncludeDepth) {
            r.at(node, label("include") + ": includes nest more than " + std::to_string(kMaxIncludeDepth) +
                           " deep (expected a flatter set of files)");
            return;
        }
        // Read twice, a file would declare its hosts and users twice; say it once, at the second include.
        if (const auto it = included_.find(canonical); it != included_.end()) {
            r.at(node, label("include") + ": " + shown(name) + " is already included (" +
                           first_at(it->second.first, it->second.second, &r) + "); a file is read once");
            return;
        }
        included_.emplace(canonical, std::make_pair(&r, line_of(node)));
        std::string why;
        const auto text = read_text(path, why);
        if (!text) {
            r.at(node, label("include") + ": cannot read " + path.string() + ": " + why);
            return;
        }
        readers_.emplace_back(path.string());
        Reader& inner = readers_.back();
        hashed_ += "\n--- " + name + "\n" + *text;
        s_.includes.push_back(path.string());
        const auto root_node = parse_yaml(*text, inner, kFragmentKeys);
        if (!root_node) return;
        stack.push_back(canonical);
        collect(*root_node, inner, false, stack, depth + 1, out);
        stack.pop_back();
    }

    // ---- detection rules ----
    // `rules: [rules]`: files and folders of detection rules (docs/detection-rules.md), relative to
    // the scenario file and inside its folder like includes. They are loaded here, so a broken
    // rule stops the scenario from loading instead of silently leaving the alert queue empty;
    // their text joins the content hash, since the alerts a trainee triages depend on them.
    void read_rules(const Fields& top) {
        const YAML::Node* list = top.list("rules", false, kMaxRuleEntries, "rule files or folders like [rules]");
        if (!list) return;
        std::vector<std::filesystem::path> paths;
        for (std::size_t i = 0; i < list->size(); ++i) {
            const YAML::Node item = (*list)[i];
            const std::string where = label(indexed("rules", i));
            if (!item.IsScalar() || item.Scalar().empty()) {
                r_->at(item, where + ": found " + found(item) + ", expected a rule file or folder like rules");
                continue;
            }
            const std::filesystem::path rel(item.Scalar());
            if (rel.is_absolute()) {
                r_->at(item, where + ": " + shown(item.Scalar()) + " is an absolute path (expected a path relative to this file)");
                continue;
            }
            const std::filesystem::path path = std::filesystem::path(r_->file()).parent_path() / rel;
            std::error_code ec;
            if (!std::filesystem::exists(path, ec)) {
                r_->at(item, where + ": " + shown(item.Scalar()) + " does not exist (looked for " + path.string() + ")");
                continue;
            }
            std::vector<Diagnostic> listing;
            const auto files = detect::rule_files({path}, listing);
            if (!listing.empty()) {
                r_->at(item, where + ": " + shown(item.Scalar()) + " holds no rule files (*.yml, *.yaml)");
                continue;
            }
            // Checked file by file: a folder inside may still hold a link to a file outside it.
            bool inside = true;
            for (const auto& f : files) {
                if (inside_scenario_folder(normal(f.string()))) continue;
                r_->at(item, where + ": " + shown(f.string()) + " is outside the scenario's folder " + scenario_folder() +
                                 " (expected rules in that folder or below it)");
                inside = false;
                break;
            }
            if (!inside) continue;
            for (const auto& f : files) {
                std::string why;
                if (const auto text = read_text(f, why)) hashed_ += "\n--- rule " + f.lexically_relative(top_dir_).string() + "\n" + *text;
                s_.rule_files.push_back(f.string());
            }
            paths.push_back(path);
        }
        if (paths.empty()) return;
        auto loaded = detect::load_rules(paths);
        if (!loaded.ok()) {
            r_->at(top.find("rules")->value, label("rules") + ": " + std::to_string(loaded.errors.size()) +
                                                  (loaded.errors.size() == 1 ? " problem" : " problems") +
                                                  " in the detection rules (each at its own file:line)");
            rule_errors_.insert(rule_errors_.end(), loaded.errors.begin(), loaded.errors.end());
            return;
        }
        s_.rules = std::make_shared<const std::vector<detect::Rule>>(std::move(*loaded.value));
    }

    // ---- metadata ----
    void read_metadata(const Fields& top) {
        top.word("id", s_.id, true, kScenarioId, valid_scenario_id);
        top.integer("version", s_.version, false, 1, 1000000);
        top.local_text("title", s_.title, true);
        top.local_text("briefing", s_.briefing, true);
        top.choice("difficulty", s_.difficulty, false, kDifficulties);

        if (const YAML::Node* n = top.scalar("start", true, expected(kStartTime))) {
            const auto t = parse_iso8601(n->Scalar());
            const auto offset = written_utc_offset(n->Scalar());
            // Well formed but for the day (2026-02-30): say that, not "not a start time".
            std::string first_of_month = n->Scalar();
            if (first_of_month.size() > 10) first_of_month.replace(8, 2, "01");
            if (!t && first_of_month != n->Scalar() && parse_iso8601(first_of_month)) {
                r_->at(*n, label("start") + ": " + n->Scalar().substr(0, 10) + " is not a day of the calendar (that month is "
                                                                              "shorter; expected like " + kStartTime.example + ")");
            } else if (!t) {
                top.bad("start", *n, kStartTime);
            } else if (!offset) {
                r_->at(*n, label("start") + ": " + n->Scalar() +
                              " has no UTC offset, so the company's local time is unknown (expected like " +
                              kStartTime.example + ")");
            } else {
                s_.start_time = *t;
                s_.utc_offset_minutes = *offset;
            }
        }

        duration_ok_ = top.duration("duration", s_.duration, true);
        if (duration_ok_) {
            const Entry* e = top.find("duration");
            duration_node_ = e->value;
            if (s_.duration <= 0) {
                r_->at(e->value, label("duration") + ": " + e->value.Scalar() +
                                    " is not a length of time (expected more than 0, like 9h)");
                duration_ok_ = false;
            } else if (s_.duration > kMaxDuration) {
                r_->at(e->value, label("duration") + ": " + e->value.Scalar() +
                                    " is longer than 31 days, the longest scenario socsim will run");
                duration_ok_ = false;
            }
        }

        if (const YAML::Node* list = top.list("techniques", false, kMaxTechniques, "ATT&CK technique ids")) {
            for (std::size_t i = 0; i < list->size(); ++i) {
                const YAML::Node item = (*list)[i];
                const std::string path = indexed("techniques", i);
                if (!item.IsScalar()) {
                    r_->at(item, label(path) + ": found " + found(item) + ", expected " + expected(kTechnique));
                } else if (!valid_technique(item.Scalar())) {
                    r_->at(item, label(path) + ": " + shown(item.Scalar()) + " is not " + kTechnique.what +
                                    " (expected like " + kTechnique.example + ")");
                } else {
                    s_.techniques.push_back(item.Scalar());
                }
            }
        }
        top.text("quiz", s_.quiz, false, Expect{"a quiz bank file", "../quizzes/soc-basics.yaml"});
    }

    // ---- quiz: the end quiz's questions and the checkpoints ----
    // Question ids must exist in the bank the scenario names, and each is asked once at most.
    void read_quiz(const Fields& top) {
        std::vector<std::pair<std::string, YAML::Node>> asked;  // every id with where it was written
        auto read_ids = [&](const YAML::Node& list, const std::string& path, std::vector<std::string>& out) {
            for (std::size_t i = 0; i < list.size(); ++i) {
                const YAML::Node item = list[i];
                if (!item.IsScalar() || item.Scalar().empty()) {
                    r_->at(item, label(indexed(path, i)) + ": found " + found(item) + ", expected a question id");
                    continue;
                }
                out.push_back(item.Scalar());
                asked.emplace_back(item.Scalar(), item);
            }
        };
        if (const YAML::Node* list = top.list("quiz_questions", false, 500, "question ids"))
            read_ids(*list, "quiz_questions", s_.quiz_questions);
        if (const YAML::Node* list = top.list("checkpoints", false, 50, "checkpoints like {on: start, questions: [id]}")) {
            for (std::size_t i = 0; i < list->size(); ++i) {
                Fields f(*r_, (*list)[i], indexed("checkpoints", i), kCheckpointKeys);
                if (!f.ok()) continue;
                Checkpoint c;
                c.line = (*list)[i].Mark().line + 1;
                f.choice("on", c.trigger, true, kCheckpointTriggers);
                if (const YAML::Node* ids = f.list("questions", true, 50, "question ids")) {
                    read_ids(*ids, f.child("questions"), c.questions);
                    if (ids->size() == 0) r_->at(*ids, label(f.child("questions")) + ": is empty (expected at least one question id)");
                }
                s_.checkpoints.push_back(std::move(c));
            }
        }
        if (asked.empty()) return;
        if (s_.quiz.empty()) {
            r_->at(asked.front().second, label("quiz") + ": questions are named but no quiz bank is given (expected quiz: ../quizzes/...)");
            return;
        }
        // The bank is read here so a wrong id is reported in the scenario, where it was written.
        const std::filesystem::path bank_path = std::filesystem::path(r_->file()).parent_path() / s_.quiz;
        const auto bank = quiz::load_bank_file(bank_path);
        if (!bank.ok()) {
            r_->at(top.find("quiz")->value, label("quiz") + ": the bank " + bank_path.string() + " does not load" +
                                               (bank.errors.empty() ? "" : " (" + bank.errors.front().to_string() + ")"));
            return;
        }
        if (bank.value->sealed) {
            // A scenario's questions show their answers once answered: a sealed exam's must not.
            r_->at(top.find("quiz")->value, label("quiz") + ": " + bank_path.string() +
                                               " is a sealed exam; a scenario asks questions of a plain bank (a .yaml file)");
            return;
        }
        std::vector<std::string> ids;
        for (const auto& q : bank.value->questions) ids.push_back(q.id);
        std::set<std::string> seen;
        for (const auto& [id, node] : asked) {
            if (std::find(ids.begin(), ids.end(), id) == ids.end())
                r_->at(node, "question '" + id + "' is not in " + s_.quiz + did_you_mean(id, Names(ids.begin(), ids.end())));
            else if (!seen.insert(id).second)
                r_->at(node, "question '" + id + "' is asked twice; each question is asked once in a scenario");
        }
    }

    // ---- users ----
    void read_users(const Fields& top) {
        const YAML::Node* list = top.list("users", false, kMaxUsers, "users like {name: tanaka, ja: 田中 優子, en: Yuko Tanaka}");
        if (!list) return;
        for (std::size_t i = 0; i < list->size(); ++i) {
            Fields f(*r_, (*list)[i], indexed("users", i), kUserKeys);
            if (!f.ok()) continue;
            User u;
            const bool name_ok = f.word("name", u.name, true, kUserName, valid_user_name);
            f.text("ja", u.display_name.ja, true, Expect{"the name in Japanese", "田中 優子"});
            f.text("en", u.display_name.en, true, Expect{"the name in English", "Yuko Tanaka"});
            f.text("department", u.department, false, Expect{"a department", "経理部 (Accounting)"});
            f.boolean("admin", u.admin, false);
            if (!name_ok) continue;
            user_names_.push_back(source_of(f, "name", true));
            s_.network.users.push_back(std::move(u));
        }
    }

    // ---- hosts ----
    // Services a role offers when the file does not say: what a scan or a brute force would find.
    static std::vector<Service> default_services(Role role) {
        switch (role) {
            case Role::DomainController: return {Service::Smb, Service::Rdp};
            case Role::Server: return {Service::Smb};
            case Role::Dns: return {Service::Ssh};
            case Role::Printer: return {Service::Http};
            case Role::Firewall: return {Service::Https};
            case Role::Iot: return {Service::Http};
            case Role::Workstation:
            case Role::Laptop: return {};
        }
        return {};
    }

    void read_hosts(const Fields& top) {
        if (!top.find("hosts")) return;
        hosts_seen_ = true;
        const YAML::Node* list = top.list("hosts", true, kMaxHosts,
                                          "hosts like {hostname: ws-01, role: workstation, mac: \"3c:52:82:10:00:01\"}");
        if (!list) {
            hosts_refused_ = true;  // its message says why; a reference to a host is not also wrong
            return;
        }
        if (list->size() == 0) r_->at(*list, label("hosts") + ": is empty (expected at least one host)");
        for (std::size_t i = 0; i < list->size(); ++i) {
            const YAML::Node item = (*list)[i];
            Fields f(*r_, item, indexed("hosts", i), kHostKeys);
            if (!f.ok()) continue;
            Host h;
            h.line = line_of(item);
            HostSource src;
            src.item = item;
            src.reader = r_;
            const bool name_ok = f.word("hostname", h.hostname, true, kHostname, valid_hostname);

            std::string role;
            if (f.choice("role", role, true, role_names())) parse_role(role, h.role);
            const bool owner_ok = f.word("owner", h.owner, false, kUserName, valid_user_name);
            const bool mac_ok = f.mac("mac", h.mac, true);
            const bool ip_ok = f.ipv4("ip", h.ip, false);

            // Writing an ip makes a host static unless said otherwise; saying both ways is checked.
            std::string addressing = f.find("ip") ? "static" : "dhcp";
            const bool addressing_written = f.choice("addressing", addressing, false, kAddressing);
            h.addressing = addressing == "static" ? Addressing::Static : Addressing::Dhcp;
            if (addressing_written && h.addressing == Addressing::Dhcp && f.find("ip")) {
                r_->at(f.find("ip")->key, label(f.child("ip")) +
                                              ": a host with addressing: dhcp gets its address from the DHCP pool "
                                              "(remove ip, or write addressing: static)");
            }
            if (h.addressing == Addressing::Static && !f.find("ip")) {
                r_->at(item, label(f.path()) +
                                 ": missing required key \"ip\" (a host with addressing: static needs ip, like "
                                 "ip: 10.20.0.15)");
            }
            f.integer("value", h.business_value, false, 1, 5);
            const bool subnet_ok = f.word("subnet", h.subnet, false, Expect{"a subnet name", "office"}, valid_hostname);
            h.services = default_services(h.role);
            if (const YAML::Node* list_node = f.list("services", false, 8, "services like [ssh, smb]")) {
                h.services.clear();
                for (std::size_t k = 0; k < list_node->size(); ++k) {
                    const YAML::Node sn = (*list_node)[k];
                    Service sv{};
                    if (!sn.IsScalar() || !parse_service(sn.Scalar(), sv))
                        r_->at(sn, label(indexed(f.child("services"), k)) + ": " +
                                       (sn.IsScalar() ? shown(sn.Scalar()) : found(sn)) + " is not a service (expected one of " +
                                       join(service_names()) + ")" + (sn.IsScalar() ? did_you_mean(sn.Scalar(), service_names()) : ""));
                    else
                        h.services.push_back(sv);
                }
            }
            f.boolean("exposed", h.exposed, false);
            f.boolean("inventory", h.inventoried, false);
            Millis joins = 0;
            if (f.duration("joins", joins, false)) {
                h.joins = joins;
                if (h.inventoried)
                    r_->at(f.find("joins")->key, label(f.child("joins")) +
                                                     ": only a device outside the inventory joins later "
                                                     "(write inventory: false, or remove joins)");
            }
            if (!h.inventoried && h.addressing == Addressing::Static)
                r_->at(item, label(f.path()) + ": a rogue device (inventory: false) gets its address from DHCP "
                                               "(remove ip, or make it part of the inventory)");

            if (!name_ok) continue;  // nothing can refer to a host without a name
            src.hostname = source_of(f, "hostname", true);
            src.ip = source_of(f, "ip", ip_ok && h.addressing == Addressing::Static);
            src.mac = source_of(f, "mac", mac_ok);
            src.owner = source_of(f, "owner", owner_ok);
            src.subnet = source_of(f, "subnet", subnet_ok);
            src.explicit_static = h.addressing == Addressing::Static;
            if (!src.ip.ok) h.ip = 0;
            hosts_.push_back(std::move(src));
            s_.network.hosts.push_back(std::move(h));
        }
    }

    // ---- network ----
    // An address range "a-b" inside one subnet; reported and false when it is not.
    bool read_pool(const Fields& f, std::string_view key, Subnet& sub, Source& where) {
        const YAML::Node* p = f.scalar(key, false, expected(kPoolRange));
        if (!p) return false;
        where = source_of(f, key, false);
        const auto parts = split_range(p->Scalar());
        const auto first = parts ? parse_ipv4(parts->first) : std::nullopt;
        const auto last = parts ? parse_ipv4(parts->second) : std::nullopt;
        if (!first || !last) {
            f.bad(key, *p, kPoolRange);
            return false;
        }
        if (*first > *last) {
            r_->at(*p, label(where.path) + ": " + p->Scalar() + " starts after it ends (expected the lower address first, like " +
                           kPoolRange.example + ")");
            return false;
        }
        sub.dhcp_pool_first = *first;
        sub.dhcp_pool_last = *last;
        where.ok = true;
        return true;
    }

    struct SubnetSource {
        Source cidr, gateway, pool, name;
        bool cidr_ok = false;
    };

    void read_network(const Fields& top) {
        if (!top.find("network")) return;
        if (network_.written) {
            r_->at(top.find("network")->key, label("network") + ": is given again (first in " + network_.reader->file() +
                                                 ":" + std::to_string(network_line_) +
                                                 "); the network is described in one file");
            return;
        }
        auto f = top.map("network", true, kNetworkKeys);
        network_ = source_of(top, "network", f.has_value());
        network_line_ = line_of(top.find("network")->key);
        if (!f) return;
        Network& n = s_.network;
        f->word("domain", n.domain, false, kDomain, valid_domain);
        public_ip_ = source_of(*f, "public_ip", f->ipv4("public_ip", n.public_ip, true));
        Ipv4 upstream = 0;
        if (f->ipv4("upstream_dns", upstream, false)) n.upstream_dns = format_ipv4(upstream);
        dns_server_ = source_of(*f, "dns_server", f->word("dns_server", n.dns_server, true, kHostname, valid_hostname));
        auth_server_ = source_of(*f, "auth_server", f->word("auth_server", n.auth_server, true, kHostname, valid_hostname));
        firewall_ = source_of(*f, "firewall", f->word("firewall", n.firewall, true, kHostname, valid_hostname));
        if (f->find("blocked_categories"))
            f->words("blocked_categories", n.blocked_categories, false, 50, Expect{"a web category", "gambling"}, valid_category);

        // Either one LAN (subnet, gateway, dhcp.pool) or several (subnets, each with its own pool).
        const bool one = f->find("subnet") != nullptr, many = f->find("subnets") != nullptr;
        if (one && many) {
            r_->at(f->find("subnets")->key, label(f->child("subnets")) +
                                                ": give either subnet (one LAN) or subnets (several), not both");
            return;
        }
        std::optional<Fields> dhcp;
        if (f->find("dhcp")) {
            dhcp_given_ = true;
            dhcp = f->map("dhcp", false, kDhcpKeys);
            if (dhcp) {
                dhcp_server_ = source_of(*dhcp, "server", dhcp->word("server", n.dhcp_server, true, kHostname, valid_hostname));
                if (dhcp->duration("lease", n.lease_time, false) && n.lease_time < kMinute)
                    r_->at(dhcp->find("lease")->value, label(dhcp->child("lease")) + ": " +
                                                           dhcp->find("lease")->value.Scalar() +
                                                           " is too short (expected 1m or more, like 8h)");
            }
        }
        if (many) {
            if (f->find("gateway"))
                r_->at(f->find("gateway")->key, label(f->child("gateway")) + ": with subnets, each subnet names its own gateway");
            if (dhcp && dhcp->find("pool"))
                r_->at(dhcp->find("pool")->key, label(dhcp->child("pool")) +
                                                    ": with subnets, each subnet gives its own dhcp_pool");
            const YAML::Node* list = f->list("subnets", true, kMaxSubnets,
                                             "subnets like {name: office, cidr: 10.20.0.0/24, gateway: 10.20.0.1}");
            if (!list) return;
            if (list->size() == 0) r_->at(*list, label(f->child("subnets")) + ": is empty (expected at least one subnet)");
            std::map<std::string, int> names;
            for (std::size_t i = 0; i < list->size(); ++i) {
                Fields sf(*r_, (*list)[i], indexed(f->child("subnets"), i), kSubnetKeys);
                if (!sf.ok()) continue;
                Subnet sub;
                SubnetSource src;
                sub.line = line_of((*list)[i]);
                if (sf.word("name", sub.name, true, Expect{"a subnet name", "office"}, valid_hostname)) {
                    const auto [it, fresh] = names.emplace(sub.name, sub.line);
                    if (!fresh)
                        r_->at(sf.find("name")->value, label(sf.child("name")) + ": " + sub.name +
                                                           " is used twice (first on line " + std::to_string(it->second) + ")");
                }
                src.cidr_ok = sf.cidr("cidr", sub.cidr, true);
                src.cidr = source_of(sf, "cidr", src.cidr_ok);
                src.gateway = source_of(sf, "gateway", sf.ipv4("gateway", sub.gateway, false));
                read_pool(sf, "dhcp_pool", sub, src.pool);
                subnet_sources_.push_back(src);
                n.subnets.push_back(std::move(sub));
            }
            return;
        }
        Subnet sub;
        SubnetSource src;
        sub.line = line_of(f->node());
        src.cidr_ok = f->cidr("subnet", sub.cidr, true);
        src.cidr = source_of(*f, "subnet", src.cidr_ok);
        src.gateway = source_of(*f, "gateway", f->ipv4("gateway", sub.gateway, false));
        if (dhcp) {
            if (dhcp->find("pool")) read_pool(*dhcp, "pool", sub, src.pool);
            else dhcp->value("pool", true, expected(kPoolRange));
        }
        subnet_sources_.push_back(src);
        n.subnets.push_back(std::move(sub));
    }

    // ---- benign ----
    // Several files may add sites, periodic services and jobs; the rest is said once.
    bool once(const Fields& f, std::string_view key) {
        const Entry* e = f.find(key);
        if (!e) return false;
        const std::string path = f.child(key);
        if (auto it = said_.find(path); it != said_.end()) {
            r_->at(e->key, label(path) + ": is given again (first in " + it->second.reader->file() + ":" +
                               std::to_string(line_of(it->second.node)) + "); say it in one file");
            return false;
        }
        said_[path] = source_of(f, key, true);
        return true;
    }

    std::vector<Role> read_roles(const Fields& f) {
        std::vector<Role> out;
        const YAML::Node* roles = f.list("roles", false, 16, "roles like [workstation, laptop]");
        if (!roles) return out;
        for (std::size_t k = 0; k < roles->size(); ++k) {
            const YAML::Node rn = (*roles)[k];
            const std::string path = indexed(f.child("roles"), k);
            Role role{};
            if (!rn.IsScalar())
                r_->at(rn, label(path) + ": found " + found(rn) + ", expected one of " + join(role_names()));
            else if (!parse_role(rn.Scalar(), role))
                r_->at(rn, label(path) + ": " + shown(rn.Scalar()) + " is not a role (expected one of " + join(role_names()) +
                               ")" + did_you_mean(rn.Scalar(), role_names()));
            else
                out.push_back(role);
        }
        return out;
    }

    void read_benign(const Fields& top) {
        if (!top.find("benign")) return;
        auto f = top.map("benign", false, kBenignKeys);
        if (!f) return;
        BenignTraffic& b = s_.benign;
        if (once(*f, "hours"))
            if (auto h = f->map("hours", false, kHoursKeys)) read_hours(*h);
        if (once(*f, "lookups_per_hour"))
            f->number("lookups_per_hour", b.lookups_per_hour, false, 0, kMaxLookupsPerHour,
                      "; more would flood the logs, 40 is a typical office");
        if (once(*f, "failed_logon_chance")) f->number("failed_logon_chance", b.failed_logon_chance, false, 0, 1);

        if (const YAML::Node* list = f->list("sites", false, kMaxSites, "sites like {domain: www.example.co.jp, ip: 192.0.2.10}")) {
            for (std::size_t i = 0; i < list->size(); ++i) {
                const YAML::Node item = (*list)[i];
                Fields sf(*r_, item, indexed(f->child("sites"), i), kSiteKeys);
                if (!sf.ok()) continue;
                Site site;
                const bool domain_ok = sf.word("domain", site.domain, true, kDomain, valid_domain);
                sf.ipv4("ip", site.ip, true);
                sf.integer("ttl", site.ttl_s, false, 0, kMaxTtl);
                if (sf.find("weight")) {
                    if (sf.number("weight", site.weight, false, 0, 1e6) && site.weight <= 0)
                        r_->at(sf.find("weight")->value, label(sf.child("weight")) +
                                                             ": 0 would mean the site is never visited (expected more "
                                                             "than 0; remove the site instead)");
                }
                sf.word("category", site.category, false, Expect{"a web category", "news"}, valid_category);
                site.roles = read_roles(sf);
                if (domain_ok) {
                    const auto [it, fresh] = site_lines_.emplace(site.domain, std::make_pair(r_, line_of(item)));
                    if (!fresh)
                        r_->at(sf.find("domain")->value, label(sf.child("domain")) + ": " + site.domain +
                                                             " is listed twice (" +
                                                             first_at(it->second.first, it->second.second, r_) + ")");
                }
                b.sites.push_back(std::move(site));
            }
        }

        if (const YAML::Node* list = f->list("periodic", false, kMaxPeriodic, "periodic services like {name: ntp, ...}")) {
            for (std::size_t i = 0; i < list->size(); ++i) {
                const YAML::Node item = (*list)[i];
                Fields pf(*r_, item, indexed(f->child("periodic"), i), kPeriodicKeys);
                if (!pf.ok()) continue;
                PeriodicService p;
                if (pf.word("name", p.name, true, Expect{"a service name", "ntp"}, valid_hostname)) {
                    const auto [it, fresh] = periodic_lines_.emplace(p.name, std::make_pair(r_, line_of(item)));
                    if (!fresh)
                        r_->at(pf.find("name")->value, label(pf.child("name")) + ": " + p.name + " is used twice (" +
                                                           first_at(it->second.first, it->second.second, r_) +
                                                           "); each service needs its own name");
                }
                pf.word("domain", p.domain, true, kDomain, valid_domain);
                pf.ipv4("ip", p.ip, true);
                pf.integer("port", p.port, false, 1, 65535);
                pf.choice("protocol", p.protocol, false, kProtocols);
                const Source interval = source_of(pf, "interval", pf.duration("interval", p.interval, true));
                const Source jitter = source_of(pf, "jitter", pf.duration("jitter", p.jitter, false));
                check_interval(interval, jitter, p.interval, p.jitter);
                pf.integer("ttl", p.ttl_s, false, 0, kMaxTtl);
                pf.choice("record_type", p.record_type, false, kRecordTypes);
                // One size each way (the engine varies it by 10%); a range would lose its upper end.
                std::uint64_t bytes = 0;
                if (pf.size("sent", bytes, false, 1, 1ull << 30)) p.sent = static_cast<std::uint32_t>(bytes);
                if (pf.size("received", bytes, false, 1, 1ull << 30)) p.received = static_cast<std::uint32_t>(bytes);
                p.roles = read_roles(pf);
                b.periodic.push_back(std::move(p));
            }
        }

        if (const YAML::Node* list = f->list("jobs", false, kMaxJobs, "jobs like {name: nightly-backup, kind: backup, ...}")) {
            for (std::size_t i = 0; i < list->size(); ++i) {
                const YAML::Node item = (*list)[i];
                Fields jf(*r_, item, indexed(f->child("jobs"), i), kJobKeys);
                if (!jf.ok()) continue;
                Job j;
                JobSource src;
                j.line = line_of(item);
                jf.word("name", j.name, true, Expect{"a job name", "nightly-backup"}, valid_hostname);
                std::string kind;
                if (jf.choice("kind", kind, true, job_kind_names())) parse_job_kind(kind, j.kind);
                src.host = source_of(jf, "host", jf.word("host", j.host, true, kHostname, valid_hostname));
                if (const YAML::Node* at = jf.scalar("at", true, expected(kClock))) {
                    if (const auto m = parse_clock(at->Scalar())) j.at_minute = *m;
                    else jf.bad("at", *at, kClock);
                }
                if (const YAML::Node* days = jf.list("weekdays", false, 7, "days like [mon, wed, fri]")) {
                    for (std::size_t k = 0; k < days->size(); ++k) {
                        const YAML::Node d = (*days)[k];
                        const auto it = d.IsScalar() ? std::find(kWeekdays.begin(), kWeekdays.end(), d.Scalar()) : kWeekdays.end();
                        if (it == kWeekdays.end())
                            r_->at(d, label(indexed(jf.child("weekdays"), k)) + ": " + (d.IsScalar() ? shown(d.Scalar()) : found(d)) +
                                          " is not a day (expected one of " + join(kWeekdays) + ")");
                        else
                            j.weekdays.push_back(static_cast<int>(it - kWeekdays.begin()));
                    }
                }
                const bool backup = j.kind == JobKind::Backup, scan = j.kind == JobKind::VulnerabilityScan,
                           ssh = j.kind == JobKind::AdminSsh;
                // Each kind's own keys; the others are refused so a typo of kind is noticed.
                const std::pair<const char*, bool> owned[] = {{"domain", backup}, {"ip", backup}, {"data", backup},
                                                              {"duration", backup || scan}, {"targets", scan},
                                                              {"ports", scan}, {"user", ssh}, {"servers", ssh},
                                                              {"typo_chance", ssh}};
                std::string own_keys;
                for (const auto& [key, allowed] : owned)
                    if (allowed) own_keys += std::string(", ") + key;
                for (const auto& [key, allowed] : owned)
                    if (!allowed && jf.find(key))
                        r_->at(jf.find(key)->key, label(jf.child(key)) + ": a " + job_kind_name(j.kind) + " job has no " + key +
                                                      " (its own keys: " + own_keys.substr(2) + ")");
                if (backup) {
                    jf.word("domain", j.domain, true, kDomain, valid_domain);
                    jf.ipv4("ip", j.ip, true);
                    jf.size("data", j.bytes, true, 1024 * 1024);
                    jf.duration("duration", j.duration, false);
                }
                if (scan) {
                    j.duration = 2 * kHour;
                    jf.duration("duration", j.duration, false);
                    if (jf.find("targets")) jf.words("targets", j.targets, false, 100, Expect{"a subnet name or hostname", "servers"}, valid_hostname);
                    src.targets = source_of(jf, "targets", true);
                    if (const YAML::Node* ports = jf.list("ports", true, 1024, "ports like [22, 80, 443, 445, 3389]")) {
                        for (std::size_t k = 0; k < ports->size(); ++k) {
                            int port = 0;
                            const YAML::Node pn = (*ports)[k];
                            if (!pn.IsScalar() || !YAML::convert<int>::decode(pn, port) || port < 1 || port > 65535)
                                r_->at(pn, label(indexed(jf.child("ports"), k)) + ": is not a port (expected 1 to 65535)");
                            else
                                j.ports.push_back(port);
                        }
                    }
                }
                if (ssh) {
                    src.user = source_of(jf, "user", jf.word("user", j.user, true, kUserName, valid_user_name));
                    jf.words("servers", j.servers, true, 50, kHostname, valid_hostname);
                    src.servers = source_of(jf, "servers", true);
                    jf.number("typo_chance", j.typo_chance, false, 0, 1);
                }
                job_sources_.push_back(src);
                b.jobs.push_back(std::move(j));
            }
        }
    }

    void read_hours(const Fields& h) {
        WorkingHours& w = s_.benign.hours;
        auto clock = [&](std::string_view name, int& out) {
            const YAML::Node* n = h.scalar(name, false, expected(kClock));
            if (!n) return false;
            const auto v = parse_clock(n->Scalar());
            if (!v) {
                h.bad(name, *n, kClock);
                return false;
            }
            out = *v;
            return true;
        };
        const bool start_ok = clock("start", w.start_minute);
        const bool end_ok = clock("end", w.end_minute);
        bool lunch_ok = false;
        if (const YAML::Node* n = h.scalar("lunch", false, expected(kClockRange))) {
            const auto parts = split_range(n->Scalar());
            const auto a = parts ? parse_clock(parts->first) : std::nullopt;
            const auto b = parts ? parse_clock(parts->second) : std::nullopt;
            if (!a || !b) {
                h.bad("lunch", *n, kClockRange);
            } else if (*a >= *b) {
                r_->at(*n, label(h.child("lunch")) + ": " + n->Scalar() +
                              " ends before it starts (expected like " + kClockRange.example + ")");
            } else {
                w.lunch_start_minute = *a;
                w.lunch_end_minute = *b;
                lunch_ok = true;
            }
        }
        h.boolean("weekends_off", w.weekends_off, false);
        if ((start_ok || end_ok) && w.start_minute >= w.end_minute) {
            const char* key = end_ok ? "end" : "start";
            r_->at(h.find(key)->value, label(h.child(key)) + ": the working day " + clock_text(w.start_minute) + "-" +
                                          clock_text(w.end_minute) +
                                          " ends before it starts (night shifts are not supported; expected like "
                                          "start: \"08:30\", end: \"17:30\")");
        } else if ((start_ok || end_ok || lunch_ok) &&
                   (w.lunch_start_minute < w.start_minute || w.lunch_end_minute > w.end_minute)) {
            const char* key = lunch_ok ? "lunch" : start_ok ? "start" : "end";
            r_->at(h.find(key)->value, label(h.child(key)) + ": lunch " + clock_text(w.lunch_start_minute) + "-" +
                                          clock_text(w.lunch_end_minute) + " is not within the working hours " +
                                          clock_text(w.start_minute) + "-" + clock_text(w.end_minute) +
                                          " (expected lunch between start and end)");
        }
    }

    // interval > 0 and 0 <= jitter < interval, with defaults standing in for what is not written:
    // a jitter as large as the interval could schedule a beat before the previous one.
    void check_interval(const Source& interval, const Source& jitter, Millis iv, Millis jt) {
        if ((interval.written && !interval.ok) || (jitter.written && !jitter.ok)) return;  // already reported
        if (iv <= 0) {
            if (interval.written)
                r_->at(interval.node, label(interval.path) + ": " + interval.node.Scalar() +
                                         " is not a repeating interval (expected more than 0, like 60s)");
            return;
        }
        if (jt < iv) return;
        if (jitter.written) {
            r_->at(jitter.node, label(jitter.path) + ": " + jitter.node.Scalar() + " is not smaller than the interval " +
                                   format_duration(iv) + " (expected a jitter below the interval, like interval: 60s, "
                                   "jitter: 3s)");
        } else if (interval.written) {
            r_->at(interval.node, label(interval.path) + ": " + interval.node.Scalar() +
                                     " is not longer than the default jitter " + format_duration(jt) +
                                     " (write a smaller jitter, like jitter: 0s)");
        }
    }

    // ---- scoring ----
    void read_scoring(const Fields& top) {
        auto f = top.map("scoring", false, kScoringKeys);
        if (!f) return;
        Scoring& sc = s_.scoring;
        containment_written_ = f->find("containment_points") != nullptr;
        f->number("containment_points", sc.containment_points, false, 0, 1000);
        const bool full_ok = f->duration("full_credit_within", sc.full_credit_within, false);
        const bool min_ok = f->duration("min_credit_after", sc.min_credit_after, false);
        f->number("min_credit_share", sc.min_credit_share, false, 0, 1);
        f->number("wrong_isolation_penalty", sc.wrong_isolation_penalty, false, 0, 1000);
        f->number("quiz_points", sc.quiz_points, false, 0, 1000);
        f->number("triage_points", sc.triage_points, false, 0, 1000);
        f->number("pass_mark", sc.pass_mark, false, 0, 100);
        if ((full_ok || min_ok) && sc.min_credit_after < sc.full_credit_within) {
            const Entry* at = f->find(min_ok ? "min_credit_after" : "full_credit_within");
            r_->at(at->value, label(f->child("min_credit_after")) + ": " + format_duration(sc.min_credit_after) +
                                 " comes before full_credit_within " + format_duration(sc.full_credit_within) +
                                 " (credit can only fall with time; expected min_credit_after >= full_credit_within)");
        }
    }

    // ---- variants ----
    void read_variants(const Fields& top) {
        auto f = top.map("variants", false, kVariantKeys);
        if (!f) return;
        Variants& v = s_.variants;
        v.line = line_of(f->node());
        if (f->find("victims")) {
            f->words("victims", v.victims, false, 500, kHostname, valid_hostname);
            victims_ = source_of(*f, "victims", true);
        }
        f->boolean("shuffle_addresses", v.shuffle_addresses, false);
        if (f->find("c2_words")) {
            f->words("c2_words", v.c2_words, false, 500, Expect{"a word of letters and digits", "cloud"}, valid_word);
            if (v.c2_words.size() < 4)
                r_->at(f->find("c2_words")->value, label(f->child("c2_words")) + ": " + std::to_string(v.c2_words.size()) +
                                                       (v.c2_words.size() == 1 ? " word" : " words") +
                                                       "; needs at least 4, so that trainees get different names");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // [SECTION] Cross-checks
    // ---------------------------------------------------------------------------------------------

    Names hostnames() const {
        Names out;
        for (const auto& h : s_.network.hosts) out.push_back(h.hostname);
        return out;
    }
    Names subnet_names() const {
        Names out;
        for (const auto& n : s_.network.subnets) out.push_back(n.name);
        return out;
    }

    // "first on line 12" in the same file, "first at company.yaml:12" in another.
    static std::string first_at(const Reader* first, int line, const Reader* now) {
        return first == now ? "first on line " + std::to_string(line) : "first at " + first->file() + ":" + std::to_string(line);
    }

    void check_users_and_hosts() {
        std::map<std::string, Source> user_first;
        Names users;
        for (const auto& u : user_names_) {
            const std::string name = u.node.Scalar();
            const auto [it, fresh] = user_first.emplace(name, u);
            if (!fresh)
                u.report(label(u.path) + ": " + name + " is declared twice (" +
                         first_at(it->second.reader, line_of(it->second.node), u.reader) + ")");
            users.push_back(name);
        }

        std::map<std::string, const HostSource*> name_first;
        std::map<Ipv4, std::string> ip_owner;
        std::map<Mac, std::string> mac_owner;
        for (std::size_t i = 0; i < hosts_.size(); ++i) {
            const HostSource& src = hosts_[i];
            const Host& h = s_.network.hosts[i];
            const auto [it, fresh] = name_first.emplace(h.hostname, &src);
            if (!fresh)
                src.hostname.report(label(src.hostname.path) + ": " + h.hostname + " is declared twice (" +
                                    first_at(it->second->reader, line_of(it->second->item), src.reader) +
                                    "); hostnames must be unique");
            if (src.ip.ok) {
                const auto [ip_it, ip_fresh] = ip_owner.emplace(h.ip, h.hostname);
                if (!ip_fresh)
                    src.ip.report(label(src.ip.path) + ": " + format_ipv4(h.ip) + " is already the address of " +
                                  ip_it->second + " (expected a different address for each host)");
            }
            if (src.mac.ok) {
                const auto [mac_it, mac_fresh] = mac_owner.emplace(h.mac, h.hostname);
                if (!mac_fresh)
                    src.mac.report(label(src.mac.path) + ": " + format_mac(h.mac) + " is already the MAC of " +
                                   mac_it->second + " (expected a different MAC for each host)");
            }
            if (src.owner.ok && !user_first.count(h.owner))
                src.owner.report(label(src.owner.path) + ": " + h.owner +
                                 " is not one of the users (expected a name from users:)" + did_you_mean(h.owner, users));
        }
    }

    // A reference to a host by name, with the role and addressing the job needs.
    const Host* check_host_ref(const Source& ref, const std::string& value, const char* job,
                               std::initializer_list<Role> roles) {
        if (!ref.ok || hosts_refused_) return nullptr;
        const Host* h = s_.find_host(value);
        if (!h) {
            ref.report(label(ref.path) + ": " + value + " is not one of the hosts (expected a hostname from hosts:)" +
                       did_you_mean(value, hostnames()));
            return nullptr;
        }
        if (std::find(roles.begin(), roles.end(), h->role) == roles.end()) {
            Names allowed;
            for (Role r : roles) allowed.push_back(role_name(r));
            ref.report(label(ref.path) + ": " + value + " has role " + role_name(h->role) + ", which cannot be the " + job +
                       " (expected a host with role " + join(allowed) + ")");
            return nullptr;
        }
        if (h->addressing != Addressing::Static) {
            ref.report(label(ref.path) + ": " + value + " uses addressing: dhcp, but the " + job +
                       " must have a static ip that clients are configured with");
            return nullptr;
        }
        return h;
    }

    void check_network() {
        Network& n = s_.network;
        check_host_ref(dns_server_, n.dns_server, "DNS server", {Role::DomainController, Role::Server, Role::Dns});
        check_host_ref(auth_server_, n.auth_server, "logon server", {Role::DomainController, Role::Server});
        check_host_ref(dhcp_server_, n.dhcp_server, "DHCP server", {Role::DomainController, Role::Server, Role::Firewall});
        const Host* fw = check_host_ref(firewall_, n.firewall, "firewall", {Role::Firewall});

        // Subnets: inside each other is an overlap; the gateway and the pool lie within.
        for (std::size_t i = 0; i < n.subnets.size(); ++i) {
            Subnet& sub = n.subnets[i];
            SubnetSource& src = subnet_sources_[i];
            if (!src.cidr_ok) continue;
            const std::string range = format_ipv4(sub.cidr.network) + "/" + std::to_string(sub.cidr.prefix);
            const Ipv4 broadcast = sub.cidr.network | ~sub.cidr.mask();
            for (std::size_t k = 0; k < i; ++k)
                if (subnet_sources_[k].cidr_ok &&
                    (n.subnets[k].cidr.contains(sub.cidr.network) || sub.cidr.contains(n.subnets[k].cidr.network)))
                    src.cidr.report(label(src.cidr.path) + ": " + range + " overlaps subnet " + n.subnets[k].name +
                                    " (expected separate address ranges)");
            // The gateway is the firewall's address in the first LAN; written or not, they must agree.
            if (i == 0 && fw && fw->ip != 0) {
                if (!src.gateway.written) sub.gateway = fw->ip;
                else if (src.gateway.ok && sub.gateway != fw->ip)
                    src.gateway.report(label(src.gateway.path) + ": " + format_ipv4(sub.gateway) +
                                       " is not the address of the firewall " + fw->hostname + " (" + format_ipv4(fw->ip) +
                                       "); expected the firewall's inside address, or leave gateway out");
            }
            if (src.gateway.ok && !sub.cidr.contains(sub.gateway))
                src.gateway.report(label(src.gateway.path) + ": " + format_ipv4(sub.gateway) + " is outside the subnet " + range);
            if (src.pool.ok) {
                if (!sub.cidr.contains(sub.dhcp_pool_first) || !sub.cidr.contains(sub.dhcp_pool_last)) {
                    src.pool.report(label(src.pool.path) + ": " + src.pool.node.Scalar() + " is not inside the subnet " +
                                    range + " (expected a range of addresses in it)");
                    src.pool.ok = false;
                } else if (sub.dhcp_pool_first == sub.cidr.network || sub.dhcp_pool_last == broadcast) {
                    src.pool.report(label(src.pool.path) + ": " + src.pool.node.Scalar() +
                                    " includes the network or broadcast address of " + range);
                    src.pool.ok = false;
                }
                if (!src.pool.ok) sub.dhcp_pool_first = sub.dhcp_pool_last = 0;
            }
        }
        if (public_ip_.ok)
            for (const auto& sub : n.subnets)
                if (sub.cidr.contains(n.public_ip))
                    public_ip_.report(label(public_ip_.path) + ": " + format_ipv4(n.public_ip) + " is inside the office subnet " +
                                      sub.name + " (expected the firewall's outside address, like 198.51.100.23)");

        // Static hosts: inside a subnet, not its network or broadcast address, not in a pool.
        const Names subnets = subnet_names();
        for (std::size_t i = 0; i < hosts_.size(); ++i) {
            Host& h = n.hosts[i];
            const HostSource& src = hosts_[i];
            if (src.subnet.ok && std::find(subnets.begin(), subnets.end(), h.subnet) == subnets.end()) {
                src.subnet.report(label(src.subnet.path) + ": " + h.subnet + " is not one of the subnets (expected one of " +
                                  join(subnets) + ")" + did_you_mean(h.subnet, subnets));
                continue;
            }
            if (!src.ip.ok) continue;
            const Subnet* sub = n.subnet_of(h.ip);
            if (!sub) {
                if (!n.subnets.empty() && subnet_sources_.front().cidr_ok)
                    src.ip.report(label(src.ip.path) + ": " + format_ipv4(h.ip) + " is outside " +
                                  (n.subnets.size() == 1 ? "the subnet " + format_ipv4(n.subnets[0].cidr.network) + "/" +
                                                               std::to_string(n.subnets[0].cidr.prefix)
                                                         : std::string("every subnet")) +
                                  " (expected an address in network.subnet" + (n.subnets.size() == 1 ? "" : "s") + ")");
                continue;
            }
            const Ipv4 broadcast = sub->cidr.network | ~sub->cidr.mask();
            if (h.ip == sub->cidr.network || h.ip == broadcast)
                src.ip.report(label(src.ip.path) + ": " + format_ipv4(h.ip) + " is the " +
                              (h.ip == broadcast ? "broadcast" : "network") + " address of " +
                              format_ipv4(sub->cidr.network) + "/" + std::to_string(sub->cidr.prefix) +
                              ", which no host can use");
            else if (sub->dhcp_pool_first && h.ip >= sub->dhcp_pool_first && h.ip <= sub->dhcp_pool_last)
                src.ip.report(label(src.ip.path) + ": " + format_ipv4(h.ip) + " is inside the DHCP pool " +
                              format_ipv4(sub->dhcp_pool_first) + "-" + format_ipv4(sub->dhcp_pool_last) +
                              " (expected a static address outside the pool, or the pool made smaller)");
            else if (src.subnet.ok && h.subnet != sub->name)
                src.subnet.report(label(src.subnet.path) + ": " + h.hostname + "'s address " + format_ipv4(h.ip) +
                                  " is in subnet " + sub->name + ", not " + h.subnet);
            h.subnet = sub->name;
        }

        // DHCP hosts: the next free pool address of their subnet, in declaration order, so the
        // engine (and the answer key) know which lease each one holds.
        std::map<std::string, std::size_t> wanted;
        const Subnet* default_pool = nullptr;
        for (const auto& sub : n.subnets)
            if (sub.dhcp_pool_first && !default_pool) default_pool = &sub;
        std::size_t dhcp_hosts = 0;
        for (std::size_t i = 0; i < n.hosts.size(); ++i) {
            Host& h = n.hosts[i];
            if (h.addressing != Addressing::Dhcp) continue;
            ++dhcp_hosts;
            if (h.subnet.empty() && default_pool) h.subnet = default_pool->name;
            if (!h.subnet.empty()) ++wanted[h.subnet];
        }
        if (dhcp_hosts > 0 && !dhcp_given_ && network_.ok) {
            network_.report(label("network") + ": missing required key \"dhcp\" (" + std::to_string(dhcp_hosts) +
                            " hosts use addressing: dhcp; expected like dhcp: {pool: \"10.20.0.100-10.20.0.199\", "
                            "server: dc01})");
            return;
        }
        std::map<std::string, Ipv4> next;
        for (std::size_t k = 0; k < n.subnets.size(); ++k) {
            const Subnet& sub = n.subnets[k];
            const std::size_t count = wanted.count(sub.name) ? wanted[sub.name] : 0;
            if (count == 0) continue;
            const Source& pool = subnet_sources_[k].pool;
            if (!sub.dhcp_pool_first) {
                if (!pool.written && subnet_sources_[k].cidr_ok)
                    subnet_sources_[k].cidr.report(label(subnet_sources_[k].cidr.path) + ": " + std::to_string(count) +
                                                   (count == 1 ? " host gets its" : " hosts get their") +
                                                   " address by DHCP in subnet " + sub.name +
                                                   ", which has no pool (add dhcp_pool)");
                continue;
            }
            const std::uint64_t size = std::uint64_t(sub.dhcp_pool_last) - sub.dhcp_pool_first + 1;
            if (size < count) {
                pool.report(label(pool.path) + ": " + pool.node.Scalar() + " holds " + std::to_string(size) +
                            " addresses but " + std::to_string(count) + " hosts use addressing: dhcp (expected a range of at least " +
                            std::to_string(count) + " addresses)");
                continue;
            }
            next[sub.name] = sub.dhcp_pool_first;
        }
        for (auto& h : n.hosts)
            if (h.addressing == Addressing::Dhcp && next.count(h.subnet)) h.ip = next[h.subnet]++;
    }

    // Each limit above may hold while their product does not: 5,000 hosts browsing 10,000 times
    // an hour for 31 days is billions of records, which the workspace would hold in memory.
    // An upper estimate (busiest hour all day, two records a lookup) is refused past the budget.
    void check_record_budget() {
        if (!duration_ok_ || s_.duration <= 0) return;
        const double hours = static_cast<double>(s_.duration) / static_cast<double>(kHour);
        const double hosts = static_cast<double>(s_.network.hosts.size());
        double records = hosts * s_.benign.lookups_per_hour * 1.4 * hours * 2;
        for (const auto& p : s_.benign.periodic)
            if (p.interval > 0) records += hosts * static_cast<double>(s_.duration) / static_cast<double>(p.interval) * 2;
        if (records <= kMaxEstimatedRecords) return;
        char estimate[64], rate[32];
        std::snprintf(estimate, sizeof estimate, "%.1f", records / 1e9);
        std::snprintf(rate, sizeof rate, "%g", s_.benign.lookups_per_hour);
        r_->at(duration_node_, label("duration") + ": " + std::to_string(s_.network.hosts.size()) + " hosts over " +
                                   format_duration(s_.duration) + " at " + rate +
                                   " lookups an hour would make up to " + estimate + " billion records, more than the " +
                                   std::to_string(static_cast<long long>(kMaxEstimatedRecords / 1e6)) +
                                   " million socsim keeps in memory (about 20 GB); shorten the duration, or use "
                                   "fewer hosts or lookups");
    }

    void check_benign() {
        const Names subnets = subnet_names();
        Names users;
        for (const auto& u : s_.network.users) users.push_back(u.name);
        for (std::size_t i = 0; i < job_sources_.size() && i < s_.benign.jobs.size(); ++i) {
            const JobSource& src = job_sources_[i];
            const Job& j = s_.benign.jobs[i];
            if (src.host.ok && !s_.find_host(j.host))
                src.host.report(label(src.host.path) + ": " + j.host + " is not one of the hosts" + did_you_mean(j.host, hostnames()));
            if (src.user.ok && std::find(users.begin(), users.end(), j.user) == users.end()) {
                src.user.report(label(src.user.path) + ": " + j.user + " is not one of the users" + did_you_mean(j.user, users));
            } else if (src.user.ok && j.kind == JobKind::AdminSsh) {
                // Only IT staff log on to the servers: the trainee is told so, and may check it.
                const auto it = std::find_if(s_.network.users.begin(), s_.network.users.end(),
                                             [&](const User& u) { return u.name == j.user; });
                if (it != s_.network.users.end() && !it->admin)
                    src.user.report(label(src.user.path) + ": " + j.user +
                                    " is not an administrator (an admin_ssh job is IT's work: give the user admin: true)");
            }
            Names both = subnets;
            for (const auto& h : hostnames()) both.push_back(h);
            for (const auto& t : j.targets)
                if (std::find(subnets.begin(), subnets.end(), t) == subnets.end() && !s_.find_host(t))
                    report_item(src.targets, t, " is neither a subnet nor a host (expected a subnet name or a hostname)" +
                                                    did_you_mean(t, both));
            for (const auto& name : j.servers) {
                const Host* h = s_.find_host(name);
                if (!h)
                    report_item(src.servers, name, " is not one of the hosts" + did_you_mean(name, hostnames()));
                else if (std::find(h->services.begin(), h->services.end(), Service::Ssh) == h->services.end())
                    report_item(src.servers, name, " offers no ssh (add services: [ssh] to it)");
            }
        }
    }

    // A message about one name of a list, at that item: "jobs[2].servers[1]: fs09 is not ...".
    static void report_item(const Source& list, const std::string& name, const std::string& what) {
        if (list.node.IsSequence())
            for (std::size_t i = 0; i < list.node.size(); ++i)
                if (list.node[i].IsScalar() && list.node[i].Scalar() == name) {
                    if (list.reader) list.reader->at(list.node[i], label(indexed(list.path, i)) + ": " + name + what);
                    return;
                }
        list.report(label(list.path) + ": " + name + what);
    }

    void check_variants() {
        const Variants& v = s_.variants;
        for (const auto& name : v.victims) {
            const Host* h = s_.find_host(name);
            if (!h)
                report_item(victims_, name, " is not one of the hosts" + did_you_mean(name, hostnames()));
            else if ((h->role != Role::Workstation && h->role != Role::Laptop) || !h->inventoried || h->owner.empty())
                report_item(victims_, name, " is not somebody's desk PC or laptop (a victim must be one, so the story holds)");
        }
        if (!v.victims.empty() && s_.attack.empty())
            victims_.report(label(victims_.path) + ": there is no attack step whose host could vary");
    }

    std::deque<Reader>& readers_;
    std::string& hashed_;                     // every file's text, for the content hash
    bool part_check_ = false;                 // an included part checked on its own (no incident around it)
    GuideSource guide_;
    std::filesystem::path top_dir_;           // includes and rules stay inside this folder
    std::vector<Diagnostic> rule_errors_;
    bool containment_written_ = false;
    Reader* r_ = nullptr;                     // the file whose sections are being read
    bool top_read_ = false;
    Scenario s_;
    std::vector<Source> user_names_;
    std::vector<HostSource> hosts_;           // parallel to s_.network.hosts
    std::vector<AttackSource> attack_;        // parallel to s_.attack
    std::vector<SubnetSource> subnet_sources_;  // parallel to s_.network.subnets
    std::vector<JobSource> job_sources_;      // parallel to s_.benign.jobs
    std::map<std::string, Source> said_;      // benign keys said once, and where
    std::map<std::string, std::pair<Reader*, int>> site_lines_, periodic_lines_;
    Source network_, public_ip_, dns_server_, auth_server_, dhcp_server_, firewall_, victims_;
    bool hosts_seen_ = false;
    bool hosts_refused_ = false;  // `hosts` was there but not a list, or too long: no host can be looked up
    YAML::Node duration_node_;  // where a record budget beyond the limit is reported
    bool duration_ok_ = false;
    bool dhcp_given_ = false;
    int network_line_ = 0;                    // where network: was first written
    std::map<std::string, std::pair<Reader*, int>> included_;  // every file included, and where first
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Entry points
// ---------------------------------------------------------------------------------------------

namespace {

Loaded<Scenario> load_text_as(const std::string& yaml_text, const std::string& file_name, bool part_check) {
    Loaded<Scenario> out;
    std::deque<Reader> readers;  // the top file's first; included files' after it
    readers.emplace_back(file_name);
    std::string hashed = yaml_text;
    Scenario s;
    std::vector<Diagnostic> rule_errors;
    if (const auto root = parse_yaml(yaml_text, readers.front(), kTopKeys)) {
        ScenarioReader reader(readers, hashed, part_check);
        try {
            reader.read(*root, readers.front());
        } catch (const std::exception& e) {
            // The walk checks types before converting, so this is a bug in the loader; say so
            // rather than crash the program that asked.
            readers.front().whole_file(std::string("internal error while reading the scenario: ") + e.what());
        }
        s = reader.take();
        rule_errors = reader.take_rule_errors();
    }
    s.source_path = file_name;
    s.content_hash = fnv1a64_hex(hashed);
    // Included files first: their mistakes often explain the top file's.
    for (std::size_t i = 1; i < readers.size(); ++i)
        for (auto& d : readers[i].take()) out.errors.push_back(std::move(d));
    for (auto& d : rule_errors) out.errors.push_back(std::move(d));
    for (auto& d : readers.front().take()) out.errors.push_back(std::move(d));
    if (out.errors.empty()) out.value = std::move(s);
    return out;
}

}  // namespace

Loaded<Scenario> load_text(const std::string& yaml_text, const std::string& file_name) {
    return load_text_as(yaml_text, file_name, false);
}

Loaded<Scenario> load_file(const std::filesystem::path& path) {
    std::string why;
    const auto text = read_text(path, why);
    if (!text) {
        Loaded<Scenario> out;
        Diagnostic d;
        d.file = path.string();
        d.message = (why.starts_with("the file") ? why : "cannot open " + path.string() + ": " + why);
        out.errors.push_back(std::move(d));
        return out;
    }
    return load_text(*text, path.string());
}

bool is_included_part(const std::filesystem::path& path) {
    std::string why;
    const auto text = read_text(path, why);
    if (!text) return false;
    try {
        (void)count_documents(*text);  // refuses a too deep or too big file before a tree is built
        const YAML::Node root = YAML::Load(*text);
        if (!root.IsMap() || root.size() == 0) return false;
        for (auto it = root.begin(); it != root.end(); ++it)
            if (!it->first.IsScalar() ||
                std::find(kFragmentKeys.begin(), kFragmentKeys.end(), it->first.Scalar()) == kFragmentKeys.end())
                return false;
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

Loaded<Scenario> load_included_part(const std::filesystem::path& path) {
    // A scenario with no incident that includes the part: every cross-check runs, and every
    // message points into the part itself.
    const auto wrapper = path.parent_path() / ".part-check.yaml";
    const std::string yaml = "id: part-check\ntitle: {ja: 確認, en: check}\nbriefing: {ja: 確認, en: check}\n"
                             "start: \"2026-01-05T08:00:00+09:00\"\nduration: 1h\nattack: []\ninclude: [" +
                             path.filename().string() + "]\n";
    Loaded<Scenario> out = load_text_as(yaml, wrapper.string(), true);
    // The wrapper is socsim's, not the author's: its "missing hosts" follows from a problem in
    // the part, reported there; alone, it is the part's own problem.
    const auto in_wrapper = [&](const Diagnostic& d) { return d.file == wrapper.string(); };
    if (std::any_of(out.errors.begin(), out.errors.end(), [&](const Diagnostic& d) { return !in_wrapper(d); })) {
        out.errors.erase(std::remove_if(out.errors.begin(), out.errors.end(), in_wrapper), out.errors.end());
    } else {
        for (Diagnostic& d : out.errors) {
            d.file = path.string();
            d.line = d.column = 0;
        }
    }
    return out;
}

}  // namespace socsim::scenario

// The examples of docs/scenario-format.md load: a trainer who copies one gets a working file.
//
// Every fenced block marked ```yaml is an example, and it is checked by what it starts with:
// - a complete scenario (a line `id: ...` at the start of a line) loads as it is;
// - a step (the first line that is not blank or a comment starts with `- id:`) is put under
//   `attack:` of a minimal scenario that includes company/minato-seiki.yaml; a block of several
//   steps goes in whole, in order;
// - anything else is a file a scenario includes (network, users, hosts, benign, include) and
//   is checked as `socsim validate` checks one: inside a scenario with no incident.
// Each example is written to a temporary folder laid out like the repository: scenarios/ with a
// copy of scenarios/company/ beside it, and quizzes/ next to scenarios/, so
// `include: company/minato-seiki.yaml` and `quiz: ../quizzes/...` resolve as they do in the
// shipped files. An example that stops loading fails the test with the doc's line and the errors.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/scenario/loader.h"

using namespace socsim;
using namespace socsim::scenario;
namespace fs = std::filesystem;

namespace {

const fs::path kSource = SOCSIM_SOURCE_DIR;

struct Example {
    int line = 0;      // line of the ```yaml fence in the doc, for messages
    std::string text;
};

enum class ExampleKind { Scenario, Steps, Part };

std::string read_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::vector<Example> yaml_examples(const std::string& markdown) {
    std::vector<Example> out;
    std::istringstream in(markdown);
    std::string line;
    int number = 0;
    bool inside = false;
    while (std::getline(in, line)) {
        ++number;
        if (!inside && line == "```yaml") {
            inside = true;
            out.push_back({number, {}});
        } else if (inside && line.rfind("```", 0) == 0) {
            inside = false;
        } else if (inside) {
            out.back().text += line + "\n";
        }
    }
    REQUIRE_FALSE(inside);  // an unclosed fence would swallow the rest of the page
    return out;
}

ExampleKind kind_of(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    bool first = true;
    bool steps = false;
    while (std::getline(in, line)) {
        if (line.rfind("id:", 0) == 0) return ExampleKind::Scenario;
        const auto start = line.find_first_not_of(' ');
        if (start == std::string::npos || line[start] == '#') continue;
        if (first) steps = line.rfind("- id:", 0) == 0;
        first = false;
    }
    return steps ? ExampleKind::Steps : ExampleKind::Part;
}

// A scenario around steps: the company and nothing else, nine hours long.
std::string around_steps(const std::string& steps) {
    std::string yaml =
        "id: doc-step\n"
        "title: {ja: 例, en: Example}\n"
        "briefing: {ja: 例, en: Example}\n"
        "start: \"2026-03-02T08:00:00+09:00\"\n"
        "duration: 9h\n"
        "include: company/minato-seiki.yaml\n"
        "attack:\n";
    std::istringstream in(steps);
    std::string line;
    while (std::getline(in, line)) yaml += "  " + line + "\n";
    return yaml;
}

// A folder laid out like the repository, removed when the test ends.
struct ExampleFolder {
    fs::path root;
    fs::path scenarios;
    int written = 0;

    ExampleFolder() {
        root = fs::temp_directory_path() / ("socsim-doc-examples-" + std::to_string(::getpid()));
        fs::remove_all(root);
        scenarios = root / "scenarios";
        fs::create_directories(scenarios);
        fs::copy(kSource / "scenarios" / "company", scenarios / "company", fs::copy_options::recursive);
        fs::copy(kSource / "quizzes", root / "quizzes", fs::copy_options::recursive);
    }
    ~ExampleFolder() {
        std::error_code ec;
        fs::remove_all(root, ec);
    }
    fs::path write(const std::string& stem, const std::string& text) {
        const fs::path path = scenarios / (stem + "-" + std::to_string(++written) + ".yaml");
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }
};

std::string messages(const Loaded<Scenario>& r) {
    std::string out;
    for (const auto& d : r.errors) out += "  " + d.to_string() + "\n";
    return out;
}

// Loads one example by its kind; returns what went wrong ("" when it loads).
std::string check_example(ExampleFolder& folder, const std::string& text) {
    switch (kind_of(text)) {
        case ExampleKind::Scenario: {
            const auto r = load_file(folder.write("scenario", text));
            return r.ok() ? std::string() : "as a scenario:\n" + messages(r);
        }
        case ExampleKind::Steps: {
            const auto r = load_file(folder.write("steps", around_steps(text)));
            return r.ok() ? std::string() : "as steps under attack: of a scenario including the company:\n" + messages(r);
        }
        case ExampleKind::Part: {
            const fs::path path = folder.write("part", text);
            if (!is_included_part(path)) return "as an included file: it holds a key only a scenario may hold\n";
            const auto r = load_included_part(path);
            return r.ok() ? std::string() : "as an included file:\n" + messages(r);
        }
    }
    return "unknown kind of example";
}

std::vector<Example> doc_examples() { return yaml_examples(read_bytes(kSource / "docs" / "scenario-format.md")); }

}  // namespace

TEST_CASE("every yaml example of docs/scenario-format.md loads", "[scenario][docs]") {
    const auto examples = doc_examples();
    REQUIRE(examples.size() >= 20);
    ExampleFolder folder;
    for (const auto& e : examples) {
        INFO("docs/scenario-format.md:" << e.line << "\n" << e.text);
        const std::string problem = check_example(folder, e.text);
        INFO(problem);
        CHECK(problem.empty());
    }
}

TEST_CASE("the doc opens with a complete scenario on the company with two steps", "[scenario][docs]") {
    const auto examples = doc_examples();
    REQUIRE_FALSE(examples.empty());
    REQUIRE(kind_of(examples.front().text) == ExampleKind::Scenario);
    ExampleFolder folder;
    const auto r = load_file(folder.write("first", examples.front().text));
    INFO(messages(r));
    REQUIRE(r.ok());
    CHECK(r.value->includes.size() == 1);
    CHECK(r.value->attack.size() == 2);
}

TEST_CASE("the doc has an example of every attack kind and every job kind", "[scenario][docs]") {
    std::string all;
    for (const auto& e : doc_examples()) all += e.text;
    for (const auto& kind : attack_kind_names()) {
        INFO("attack kind " << kind);
        CHECK(all.find("kind: " + kind + "\n") != std::string::npos);
    }
    for (const auto& kind : job_kind_names()) {
        INFO("job kind " << kind);
        CHECK(all.find("kind: " + kind + ",") != std::string::npos);
    }
}

TEST_CASE("an example that does not load is caught, whatever its kind", "[scenario][docs]") {
    ExampleFolder folder;
    SECTION("a step with a key its kind does not take") {
        const std::string step = "- id: beacon\n  kind: dns_beacon\n  host: ws-17\n  start: 1h\n  technique: T1071.004\n"
                                 "  c2: {domain: c2.example.net, ip: 198.51.100.9}\n  dga: {burst: 3}\n";
        REQUIRE(kind_of(step) == ExampleKind::Steps);
        CHECK_THAT(check_example(folder, step), Catch::Matchers::Contains("a dns_beacon step takes no dga"));
    }
    SECTION("a scenario naming a host the company does not have") {
        const std::string scenario = around_steps("- id: scan\n  kind: port_scan\n  host: ws-99\n  start: 1h\n"
                                                  "  technique: T1046\n  targets: [servers]\n");
        REQUIRE(kind_of(scenario) == ExampleKind::Scenario);
        CHECK_THAT(check_example(folder, scenario), Catch::Matchers::Contains("ws-99 is not one of the hosts"));
    }
    SECTION("an included file with a bad address") {
        const std::string part = "include: company/minato-seiki.yaml\nhosts:\n"
                                 "  - {hostname: nas09, role: server, mac: \"d0:94:66:11:22:99\", ip: 10.20.10.300}\n";
        REQUIRE(kind_of(part) == ExampleKind::Part);
        CHECK_THAT(check_example(folder, part), Catch::Matchers::Contains("is not an IPv4 address"));
    }
    SECTION("an included file holding an attack") {
        CHECK_FALSE(check_example(folder, "attack: []\n").empty());
    }
}

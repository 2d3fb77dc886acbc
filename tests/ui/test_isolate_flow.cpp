// UI tests without GL: ImGui with no renderer, a display size, a built font atlas, and synthetic
// mouse input (a click is a press in one frame and a release in the next), driving App as a
// trainee would.
#include <catch2/catch.hpp>

#include <imgui.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "app/app.h"
#include "imgui_harness.h"
#include "core/common/data_dir.h"
#include "core/scenario/loader.h"

using namespace socsim;

namespace {

std::filesystem::path scenarios_dir() { return std::filesystem::path(SOCSIM_SOURCE_DIR) / "scenarios"; }

app::App::Options options() { return repository_options("ui-test", 7); }

}  // namespace

TEST_CASE("a trainee isolates a host through the dialog and its traffic stops", "[ui]") {
    ImGuiHarness ui;
    app::App app(options());
    REQUIRE(!app.catalogue().empty());
    REQUIRE(app.catalogue().front().scenario);
    app.start(app.catalogue().front().scenario);
    REQUIRE(app.screen() == app::Screen::Workspace);
    Attempt& attempt = *app.attempt();
    attempt.advance_to(attempt.clock().start() + 2 * kHour);
    attempt.clock().set_paused(true);
    ui.frame(app);
    ui.frame(app);

    const std::string victim = attempt.scenario().attack.front().host;
    const auto& rects = app.host_list().button_rects();
    REQUIRE(rects.count(victim) == 1);

    ui.click(app, rects.at(victim).centre());
    CHECK(app.host_list().pending() == victim);   // the confirmation is open
    CHECK_FALSE(attempt.is_isolated(victim));      // nothing happens before confirming

    ui.click(app, app.host_list().confirm_rect().centre());
    CHECK(app.host_list().pending().empty());
    REQUIRE(attempt.is_isolated(victim));
    REQUIRE(attempt.journal().size() == 1);
    CHECK(attempt.journal().front().target == victim);

    // From now on the host sends nothing: its address stops appearing in the DNS log.
    const SimTime isolated_at = attempt.clock().now();
    const Ipv4 ip = attempt.scenario().find_host(victim)->ip;
    attempt.clock().set_paused(false);
    attempt.advance_to(isolated_at + 30 * kMinute);
    ui.frame(app);
    int after = 0, before = 0;
    for (auto i : attempt.engine().logs().of(logs::Source::Dns)) {
        const auto& e = attempt.engine().logs().at(i);
        if (e.src_ip != ip) continue;
        (e.time > isolated_at ? after : before) += 1;
    }
    CHECK(before > 10);
    CHECK(after == 0);
}

TEST_CASE("cancelling the isolate dialog changes nothing", "[ui]") {
    ImGuiHarness ui;
    app::App app(options());
    app.start(app.catalogue().front().scenario);
    app.attempt()->clock().set_paused(true);
    ui.frame(app);
    ui.frame(app);
    const auto& rects = app.host_list().button_rects();
    const std::string host = rects.begin()->first;
    ui.click(app, rects.at(host).centre());
    REQUIRE(app.host_list().pending() == host);
    ImGui::GetIO().KeysDown[ImGui::GetIO().KeyMap[ImGuiKey_Escape]] = true;
    ui.frame(app);
    ImGui::GetIO().KeysDown[ImGui::GetIO().KeyMap[ImGuiKey_Escape]] = false;
    ui.frame(app);
    CHECK(app.host_list().pending().empty());  // Esc closed the dialog
    CHECK(app.attempt()->journal().empty());
    CHECK_FALSE(app.attempt()->is_isolated(host));
}

TEST_CASE("the log explorer filters as the logs stream in", "[ui]") {
    ImGuiHarness ui;
    app::App app(options());
    app.start(app.catalogue().front().scenario);
    Attempt& attempt = *app.attempt();
    attempt.clock().set_paused(true);
    attempt.advance_to(attempt.clock().start() + kHour);
    app.show_logs(logs::Source::Dhcp, "msg=DHCPACK");
    ui.frame(app);  // the Logs tab comes to the front (ImGui selects it in the next frame)
    ui.frame(app);
    const auto acks = app.log_explorer().rows(logs::Source::Dhcp).size();
    CHECK(acks > 0);
    for (auto i : app.log_explorer().rows(logs::Source::Dhcp))
        CHECK(static_cast<logs::DhcpMessage>(attempt.engine().logs().at(i).kind) == logs::DhcpMessage::Ack);
    attempt.advance_to(attempt.clock().start() + 4 * kHour);  // leases renew at half their time
    ui.frame(app);
    CHECK(app.log_explorer().rows(logs::Source::Dhcp).size() > acks);
    // A bad filter reports the column and matches nothing instead of crashing.
    app.show_logs(logs::Source::Dns, "nosuchfield=1");
    ui.frame(app);
    CHECK(app.log_explorer().rows(logs::Source::Dns).empty());
}

TEST_CASE("every screen draws in both languages", "[ui]") {
    ImGuiHarness ui;
    app::App::Options o = options();
    app::App app(o);
    for (Lang lang : {Lang::En, Lang::Ja}) {
        app.set_lang(lang);
        ui.frame(app);
        app.start(app.catalogue().front().scenario);
        app.attempt()->advance_to(app.attempt()->clock().start() + kHour);
        ui.frame(app);
        app.end_scenario();
        CHECK(app.screen() == app::Screen::Quiz);
        ui.frame(app);
        app.finish();
        CHECK(app.screen() == app::Screen::Debrief);
        ui.frame(app);
        REQUIRE(app.attempt()->score());
        app.close_attempt();
        CHECK(app.screen() == app::Screen::Catalogue);
    }
}

TEST_CASE("a broken scenario file shows as an error entry in the catalogue, not a crash", "[ui][bad-input]") {
    namespace fs = std::filesystem;
    const fs::path root = fs::temp_directory_path() / "socsim-ui-broken-catalogue";
    const fs::path dir = root / "scenarios";
    fs::remove_all(root);
    fs::create_directories(dir);
    fs::copy_file(scenarios_dir() / "dns-beaconing.yaml", dir / "b-good.yaml");
    fs::copy(scenarios_dir() / "company", dir / "company");  // the company it includes
    fs::copy(scenarios_dir() / "rules", dir / "rules");      // the detection rules it ships
    fs::copy(scenarios_dir().parent_path() / "quizzes", root / "quizzes");  // the scenario names its bank
    {
        std::ofstream bad(dir / "a-broken.yaml");
        bad << "id: broken\ntitle: {en: x, ja: y\n";  // unclosed flow map
    }
    ImGuiHarness ui;
    app::App::Options o = options();
    o.scenarios_dir = dir;
    app::App app(o);
    REQUIRE(app.catalogue().size() == 2);
    const auto& broken = app.catalogue()[0];
    CHECK_FALSE(broken.scenario);
    REQUIRE_FALSE(broken.errors.empty());
    CHECK(broken.errors[0].line > 0);
    CHECK(app.catalogue()[1].scenario);
    for (Lang lang : {Lang::En, Lang::Ja}) {
        app.set_lang(lang);
        ui.frame(app);  // the first entry (the broken one) is selected and its errors drawn
    }
    CHECK(app.screen() == app::Screen::Catalogue);
    fs::remove_all(root);
}

// The bad-input corpus (tests/bad-input/scenario) as the scenarios folder: every file is an entry
// that says it cannot be loaded, with messages naming a file, and drawing the catalogue with
// each of a sample selected (their errors in the details window) crashes nothing.
TEST_CASE("the bad-input corpus as the scenarios folder: every entry shows its error", "[ui][bad-input]") {
    namespace fs = std::filesystem;
    const fs::path corpus = fs::path(SOCSIM_SOURCE_DIR) / "tests" / "bad-input" / "scenario";
    ImGuiHarness ui;
    {
        app::App::Options o = options();
        o.scenarios_dir = corpus;
        app::App app(o);
        std::size_t files = 0;
        for (const auto& entry : fs::directory_iterator(corpus))
            if (entry.path().extension() == ".yaml" && !scenario::is_included_part(entry.path())) ++files;
        REQUIRE(files >= 40);
        CHECK(app.catalogue().size() >= files);
        for (const auto& e : app.catalogue()) {
            INFO(e.path.string());
            CHECK_FALSE(e.scenario);
            REQUIRE_FALSE(e.errors.empty());
            CHECK_FALSE(e.errors[0].file.empty());
            CHECK_FALSE(e.errors[0].message.empty());
        }
        for (Lang lang : {Lang::En, Lang::Ja}) {
            app.set_lang(lang);
            ui.frame(app);
            // The list names every broken file under "Cannot load".
            const std::string list = ui.capture([&] { app.catalogue_panel().draw(app); });
            for (const auto& e : app.catalogue())
                CHECK_THAT(list, Catch::Contains(app.tr().tr("catalogue.broken") + ": " + e.path.filename().string()));
        }
        CHECK(app.screen() == app::Screen::Catalogue);
    }
    // A sample, one file to a folder so it is the entry selected and its errors are drawn.
    const fs::path root = fs::temp_directory_path() / "socsim-ui-bad-input";
    for (const char* name : {"deep-nesting.yaml", "billion-laughs.yaml", "binary-garbage.yaml", "invalid-utf8.yaml",
                             "include-escapes-folder.yaml", "duration-ten-years.yaml", "syntax-tab-indent.yaml",
                             "wrong-type-hosts-map.yaml", "empty.yaml", "bom.yaml"}) {
        INFO(name);
        fs::remove_all(root);
        fs::create_directories(root);
        fs::copy_file(corpus / name, root / name);
        app::App::Options o = options();
        o.scenarios_dir = root;
        app::App app(o);
        REQUIRE(app.catalogue().size() == 1);
        const auto& e = app.catalogue()[0];
        CHECK_FALSE(e.scenario);
        REQUIRE_FALSE(e.errors.empty());
        CHECK_THAT(e.errors[0].to_string(), Catch::Contains(name));
        for (Lang lang : {Lang::En, Lang::Ja}) {
            app.set_lang(lang);
            ui.frame(app);
            ui.frame(app);
        }
        CHECK(app.screen() == app::Screen::Catalogue);
    }
    fs::remove_all(root);
}

TEST_CASE("an empty or missing scenario folder says so", "[ui][bad-input]") {
    ImGuiHarness ui;
    app::App::Options o = options();
    o.scenarios_dir = "/nonexistent/socsim/scenarios";
    app::App app(o);
    REQUIRE(app.catalogue().size() == 1);
    CHECK_FALSE(app.catalogue()[0].scenario);
    CHECK(app.catalogue()[0].errors[0].message.find("no scenario files") != std::string::npos);
    ui.frame(app);
}

TEST_CASE("a pivot from an address opens the device that held it", "[ui][hostview]") {
    ImGuiHarness ui;
    app::App app(options());
    app.start(app.catalogue().front().scenario);
    Attempt& attempt = *app.attempt();
    while (attempt.pending_checkpoint()) attempt.close_checkpoint();
    attempt.advance_to(attempt.clock().start() + 2 * kHour);
    // A device that took a lease since the shift began: the DHCP log names it.
    const auto& logs = attempt.engine().logs();
    const auto acked = std::find_if(logs.of(logs::Source::Dhcp).begin(), logs.of(logs::Source::Dhcp).end(), [&](auto i) {
        return static_cast<logs::DhcpMessage>(logs.at(i).kind) == logs::DhcpMessage::Ack;
    });
    REQUIRE(acked != logs.of(logs::Source::Dhcp).end());
    const auto& victim = attempt.scenario().network.hosts.at(logs.at(*acked).host);
    CHECK(app.host_at(victim.ip) == victim.hostname);               // from the DHCP lease
    CHECK(app.host_at(parse_ipv4("10.20.10.10").value()) == "dc01");  // a static address
    CHECK(app.host_at(parse_ipv4("10.20.0.250").value()).empty());  // nobody
    app.host_view().open(victim.hostname);
    for (Lang lang : {Lang::En, Lang::Ja}) {
        app.set_lang(lang);
        ui.frame(app);
    }
    CHECK(app.host_view().host() == victim.hostname);
    app.host_view().open("no-such-host");
    ui.frame(app);
    CHECK(app.host_view().host().empty());  // closes itself rather than failing
}

TEST_CASE("the device view isolates and reconnects its device through the same confirmation", "[ui][hostview]") {
    ImGuiHarness ui;
    app::App app(options());
    app.record_items(true);
    app.start(app.catalogue().front().scenario);
    Attempt& attempt = *app.attempt();
    while (attempt.pending_checkpoint()) attempt.close_checkpoint();
    attempt.advance_to(attempt.clock().start() + 2 * kHour);
    attempt.clock().set_paused(true);
    const std::string victim = attempt.scenario().attack.front().host;
    app.host_view().open(victim);
    ui.frame(app);
    ui.frame(app);
    const auto* button = app.item_rect("hostview/action");
    REQUIRE(button);
    ui.click(app, button->centre());
    ui.frame(app);  // the dialog opens from the device list, drawn before the device view
    CHECK(app.host_list().pending() == victim);  // asks first, with a reason
    CHECK_FALSE(attempt.is_isolated(victim));
    ui.click(app, app.host_list().confirm_rect().centre());
    REQUIRE(attempt.is_isolated(victim));
    CHECK(attempt.journal().back().kind == sim::ActionKind::Isolate);

    // The same button now reconnects it.
    ui.frame(app);
    button = app.item_rect("hostview/action");
    REQUIRE(button);
    ui.click(app, button->centre());
    ui.frame(app);
    CHECK(app.host_list().pending() == victim);
    ui.click(app, app.host_list().confirm_rect().centre());
    CHECK_FALSE(attempt.is_isolated(victim));
    CHECK(attempt.journal().back().kind == sim::ActionKind::Release);
}

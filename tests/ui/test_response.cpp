// The response actions beyond isolation, driven through the GUI without GL: block a domain,
// disable an account, reset a password; and a device nobody registered showing up in the list.
#include <catch2/catch.hpp>

#include <imgui.h>

#include <filesystem>

#include "app/app.h"
#include "app/response_dialog.h"
#include "imgui_harness.h"

using namespace socsim;

namespace {

app::App::Options options() {
    return repository_options("ui-response", 3);
}

std::shared_ptr<const scenario::Scenario> scenario_named(app::App& app, const std::string& id) {
    for (const auto& e : app.catalogue())
        if (e.scenario && e.scenario->id == id) return e.scenario;
    FAIL("no scenario " << id);
    return nullptr;
}

}  // namespace

TEST_CASE("the domain a block covers", "[ui][response]") {
    CHECK(registrable_domain("x1.t.cdn-metrics-sync.net") == "cdn-metrics-sync.net");
    CHECK(registrable_domain("www.yahoo.co.jp") == "yahoo.co.jp");
    CHECK(registrable_domain("www3.nhk.or.jp") == "nhk.or.jp");
    CHECK(registrable_domain("example.com") == "example.com");
    CHECK(registrable_domain("localhost") == "localhost");
}

TEST_CASE("blocking a domain, disabling an account and resetting a password through the dialog", "[ui][response]") {
    ImGuiHarness ui;
    app::App app(options());
    app.start(scenario_named(app, "dns-tunnel"));
    Attempt& attempt = *app.attempt();
    while (attempt.pending_checkpoint()) attempt.close_checkpoint();
    attempt.advance_to(attempt.clock().start() + 3 * kHour);
    attempt.clock().set_paused(true);
    ui.frame(app);

    const std::string zone = registrable_domain(attempt.scenario().attack[1].c2_domain);
    for (Lang lang : {Lang::En, Lang::Ja}) {
        app.set_lang(lang);
        app.response().ask(sim::ActionKind::BlockDomain, zone);
        ui.frame(app);
        ui.frame(app);
        CHECK(app.response().pending() == zone);
        if (lang == Lang::En) {
            // Cancel first: nothing happens.
            app.response().ask(sim::ActionKind::BlockDomain, zone);
        }
    }
    ui.click(app, app.response().confirm_rect().centre());
    CHECK(app.response().pending().empty());
    CHECK(attempt.engine().world().domain_blocked(zone));
    REQUIRE_FALSE(attempt.journal().empty());
    CHECK(attempt.journal().back().kind == sim::ActionKind::BlockDomain);
    CHECK(attempt.journal().back().target == zone);

    const std::string user = attempt.scenario().find_host("ws-01")->owner;
    app.response().ask(sim::ActionKind::DisableAccount, user);
    ui.frame(app);
    ui.frame(app);
    ui.click(app, app.response().confirm_rect().centre());
    CHECK(attempt.engine().world().account_disabled(user));

    app.response().ask(sim::ActionKind::ResetPassword, "root");
    ui.frame(app);
    ui.frame(app);
    ui.click(app, app.response().confirm_rect().centre());
    CHECK(attempt.engine().world().password_reset_at("root") > 0);
    CHECK(attempt.journal().size() == 3);

    // After a block the tunnel's queries come back refused.
    attempt.clock().set_paused(false);
    attempt.advance_to(attempt.clock().now() + 10 * kMinute);
    int refused = 0;
    for (auto i : attempt.engine().logs().of(logs::Source::Dns)) {
        const auto& e = attempt.engine().logs().at(i);
        refused += static_cast<logs::DnsRcode>(e.code) == logs::DnsRcode::Refused;
    }
    CHECK(refused > 100);
}

TEST_CASE("a device nobody registered appears in the device list once it has joined", "[ui][response][rogue]") {
    ImGuiHarness ui;
    app::App app(options());
    app.start(scenario_named(app, "rogue-device"));
    Attempt& attempt = *app.attempt();
    while (attempt.pending_checkpoint()) attempt.close_checkpoint();
    attempt.clock().set_paused(true);
    ui.frame(app);
    ui.frame(app);
    CHECK(app.host_list().button_rects().count("raspberrypi") == 0);  // not plugged in yet
    attempt.advance_to(attempt.clock().start() + 2 * kHour + 30 * kMinute);
    // The list is long: search for it, as a trainee would after reading the DHCP log.
    for (Lang lang : {Lang::En, Lang::Ja}) {
        app.set_lang(lang);
        ui.frame(app);
    }
    app.host_list().set_search("raspberrypi");
    ui.frame(app);
    ui.frame(app);
    REQUIRE(app.host_list().button_rects().count("raspberrypi") == 1);
    ui.click(app, app.host_list().button_rects().at("raspberrypi").centre());
    ui.click(app, app.host_list().confirm_rect().centre());
    CHECK(attempt.is_isolated("raspberrypi"));
}

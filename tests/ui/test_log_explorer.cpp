// The log explorer driven as a trainee drives it, without GL: typing a pipeline into the box and
// pressing Enter, reading a syntax error's column, right-clicking a cell to pivot (filter by it,
// open the device behind an address), right-clicking a row's time to pin it with a note, and
// cancelling a long evaluation from its progress bar.
#include <catch2/catch.hpp>

#include <imgui.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "app/app.h"
#include "imgui_harness.h"

using namespace socsim;

namespace {

constexpr int kEnterKey = 257;  // what GLFW's backend maps ImGuiKey_Enter to

app::App::Options options() {
    return repository_options("ui-test-explorer", 7);
}

// dns-beaconing two hours in, clock held, the explorer on the DNS tab with `filter`.
Attempt& explorer_on(ImGuiHarness& ui, app::App& app, const std::string& filter) {
    ImGui::GetIO().KeyMap[ImGuiKey_Enter] = kEnterKey;
    app.record_items(true);
    std::shared_ptr<const scenario::Scenario> scenario;
    for (const auto& e : app.catalogue())
        if (e.scenario && e.scenario->id == "dns-beaconing") scenario = e.scenario;
    REQUIRE(scenario);
    app.start(scenario);
    Attempt& attempt = *app.attempt();
    while (attempt.pending_checkpoint()) attempt.close_checkpoint();
    attempt.advance_to(attempt.clock().start() + 2 * kHour);
    attempt.clock().set_paused(true);
    app.show_logs(logs::Source::Dns, filter);
    for (int i = 0; i < 4; ++i) ui.frame(app);
    REQUIRE(app.investigation().current() == app::InvestigationTab::Logs);
    return attempt;
}

void right_click(ImGuiHarness& ui, app::App& app, ImVec2 at) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = at;
    ui.frame(app);
    io.MouseDown[1] = true;
    ui.frame(app);
    io.MouseDown[1] = false;
    ui.frame(app);
    ui.frame(app);
}

void type(ImGuiHarness& ui, app::App& app, const std::string& text) {
    for (char c : text) {
        ImGui::GetIO().AddInputCharacter(static_cast<unsigned>(static_cast<unsigned char>(c)));
        ui.frame(app);
    }
}

void press_enter(ImGuiHarness& ui, app::App& app) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeysDown[kEnterKey] = true;
    ui.frame(app);
    io.KeysDown[kEnterKey] = false;
    ui.frame(app);
}

// The first visible row of the DNS table (by the explorer's own order) and its cell `field`.
std::uint32_t first_row(app::App& app) {
    const auto& rows = app.log_explorer().rows(logs::Source::Dns);
    REQUIRE_FALSE(rows.empty());
    return rows.back();  // newest first on screen
}

}  // namespace

TEST_CASE("a trainee types a stats pipeline, presses Enter, and reads the counts; the query goes to the history", "[ui][explorer]") {
    ImGuiHarness ui;
    app::App app(options());
    Attempt& attempt = explorer_on(ui, app, "");
    const auto* box = app.item_rect("explorer/box");
    REQUIRE(box);
    ui.click(app, box->centre());
    const std::string query = "| stats count by src | sort -count | head 5";
    type(ui, app, query);
    press_enter(ui, app);
    for (int i = 0; i < 10; ++i) ui.frame(app);
    CHECK(app.log_explorer().text(logs::Source::Dns) == query);
    logs::QueryRun* run = app.log_explorer().run(logs::Source::Dns);
    REQUIRE(run);
    REQUIRE(run->is_table());
    REQUIRE(run->caught_up());
    const logs::ResultTable& table = run->table();
    REQUIRE(table.size() == 5);
    // Sorted by count, most first, and the counts are the DNS log's own.
    double previous = 1e18;
    for (std::size_t r = 0; r < table.size(); ++r) {
        const auto count = table.cell(r, 1).number;
        CHECK(count <= previous);
        previous = count;
    }
    const auto src = parse_ipv4(table.cell(0, 0).text);
    REQUIRE(src);
    const auto& store = attempt.engine().logs();
    const auto expected = std::count_if(store.of(logs::Source::Dns).begin(), store.of(logs::Source::Dns).end(),
                                        [&](auto i) { return store.at(i).src_ip == *src; });
    CHECK(table.cell(0, 1).number == Approx(static_cast<double>(expected)));
    REQUIRE_FALSE(app.log_explorer().history().entries().empty());
    CHECK(app.log_explorer().history().entries().front() == query);
}

TEST_CASE("a query with a syntax error names the column and matches nothing", "[ui][explorer][bad-input]") {
    ImGuiHarness ui;
    app::App app(options());
    explorer_on(ui, app, "src=10.20.0.0/24 AND (query=*.net");
    const auto& error = app.log_explorer().error(logs::Source::Dns);
    REQUIRE(error);
    CHECK(error->column >= 22);  // at or after the parenthesis that is never closed
    CHECK(app.log_explorer().rows(logs::Source::Dns).empty());
}

TEST_CASE("right-clicking an address cell and choosing Filter by narrows the search to it", "[ui][explorer][pivot]") {
    ImGuiHarness ui;
    app::App app(options());
    Attempt& attempt = explorer_on(ui, app, "");
    const std::uint32_t record = first_row(app);
    const auto* cell = app.item_rect("explorer/cell:" + std::to_string(record) + ":src");
    REQUIRE(cell);
    right_click(ui, app, cell->centre());
    const auto* filter_by = app.item_rect("explorer/menu/filter_by");
    REQUIRE(filter_by);
    ui.click(app, filter_by->centre());
    for (int i = 0; i < 4; ++i) ui.frame(app);
    const std::string ip = format_ipv4(attempt.engine().logs().at(record).src_ip);
    CHECK(app.log_explorer().text(logs::Source::Dns) == "src=" + ip);
    const auto& rows = app.log_explorer().rows(logs::Source::Dns);
    REQUIRE_FALSE(rows.empty());
    for (auto i : rows) CHECK(attempt.engine().logs().at(i).src_ip == attempt.engine().logs().at(record).src_ip);
}

TEST_CASE("right-clicking an address cell and choosing Open opens the device that held the address", "[ui][explorer][pivot]") {
    ImGuiHarness ui;
    app::App app(options());
    Attempt& attempt = explorer_on(ui, app, "");
    const std::uint32_t record = first_row(app);
    const auto* cell = app.item_rect("explorer/cell:" + std::to_string(record) + ":src");
    REQUIRE(cell);
    right_click(ui, app, cell->centre());
    const auto* open = app.item_rect("explorer/menu/open_host");
    REQUIRE(open);
    ui.click(app, open->centre());
    const std::string expected = app.host_at(attempt.engine().logs().at(record).src_ip);
    REQUIRE_FALSE(expected.empty());
    CHECK(app.host_view().host() == expected);
}

TEST_CASE("right-clicking a row's time, writing a note and pressing Pin puts the record on the evidence board", "[ui][explorer][evidence]") {
    ImGuiHarness ui;
    app::App app(options());
    Attempt& attempt = explorer_on(ui, app, "");
    const std::uint32_t record = first_row(app);
    const auto* time = app.item_rect("explorer/time:" + std::to_string(record));
    REQUIRE(time);
    // The time's selectable spans the row; the other cells lie over it, so click the time itself.
    right_click(ui, app, ImVec2(time->min.x + 8, (time->min.y + time->max.y) / 2));
    const auto* note = app.item_rect("explorer/pin_note");
    REQUIRE(note);
    ui.click(app, note->centre());
    type(ui, app, "first query of the beacon");
    const auto* pin = app.item_rect("explorer/pin");
    REQUIRE(pin);
    ui.click(app, pin->centre());
    REQUIRE(attempt.is_pinned(record));
    const auto pins = attempt.pins();
    REQUIRE(pins.size() == 1);
    CHECK(pins.front().record == record);
    CHECK(pins.front().note == "first query of the beacon");
    CHECK(attempt.journal().back().kind == sim::ActionKind::Pin);
}

TEST_CASE("a query that cannot finish in a frame shows its progress, and Cancel stops it", "[ui][explorer][speed]") {
    ImGuiHarness ui;
    app::App app(options());
    app.log_explorer().set_budget(app::QueryBudget{1000.0, 200});  // 200 records a frame
    Attempt& attempt = explorer_on(ui, app, "query=*a*");
    logs::QueryRun* run = app.log_explorer().run(logs::Source::Dns);
    REQUIRE(run);
    REQUIRE(attempt.engine().logs().of(logs::Source::Dns).size() > 1000);
    CHECK_FALSE(run->caught_up());  // four frames of 200 records each
    const auto* cancel = app.item_rect("explorer/cancel");
    REQUIRE(cancel);
    ui.click(app, cancel->centre());
    const auto scanned = run->scanned();
    for (int i = 0; i < 5; ++i) ui.frame(app);
    CHECK(run->scanned() == scanned);  // nothing more is evaluated after Cancel
    CHECK_FALSE(run->caught_up());
}

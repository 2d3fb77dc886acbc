// UI test without GL: the GUI started on a damaged trainee database keeps the file under a new
// name, says so on the status line in the trainee's language (English and Japanese), and works on
// a new empty database, so the trainee's next results are kept.
#include <catch2/catch.hpp>

#include <imgui.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "app/app.h"
#include "core/store/database.h"
#include "imgui_harness.h"

using namespace socsim;

namespace {

constexpr SimTime kNow = 1796221051000;  // 2026-12-02T14:17:31Z

app::App::Options options(const std::filesystem::path& db, Lang lang) {
    const std::filesystem::path root(SOCSIM_SOURCE_DIR);
    app::App::Options o;
    o.scenarios_dir = root / "scenarios";
    o.lessons_dir = root / "lessons";
    o.quizzes_dir = root / "quizzes";
    o.trainee = "trainee";
    o.db = db;
    o.lang = lang;
    o.calendar_now = [] { return kNow; };
    return o;
}

std::string read_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("damaged database: the GUI keeps it aside, says where, and starts a new one", "[ui][crash]") {
    const auto [lang, says] = GENERATE(std::pair{Lang::En, "is damaged"}, std::pair{Lang::Ja, "壊れていました"});
    const auto dir = std::filesystem::temp_directory_path() /
                     ("socsim-ui-damaged-" + std::string(lang == Lang::Ja ? "ja" : "en"));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const auto db = dir / "socsim.db";
    {
        store::Database sound(db);
        sound.ensure_trainee("trainee");
    }
    {
        std::fstream f(db, std::ios::binary | std::ios::in | std::ios::out);
        f.write("this is not the header of a SQLite file, it was overwritten", 60);
    }
    const std::string damaged = read_file(db);

    ImGuiHarness ui;
    app::App app(options(db, lang));
    const auto kept = dir / "socsim.db.corrupt-20261202-141731";
    INFO(app.status());
    CHECK_THAT(app.status(), Catch::Contains(says));
    CHECK_THAT(app.status(), Catch::Contains(kept.string()));
    CHECK(read_file(kept) == damaged);
    REQUIRE(app.db() != nullptr);  // a new database: results are kept again
    CHECK(app.db()->list_attempts().empty());
    CHECK(app.db_error().empty());
    ui.frame(app);  // the status line draws (wrapped) without tripping an ImGui assertion
    std::filesystem::remove_all(dir);
}

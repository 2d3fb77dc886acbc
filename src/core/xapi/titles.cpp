#include "core/xapi/titles.h"

#include <map>
#include <memory>

#include "core/quiz/question.h"
#include "core/scenario/loader.h"

namespace socsim::xapi {

namespace fs = std::filesystem;

TitleLookup shipped_titles(const fs::path& data_dir) {
    auto cache = std::make_shared<std::optional<std::map<std::string, LocalText>>>();
    return [cache, data_dir](const std::string& activity) -> LocalText {
        if (!*cache) {
            std::map<std::string, LocalText> titles;
            std::error_code ec;
            for (const auto& entry : fs::directory_iterator(data_dir / "scenarios", ec)) {
                if (entry.path().extension() != ".yaml" || scenario::is_included_part(entry.path())) continue;
                const auto loaded = scenario::load_file(entry.path());
                if (loaded.ok()) titles.emplace(loaded.value->id, loaded.value->title);
            }
            for (const auto& entry : fs::directory_iterator(data_dir / "quizzes", ec)) {
                if (entry.path().extension() != ".yaml") continue;
                const auto loaded = quiz::load_bank_file(entry.path());
                if (loaded.ok()) titles.emplace("quiz:" + loaded.value->id, loaded.value->title);
            }
            *cache = std::move(titles);
        }
        const auto it = (*cache)->find(activity);
        return it == (*cache)->end() ? LocalText{} : it->second;
    };
}

}  // namespace socsim::xapi

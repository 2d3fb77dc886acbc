// The catalogue, the first screen: lessons, scenarios and quiz banks found in the data folders
// (or why one failed to load), the details of the selected one with what can be done with it
// (open a lesson, start a scenario, practise or sit an exam), and the trainee's past attempts.
#pragma once

#include <imgui.h>

namespace socsim::app {

class App;

class CataloguePanel {
public:
    void draw(App& app);

    enum class Kind { Lesson, Scenario, Bank };
    // Centre of the "Start guided" button in the last frame ((0, 0) when not shown): UI tests click it.
    ImVec2 start_guided_at() const { return start_guided_at_; }

private:
    void draw_lesson(App& app, int index);
    void draw_scenario(App& app, int index);
    void draw_bank(App& app, int index);

    Kind kind_ = Kind::Scenario;
    int selected_ = 0;
    ImVec2 start_guided_at_{0, 0};
};

}  // namespace socsim::app

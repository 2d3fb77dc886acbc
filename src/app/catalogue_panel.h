// The catalogue, the first screen: lessons, scenarios and quiz banks found in the data folders
// (or why one failed to load), the details of the selected one with what can be done with it
// (open a lesson, start a scenario, practise or sit an exam), and the trainee's past attempts.
#pragma once

namespace socsim::app {

class App;

class CataloguePanel {
public:
    void draw(App& app);

    enum class Kind { Lesson, Scenario, Bank };

private:
    void draw_lesson(App& app, int index);
    void draw_scenario(App& app, int index);
    void draw_bank(App& app, int index);

    Kind kind_ = Kind::Scenario;
    int selected_ = 0;
};

}  // namespace socsim::app

// The debrief after an attempt: the score and whether it passed, every line of the breakdown,
// and the true timeline beside the trainee's own actions.
#pragma once

namespace socsim::app {

class App;

class DebriefPanel {
public:
    void draw(App& app);
};

}  // namespace socsim::app

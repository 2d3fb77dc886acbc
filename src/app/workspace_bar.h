// The bar across the top of the workspace: the simulated clock, pause and speeds
// (1x, 10x, 60x, 600x), the scenario's title, and "End scenario" behind a confirmation.
#pragma once

namespace socsim::app {

class App;

class WorkspaceBar {
public:
    void draw(App& app);
};

}  // namespace socsim::app

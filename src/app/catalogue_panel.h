// The scenario catalogue: the scenarios found (or why one failed to load), the briefing of the
// selected one, a Start button, and the trainee's past attempts from the database.
#pragma once

namespace socsim::app {

class App;

class CataloguePanel {
public:
    void draw(App& app);

private:
    int selected_ = 0;
};

}  // namespace socsim::app

// The guide window of guided mode: a small window over the workspace with the current step's
// title and plain-language text, Back and Next, and "Show me", which opens the panel the step
// points at (for the logs, on the step's source with its filter). A pulsing rectangle, drawn on
// the foreground draw list, marks that panel where it was drawn this frame (App::panel_rect).
// The step's goal is checked every frame through core/guide/guide.h.
#pragma once

#include <imgui.h>

namespace socsim::app {

class App;

class GuidePanel {
public:
    void draw(App& app);
    void reset() { rects_ = {}; }
    // Where the last frame drew the buttons: UI tests click them as a person would.
    struct Rects {
        ImVec2 back_min, back_max, next_min, next_max, show_min, show_max;
    };
    const Rects& rects() const { return rects_; }
    static ImVec2 centre(ImVec2 min, ImVec2 max) { return ImVec2((min.x + max.x) / 2, (min.y + max.y) / 2); }
    // What the "Show me" button does: opens the step's panel (the logs on its source and filter).
    void show_me(App& app);

private:
    void highlight(App& app);
    Rects rects_{};
};

}  // namespace socsim::app

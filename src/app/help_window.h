// The help window (F1, or Help in the menu bar): every keyboard shortcut and what the mouse does
// on the panels, in the trainee's language. It is drawn over any screen and closes with Esc, F1
// or its close button.
#pragma once

namespace socsim::app {

class App;

class HelpWindow {
public:
    void draw(App& app);
    void toggle() { open_ = !open_; }
    void open() { open_ = true; }
    void close() { open_ = false; }
    bool is_open() const { return open_; }

private:
    bool open_ = false;
    bool was_open_ = false;  // drawn last frame: focus it only when it appears
};

}  // namespace socsim::app

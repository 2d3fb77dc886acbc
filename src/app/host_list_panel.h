// The host list: every device on the network with its address, MAC, role, owner and state, and
// the Isolate / Release buttons. Isolating asks for a confirmation and a reason first, because
// in a real SOC cutting a device off stops someone's work.
#pragma once

#include <imgui.h>

#include <map>
#include <string>
#include <vector>

namespace socsim::app {

class App;

class HostListPanel {
public:
    void draw(App& app);
    // Opens the confirmation to isolate (or release) `hostname`, as its button does (Ctrl+I).
    void ask(const std::string& hostname, bool release);
    // The host waiting for confirmation ("" when none).
    const std::string& pending() const { return pending_; }
    // Where the last frame drew a host's Isolate/Release button and the dialog's confirm button:
    // lets UI tests click them with synthetic mouse input, as a person would.
    struct Rect { ImVec2 min, max; ImVec2 centre() const { return ImVec2((min.x + max.x) / 2, (min.y + max.y) / 2); } };
    const std::map<std::string, Rect>& button_rects() const { return button_rects_; }
    const Rect& confirm_rect() const { return confirm_rect_; }
    // What the search box holds (tests type into it this way).
    void set_search(const std::string& text) { search_ = text; }

private:
    std::string pending_;        // hostname in the confirmation dialog
    bool pending_release_ = false;
    std::string reason_;
    std::string search_;
    bool open_popup_ = false;
    std::map<std::string, Rect> button_rects_;
    std::vector<int> shown_;     // this frame's listed devices (indices into the network's hosts)
    Rect confirm_rect_{};
};

}  // namespace socsim::app

// The response dialog: containment beyond isolating a device. From a DNS name the trainee can
// block the domain at the DNS server; from a user name, disable the account or reset its
// password. Each asks for a confirmation and a reason, like isolation, because each stops
// something real (a site for everyone, a person's logon).
#pragma once

#include <string>

#include "app/host_list_panel.h"
#include "core/sim/action.h"

namespace socsim::app {

class App;

class ResponseDialog {
public:
    // Opens the confirmation for `kind` on `target` (a domain or a user name).
    void ask(sim::ActionKind kind, const std::string& target);
    void draw(App& app);
    // Closes the dialog without acting, as Cancel does.
    void cancel() {
        target_.clear();
        open_ = false;
        close_ = true;
    }
    // What waits for confirmation ("" when nothing), for UI tests.
    const std::string& pending() const { return target_; }
    const HostListPanel::Rect& confirm_rect() const { return confirm_rect_; }

private:
    sim::ActionKind kind_ = sim::ActionKind::BlockDomain;
    std::string target_;
    std::string reason_;
    bool open_ = false;
    bool close_ = false;  // cancel() was called: close the popup the next time it is drawn
    HostListPanel::Rect confirm_rect_{};
};


}  // namespace socsim::app

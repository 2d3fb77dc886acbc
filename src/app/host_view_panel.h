// The host view: one device's identity (hostname, role, owner, MAC, the addresses DHCP gave it and
// when), what it did (its records per source, the latest first), and what the trainee did to it
// (isolations and releases with their reasons). Opened from the device list or by a pivot.
#pragma once

#include <string>

namespace socsim::app {

class App;

class HostViewPanel {
public:
    void open(const std::string& hostname) { host_ = hostname; }
    void close() { host_.clear(); }
    const std::string& host() const { return host_; }
    void draw(App& app);

private:
    std::string host_;
};

}  // namespace socsim::app

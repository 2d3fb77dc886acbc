// Raw text: each device's own log lines, as Renderer::line writes them (the one place a record
// becomes a line), one file per device and program: dc01-named.log (the DNS server's query log),
// dc01-dhcpd.log, fw01-kernel.log (netfilter), dc01-security.log (Windows logon events),
// <server>-sshd.log. What a syslog server collecting from those devices would hold.
#include "core/logs/exporter.h"
#include "core/logs/render.h"

namespace socsim::logs {
namespace {

class SyslogExporter final : public Exporter {
public:
    SyslogExporter(const ExportSetup& setup, FileSet& files)
        : renderer_(setup.scenario, setup.store), files_(files) {}

    bool add(const Event& e, std::uint64_t number, bool track) override {
        OutputFile& f = file_for(renderer_.origin(e));
        line_.clear();
        renderer_.append_line(e, line_);
        line_ += '\n';
        f.write_line(line_);
        if (track) placed(number, {f.name(), f.lines(), {}});
        return true;
    }

    void finish() override {}

private:
    // A handful of devices write logs: a short list searched in order beats a map.
    OutputFile& file_for(const Origin& who) {
        for (const auto& d : devices_)
            if (d.device == who.device && d.log == who.log) return *d.file;
        std::string name = std::string(who.device.empty() ? "unknown" : who.device) + "-" + std::string(who.log) + ".log";
        devices_.push_back({std::string(who.device), std::string(who.log), &files_.open(name)});
        return *devices_.back().file;
    }

    struct DeviceLog {
        std::string device, log;
        OutputFile* file;
    };
    Renderer renderer_;
    FileSet& files_;
    std::vector<DeviceLog> devices_;
    std::string line_;
};

}  // namespace

std::unique_ptr<Exporter> make_syslog_exporter(const ExportSetup& setup, FileSet& files) {
    return std::make_unique<SyslogExporter>(setup, files);
}

}  // namespace socsim::logs

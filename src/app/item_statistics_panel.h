// The instructor's view of a quiz bank: for each question, how many attempts asked it and how
// many answered it, the facility
// index, the discrimination index and how often each choice was picked, with the question text
// so a trainer can see at once which question misleads. Opened from the catalogue.
#pragma once

#include <memory>

#include "core/attempt/bank_statistics.h"

namespace socsim::app {

class App;

class ItemStatisticsPanel {
public:
    void open(std::shared_ptr<const quiz::Bank> bank, BankStatistics stats);
    void draw(App& app);
    bool is_open() const { return open_; }

private:
    std::shared_ptr<const quiz::Bank> bank_;
    BankStatistics stats_;
    bool open_ = false;
};

}  // namespace socsim::app

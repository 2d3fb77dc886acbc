// The end-of-scenario quiz: one question at a time, the trainee's choice, then the grade with
// the right answer marked and the explanation, then the next question.
#pragma once

#include <vector>

namespace socsim::app {

class App;

class QuizPanel {
public:
    void draw(App& app);
    void reset();

private:
    std::size_t index_ = 0;          // question shown
    std::vector<int> selected_;      // choices ticked for it
    bool checked_ = false;           // graded: show the explanation
};

}  // namespace socsim::app

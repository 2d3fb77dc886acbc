// The quiz screen, for every kind of quiz: the end-of-scenario quiz, practice, exams. One
// question at a time with the trainee's answer (choices, a number, a word or pairs to match),
// then — unless it is an exam — the grade with the right answer and the explanation. When the
// session is finished it lists every question with its result.
#pragma once

#include <string>
#include <vector>

#include "core/quiz/session.h"

namespace socsim::app {

class App;

class QuizPanel {
public:
    void draw(App& app);
    void reset();
    std::size_t index() const { return index_; }  // the question shown

private:
    void draw_question(App& app, quiz::Session& session);
    void draw_answer_input(App& app, const quiz::SessionItem& item);
    void draw_grade(App& app, const quiz::SessionItem& item);     // right, partly right or wrong
    void draw_feedback(App& app, const quiz::SessionItem& item);  // the grade, the right answer, the explanation
    void draw_results(App& app, quiz::Session& session);
    void load_answer(const quiz::SessionItem& item);

    std::size_t index_ = 0;          // question shown
    std::vector<int> selected_;      // original indices of the choices ticked (or, for matching,
                                     // the pair index chosen for each left item; -1 = none yet)
    double number_ = 0;
    bool number_set_ = false;
    std::string text_;
    bool checked_ = false;           // graded and shown with feedback
    const void* session_ = nullptr;  // the session the state belongs to
};

}  // namespace socsim::app

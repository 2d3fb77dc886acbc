// A lesson, page by page: headings, paragraphs, lists, notes and figures drawn with ImDrawList,
// then the quiz that checks it. Written for staff who are not security specialists.
#pragma once

#include <cstddef>
#include <string>

namespace socsim::app {

class App;

class LessonPanel {
public:
    void draw(App& app);
    void reset() { page_ = 0; }
    void set_page(std::size_t page) { page_ = page; }

private:
    std::size_t page_ = 0;
};

// Draws a named figure (lesson::figure_names()) in the current window, `height` pixels high.
void draw_figure(App& app, const std::string& name, float height);

}  // namespace socsim::app

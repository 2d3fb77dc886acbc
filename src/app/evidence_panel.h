// The evidence board: the log records the trainee pinned (right-click a row in the log
// explorer), each with its raw line and the trainee's note. Pinned rows can be cited in the
// incident report.
#pragma once

namespace socsim::app {

class App;

class EvidencePanel {
public:
    void draw(App& app);
};

}  // namespace socsim::app

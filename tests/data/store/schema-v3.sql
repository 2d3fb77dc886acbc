-- A database as socsim schema version 3 wrote it (sqlite3 .dump, plus the two PRAGMAs
-- that .dump leaves out): a practice run, a finished exam and an exam left in progress (the
-- program killed). Frozen: tests/unit/test_store.cpp checks that every later socsim still
-- opens and reads it. Never edit; add schema-vN.sql for a new version.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE trainee (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
INSERT INTO trainee VALUES(1,'佐藤 花子','2026-12-01T22:02:09.217Z');
INSERT INTO trainee VALUES(2,'trainee-b','2026-12-01T22:02:13.381Z');
CREATE TABLE attempt (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    trainee_id    INTEGER NOT NULL REFERENCES trainee(id),
    scenario_id   TEXT NOT NULL,
    scenario_hash TEXT NOT NULL,
    seed          INTEGER NOT NULL,
    mode          TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'in_progress'
                  CHECK (status IN ('in_progress', 'finished', 'abandoned')),
    started_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    finished_at   TEXT,
    score         REAL,
    passed        INTEGER
, bank_id TEXT NOT NULL DEFAULT '');
INSERT INTO attempt VALUES(1,1,'quiz:soc-basics','8f242641b542dcb9',1,'quiz-practice','finished','2026-12-01T22:02:09.218Z','2026-12-01T22:02:09.218Z',50.0,0,'soc-basics');
INSERT INTO attempt VALUES(2,1,'quiz:soc-basics','8f242641b542dcb9',9,'quiz-exam','finished','2026-12-01T22:02:09.284Z','2026-12-01T22:02:09.289Z',0.0,0,'soc-basics');
INSERT INTO attempt VALUES(3,2,'quiz:soc-basics','8f242641b542dcb9',4,'quiz-exam','in_progress','2026-12-01T22:02:13.393Z',NULL,NULL,NULL,'soc-basics');
CREATE TABLE action (
    attempt_id  INTEGER NOT NULL REFERENCES attempt(id),
    seq         INTEGER NOT NULL,
    sim_time    INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    target      TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    PRIMARY KEY (attempt_id, seq)
);
CREATE TABLE answer (
    attempt_id  INTEGER NOT NULL REFERENCES attempt(id),
    question_id TEXT NOT NULL,
    selected    TEXT NOT NULL DEFAULT '[]',
    fraction    REAL,
    correct     INTEGER NOT NULL DEFAULT 0,
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    UNIQUE (attempt_id, question_id)
);
INSERT INTO answer VALUES(1,'soc-monitored-assets','[0]',0.0,0,'2026-12-01T22:02:09.218Z');
INSERT INTO answer VALUES(1,'soc-external-sources','[1]',1.0,1,'2026-12-01T22:02:09.218Z');
INSERT INTO answer VALUES(2,'soc-round-the-clock-purpose','[0]',0.0,0,'2026-12-01T22:02:09.289Z');
INSERT INTO answer VALUES(3,'incident-beacon-meaning','[0]',1.0,1,'2026-12-01T22:02:13.393Z');
CREATE TABLE score_line (
    attempt_id  INTEGER NOT NULL REFERENCES attempt(id),
    seq         INTEGER NOT NULL,
    key         TEXT NOT NULL,
    args        TEXT NOT NULL DEFAULT '[]',
    points      REAL,
    max_points  REAL,
    PRIMARY KEY (attempt_id, seq)
);
INSERT INTO score_line VALUES(1,1,'score.quiz','[["right","1"],["total","2"],["points","50.0"],["max","100.0"]]',50.0,100.0);
INSERT INTO score_line VALUES(2,1,'score.quiz','[["right","0"],["total","3"],["points","0.0"],["max","100.0"]]',0.0,100.0);
CREATE TABLE review (
    trainee_id  INTEGER NOT NULL REFERENCES trainee(id),
    bank_id     TEXT NOT NULL,
    question_id TEXT NOT NULL,
    stability   REAL NOT NULL CHECK (stability > 0),
    difficulty  REAL NOT NULL CHECK (difficulty BETWEEN 1 AND 10),
    last_review INTEGER NOT NULL,
    due         INTEGER NOT NULL,
    reps        INTEGER NOT NULL CHECK (reps >= 1),
    lapses      INTEGER NOT NULL DEFAULT 0 CHECK (lapses >= 0),
    PRIMARY KEY (trainee_id, bank_id, question_id)
);
INSERT INTO review VALUES(1,'soc-basics','soc-monitored-assets',0.211999999999999994,6.4132999999999995566,1796162529217,1796248929217,1,0);
INSERT INTO review VALUES(1,'soc-basics','soc-external-sources',2.3065000000000002167,2.1181039704590149952,1796162529217,1796335329217,1,0);
INSERT INTO review VALUES(1,'soc-basics','soc-round-the-clock-purpose',0.211999999999999994,6.4132999999999995566,1796162529283,1796248929283,1,0);
INSERT INTO review VALUES(2,'soc-basics','incident-beacon-meaning',2.3065000000000002167,2.1181039704590149952,1796162533381,1796335333381,1,0);
CREATE TABLE report (
    attempt_id   INTEGER PRIMARY KEY REFERENCES attempt(id),
    content      TEXT NOT NULL,
    submitted_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('attempt',3);
CREATE INDEX attempt_trainee ON attempt(trainee_id);
CREATE INDEX attempt_bank ON attempt(bank_id);
CREATE INDEX review_due ON review(trainee_id, due);
COMMIT;
PRAGMA application_id = 1936679795;
PRAGMA user_version = 3;

-- A database as socsim schema version 1 wrote it (sqlite3 .dump, plus the two PRAGMAs
-- that .dump leaves out). Frozen: tests/unit/test_store.cpp checks that every later
-- socsim still opens and reads it. Never edit; add schema-vN.sql for a new version.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE trainee (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
INSERT INTO trainee VALUES(1,'佐藤 花子','2026-03-02T00:10:00.000Z');
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
);
INSERT INTO attempt VALUES(1,1,'dns-beaconing','0123456789abcdef',-2,'play','finished','2026-03-02T00:15:00.000Z','2026-03-02T00:55:00.000Z',72.5,1);
INSERT INTO attempt VALUES(2,1,'dns-beaconing','0123456789abcdef',42,'demo','in_progress','2026-03-02T01:00:00.000Z',NULL,NULL,NULL);
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
INSERT INTO "action" VALUES(1,1,1772410503120,'isolate','ws-07','60秒ごとのビーコン','2026-03-02T00:20:00.000Z');
INSERT INTO "action" VALUES(1,2,1772411000000,'end','','','2026-03-02T00:54:00.000Z');
INSERT INTO "action" VALUES(2,1,1772410600000,'isolate','ws-03','','2026-03-02T01:05:00.000Z');
CREATE TABLE answer (
    attempt_id  INTEGER NOT NULL REFERENCES attempt(id),
    question_id TEXT NOT NULL,
    selected    TEXT NOT NULL DEFAULT '[]',
    fraction    REAL,
    correct     INTEGER NOT NULL DEFAULT 0,
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    UNIQUE (attempt_id, question_id)
);
INSERT INTO answer VALUES(1,'dns-q1','[0,2]',0.5,0,'2026-03-02T00:30:00.000Z');
CREATE TABLE score_line (
    attempt_id  INTEGER NOT NULL REFERENCES attempt(id),
    seq         INTEGER NOT NULL,
    key         TEXT NOT NULL,
    args        TEXT NOT NULL DEFAULT '[]',
    points      REAL,
    max_points  REAL,
    PRIMARY KEY (attempt_id, seq)
);
INSERT INTO score_line VALUES(1,1,'score.contained','[["host","ws-07"],["time","5m 03s"]]',40.0,50.0);
INSERT INTO score_line VALUES(1,2,'score.hint_used','[]',-5.0,0.0);
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('attempt',2);
CREATE INDEX attempt_trainee ON attempt(trainee_id);
COMMIT;
PRAGMA user_version=1;
PRAGMA application_id=1936679795;

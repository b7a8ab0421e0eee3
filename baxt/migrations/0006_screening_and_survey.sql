-- Why the latest screening flagged the child: rule set, score, indicators met.
ALTER TABLE case_summary ADD COLUMN flag_reason jsonb;

-- Each import run: a quarter's risk screening, or a year's survey of 3-year-olds.
CREATE TABLE import_run (
    id            uuid PRIMARY KEY,
    kind          text        NOT NULL CHECK (kind IN ('RISK_SCREENING', 'AGE3_SURVEY')),
    round         text        NOT NULL,
    rule_set      text,
    file_name     text        NOT NULL,
    file_sha256   text        NOT NULL,
    actor         text        NOT NULL,
    status        text        NOT NULL DEFAULT 'RUNNING'
                  CHECK (status IN ('RUNNING', 'FINISHED', 'FAILED')),
    started_at    timestamptz NOT NULL,
    finished_at   timestamptz,
    rows_read     bigint      NOT NULL DEFAULT 0,
    rejected      bigint      NOT NULL DEFAULT 0,
    flagged       bigint      NOT NULL DEFAULT 0,
    added_to_open bigint      NOT NULL DEFAULT 0,
    reopened      bigint      NOT NULL DEFAULT 0,
    already       bigint      NOT NULL DEFAULT 0
);
CREATE INDEX import_run_started ON import_run (started_at DESC);

-- Every bad row of a run, by its line in the file, and why.
CREATE TABLE import_reject (
    run_id uuid   NOT NULL REFERENCES import_run (id),
    line   bigint NOT NULL,
    code   text   NOT NULL,
    reason text   NOT NULL,
    PRIMARY KEY (run_id, line)
);

-- Which round flagged which case. Written in the transaction of the flag's events, so one
-- round never flags a child twice, even when a file is imported again or a run restarted.
CREATE TABLE import_flag (
    round   text NOT NULL,
    case_id uuid NOT NULL,
    run_id  uuid NOT NULL,
    PRIMARY KEY (round, case_id)
);

-- The indicators each child of a screening run met (bit i: the catalogue's i-th), for
-- re-scoring a past run under another rule set. Children who met none are not kept.
CREATE TABLE screening_score (
    run_id  uuid   NOT NULL,
    case_id uuid   NOT NULL,
    met     bigint NOT NULL
);
CREATE INDEX screening_score_run ON screening_score (run_id);

-- The October survey: each 3-year-old raised at home, and when a visit saw the child.
CREATE TABLE survey_child (
    case_id    uuid    NOT NULL,
    year       integer NOT NULL,
    region     text    NOT NULL,
    district   text    NOT NULL,
    flagged_on date    NOT NULL,
    seen_on    date,
    PRIMARY KEY (case_id, year)
);
CREATE INDEX survey_child_region ON survey_child (year, region);

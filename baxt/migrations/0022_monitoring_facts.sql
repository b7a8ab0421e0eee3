-- The monitoring figures' facts: one row per child and quarter, holding what the child's
-- events of that quarter did. No name, no PINFL: the place, sex, age band and source only.
CREATE TABLE monitoring_facts (
    case_id                 uuid    NOT NULL,
    quarter                 text    NOT NULL,
    region                  text    NOT NULL,
    district                text    NOT NULL,
    mahalla                 text    NOT NULL,
    sex                     text    NOT NULL,
    age_band                text    NOT NULL,
    source                  text    NOT NULL,
    indicators              text[]  NOT NULL DEFAULT '{}',
    flagged_new             boolean NOT NULL DEFAULT false,
    flagged_again           boolean NOT NULL DEFAULT false,
    contacted               boolean NOT NULL DEFAULT false,
    visited                 boolean NOT NULL DEFAULT false,
    child_seen              boolean NOT NULL DEFAULT false,
    consulted               boolean NOT NULL DEFAULT false,
    work_plan               boolean NOT NULL DEFAULT false,
    referred                boolean NOT NULL DEFAULT false,
    linked                  boolean NOT NULL DEFAULT false,
    closed                  boolean NOT NULL DEFAULT false,
    close_reason            text,
    visit_overdue           boolean NOT NULL DEFAULT false,
    review_overdue          boolean NOT NULL DEFAULT false,
    escalated_to_supervisor boolean NOT NULL DEFAULT false,
    escalated_to_police     boolean NOT NULL DEFAULT false,
    safety_concern          boolean NOT NULL DEFAULT false,
    failed_call             boolean NOT NULL DEFAULT false,
    unseen_visit            boolean NOT NULL DEFAULT false,
    surveyed                boolean NOT NULL DEFAULT false,
    survey_seen             boolean NOT NULL DEFAULT false,
    children_supported      boolean NOT NULL DEFAULT false,
    children_reintegrated   boolean NOT NULL DEFAULT false,
    families_exited         boolean NOT NULL DEFAULT false,
    parents_trained         boolean NOT NULL DEFAULT false,
    parents_certified       boolean NOT NULL DEFAULT false,
    -- Days from the flag that opened the episode to its first step of each kind, on the row
    -- of the quarter that step fell in.
    days_to_contact         double precision,
    days_to_visit           double precision,
    days_to_consultation    double precision,
    days_to_service         double precision,
    PRIMARY KEY (case_id, quarter)
);
CREATE INDEX monitoring_facts_place ON monitoring_facts (quarter, region, district, mahalla);

-- Each case's current episode (from its flag or its last reopening): when it began, the
-- child's age band then, and which first steps it has had, for the times above.
CREATE TABLE monitoring_episode (
    case_id    uuid        PRIMARY KEY,
    flagged_at timestamptz NOT NULL,
    age_band   text        NOT NULL,
    contacted  boolean     NOT NULL DEFAULT false,
    visited    boolean     NOT NULL DEFAULT false,
    consulted  boolean     NOT NULL DEFAULT false,
    served     boolean     NOT NULL DEFAULT false
);

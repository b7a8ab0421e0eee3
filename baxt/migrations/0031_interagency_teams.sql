-- The interagency teams of the pilot mahallas: their coordination group and their members
-- (professionals named in their work; staff data, not a family's). Reach is by the place.
CREATE TABLE interagency_team (
    team_id            uuid        PRIMARY KEY,
    name               text        NOT NULL,
    coordination_group text        NOT NULL,
    region             text        NOT NULL,
    district           text        NOT NULL,
    mahalla            text        NOT NULL,
    members            jsonb       NOT NULL,
    version            integer     NOT NULL,
    formed_at          timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL
);
CREATE INDEX interagency_team_place ON interagency_team (region, district, mahalla);

-- The meetings, seminars, study tours, parenting trainings and case conferences: counts of
-- who attended (no parent is named), the certificates issued, and for a conference the
-- cases it discussed. `quarter` is the Asia/Tashkent quarter of the day it was held.
CREATE TABLE gathering (
    gathering_id        uuid        PRIMARY KEY,
    kind                text        NOT NULL CHECK (kind IN (
        'MEETING', 'SEMINAR', 'STUDY_TOUR', 'PARENTING_TRAINING', 'CASE_CONFERENCE')),
    held_on             date        NOT NULL,
    quarter             text        NOT NULL,
    region              text        NOT NULL,
    district            text        NOT NULL,
    mahalla             text        NOT NULL,
    team_id             uuid,
    title               text        NOT NULL,
    attendance          jsonb       NOT NULL,
    participants        integer     NOT NULL,
    parents_attending   integer     NOT NULL,
    certificates_issued integer     NOT NULL,
    case_ids            uuid[]      NOT NULL,
    version             integer     NOT NULL,
    recorded_at         timestamptz NOT NULL
);
CREATE INDEX gathering_quarter_place ON gathering (quarter, region, district, mahalla);
CREATE INDEX gathering_held ON gathering (held_on DESC, gathering_id DESC);

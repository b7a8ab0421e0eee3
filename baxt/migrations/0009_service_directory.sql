-- The service directory (Open Referral HSDS 3.0 shaped): reference data kept by admins.
CREATE TABLE directory_organisation (
    id          uuid PRIMARY KEY,
    name        text NOT NULL,
    description text NOT NULL DEFAULT '',
    email       text,
    website     text,
    kind        text NOT NULL CHECK (kind IN ('GOVERNMENT', 'NGO', 'INTERNATIONAL', 'PRIVATE')),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE directory_service (
    id              uuid PRIMARY KEY,
    organisation_id uuid    NOT NULL REFERENCES directory_organisation (id),
    name            text    NOT NULL,
    description     text    NOT NULL DEFAULT '',
    category        text    NOT NULL,
    status          text    NOT NULL
                    CHECK (status IN ('ACTIVE', 'INACTIVE', 'DEFUNCT', 'TEMPORARILY_CLOSED')),
    minimum_age     integer CHECK (minimum_age >= 0),
    maximum_age     integer CHECK (maximum_age >= 0),
    regions         text[]  NOT NULL,
    languages       text[]  NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (minimum_age IS NULL OR maximum_age IS NULL OR minimum_age <= maximum_age)
);
CREATE INDEX directory_service_order ON directory_service (name, id);
CREATE INDEX directory_service_category ON directory_service (category);
CREATE INDEX directory_service_organisation ON directory_service (organisation_id);
CREATE INDEX directory_service_regions ON directory_service USING gin (regions);

CREATE TABLE directory_location (
    id              uuid PRIMARY KEY,
    organisation_id uuid NOT NULL REFERENCES directory_organisation (id),
    name            text NOT NULL,
    address         text NOT NULL,
    region          text NOT NULL,
    district        text,
    latitude        double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude       double precision CHECK (longitude BETWEEN -180 AND 180),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX directory_location_organisation ON directory_location (organisation_id);

-- Where each service is delivered (HSDS service_at_location).
CREATE TABLE directory_service_at_location (
    service_id  uuid NOT NULL REFERENCES directory_service (id) ON DELETE CASCADE,
    location_id uuid NOT NULL REFERENCES directory_location (id) ON DELETE CASCADE,
    position    integer NOT NULL DEFAULT 0,
    PRIMARY KEY (service_id, location_id)
);
CREATE INDEX directory_service_at_location_location ON directory_service_at_location (location_id);

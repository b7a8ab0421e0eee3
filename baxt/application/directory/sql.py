"""The directory's SQL: upserts for admins and the seed, selects for the readers."""

from __future__ import annotations

ORGANISATION_COLUMNS = "id::text, name, kind, description, email, website"
SERVICE_COLUMNS = (
    "s.id::text, s.organisation_id::text, s.name, s.category, s.status, s.minimum_age,"
    " s.maximum_age, s.regions, s.languages, s.description,"
    " ARRAY(SELECT a.location_id::text FROM directory_service_at_location a"
    " WHERE a.service_id = s.id ORDER BY a.position, a.location_id) AS location_ids"
)
LOCATION_COLUMNS = (
    "id::text, organisation_id::text, name, address, region, district, latitude, longitude"
)

SELECT_ORGANISATIONS = f"SELECT {ORGANISATION_COLUMNS} FROM directory_organisation"  # noqa: S608 - constant parts only
SELECT_SERVICES = f"SELECT {SERVICE_COLUMNS} FROM directory_service s"  # noqa: S608 - constant parts only
SELECT_LOCATIONS = f"SELECT {LOCATION_COLUMNS} FROM directory_location"  # noqa: S608 - constant parts only

MATCHING = (
    " WHERE (%(category)s::text IS NULL OR s.category = %(category)s)"
    " AND (%(status)s::text IS NULL OR s.status = %(status)s)"
    " AND (%(region)s::text IS NULL OR %(region)s = ANY(s.regions))"
    " AND (%(age)s::integer IS NULL OR ((s.minimum_age IS NULL OR s.minimum_age <= %(age)s)"
    " AND (s.maximum_age IS NULL OR %(age)s <= s.maximum_age)))"
    " AND (%(organisation_id)s::uuid IS NULL OR s.organisation_id = %(organisation_id)s::uuid)"
)
KEYSET_PAGE = (
    SELECT_SERVICES + MATCHING + " AND (%(after_name)s::text IS NULL"
    " OR (s.name, s.id) > (%(after_name)s::text, %(after_id)s::uuid))"
    " ORDER BY s.name, s.id LIMIT %(limit)s"
)
NUMBERED_PAGE = (
    SELECT_SERVICES + MATCHING + " ORDER BY s.name, s.id LIMIT %(limit)s OFFSET %(offset)s"
)
COUNT = "SELECT count(*) FROM directory_service s" + MATCHING  # noqa: S608 - constant parts only

UPSERT_ORGANISATION = (
    "INSERT INTO directory_organisation (id, name, kind, description, email, website)"
    " VALUES (%(id)s, %(name)s, %(kind)s, %(description)s, %(email)s, %(website)s)"
    " ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind,"
    " description = excluded.description, email = excluded.email,"
    " website = excluded.website, updated_at = now()"
)
UPSERT_SERVICE = (
    "INSERT INTO directory_service (id, organisation_id, name, category, status, minimum_age,"
    " maximum_age, regions, languages, description) VALUES (%(id)s, %(organisation_id)s,"
    " %(name)s, %(category)s, %(status)s, %(minimum_age)s, %(maximum_age)s, %(regions)s,"
    " %(languages)s, %(description)s)"
    " ON CONFLICT (id) DO UPDATE SET organisation_id = excluded.organisation_id,"
    " name = excluded.name, category = excluded.category, status = excluded.status,"
    " minimum_age = excluded.minimum_age, maximum_age = excluded.maximum_age,"
    " regions = excluded.regions, languages = excluded.languages,"
    " description = excluded.description, updated_at = now()"
)
UPSERT_LOCATION = (
    "INSERT INTO directory_location (id, organisation_id, name, address, region, district,"
    " latitude, longitude) VALUES (%(id)s, %(organisation_id)s, %(name)s, %(address)s,"
    " %(region)s, %(district)s, %(latitude)s, %(longitude)s)"
    " ON CONFLICT (id) DO UPDATE SET organisation_id = excluded.organisation_id,"
    " name = excluded.name, address = excluded.address, region = excluded.region,"
    " district = excluded.district, latitude = excluded.latitude,"
    " longitude = excluded.longitude, updated_at = now()"
)
UNLINK_SERVICE = "DELETE FROM directory_service_at_location WHERE service_id = %(id)s"
LINK_SERVICE = (
    "INSERT INTO directory_service_at_location (service_id, location_id, position)"
    " SELECT %(id)s, place, n FROM unnest(%(location_ids)s::uuid[]) WITH ORDINALITY AS l(place, n)"
    " ON CONFLICT DO NOTHING"
)
KNOWN_ORGANISATION = "SELECT 1 FROM directory_organisation WHERE id = %(organisation_id)s"
KNOWN_LOCATIONS = "SELECT id::text FROM directory_location WHERE id = ANY(%(location_ids)s::uuid[])"

-- The figures' times read the days straight from the index, in place order, never the rows:
-- this index covers what monitoring_facts_place served, and the four days besides.
CREATE INDEX monitoring_facts_place_days ON monitoring_facts (quarter, region, district, mahalla)
    INCLUDE (days_to_contact, days_to_visit, days_to_consultation, days_to_service);
DROP INDEX monitoring_facts_place;

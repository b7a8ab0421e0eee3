-- A transfer waiting for the receiving district's supervisor: where the family would move,
-- who asked and when. No free text: the request's reason stays sealed in the event store.
-- No case had a transfer waiting before this release, so NULL carries every existing row
-- forward as it is; an accepted transfer moves the row's own region, district and mahalla.
ALTER TABLE case_summary
    ADD COLUMN transfer_region text,
    ADD COLUMN transfer_district text,
    ADD COLUMN transfer_mahalla text,
    ADD COLUMN transfer_requested_by text,
    ADD COLUMN transfer_requested_at timestamptz;

-- The receiving supervisors' incoming transfers: by the district the family moves to.
CREATE INDEX case_summary_incoming_transfers
    ON case_summary (transfer_district, transfer_requested_at, case_id)
    WHERE transfer_district IS NOT NULL;

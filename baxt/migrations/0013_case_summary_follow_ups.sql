-- The calls and visits that followed the case up in its current episode (a call once the
-- family was reached, a visit after the consultation), and when the last one was made.
-- Existing rows carry 0 and none forward: no follow-up could be recorded before this.
ALTER TABLE case_summary
    ADD COLUMN follow_ups        integer NOT NULL DEFAULT 0,
    ADD COLUMN last_follow_up_at timestamptz;

-- The individual work plan's goals, and what a worklist needs of them: how many are open,
-- when the next open one is due, and whether the case has a plan (a goal not dropped).
ALTER TABLE case_summary
    ADD COLUMN goals            jsonb   NOT NULL DEFAULT '[]',
    ADD COLUMN open_goals       integer NOT NULL DEFAULT 0,
    ADD COLUMN next_goal_due_on date,
    ADD COLUMN has_work_plan    boolean NOT NULL DEFAULT false;

-- A consultation's plan items are its open goals, each with the ID the domain gives it:
-- uuid3 (md5) of the URL namespace and 'baxt:<case ID>:goal:<place>'. No revision exists yet,
-- and an erased child's goals read as erased, as the erasure leaves them.
UPDATE case_summary SET
    plan = CASE WHEN close_reason = 'DATA_ERASED' THEN (
        SELECT jsonb_agg(CASE WHEN coalesce(p->>'goal', '') <> ''
            THEN jsonb_set(p, '{goal}', to_jsonb('[erased]'::text)) ELSE p END ORDER BY n)
        FROM jsonb_array_elements(plan) WITH ORDINALITY AS x(p, n)) ELSE plan END,
    goals = (
        SELECT jsonb_agg(jsonb_build_object(
            'id', (
                SELECT encode(set_byte(set_byte(h, 6, (get_byte(h, 6) & 15) | 48),
                    8, (get_byte(h, 8) & 63) | 128), 'hex')::uuid::text
                FROM (SELECT decode(md5('\x6ba7b8119dad11d180b400c04fd430c8'::bytea
                    || convert_to('baxt:' || case_id || ':goal:' || n, 'UTF8')), 'hex')
                    AS h) AS digest),
            'text', CASE WHEN close_reason = 'DATA_ERASED' AND coalesce(p->>'goal', '') <> ''
                THEN '[erased]' ELSE p->>'goal' END,
            'service_category', p->'service_category',
            'due_on', p->'due_on',
            'status', 'OPEN',
            'notes', '[]'::jsonb) ORDER BY n)
        FROM jsonb_array_elements(plan) WITH ORDINALITY AS x(p, n))
WHERE plan <> '[]';

UPDATE case_summary SET
    open_goals = (SELECT count(*) FROM jsonb_array_elements(goals) AS g
        WHERE g->>'status' = 'OPEN'),
    next_goal_due_on = (SELECT min((g->>'due_on')::date) FROM jsonb_array_elements(goals) AS g
        WHERE g->>'status' = 'OPEN'),
    has_work_plan = EXISTS (SELECT FROM jsonb_array_elements(goals) AS g
        WHERE g->>'status' <> 'DROPPED')
WHERE goals <> '[]';

-- The consulted cases without a plan, in the order the case list pages them.
CREATE INDEX case_summary_without_work_plan ON case_summary (updated_at DESC, case_id DESC)
    WHERE NOT has_work_plan AND status IN ('CONSULTED', 'REFERRED');

-- The case list's search is planned by how many cases hold each of its terms: a common
-- name prefix is found by reading the list in its order, a rare one through the index of
-- terms. The PINFLs' terms, one case each, outnumber the name prefixes' many times, and at
-- the default statistics target only the hundred commonest prefixes were counted: every
-- other one, though thousands of cases hold it, was taken for nearly as rare as a PINFL.
-- A thousand most common values keep the counts of the prefixes people search by.
ALTER TABLE case_search ALTER COLUMN term SET STATISTICS 1000;
ANALYZE case_search;

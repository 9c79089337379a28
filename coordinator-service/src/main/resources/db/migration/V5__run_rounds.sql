-- The rounds a run in rounds has begun (its current round while RUNNING, the round it ended in once it ended);
-- null for event-driven runs.
ALTER TABLE runs ADD COLUMN rounds INTEGER;

"""Followers of the event store, supervised: restarted with backoff after any error, one
running copy of each at a time (an advisory lock each), their state visible to every
process through the `follower_status` table."""

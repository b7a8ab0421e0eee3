"""Dramatiq workers: the broker, the actors, and what feeds them from the event store."""

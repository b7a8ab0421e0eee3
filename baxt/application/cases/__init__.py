"""A child's case in the application: the event store, the one command path, and the reads."""

from __future__ import annotations

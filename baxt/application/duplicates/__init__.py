"""Duplicate detection beyond the PINFL: candidates by their match keys, merges, and pairs
told apart."""

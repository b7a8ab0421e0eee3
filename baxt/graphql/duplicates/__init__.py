"""Duplicates beyond the PINFL: a case's candidates, merges, and pairs told apart."""

"""Synthetic Social Registry extracts: realistic children, correlated indicators, bad rows."""

from __future__ import annotations

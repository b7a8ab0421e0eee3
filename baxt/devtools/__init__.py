"""Tools for development and demonstration: the worked stories and synthetic extracts."""

from __future__ import annotations

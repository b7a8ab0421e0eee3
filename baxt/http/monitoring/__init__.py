"""The monitoring dashboard at /monitoring, served from the package itself so that it works
on a network with no internet: its page, script, styles and the regions' shapes."""

from __future__ import annotations

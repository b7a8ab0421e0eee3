"""How a label table is written: each value's names in the order of `LANGUAGES`."""

from __future__ import annotations

from typing import TypeAlias

Names: TypeAlias = tuple[str, str, str, str, str]
"""One value's names: uz-Latn, uz-Cyrl, ru, kk, en."""

EnumNames: TypeAlias = dict[str, Names]
"""One enum's table: each value, as the API spells it, and its names."""

"""The regions of Uzbekistan (viloyatlar), spelled as households and tokens name them."""

from __future__ import annotations

REGIONS: tuple[str, ...] = (
    "Qoraqalpog'iston Respublikasi",
    "Andijon viloyati",
    "Buxoro viloyati",
    "Farg'ona viloyati",
    "Jizzax viloyati",
    "Xorazm viloyati",
    "Namangan viloyati",
    "Navoiy viloyati",
    "Qashqadaryo viloyati",
    "Samarqand viloyati",
    "Sirdaryo viloyati",
    "Surxondaryo viloyati",
    "Toshkent viloyati",
    "Toshkent shahri",
)
"""The fourteen: the Republic of Karakalpakstan, twelve regions and Tashkent city."""

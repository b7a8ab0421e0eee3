"""The directory Baxt starts with: SOS Children's Villages Uzbekistan's programmes and places,
and the public services the worked cases are referred to. IDs are derived, so seeding twice
adds nothing twice."""

from __future__ import annotations

from uuid import UUID, uuid5

from baxt.domain.directory import (
    LocationEntry,
    OrganisationEntry,
    OrganisationKind,
)

DIRECTORY_NAMESPACE = UUID("3f310f1d-f607-4a01-b1d7-45482bc774fb")
SOS_REGIONS = ("Toshkent shahri", "Samarqand viloyati", "Xorazm viloyati")


def seed_id(kind: str, key: str) -> str:
    """The stable ID of a seeded entry, e.g. `seed_id("organisation", "sos")`."""
    return str(uuid5(DIRECTORY_NAMESPACE, f"{kind}/{key}"))


SOS_ORGANISATION_ID = seed_id("organisation", "sos-childrens-villages-uzbekistan")
"""SOS Children's Villages Uzbekistan: the `org` claim of its staff's partner tokens."""
SOCIAL_CENTRE_ID = seed_id("organisation", "district-social-service-centre")
THERAPY_CENTRE_ID = seed_id("organisation", "child-development-centre")
LEARNING_CENTRE_ID = seed_id("organisation", "school-learning-support-centre")
EMPLOYMENT_CENTRE_ID = seed_id("organisation", "employment-promotion-centre")
MEDICAL_FUND_ID = seed_id("organisation", "medical-cost-sponsorship-fund")

G, NGO = OrganisationKind.GOVERNMENT, OrganisationKind.NGO
ORGANISATIONS = (
    OrganisationEntry(
        SOS_ORGANISATION_ID,
        "SOS Children's Villages Uzbekistan",
        NGO,
        "SOS O'zbekiston Bolalar Mahallalari Uyushmasi. Since 2007 its service for the"
        " prevention of social orphanhood helps families in crisis keep their children.",
    ),
    OrganisationEntry(
        SOCIAL_CENTRE_ID,
        "District social-service centre",
        G,
        "The tuman's centre for children and families in need: integrated case management,"
        " emergency living-cost and housing support.",
    ),
    OrganisationEntry(
        THERAPY_CENTRE_ID,
        "Chilonzor child development centre",
        NGO,
        "Speech and play therapy for young children.",
    ),
    OrganisationEntry(
        LEARNING_CENTRE_ID,
        "School learning-support centre",
        G,
        "Learning support and mentoring for pupils who fall behind.",
    ),
    OrganisationEntry(
        EMPLOYMENT_CENTRE_ID,
        "Employment promotion centre",
        G,
        "Helps parents back into work: vacancies, training and public works.",
    ),
    OrganisationEntry(
        MEDICAL_FUND_ID,
        "Children's medical-cost sponsorship fund",
        NGO,
        "Covers treatment, medicines and special formula for children whose families cannot.",
    ),
)


def _place(
    org: str, key: str, name: str, address: str, region: str, district: str
) -> LocationEntry:
    return LocationEntry(seed_id("location", key), org, name, address, region, district)


SOS_TASHKENT = _place(
    SOS_ORGANISATION_ID, "sos-tashkent", "SOS social centre, Tashkent", "Toshkent shahri",
    "Toshkent shahri", "Toshkent shahri",
)  # fmt: skip
SOS_SAMARKAND = _place(
    SOS_ORGANISATION_ID, "sos-samarkand", "SOS social centre, Samarkand", "Samarqand shahri",
    "Samarqand viloyati", "Samarqand shahri",
)  # fmt: skip
SOS_KHOREZM = _place(
    SOS_ORGANISATION_ID, "sos-khorezm", "SOS Children's Villages social centre, Khorezm",
    "Xorazm viloyati, Urganch tumani", "Xorazm viloyati", "Urganch tumani",
)  # fmt: skip
CENTRE_TASHKENT = _place(
    SOCIAL_CENTRE_ID, "centre-chilonzor", "Chilonzor social-service centre",
    "Toshkent shahri, Chilonzor tumani", "Toshkent shahri", "Chilonzor",
)  # fmt: skip
THERAPY_CHILONZOR = _place(
    THERAPY_CENTRE_ID, "therapy-chilonzor", "Chilonzor child development centre",
    "Toshkent shahri, Chilonzor tumani", "Toshkent shahri", "Chilonzor",
)  # fmt: skip
LEARNING_YUNUSOBOD = _place(
    LEARNING_CENTRE_ID, "learning-yunusobod", "Yunusobod learning-support centre",
    "Toshkent shahri, Yunusobod tumani", "Toshkent shahri", "Yunusobod",
)  # fmt: skip
EMPLOYMENT_URGUT = _place(
    EMPLOYMENT_CENTRE_ID, "employment-urgut", "Urgut employment promotion centre",
    "Samarqand viloyati, Urgut tumani", "Samarqand viloyati", "Urgut",
)  # fmt: skip
LOCATIONS = (
    SOS_TASHKENT, SOS_SAMARKAND, SOS_KHOREZM, CENTRE_TASHKENT, THERAPY_CHILONZOR,
    LEARNING_YUNUSOBOD, EMPLOYMENT_URGUT,
)  # fmt: skip
SOS_PLACES = (SOS_TASHKENT.id, SOS_SAMARKAND.id, SOS_KHOREZM.id)

"""The seeded services: what each organisation of the seed offers, to whom and where."""

from __future__ import annotations

from baxt.application.directory import seed_data as o
from baxt.domain.directory import ServiceEntry, ServiceStatus
from baxt.domain.regions import REGIONS
from baxt.domain.service_categories import ServiceCategory as C

UZ_RU = ("uz", "ru")
EVERYWHERE = REGIONS


def _service(
    key: str,
    org: str,
    name: str,
    category: C,
    ages: tuple[int | None, int | None],
    regions: tuple[str, ...],
    places: tuple[str, ...],
    description: str,
    languages: tuple[str, ...] = UZ_RU,
) -> ServiceEntry:
    return ServiceEntry(
        id=o.seed_id("service", key),
        organisation_id=org,
        name=name,
        category=category,
        status=ServiceStatus.ACTIVE,
        minimum_age=ages[0],
        maximum_age=ages[1],
        regions=regions,
        languages=languages,
        description=description,
        location_ids=places,
    )


SOS = o.SOS_ORGANISATION_ID
SOS_SERVICES = (
    _service(
        "sos-family-strengthening",
        SOS,
        "Family strengthening",
        C.FAMILY_STRENGTHENING,
        (0, 17),
        o.SOS_REGIONS,
        o.SOS_PLACES,
        "Educational, medical, psychological and social support for families in crisis, so"
        " that children can grow up in their own family.",
        ("uz", "ru", "en"),
    ),
    _service(
        "sos-parenting-trainings",
        SOS,
        "Parenting-skills trainings",
        C.PARENTING_SUPPORT,
        (None, None),
        ("Samarqand viloyati", "Xorazm viloyati"),
        (o.SOS_SAMARKAND.id, o.SOS_KHOREZM.id),
        "Trainings that build parents' skills to care for their children and protect their"
        " rights; parents who complete them receive a certificate.",
    ),
    _service(
        "sos-day-care",
        SOS,
        "Day-care centre",
        C.DAY_CARE,
        (1, 7),
        o.SOS_REGIONS,
        o.SOS_PLACES,
        "Children play and learn here while their parents meet specialists, work or study.",
    ),
    _service(
        "sos-short-term-guardianship",
        SOS,
        "Short-term guardianship",
        C.TEMPORARY_CARE,
        (0, 17),
        ("Samarqand viloyati",),
        (o.SOS_SAMARKAND.id,),
        "Temporary care, with medical, educational, psychological and social support, while"
        " specialists work with the child's family.",
    ),
    _service(
        "sos-reintegration",
        SOS,
        "Return of children to their families",
        C.FAMILY_REINTEGRATION,
        (0, 17),
        o.SOS_REGIONS,
        o.SOS_PLACES,
        "Brings children back to their families once the family's crisis is overcome.",
    ),
    _service(
        "sos-parents-into-work",
        SOS,
        "Helping parents into work",
        C.EMPLOYMENT_SERVICE,
        (None, None),
        o.SOS_REGIONS,
        o.SOS_PLACES,
        "Vocational skills, job placement, help to start a small business, and jobs in the"
        " social enterprises of Samarkand's mahallas.",
    ),
    _service(
        "sos-legal-accompaniment",
        SOS,
        "Legal accompaniment for families",
        C.LEGAL_SUPPORT,
        (None, None),
        o.SOS_REGIONS,
        o.SOS_PLACES,
        "Legal help for families in difficulty, alongside the social and psychological support.",
    ),
)
PUBLIC_SERVICES = (
    _service(
        "integrated-case-management",
        o.SOCIAL_CENTRE_ID,
        "Oila va bola: integrated case management",
        C.INTEGRATED_CASE_MANAGEMENT,
        (0, 12),
        EVERYWHERE,
        (o.CENTRE_TASHKENT.id,),
        "One case manager coordinates health, care, education and welfare services for a child"
        " in need and the family.",
    ),
    _service(
        "emergency-living-costs",
        o.SOCIAL_CENTRE_ID,
        "Emergency living-cost support",
        C.EMERGENCY_LIVING_COSTS,
        (0, 17),
        EVERYWHERE,
        (o.CENTRE_TASHKENT.id,),
        "Short-term cash support for living costs, arrears and utilities when a family's income"
        " suddenly fails.",
    ),
    _service(
        "housing-support",
        o.SOCIAL_CENTRE_ID,
        "Housing support",
        C.HOUSING_SUPPORT,
        (0, 17),
        EVERYWHERE,
        (o.CENTRE_TASHKENT.id,),
        "Help with rent and a move to adequate housing for overcrowded families.",
    ),
    _service(
        "speech-therapy",
        o.THERAPY_CENTRE_ID,
        "Speech therapy for young children",
        C.SPEECH_THERAPY,
        (2, 12),
        ("Toshkent shahri",),
        (o.THERAPY_CHILONZOR.id,),
        "Weekly sessions with a speech therapist for children whose speech is delayed.",
    ),
    _service(
        "play-therapy",
        o.THERAPY_CENTRE_ID,
        "Play therapy",
        C.PSYCHOLOGICAL_SUPPORT,
        (3, 14),
        ("Toshkent shahri",),
        (o.THERAPY_CHILONZOR.id,),
        "Play therapy for children with behavioural and emotional difficulties.",
    ),
    _service(
        "learning-support",
        o.LEARNING_CENTRE_ID,
        "Learning-support centre",
        C.LEARNING_SUPPORT,
        (6, 17),
        ("Toshkent shahri",),
        (o.LEARNING_YUNUSOBOD.id,),
        "Basic learning skills and mentoring after school.",
    ),
    _service(
        "employment-service",
        o.EMPLOYMENT_CENTRE_ID,
        "Employment service for parents",
        C.EMPLOYMENT_SERVICE,
        (None, None),
        EVERYWHERE,
        (o.EMPLOYMENT_URGUT.id,),
        "Job placement, vocational training and public works for parents out of work.",
    ),
    _service(
        "medical-cost-sponsorship",
        o.MEDICAL_FUND_ID,
        "Medical-cost sponsorship",
        C.MEDICAL_COSTS,
        (0, 17),
        EVERYWHERE,
        (),
        "Sponsors treatment, medicines and special formula for children with serious illness.",
    ),
)
SERVICES = SOS_SERVICES + PUBLIC_SERVICES

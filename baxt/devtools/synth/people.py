"""The children of a synthetic extract and their families: who they are and where they live.

Names, regions and districts are drawn in Uzbekistan's proportions; each child also draws a
household-hardship factor and a family-disruption factor, correlated, that the indicators use.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# fmt: off
_GEOGRAPHY = """
Qoraqalpog'iston Respublikasi 6.0: Nukus shahri,Beruniy,To'rtko'l,Xo'jayli,Chimboy,Qo'ng'irot
Andijon viloyati 9.5: Andijon shahri,Asaka,Baliqchi,Izboskan,Marhamat,Shahrixon,Xo'jaobod
Buxoro viloyati 5.5: Buxoro shahri,Kogon,G'ijduvon,Vobkent,Romitan,Qorako'l,Jondor,Shofirkon
Farg'ona viloyati 11.0: Farg'ona shahri,Marg'ilon shahri,Qo'qon shahri,Oltiariq,Rishton,Quva
Jizzax viloyati 4.5: Jizzax shahri,Zomin,G'allaorol,Baxmal,Do'stlik,Forish,Paxtakor,Arnasoy
Namangan viloyati 9.0: Namangan shahri,Chust,Kosonsoy,Pop,To'raqo'rg'on,Uychi,Chortoq,Uchqo'rg'on
Navoiy viloyati 3.0: Navoiy shahri,Zarafshon shahri,Karmana,Qiziltepa,Nurota,Konimex,Xatirchi
Qashqadaryo viloyati 10.5: Qarshi shahri,Shahrisabz,Kitob,G'uzor,Qamashi,Koson,Yakkabog'
Samarqand viloyati 12.0: Samarqand shahri,Urgut,Pastdarg'om,Kattaqo'rg'on,Ishtixon,Jomboy,Payariq
Sirdaryo viloyati 2.5: Guliston shahri,Yangiyer shahri,Boyovut,Sirdaryo,Sayxunobod,Oqoltin,Xovos
Surxondaryo viloyati 8.5: Termiz shahri,Denov,Sherobod,Sho'rchi,Jarqo'rg'on,Boysun,Sariosiyo
Toshkent viloyati 8.0: Angren shahri,Chirchiq shahri,Bo'stonliq,Zangiota,Qibray,Yangiyo'l,Parkent
Toshkent shahri 7.0: Bektemir,Chilonzor,Mirobod,Mirzo Ulug'bek,Olmazor,Sergeli,Yunusobod,Yashnobod
Xorazm viloyati 5.0: Urganch shahri,Xiva,Xonqa,Hazorasp,Gurlan,Shovot,Bog'ot,Yangiariq,Qo'shko'pir
"""
_MAHALLAS = _words("""
Navbahor Bog'ishamol Yangiobod Tinchlik Do'stlik Mustaqillik Guliston Istiqlol Obod Birlik
Bunyodkor Oqtepa Chinor Navro'z Bahor Mehnat Nurafshon Qo'shariq Gulzor Ko'kterak Chorbog' Umid
Beshyog'och Qoraqamish Paxtakor Farovon Ma'rifat Ziyokor Olmazor Sebzor Tutzor Bog'bon""")
_MEN = _words("""
Abdulla Akmal Alisher Amir Anvar Aziz Bahodir Bekzod Bobur Doniyor Elbek Farrux G'ayrat
Hasan Husan Ibrohim Islom Jahongir Jamshid Javohir Jasur Kamol Laziz Mansur Muhammad Murod Nodir
Otabek Oybek Qodir Ravshan Rustam Sanjar Sardor Sherzod Shohruh Temur Tohir Ulug'bek Umid Yusuf
Zafar Asadbek Samandar Diyor Behruz Mirjalol Sirojiddin Abdurahmon Shukurullo""")
_WOMEN = _words("""
Aziza Barno Dilnoza Dilfuza Durdona Farangiz Feruza Gulnora Gulnoza Gulchehra Hilola Iroda
Kamola Lobar Madina Malika Mohinur Munisa Mushtariy Nargiza Nasiba Nigora Nilufar Nodira Ozoda
Oysha Robiya Rayhona Sabina Sevara Shahnoza Shahzoda Shoira Sitora Soliha Umida Xadicha Yulduz
Zarina Zebo Zuhra Maftuna Muslima Oygul Dildora Mehribon Charos Fotima Ruxsora""")
_SURNAMES = _words("""
Abdullayev Aliyev Alimov Azimov Bakirov Ergashev Fayzullayev G'aniyev Hamidov Ibragimov
Ismoilov Jo'rayev Karimov Kamolov Latipov Mahmudov Mirzayev Murodov Nazarov Nurmatov Ortiqov
Po'latov Qodirov Qosimov Rahimov Rashidov Rustamov Sodiqov Safarov Saidov Salimov Sharipov Sobirov
Sultonov Tursunov Toshmatov Umarov Usmonov Valiyev Xolmatov Xudoyberdiyev Yo'ldoshev Yusupov
Zokirov Eshonqulov Berdiyev Norboyev Musayev Hasanov Raxmatullayev""")
_OPERATORS = np.array([90, 91, 93, 94, 95, 97, 98, 99, 33, 88, 77, 50])
_OPERATOR_SHARES = np.array([14, 8, 12, 11, 4, 13, 3, 10, 9, 10, 3, 3]) / 100
_AGE_SHARES = np.linspace(1.35, 0.9, 18) / np.linspace(1.35, 0.9, 18).sum()
# fmt: on


def _geography() -> tuple[tuple[tuple[str, str], ...], NDArray[np.float64]]:
    districts: list[tuple[str, str]] = []
    shares: list[float] = []
    for line in _GEOGRAPHY.strip().splitlines():
        head, names = line.split(": ")
        region, share = head.rsplit(" ", 1)
        districts += [(region, name) for name in names.split(",")]
        shares += [float(share) / len(names.split(","))] * len(names.split(","))
    return tuple(districts), np.array(shares) / sum(shares)


DISTRICTS, _DISTRICT_SHARES = _geography()
"""Every (region, district) a child may live in; a district's PINFL code is its index + 1."""
MAHALLAS = _MAHALLAS
_FEMALE_SURNAMES = [f"{surname}a" for surname in _SURNAMES]
IDENTITY = ("offset", "male", "surname", "first", "father", "pinfl")
"""The columns of `draw`'s people that make a child who they are (a duplicate repeats them)."""


def draw(rng: np.random.Generator, rows: int, adult_days: int) -> dict[str, Any]:
    """`rows` children of under 18 years (`adult_days`): age, sex, names, district, phone, and their
    hardship and disruption factors, one array a column."""
    age = rng.choice(18, rows, p=_AGE_SHARES)
    hardship = rng.standard_normal(rows)
    return {
        "offset": np.minimum((age + rng.random(rows)) * 365.2425, adult_days - 1).astype(int),
        "male": rng.random(rows) < 0.512,
        "surname": rng.integers(0, len(_SURNAMES), rows),
        "first": rng.integers(0, len(_MEN) * len(_WOMEN), rows),
        "father": rng.integers(0, len(_MEN), rows),
        "by_mother": rng.random(rows) < 0.75,
        "mother": rng.integers(0, len(_WOMEN), rows),
        "mother_surname": rng.integers(0, len(_SURNAMES), rows),
        "district": rng.choice(len(DISTRICTS), rows, p=_DISTRICT_SHARES),
        "mahalla": rng.integers(0, len(_MAHALLAS), rows),
        "phone": rng.choice(_OPERATORS, rows, p=_OPERATOR_SHARES) * 10**7
        + rng.integers(0, 10**7, rows),
        "hardship": hardship,
        "disruption": 0.4 * hardship + np.sqrt(0.84) * rng.standard_normal(rows),
    }


def full_names(people: dict[str, Any]) -> Any:
    """Each child's full name the Uzbek way: surname, first name, father's name, son or
    daughter of."""
    male = pa.array(people["male"])
    surname = pc.if_else(
        male, pick(_SURNAMES, people["surname"]), pick(_FEMALE_SURNAMES, people["surname"])
    )
    first = pc.if_else(
        male, pick(_MEN, people["first"] % len(_MEN)), pick(_WOMEN, people["first"] % len(_WOMEN))
    )
    child_of = pc.if_else(male, "o'g'li", "qizi")
    return pc.binary_join_element_wise(surname, first, pick(_MEN, people["father"]), child_of, " ")


def guardian_names(people: dict[str, Any]) -> Any:
    """Each child's guardian: the mother for three in four, else the father."""
    mother = pc.binary_join_element_wise(
        pick(_FEMALE_SURNAMES, people["mother_surname"]), pick(_WOMEN, people["mother"]), " "
    )
    father = pc.binary_join_element_wise(
        pick(_SURNAMES, people["surname"]), pick(_MEN, people["father"]), " "
    )
    return pc.if_else(pa.array(people["by_mother"]), mother, father)


def pick(pool: list[str] | tuple[str, ...], index: NDArray[np.int64]) -> Any:
    """The words of `pool` at `index`, as a string column."""
    return pa.array(pool, pa.string()).take(pa.array(index))


def ages(as_of: date, births: NDArray[np.datetime64]) -> NDArray[np.int64]:
    """The age in whole years on `as_of` of each child born on `births`."""
    years = births.astype("M8[Y]").astype(np.int64) + 1970
    month_starts = births.astype("M8[M]")
    months = month_starts.astype(np.int64) % 12 + 1
    days = (births - month_starts.astype("M8[D]")).astype(np.int64) + 1
    before_birthday = (months > as_of.month) | ((months == as_of.month) & (days > as_of.day))
    ages: NDArray[np.int64] = as_of.year - years - before_birthday
    return ages


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier; 28 February for a 29th that year lacks."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)

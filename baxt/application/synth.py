"""Synthetic registry extracts: realistic children, correlated indicators, known bad rows.

Each child draws a household-hardship factor and a family-disruption factor (correlated);
each indicator's chance rises with them, so cut-offs, arrears and registry poverty come
together, as do violence, imprisonment and addiction. Age decides which indicators apply.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from numpy.typing import NDArray

from baxt.domain.pinfl import make_pinfl
from baxt.domain.risk import extract as x
from baxt.domain.risk.catalogue import Catalogue, Indicator, IndicatorValueType, default_catalogue
from baxt.domain.values import Sex

CHUNK_ROWS = 50_000


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
_HOME_BY_AGE = np.array([1.0, 0.97, 0.8, 0.45, 0.35, 0.3, 0.25] + [0.0] * 13)
_DAY_CARE_SHARE = 0.15  # of children under school age who are not raised at home

# code: (chance at average hardship and disruption, hardship loading, disruption loading)
_MODEL = {
    "ELECTRICITY_CUT_OFF": (.006, 1.3, 0), "WATER_CUT_OFF": (.004, 1.2, 0),
    "GAS_CUT_OFF": (.006, 1.3, 0), "HEATING_CUT_OFF": (.003, 1.2, 0),
    "HEALTH_INSURANCE_ARREARS": (.008, 1.2, .2), "RENT_ARREARS": (.004, 1.1, .2),
    "UTILITY_ARREARS": (.012, 1.2, 0), "KINDERGARTEN_FEE_ARREARS": (.01, 1.1, .2),
    "LOAN_OVERDUE": (.01, .9, .2), "COURT_ENFORCED_DEBT": (.005, 1.0, .4),
    "MISSED_VACCINATIONS": (.01, .6, .4), "MISSED_INFANT_CHECKUPS": (.015, .6, .4),
    "NO_MEDICAL_VISIT_12_MONTHS": (.01, .5, .3), "EMERGENCY_INJURY_VISITS": (.003, .3, .8),
    "CHILD_DISABILITY": (.012, .2, 0), "MALNUTRITION": (.006, .8, .2),
    "DISPENSARY_FOLLOW_UP_MISSED": (.004, .6, .3), "LONG_SCHOOL_ABSENCE": (.008, .7, .8),
    "KINDERGARTEN_ABSENCE": (.01, .6, .4), "SCHOOL_DROP_OUT": (.003, .8, .8),
    "SCHOOL_AGE_NOT_ENROLLED": (.001, .8, .6), "SINGLE_GUARDIAN": (.06, .3, 1.0),
    "GUARDIAN_DEATH": (.004, .2, .6), "GUARDIAN_DISABILITY": (.012, .5, .2),
    "GUARDIAN_IMPRISONED": (.002, .5, 1.0), "GUARDIAN_ADDICTION_TREATMENT": (.002, .4, 1.1),
    "NON_RELATIVE_ADULT_IN_HOUSEHOLD": (.006, .2, 1.0), "DOMESTIC_VIOLENCE_CALLS": (.004, .4, 1.3),
    "GUARDIAN_LABOUR_MIGRANT": (.04, .6, .2), "LARGE_FAMILY": (.05, .5, 0),
    "GUARDIAN_DIVORCE": (.008, .2, .9), "CHILD_PROTECTION_REPORTS": (.002, .4, 1.3),
    "JUVENILE_AFFAIRS_REGISTER": (.003, .5, 1.0), "GUARDIAN_UNEMPLOYED": (.03, 1.0, .2),
    "BENEFIT_LOST": (.005, .8, .2), "ALIMONY_UNPAID": (.004, .3, .9),
    "EMERGENCY_AID_RECEIVED": (.01, 1.2, .3), "SHELTER_STAY": (.0005, .6, 1.2),
    "OVERCROWDING": (.03, 1.0, 0), "UNSAFE_DWELLING": (.004, 1.0, 0),
    "EVICTION_PROCEEDINGS": (.001, 1.0, .4), "NO_BIRTH_REGISTRATION": (.0005, .7, .7),
    "NO_RESIDENCE_REGISTRATION": (.004, .6, .4),
}
_AGES = {  # indicators that apply to some ages only (all others: 0 to 17)
    "MISSED_INFANT_CHECKUPS": (0, 2), "MALNUTRITION": (0, 4), "MISSED_VACCINATIONS": (0, 6),
    "KINDERGARTEN_FEE_ARREARS": (2, 6), "KINDERGARTEN_ABSENCE": (2, 6),
    "LONG_SCHOOL_ABSENCE": (7, 17), "SCHOOL_AGE_NOT_ENROLLED": (7, 17),
    "SCHOOL_DROP_OUT": (12, 17), "JUVENILE_AFFAIRS_REGISTER": (10, 17),
}
# fmt: on
_ENROLLED_ONLY = frozenset({"KINDERGARTEN_FEE_ARREARS", "KINDERGARTEN_ABSENCE"})
_AT_LEAST_ONE = frozenset({"LARGE_FAMILY", "OVERCROWDING"})
_WITHIN_QUARTER = frozenset({"LONG_SCHOOL_ABSENCE", "KINDERGARTEN_ABSENCE"})
_REGISTRY_INDICATOR = "SOCIAL_REGISTRY_LOW_INCOME"
# hardship above which a family is near the poverty line, poor, state-supported
_REGISTRY_CUTS = (1.2, 1.6, 2.4)
_UNKNOWN_SHARE = 0.01
_SHIFT = -0.5  # added to every log-odds; puts about 3% of children over ANY_3_OF_44
WRONG_TYPE_COLUMN = x.indicator_column("UTILITY_ARREARS")


def _geography() -> tuple[tuple[tuple[str, str], ...], NDArray[np.float64]]:
    districts: list[tuple[str, str]] = []
    shares: list[float] = []
    for line in _GEOGRAPHY.strip().splitlines():
        head, names = line.split(": ")
        region, share = head.rsplit(" ", 1)
        districts += [(region, name) for name in names.split(",")]
        shares += [float(share) / len(names.split(","))] * len(names.split(","))
    return tuple(districts), np.array(shares) / sum(shares)


_DISTRICTS, _DISTRICT_SHARES = _geography()
_FEMALE_SURNAMES = [f"{surname}a" for surname in _SURNAMES]
_IDENTITY = ("offset", "male", "surname", "first", "father", "pinfl")


class BadRowKind(Enum):
    BAD_PINFL = "BAD_PINFL"
    AGE_18_OR_OVER = "AGE_18_OR_OVER"
    WRONG_TYPE = "WRONG_TYPE"
    DUPLICATE_PINFL = "DUPLICATE_PINFL"
    MISSING_REQUIRED = "MISSING_REQUIRED"


@dataclass(frozen=True)
class BadRow:
    """A row written wrong on purpose, for an importer to reject."""

    row: int
    kind: BadRowKind
    column: str
    reason: str

    @property
    def line(self) -> int:
        """The row's line in the CSV file, the header being line 1."""
        return self.row + 2


@dataclass(frozen=True)
class SyntheticExtract:
    """What was written: every row (bad ones included) and where the bad rows are."""

    path: Path
    rows: int
    bad_rows: tuple[BadRow, ...]
    catalogue_version: str


def write_synthetic_extract(
    path: Path | str, children: int, *, seed: int = 0, bad_rows: int = 0, as_of: date
) -> SyntheticExtract:
    """Writes `children` rows, `bad_rows` of them bad, as CSV or Parquet by the file suffix.

    Rows are made and written CHUNK_ROWS at a time, so memory does not grow with the file.
    The same arguments always write the same file.
    """
    path = Path(path)
    if path.suffix not in (".csv", ".parquet"):
        raise ValueError(f"the file must end in .csv or .parquet, not {path.suffix!r}")
    if children < 0 or not 0 <= bad_rows < max(children, 1):
        raise ValueError("bad_rows must be at least 0 and fewer than the children")
    chunks = _Chunks(as_of, default_catalogue(), _plan(children, bad_rows, seed))
    with _open(path, chunks.schema) as writer:
        for start in range(0, children, CHUNK_ROWS):
            rng = np.random.default_rng([seed, start // CHUNK_ROWS])
            writer.write_table(chunks.make(rng, start, min(CHUNK_ROWS, children - start)))
    return SyntheticExtract(path, children, tuple(chunks.bad), chunks.catalogue.version)


def _plan(children: int, bad_rows: int, seed: int) -> dict[int, tuple[BadRowKind, int]]:
    """Bad rows by position (never the first row): their kind, and how many came before."""
    rng = np.random.default_rng([seed, 0xBAD])
    rows = np.sort(rng.choice(np.arange(1, max(children, 1)), bad_rows, replace=False))
    kinds = [list(BadRowKind)[i % len(BadRowKind)] for i in rng.permutation(bad_rows)]
    seen: Counter[BadRowKind] = Counter()
    plan: dict[int, tuple[BadRowKind, int]] = {}
    for row, kind in zip(rows.tolist(), kinds, strict=True):
        plan[row] = (kind, seen[kind])
        seen[kind] += 1
    return plan


def _open(path: Path, schema: Any) -> Any:
    if path.suffix == ".csv":
        options = pacsv.WriteOptions(quoting_header="none")
        return pacsv.CSVWriter(str(path), schema, write_options=options)
    return pq.ParquetWriter(str(path), schema, compression="zstd")


class _Chunks:
    """Makes the rows a chunk at a time, carrying what later chunks need: the PINFL serials
    in use, and the last good row, which a duplicate at the head of a chunk repeats."""

    def __init__(self, as_of: date, catalogue: Catalogue, plan: dict[int, Any]) -> None:
        self.as_of, self.catalogue, self.plan = as_of, catalogue, plan
        self.schema = _schema(
            catalogue, text_amounts=any(kind is BadRowKind.WRONG_TYPE for kind, _ in plan.values())
        )
        self.adult_days = (as_of - _years_before(as_of, 18)).days
        self.serials = np.zeros((self.adult_days + 800) * 2 * len(_DISTRICTS), np.uint16)
        self.last_good: dict[str, Any] = {}
        self.bad: list[BadRow] = []

    def make(self, rng: np.random.Generator, start: int, rows: int) -> Any:
        spoilt = {r - start: p for r, p in self.plan.items() if start <= r < start + rows}
        people = _people(rng, rows, self.adult_days)
        for row, (kind, _) in spoilt.items():
            if kind is BadRowKind.AGE_18_OR_OVER:
                people["offset"][row] = self.adult_days + rng.integers(0, 700)
        people["pinfl"] = self._pinfls(people)
        bad = [self._spoil(people, start, row, *spoilt[row]) for row in sorted(spoilt)]
        last = next((r for r in range(rows - 1, -1, -1) if r not in spoilt), None)
        if last is not None:
            self.last_good = {k: people[k][last] for k in _IDENTITY} | {"row": start + last}
        self.bad += bad
        table = _table(rng, self.catalogue, people, self.as_of, self.schema)
        return _spoil_cells(rng, table, start, bad)

    def _pinfls(self, people: dict[str, Any]) -> list[str]:
        offset, male, district = people["offset"], people["male"], people["district"]
        key = (offset * 2 + male) * len(_DISTRICTS) + district
        order = np.argsort(key, kind="stable")
        firsts = np.flatnonzero(np.r_[True, key[order][1:] != key[order][:-1]])
        rank = np.empty(len(key), np.int64)
        rank[order] = np.arange(len(key)) - np.repeat(firsts, np.diff(np.r_[firsts, len(key)]))
        serial = self.serials[key] + rank
        np.add.at(self.serials, key, 1)
        if serial.max(initial=0) > 999:
            raise ValueError("too many children share a birth date, sex and district")
        births = (np.datetime64(self.as_of) - offset).tolist()
        sexes = [Sex.MALE if m else Sex.FEMALE for m in male.tolist()]
        return [
            make_pinfl(b, s, d + 1, n)
            for b, s, d, n in zip(births, sexes, district.tolist(), serial.tolist(), strict=True)
        ]

    def _spoil(
        self, people: dict[str, Any], start: int, row: int, kind: BadRowKind, nth: int
    ) -> BadRow:
        at = start + row
        if kind is BadRowKind.DUPLICATE_PINFL:
            source = next((r for r in range(row - 1, -1, -1) if start + r not in self.plan), None)
            original = (
                self.last_good
                if source is None
                else {k: people[k][source] for k in _IDENTITY} | {"row": start + source}
            )
            for key in _IDENTITY:
                people[key][row] = original[key]
            return BadRow(at, kind, x.PINFL, f"repeats the PINFL on line {original['row'] + 2}")
        if kind is BadRowKind.BAD_PINFL and nth % 2 == 0:
            people["pinfl"][row] = people["pinfl"][row][:13]
            return BadRow(at, kind, x.PINFL, "the PINFL has 13 digits")
        if kind is BadRowKind.BAD_PINFL:
            people["offset"][row] += 31 if people["offset"][row] < 4000 else -31
            return BadRow(at, kind, x.BIRTH_DATE, "the birth date is not the PINFL's")
        if kind is BadRowKind.AGE_18_OR_OVER:
            birth = np.datetime64(self.as_of) - people["offset"][row : row + 1]
            age = int(_ages(self.as_of, birth)[0])
            return BadRow(at, kind, x.BIRTH_DATE, f"the child is {age} on {self.as_of}")
        if kind is BadRowKind.WRONG_TYPE:
            return BadRow(at, kind, WRONG_TYPE_COLUMN, "text in a numeric column")
        column = x.REQUIRED_COLUMNS[nth % len(x.REQUIRED_COLUMNS)]
        return BadRow(at, kind, column, f"{column} is empty")


def _schema(catalogue: Catalogue, *, text_amounts: bool) -> Any:
    fields = [pa.field(column, pa.string()) for column in x.CHILD_COLUMNS]
    for column in x.indicator_columns(catalogue):
        kind = pa.string() if text_amounts and column == WRONG_TYPE_COLUMN else pa.int32()
        fields.append(pa.field(column, kind))
    return pa.schema(fields)


def _people(rng: np.random.Generator, rows: int, adult_days: int) -> dict[str, Any]:
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
        "district": rng.choice(len(_DISTRICTS), rows, p=_DISTRICT_SHARES),
        "mahalla": rng.integers(0, len(_MAHALLAS), rows),
        "phone": rng.choice(_OPERATORS, rows, p=_OPERATOR_SHARES) * 10**7
        + rng.integers(0, 10**7, rows),
        "hardship": hardship,
        "disruption": 0.4 * hardship + np.sqrt(0.84) * rng.standard_normal(rows),
    }


def _table(
    rng: np.random.Generator,
    catalogue: Catalogue,
    people: dict[str, Any],
    as_of: date,
    schema: Any,
) -> Any:
    births = np.datetime64(as_of) - people["offset"]
    age = np.minimum(_ages(as_of, births), 17)
    home = rng.random(len(age)) < _HOME_BY_AGE[age] * (1 + np.clip(people["hardship"], -2, 2) / 6)
    setting = np.where(home, 0, np.where(rng.random(len(age)) < _DAY_CARE_SHARE, 2, 1))
    registry = np.searchsorted(
        _REGISTRY_CUTS, people["hardship"] + 0.35 * rng.standard_normal(len(age))
    )
    columns = {
        x.PINFL: pa.array(people["pinfl"], pa.string()),
        x.FULL_NAME: _full_names(people),
        x.BIRTH_DATE: pa.array(births).cast(pa.string()),
        x.SEX: pc.if_else(pa.array(people["male"]), "M", "F"),
        x.GUARDIAN_NAME: _guardian_names(people),
        x.GUARDIAN_PHONE: pc.binary_join_element_wise(
            "+998", pa.array(people["phone"]).cast(pa.string()), ""
        ),
        x.REGION: _pick([region for region, _ in _DISTRICTS], people["district"]),
        x.DISTRICT: _pick([district for _, district in _DISTRICTS], people["district"]),
        x.MAHALLA: _pick(_MAHALLAS, people["mahalla"]),
        x.REGISTRY_CATEGORY: _pick([c.value for c in x.RegistryCategory], registry),
        x.CARE_SETTING: pc.if_else(
            pa.array(age >= x.SCHOOL_AGE), None, _pick([c.value for c in x.CareSetting], setting)
        ),
    }
    values = _indicator_values(rng, catalogue, people, age, enrolled=(age < x.SCHOOL_AGE) & ~home)
    values[_REGISTRY_INDICATOR] = (registry >= 2).astype(np.float64)
    for code, value in values.items():
        column = x.indicator_column(code)
        whole = pa.array(np.nan_to_num(value).astype(np.int32), mask=np.isnan(value))
        columns[column] = whole.cast(schema.field(column).type)
    return pa.table(columns, schema=schema)


def _indicator_values(
    rng: np.random.Generator,
    catalogue: Catalogue,
    people: dict[str, Any],
    age: NDArray[np.int64],
    enrolled: NDArray[np.bool_],
) -> dict[str, NDArray[np.float64]]:
    values: dict[str, NDArray[np.float64]] = {}
    for indicator in catalogue.indicators:
        if indicator.code == _REGISTRY_INDICATOR:
            continue
        chance, by_hardship, by_disruption = _MODEL[indicator.code]
        log_odds = np.log(chance / (1 - chance)) + _SHIFT + by_hardship * people["hardship"]
        log_odds += by_disruption * people["disruption"]
        met = rng.random(len(age)) < 1 / (1 + np.exp(-log_odds))
        youngest, oldest = _AGES.get(indicator.code, (0, 17))
        unknown = (age < youngest) | (age > oldest) | (rng.random(len(age)) < _UNKNOWN_SHARE)
        if indicator.code in _ENROLLED_ONLY:
            unknown |= ~enrolled
        value = _value(rng, indicator, met)
        value[unknown] = np.nan
        values[indicator.code] = value
    return values


def _value(
    rng: np.random.Generator, indicator: Indicator, met: NDArray[np.bool_]
) -> NDArray[np.float64]:
    """A value that reaches the indicator's threshold exactly where `met` is true."""
    size, threshold = len(met), indicator.threshold
    if indicator.value_type is IndicatorValueType.BOOLEAN:
        return met.astype(np.float64)
    if indicator.value_type is IndicatorValueType.AMOUNT:
        above = threshold * (1 + rng.exponential(0.8, size))
        below = threshold * rng.random(size) * (rng.random(size) < 0.4)
        return np.floor(np.where(met, above, below) / 1000) * 1000
    low = 1 if indicator.code in _AT_LEAST_ONE else 0
    above = threshold + np.floor(rng.exponential(max(1.0, threshold / 2), size))
    if indicator.code in _WITHIN_QUARTER:
        above = np.minimum(above, 65)
    below = low + np.floor(rng.random(size) * (threshold - low))
    if low == 0:
        below[rng.random(size) < 0.75] = 0
    return np.where(met, above, below)


def _spoil_cells(rng: np.random.Generator, table: Any, start: int, bad: list[BadRow]) -> Any:
    for row in bad:
        if row.kind is BadRowKind.WRONG_TYPE:
            value: str | None = f"{int(rng.integers(200, 3000)) * 1000:,} so'm".replace(",", " ")
        elif row.kind is BadRowKind.MISSING_REQUIRED:
            value = None
        else:
            continue
        only = np.zeros(len(table), np.bool_)
        only[row.row - start] = True
        i = table.schema.get_field_index(row.column)
        cell = pa.scalar(value, table.schema.field(i).type)
        table = table.set_column(i, row.column, pc.if_else(only, cell, table[i]))
    return table


def _full_names(people: dict[str, Any]) -> Any:
    male = pa.array(people["male"])
    surname = pc.if_else(
        male, _pick(_SURNAMES, people["surname"]), _pick(_FEMALE_SURNAMES, people["surname"])
    )
    first = pc.if_else(
        male, _pick(_MEN, people["first"] % len(_MEN)), _pick(_WOMEN, people["first"] % len(_WOMEN))
    )
    child_of = pc.if_else(male, "o'g'li", "qizi")
    return pc.binary_join_element_wise(surname, first, _pick(_MEN, people["father"]), child_of, " ")


def _guardian_names(people: dict[str, Any]) -> Any:
    mother = pc.binary_join_element_wise(
        _pick(_FEMALE_SURNAMES, people["mother_surname"]), _pick(_WOMEN, people["mother"]), " "
    )
    father = pc.binary_join_element_wise(
        _pick(_SURNAMES, people["surname"]), _pick(_MEN, people["father"]), " "
    )
    return pc.if_else(pa.array(people["by_mother"]), mother, father)


def _pick(pool: list[str] | tuple[str, ...], index: NDArray[np.int64]) -> Any:
    return pa.array(pool, pa.string()).take(pa.array(index))


def _ages(as_of: date, births: NDArray[np.datetime64]) -> NDArray[np.int64]:
    years = births.astype("M8[Y]").astype(np.int64) + 1970
    month_starts = births.astype("M8[M]")
    months = month_starts.astype(np.int64) % 12 + 1
    days = (births - month_starts.astype("M8[D]")).astype(np.int64) + 1
    before_birthday = (months > as_of.month) | ((months == as_of.month) & (days > as_of.day))
    ages: NDArray[np.int64] = as_of.year - years - before_birthday
    return ages


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)

"""The names of why two cases may be one child's."""

from __future__ import annotations

from baxt.domain.labels.names import EnumNames

DUPLICATE_REASON: EnumNames = {
    "SAME_PINFL": ("Bir xil JShShIR", "Бир хил ЖШШИР", "Тот же ПИНФЛ", "Бірдей ЖСН", "Same PINFL"),
    "PINFL_ONE_DIGIT_OFF": (
        "JShShIR bir raqamga farq qiladi",
        "ЖШШИР бир рақамга фарқ қилади",
        "ПИНФЛ отличается одной цифрой",
        "ЖСН бір цифрмен ерекшеленеді",
        "PINFL one digit off",
    ),
    "NAME_MATCH": (
        "Ism mos keladi",
        "Исм мос келади",
        "Совпадает имя",
        "Аты сәйкес",
        "Name matches",
    ),
    "BIRTH_DATE_EXACT": (
        "Tug'ilgan sana bir xil",
        "Туғилган сана бир хил",
        "Та же дата рождения",
        "Туған күні бірдей",
        "Same birth date",
    ),
    "BIRTH_DATE_NEAR": (
        "Tug'ilgan sana yaqin",
        "Туғилган сана яқин",
        "Близкая дата рождения",
        "Туған күні жақын",
        "Birth date near",
    ),
    "SAME_MAHALLA": (
        "Bir mahalla",
        "Бир маҳалла",
        "Та же махалля",
        "Бір махалла",
        "Same mahalla",
    ),
    "SAME_DISTRICT": ("Bir tuman", "Бир туман", "Тот же район", "Бір аудан", "Same district"),
}

"""The blind index's terms and the read models' deterministic sealing."""

from __future__ import annotations

from uuid import uuid4

from baxt.application.pii.blind_index import BlindIndex
from baxt.application.pii.child_keys import MemoryChildKeys
from baxt.application.pii.master_keys import MasterKeys
from baxt.application.pii.read_models import ReadModelSealer
from baxt.application.pii.sealing import opener_of
from baxt.domain.names import name_tokens
from baxt.domain.personal_data import ERASED

INDEX = BlindIndex(bytes(32))


def _matches(name: str, search: str) -> bool:
    return set(INDEX.search_terms(search)) <= set(INDEX.name_terms(name))


def test_each_word_of_a_search_must_begin_a_word_of_the_name_in_any_order() -> None:
    assert _matches("Valiev Ali", "ali va")
    assert _matches("Valiev Ali", "VAL")
    assert not _matches("Valiev Ali", "lie")
    assert not _matches("Valiev Ali", "ali karimov")


def test_a_search_word_that_begins_another_adds_no_term_and_finds_the_same() -> None:
    assert INDEX.search_terms("ali aliyev") == INDEX.search_terms("Aliyev")
    assert _matches("Aliyev Vali", "ali aliyev")
    assert not _matches("Alimov Vali", "ali aliyev")
    assert len(INDEX.search_terms("ali vali")) == 2


def test_apostrophes_of_every_kind_and_unicode_forms_are_one() -> None:
    assert name_tokens("G\u2018ulomov O\u02bbg\u2019il") == name_tokens("G'ulomov O`g'il")
    assert _matches("G\u2018ulomov", "gulo")


def test_a_name_is_found_in_either_script_and_in_its_russian_spelling() -> None:
    assert _matches("Yusufova Dilnoza", "Дильноза")
    assert _matches("Юсуфова Дильноза", "yusuf dil")
    assert _matches("Shukhrat Karimov", "Шухрат")


def test_a_pinfl_search_finds_the_pinfl_term_only() -> None:
    assert INDEX.search_terms(" 31234567890123 ") == [INDEX.pinfl_term("31234567890123")]
    assert INDEX.pinfl_term("31234567890123") not in INDEX.name_terms("31234567890123")


def test_another_key_gives_other_terms() -> None:
    assert BlindIndex(b"x" * 32).name_terms("Ali") != INDEX.name_terms("Ali")


def test_read_model_sealing_is_the_same_each_time_opens_and_reads_erased_once_shredded() -> None:
    keys = MemoryChildKeys(MasterKeys(bytes(32)))
    sealer = ReadModelSealer(keys)
    case_id, other = uuid4(), uuid4()

    sealed = sealer.seal_text(case_id, "Karimova Aziza")

    assert sealed.startswith("pii:")
    assert sealer.seal_text(case_id, "Karimova Aziza") == sealed
    assert sealer.seal_text(other, "Karimova Aziza") != sealed
    assert opener_of(keys.reading_cipher(case_id), case_id)(sealed) == "Karimova Aziza"
    keys.erase(case_id)
    assert opener_of(keys.reading_cipher(case_id), case_id)(sealed) == ERASED
    assert sealer.seal_text(case_id, "Karimova Aziza") == ERASED

"""Which document a request runs: its text, a remembered persisted query, or a trusted one;
and the trusted-documents manifest, read and built."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from baxt.cli import main
from baxt.graphql.core.manifest import ManifestError, manifest_of, read_manifest
from baxt.graphql.core.persisted import (
    DOCUMENT_NOT_ALLOWED,
    PERSISTED_QUERY_HASH_MISMATCH,
    PERSISTED_QUERY_NOT_FOUND,
    DocumentRefused,
    MalformedPersistedQuery,
    PersistedDocuments,
    document_id,
    with_document_id,
)

QUERY = 'query Statuses { labels(enum: "CaseStatus") { value } }'
OTHER = "{ __typename }"


def _persisted(sha256: str) -> dict[str, object]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha256}}


def _refusal(documents: PersistedDocuments, query: str | None, sha256: str | None) -> str:
    with pytest.raises(DocumentRefused) as refused:
        documents.document(query, _persisted(sha256) if sha256 else None)
    return refused.value.code


def test_the_document_id_is_the_lower_case_hex_sha256_of_the_text() -> None:
    abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

    assert document_id("abc") == abc


def test_a_text_without_a_hash_runs_as_sent() -> None:
    assert PersistedDocuments().document(QUERY, None).text == QUERY


def test_an_unknown_hash_alone_is_not_found() -> None:
    assert _refusal(PersistedDocuments(), None, document_id(QUERY)) == PERSISTED_QUERY_NOT_FOUND


def test_a_hash_sent_with_its_text_is_known_once_the_document_has_run() -> None:
    documents = PersistedDocuments()
    sent = documents.document(QUERY, _persisted(document_id(QUERY)))

    documents.remember(sent)

    assert documents.document(None, _persisted(document_id(QUERY))).text == QUERY


def test_a_hash_that_is_not_its_texts_is_a_mismatch_and_is_not_remembered() -> None:
    documents = PersistedDocuments()

    assert _refusal(documents, OTHER, document_id(QUERY)) == PERSISTED_QUERY_HASH_MISMATCH
    assert _refusal(documents, None, document_id(QUERY)) == PERSISTED_QUERY_NOT_FOUND


def test_the_least_recently_used_document_is_forgotten_first() -> None:
    documents = PersistedDocuments(entries=2)
    texts = [f"query Q{n} {{ __typename }}" for n in range(3)]
    for text in texts:
        documents.remember(documents.document(text, _persisted(document_id(text))))

    assert _refusal(documents, None, document_id(texts[0])) == PERSISTED_QUERY_NOT_FOUND
    assert documents.document(None, _persisted(document_id(texts[2]))).text == texts[2]


def test_documents_past_the_character_budget_push_out_the_oldest() -> None:
    documents = PersistedDocuments(characters=len(QUERY) + len(OTHER) - 1)
    for text in (QUERY, OTHER):
        documents.remember(documents.document(text, _persisted(document_id(text))))

    assert _refusal(documents, None, document_id(QUERY)) == PERSISTED_QUERY_NOT_FOUND
    assert documents.document(None, _persisted(document_id(OTHER))).text == OTHER


@pytest.mark.parametrize(
    "persisted",
    [{"version": 2, "sha256Hash": "ab"}, {"version": 1}, {"version": 1, "sha256Hash": 7}, "x"],
)
def test_a_malformed_persisted_query_extension_is_refused(persisted: object) -> None:
    with pytest.raises(MalformedPersistedQuery):
        PersistedDocuments().document(QUERY, {"persistedQuery": persisted})


@pytest.mark.parametrize("prefix", ["sha256:", ""], ids=["prefixed", "bare"])
def test_a_document_id_stands_for_the_persisted_query_extension(prefix: str) -> None:
    named = {"documentId": prefix + document_id(QUERY).upper(), "extensions": {"x": 1}}

    assert with_document_id(named)["extensions"] == {"x": 1, **_persisted(document_id(QUERY))}


@pytest.mark.parametrize(
    "request_",
    [
        {"documentId": "md5:0cc175b9c0f1b6a831c399e269772661"},
        {"documentId": 7},
        {"documentId": "sha256:" + "a" * 64, "extensions": _persisted("a" * 64)},
    ],
    ids=["other-prefix", "not-text", "with-persisted-query"],
)
def test_a_document_id_that_is_not_a_sha256_alone_is_refused(request_: dict[str, object]) -> None:
    with pytest.raises(MalformedPersistedQuery):
        with_document_id(request_)


def test_a_trusted_document_runs_by_its_hash_alone() -> None:
    documents = PersistedDocuments({document_id(QUERY): QUERY})

    assert documents.document(None, _persisted(document_id(QUERY))).text == QUERY


def test_a_trusted_document_runs_by_its_text() -> None:
    documents = PersistedDocuments({document_id(QUERY): QUERY})

    assert documents.document(QUERY, None).text == QUERY


def test_with_trusted_documents_any_other_is_not_allowed_by_text_or_hash() -> None:
    documents = PersistedDocuments({document_id(QUERY): QUERY})

    assert _refusal(documents, OTHER, None) == DOCUMENT_NOT_ALLOWED
    assert _refusal(documents, None, document_id(OTHER)) == DOCUMENT_NOT_ALLOWED
    assert _refusal(documents, OTHER, document_id(OTHER)) == DOCUMENT_NOT_ALLOWED


def test_with_trusted_documents_a_registered_text_is_not_learnt() -> None:
    documents = PersistedDocuments({document_id(QUERY): QUERY})
    documents.remember(documents.document(QUERY, _persisted(document_id(QUERY))))

    assert _refusal(documents, OTHER, None) == DOCUMENT_NOT_ALLOWED


def _written(tmp_path: Path, content: object) -> Path:
    path = tmp_path / "persisted-documents.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    return path


def test_a_manifest_from_sha256_to_text_is_read(tmp_path: Path) -> None:
    path = _written(tmp_path, {document_id(QUERY): QUERY, document_id(OTHER): OTHER})

    assert read_manifest(path) == {document_id(QUERY): QUERY, document_id(OTHER): OTHER}


BAD_MANIFESTS: dict[str, tuple[object, str]] = {
    "not-json": ("{ nope", "is not JSON"),
    "a-list": ([QUERY], "must be a JSON object"),
    "empty": ({}, "must be a JSON object"),
    "key-not-a-hash": ({"Statuses": QUERY}, "is not a lower-case hex SHA-256"),
    "upper-case-key": ({document_id(QUERY).upper(): QUERY}, "is not a lower-case hex SHA-256"),
    "not-text": ({document_id(QUERY): {"query": QUERY}}, "is not a string"),
    "wrong-hash": ({document_id(OTHER): QUERY}, "is not the SHA-256 of its document"),
    "not-graphql": ({document_id("{"): "{"}, "does not parse"),
}


@pytest.mark.parametrize("kind", sorted(BAD_MANIFESTS))
def test_a_bad_manifest_is_refused_in_one_line(tmp_path: Path, kind: str) -> None:
    content, message = BAD_MANIFESTS[kind]

    with pytest.raises(ManifestError) as refused:
        read_manifest(_written(tmp_path, content))

    assert message in str(refused.value)
    assert "\n" not in str(refused.value)


def test_a_missing_manifest_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match=r"^cannot read "):
        read_manifest(tmp_path / "absent.json")


def test_a_manifest_is_built_from_a_folder_of_graphql_files(tmp_path: Path) -> None:
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "statuses.graphql").write_text(QUERY + "\n", "utf-8")
    (tmp_path / "typename.graphql").write_text(OTHER, "utf-8")
    (tmp_path / "notes.txt").write_text("not a document", "utf-8")

    built = manifest_of(tmp_path)

    assert built == {document_id(QUERY + "\n"): QUERY + "\n", document_id(OTHER): OTHER}
    assert read_manifest(_written(tmp_path, built)) == built


def test_a_folder_with_a_document_that_does_not_parse_builds_no_manifest(tmp_path: Path) -> None:
    (tmp_path / "broken.graphql").write_text("query {", "utf-8")

    with pytest.raises(ManifestError, match=r"broken\.graphql does not parse"):
        manifest_of(tmp_path)


def test_the_manifest_command_prints_the_folders_manifest(tmp_path: Path) -> None:
    (tmp_path / "statuses.graphql").write_text(QUERY, "utf-8")

    printed = CliRunner().invoke(main, ["documents", "manifest", str(tmp_path)])

    assert printed.exit_code == 0
    assert json.loads(printed.output) == {document_id(QUERY): QUERY}


def test_the_manifest_command_names_a_file_that_does_not_parse(tmp_path: Path) -> None:
    (tmp_path / "broken.graphql").write_text("query {", "utf-8")

    printed = CliRunner().invoke(main, ["documents", "manifest", str(tmp_path)])

    assert printed.exit_code == 1
    assert "broken.graphql does not parse" in printed.output
    assert printed.exception is None or isinstance(printed.exception, SystemExit)

"""The example operations in examples/ are real: each file parses and validates against the
committed schema on its own (so it can be sent, and listed in a manifest, as it stands), every
operation is named, and `baxt documents manifest` builds a manifest that holds them all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from graphql import (
    FragmentDefinitionNode,
    GraphQLSchema,
    OperationDefinitionNode,
    build_schema,
    parse,
    validate,
)

from baxt.cli import main
from baxt.graphql.core.manifest import read_manifest
from baxt.graphql.core.persisted import document_id
from tests.example_documents import (
    OPERATIONS,
    ROOT,
    ExampleFile,
    example_files,
    operation_names,
)

GUIDES = ROOT / "docs" / "frontend"
SCREENS = {"queue", "case_page", "visit_form", "partner_inbox"}


@pytest.fixture(scope="module")
def schema() -> GraphQLSchema:
    return build_schema((ROOT / "schema.graphql").read_text(encoding="utf-8"))


def _ids(files: list[ExampleFile]) -> list[str]:
    return [f.path.name for f in files]


def test_there_is_an_example_file_for_each_main_screen() -> None:
    assert {f.path.stem for f in example_files()} >= SCREENS


@pytest.mark.parametrize("example", example_files(), ids=_ids(example_files()))
def test_each_example_file_validates_against_the_committed_schema_on_its_own(
    schema: GraphQLSchema, example: ExampleFile
) -> None:
    assert validate(schema, example.document) == []


@pytest.mark.parametrize("example", example_files(), ids=_ids(example_files()))
def test_every_example_operation_is_named(example: ExampleFile) -> None:
    assert example.operations
    assert [o for o in example.operations if o.name is None] == []


def test_no_two_example_definitions_share_a_name() -> None:
    """graphql-codegen reads every file together, so a name may be defined only once."""
    names = [
        d.name.value
        for f in example_files()
        for d in f.document.definitions
        if isinstance(d, FragmentDefinitionNode | OperationDefinitionNode) and d.name
    ]

    assert sorted(names) == sorted(set(names))


def test_the_manifest_command_lists_every_example_file_under_its_sha256(tmp_path: Path) -> None:
    built = CliRunner().invoke(main, ["documents", "manifest", str(OPERATIONS)])
    assert built.exit_code == 0, built.output
    path = tmp_path / "persisted-documents.json"
    path.write_text(built.output, encoding="utf-8")

    manifest = read_manifest(path)

    assert set(manifest) == {document_id(f.text) for f in example_files()}
    assert set(manifest.values()) == {f.text for f in example_files()}


def test_the_manifest_holds_every_example_operation() -> None:
    built = CliRunner().invoke(main, ["documents", "manifest", str(OPERATIONS)])
    listed = {
        o.name.value
        for text in json.loads(built.output).values()
        for o in ExampleFile(OPERATIONS, text, parse(text)).operations
        if o.name is not None
    }

    assert listed == operation_names()


def test_the_frontend_guide_names_every_example_operation() -> None:
    guides = " ".join(p.read_text(encoding="utf-8") for p in sorted(GUIDES.glob("*.md")))

    assert {name for name in operation_names() if f"`{name}`" not in guides} == set()

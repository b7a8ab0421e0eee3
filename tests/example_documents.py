"""The example operations frontend teams start from (examples/operations/*.graphql)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graphql import DocumentNode, OperationDefinitionNode, parse

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
OPERATIONS = EXAMPLES / "operations"


@dataclass(frozen=True)
class ExampleFile:
    """One example file: its text as it stands, and that text parsed."""

    path: Path
    text: str
    document: DocumentNode

    @property
    def operations(self) -> list[OperationDefinitionNode]:
        return [d for d in self.document.definitions if isinstance(d, OperationDefinitionNode)]


def example_files() -> list[ExampleFile]:
    """Every example file, in name order; each is one document, read exactly as it stands."""
    files = []
    for path in sorted(OPERATIONS.glob("*.graphql")):
        text = path.read_text(encoding="utf-8")
        files.append(ExampleFile(path, text, parse(text)))
    return files


def operation_names() -> set[str]:
    """The name of every example operation (an unnamed one has none to give)."""
    return {o.name.value for f in example_files() for o in f.operations if o.name is not None}


def file_of(operation: str) -> ExampleFile:
    """The example file that holds the named operation."""
    for example in example_files():
        if any(o.name is not None and o.name.value == operation for o in example.operations):
            return example
    raise KeyError(operation)

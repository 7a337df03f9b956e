"""Structure that must hold as the code grows."""

import ast
import re
import subprocess
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from core.db import include_object
from portal.models import metadata

ROOT = Path(__file__).resolve().parents[1]
DOMAINS = ("core", "buyers_db", "underwriting", "claims", "reports")


def test_the_migrations_build_exactly_the_models(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include_object}
        )
        assert compare_metadata(context, metadata) == []


def test_services_never_commit():
    """The request, command or job step commits; a domain service only flushes."""
    offenders = []
    for package in DOMAINS:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Attribute) and node.attr == "commit":
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_files_stay_small():
    sizes = {
        str(path.relative_to(ROOT)): len(path.read_text().splitlines())
        for package in (*DOMAINS, "portal", "tests")
        for path in (ROOT / package).rglob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n > 400} == {}


OUTSIDE = re.compile(r"\.\./shared|\bshared/(data|docs)|DESIGN §|(?<![\w/])(DESIGN|API|STYLE|"
                     r"PERFORMANCE)\.md")


def test_nothing_in_the_repository_points_outside_it():
    """Code, scripts and documents cite the repository's own docs, and read only its own data."""
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,  # noqa: S607
                             check=True).stdout.split()
    offenders = []
    for name in tracked:
        path = ROOT / name
        if name == "tests/test_architecture.py":
            continue
        if path.suffix not in {".py", ".md", ".html", ".cfg", ".toml", ".ini", ".sh", ""} or (
                not path.is_file()):
            continue
        for number, line in enumerate(path.read_text(errors="ignore").splitlines(), 1):
            if OUTSIDE.search(line):
                offenders.append(f"{name}:{number}: {line.strip()[:80]}")
    assert offenders == []


UNTYPED_MAPPINGS = {"dict", "Dict", "Mapping", "MutableMapping"}
UNTYPED_VALUES = {"Any"}


def _untyped(annotation: ast.expr) -> bool:
    """Whether an annotation is, or holds (in a list, a Sequence, a union...), a mapping of
    str to Any; string annotations are read too."""
    for node in ast.walk(annotation):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            try:
                if _untyped(ast.parse(node.value, mode="eval").body):
                    return True
            except SyntaxError:
                continue
        if not isinstance(node, ast.Subscript):
            continue
        container = node.value.attr if isinstance(node.value, ast.Attribute) else (
            node.value.id if isinstance(node.value, ast.Name) else None)
        arguments = node.slice.elts if isinstance(node.slice, ast.Tuple) else []
        if container in UNTYPED_MAPPINGS and len(arguments) == 2:
            value = arguments[1]
            if isinstance(value, ast.Name) and value.id in UNTYPED_VALUES:
                return True
    return False


def _untyped_signatures() -> set[str]:
    found = set()
    for package in (*DOMAINS, "notifications"):
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text())):
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                a = node.args
                parameters = [*a.posonlyargs, *a.args, *a.kwonlyargs,
                              *(p for p in (a.vararg, a.kwarg) if p is not None)]
                where = f"{path.relative_to(ROOT)} {node.name}"
                found |= {f"{where}({p.arg})" for p in parameters
                          if p.annotation is not None and _untyped(p.annotation)}
                if node.returns is not None and _untyped(node.returns):
                    found.add(f"{where} ->")
    return found


def test_domain_functions_take_and_return_typed_values():
    """A domain function's parameters and result are typed values (dataclasses, TypedDicts,
    models), never a `dict[str, Any]` whose keys a reader has to guess."""
    assert _untyped_signatures() == set()

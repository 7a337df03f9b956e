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

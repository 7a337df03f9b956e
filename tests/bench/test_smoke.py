"""Benchmarks never rot: every benchmark in bench/ runs its smoke (`--smoke`: tiny sizes on
SQLite, seconds) in a process of its own, exits 0, prints its figures (at least one a ratio to
the same run's baseline) and leaves the repository as it found it.

Benchmarks are found, not listed: every bench/*.py but the helpers bench.common names is one,
so a new benchmark without `--smoke` fails here."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.common import FIGURE, HELPERS

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = sorted(path.stem for path in (ROOT / "bench").glob("*.py")
                    if path.stem not in HELPERS)
RATIO = re.compile(r"\d×")
UNSET = ("DATABASE_URL", "TEST_DATABASE_URL", "TCI_ENV", "TCI_TODAY", "SECRET_KEY")


def test_the_benchmarks_are_found():
    assert set(BENCHMARKS) >= {"scoring", "buyer_import", "regrade", "search", "letters",
                               "limit_requests", "portfolio_report", "soak"}
    assert (ROOT / "bench" / "common.py").exists()  # the helpers are where HELPERS says


@pytest.mark.parametrize("name", BENCHMARKS)
def test_the_smoke_run_prints_its_figures(name: str):
    env = {key: value for key, value in os.environ.items() if key not in UNSET}
    env |= {"PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    before, started = _files(), time.time()
    done = subprocess.run([sys.executable, f"bench/{name}.py", "--smoke"], cwd=ROOT, env=env,  # noqa: S603
                          capture_output=True, text=True, encoding="utf-8", timeout=300,
                          check=False)
    output = f"stdout:\n{done.stdout}\nstderr:\n{done.stderr[-3000:]}"
    assert done.returncode == 0, output
    assert done.stdout.startswith("smoke run ("), output  # the tiny sizes took effect
    figures = [line for line in done.stdout.splitlines() if line.startswith(FIGURE)]
    assert figures, output
    assert any(RATIO.search(line) for line in figures), output
    assert _written_since(started, before) == [], output


def _files() -> set[Path]:
    return set(_walk())


def _written_since(started: float, before: set[Path]) -> list[str]:
    """What appeared in the repository, or changed in it, while the benchmark ran (caches and
    dot-folders aside: other tests and tools write there)."""
    return sorted(str(path.relative_to(ROOT)) for path in _walk()
                  if path not in before or path.stat().st_mtime >= started)


def _walk():
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders
                         if not name.startswith(".") and name != "__pycache__"]
        for name in files:
            yield Path(folder) / name

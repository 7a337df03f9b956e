"""Benchmarks never rot: every benchmark in bench/ runs its smoke (`--smoke`: tiny sizes on
SQLite, seconds) in a process of its own, exits 0, prints its figures (at least one a ratio to
the same run's baseline) and leaves the repository as it found it.

Benchmarks are found, not listed: every bench/*.py but the helpers bench.common names is one,
so a new benchmark without `--smoke` fails here."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.common import FIGURE, HELPERS

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = sorted(path.stem for path in (ROOT / "bench").glob("*.py")
                    if path.stem not in HELPERS)
RATIO = re.compile(r"\d×")
SMOKE_TIMEOUT = 300  # seconds: a smoke takes a few; a hung one must not hang the suite
UNSET = ("DATABASE_URL", "TEST_DATABASE_URL", "TCI_ENV", "TCI_TODAY", "SECRET_KEY")


def test_the_benchmarks_are_found() -> None:
    assert set(BENCHMARKS) >= {"scoring", "buyer_import", "regrade", "search", "letters",
                               "limit_requests", "portfolio_report", "soak", "growth"}


def test_the_helpers_are_no_benchmarks() -> None:
    """Naming a benchmark a helper would hide it from its smoke: a helper runs nothing."""
    for name in HELPERS:
        path = ROOT / "bench" / f"{name}.py"
        assert path.exists(), name
        assert "__main__" not in path.read_text(), name


@pytest.mark.parametrize("name", BENCHMARKS)
def test_the_smoke_run_prints_its_figures(name: str) -> None:
    env = {key: value for key, value in os.environ.items() if key not in UNSET}
    env |= {"PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    before, started = _files(), time.time()
    returncode, stdout, stderr = _run([sys.executable, f"bench/{name}.py", "--smoke"], env)
    output = f"stdout:\n{stdout}\nstderr:\n{stderr[-3000:]}"
    assert returncode == 0, output
    assert stdout.startswith("smoke run ("), output  # the tiny sizes took effect
    figures = [line for line in stdout.splitlines() if line.startswith(FIGURE)]
    assert figures, output
    assert any(RATIO.search(line) for line in figures), output
    assert _written_since(started, before) == [], output


def _run(command: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """Run a smoke; one that hangs is interrupted as by Ctrl-C, so that it stops the servers
    it started, and killed only if that does not end it."""
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,  # noqa: S603
                               stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        stdout, stderr = process.communicate(timeout=SMOKE_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGINT)
        try:
            stdout, stderr = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
        stderr += f"\n(still running after {SMOKE_TIMEOUT} s: interrupted)"
    return process.returncode if process.returncode is not None else -1, stdout, stderr


def _files() -> set[Path]:
    return set(_walk())


def _written_since(started: float, before: set[Path]) -> list[str]:
    """What appeared in the repository, or changed in it, while the benchmark ran (caches and
    dot-folders aside: other tests and tools write there)."""
    return sorted(str(path.relative_to(ROOT)) for path in _walk()
                  if path not in before or _modified(path) >= started)


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:  # gone again since the walk
        return 0.0


def _walk() -> Iterator[Path]:
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders
                         if not name.startswith(".") and name != "__pycache__"]
        for name in files:
            yield Path(folder) / name

"""The layers' hooks are connected in every process that runs the platform, and a process
whose hooks are not connected refuses to answer instead of answering "nothing"."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from portal import wiring
from underwriting.grading.inputs import experience_sources, read_frame
from underwriting.limits.overdue import has_overdue, overdue_checks

ROOT = Path(__file__).resolve().parents[1]
PROBE = (
    "import sys; from portal import wiring; "
    "missing = wiring.missing(); print(missing or 'wired'); sys.exit(1 if missing else 0)"
)


def _python(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FLASK_APP": "wsgi",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'wiring.sqlite'}"}
    return subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, text=True,  # noqa: S603
                          capture_output=True, timeout=120, check=False)


def test_the_command_line_and_the_scheduler_start_wired(tmp_path: Path) -> None:
    """`flask --app wsgi ...` and `flask scheduler` build their app the same way, without any
    web request: each hook is in place before the first command or job runs."""
    for entry in ("import wsgi", "from portal.cli.operations import scheduler_command; "
                  "from portal import create_app; create_app()"):
        ran = _python(f"{entry}; {PROBE}", tmp_path)
        assert ran.returncode == 0 and ran.stdout.strip() == "wired", ran.stdout + ran.stderr


def test_without_wiring_nothing_is_connected(tmp_path: Path) -> None:
    ran = _python(PROBE, tmp_path)  # the domains imported, no app built
    unanswered = eval(ran.stdout)  # noqa: S307
    assert ran.returncode == 1 and len(unanswered) == len(wiring.HOOKS) + 1  # and the catalogue
    assert any("catalogue" in hook for hook in unanswered)


def test_an_unwired_process_is_refused_the_catalogues_words(tmp_path: Path) -> None:
    code = ("from reports.letter_text import TEXT; "
            "print(TEXT['en']['title']); TEXT['zh']")
    ran = _python(code, tmp_path)
    assert ran.stdout.strip() == "Credit limit decision"
    assert ran.returncode == 1 and "LookupError" in ran.stderr and "wire" in ran.stderr


def test_wiring_twice_connects_each_hook_once() -> None:
    wiring.wire()
    wiring.wire()
    assert overdue_checks.count(wiring.HOOKS[0].answer) == 1
    assert experience_sources.count(wiring.HOOKS[1].answer) == 1


def test_an_unwired_process_refuses_to_answer(session: Session, monkeypatch: pytest.MonkeyPatch
                                              ) -> None:
    monkeypatch.setattr("underwriting.limits.overdue.overdue_checks", [])
    with pytest.raises(LookupError, match="wire"):
        has_overdue(session, 1, 1, dt.date(2026, 3, 1))
    monkeypatch.setattr("underwriting.grading.inputs.experience_sources", [])
    with pytest.raises(LookupError, match="wire"):
        read_frame(session, dt.date(2026, 3, 1), None)

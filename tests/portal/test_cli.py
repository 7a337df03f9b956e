"""The command line (docs/api.md): what an operator types and reads."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.orm import Session

from core.accounts.models import Insured, User
from core.actor import Role
from core.jobs import JobRun
from core.tenancy import Scope, tenant_scope
from portal import create_app
from portal.cli.demo import DEMO_PASSWORD
from underwriting.policies import Policy

EUROPE = {"AT", "BE", "CH", "DE", "DK", "ES", "FI", "FR", "GB", "IE", "IT", "NL", "NO", "PL",
          "PT", "SE"}


def counts(session: Session) -> dict[str, int]:
    session.expire_all()
    with tenant_scope(Scope.everyone()):
        return {model.__name__: session.scalar(select(func.count()).select_from(model)) or 0
                for model in (Insured, User, Policy)}


def user_by_email(session: Session, email: str) -> User | None:
    session.expire_all()
    with tenant_scope(Scope.everyone()):
        return session.scalar(select(User).where(User.email == email))


def revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return connection.scalar(text("SELECT version_num FROM alembic_version"))


def test_demo_seed_is_idempotent(app: Flask, session: Session) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == 0, first.output
    after_first = counts(session)
    second = runner.invoke(args=["demo", "seed"])
    assert second.exit_code == 0, second.output
    assert counts(session) == after_first
    assert after_first["Insured"] >= 2 and after_first["Policy"] >= 2
    assert DEMO_PASSWORD in second.output
    assert "admin@insurer.example" in second.output and "insurer_admin" in second.output


def test_demo_seed_gives_a_chinese_and_a_european_insured_whose_users_sign_in(
    app: Flask, session: Session
) -> None:
    output = app.test_cli_runner().invoke(args=["demo", "seed"]).output
    with tenant_scope(Scope.everyone()):
        countries = set(session.scalars(select(Insured.country)))
    assert "CN" in countries and countries & EUROPE
    listed = [line.split()[0] for line in output.splitlines() if line.startswith("  ")]
    assert {"insured_admin", "insured_user", "underwriter", "claims_handler"} <= {
        line.split()[1] for line in output.splitlines() if line.startswith("  ")
    }
    answer = app.test_client().post(
        "/api/v1/auth/token", json={"email": listed[-1], "password": DEMO_PASSWORD}
    )
    assert answer.status_code == 200, answer.json


def test_create_admin_creates_an_insurer_administrator(app: Flask, session: Session) -> None:
    result = app.test_cli_runner().invoke(args=[
        "users", "create-admin",
        "--email", "Root@Insurer.example", "--password", "Str0ng-enough-pw",
    ])
    assert result.exit_code == 0, result.output
    assert "root@insurer.example" in result.output
    user = user_by_email(session, "root@insurer.example")
    assert user is not None and user.role is Role.INSURER_ADMIN and user.insured_id is None
    token = app.test_client().post(
        "/api/v1/auth/token",
        json={"email": "root@insurer.example", "password": "Str0ng-enough-pw"},
    )
    assert token.status_code == 200


def test_create_admin_refuses_a_weak_password(app: Flask, session: Session) -> None:
    result = app.test_cli_runner().invoke(args=[
        "users", "create-admin", "--email", "weak@insurer.example", "--password", "short",
    ])
    assert result.exit_code != 0
    assert "too weak" in result.output and "At least 10 characters" in result.output
    assert "Traceback" not in result.output
    assert user_by_email(session, "weak@insurer.example") is None


def test_create_admin_refuses_a_duplicate_email(app: Flask, session: Session) -> None:
    runner = app.test_cli_runner()
    args = ["users", "create-admin", "--email", "twice@insurer.example"]
    assert runner.invoke(args=[*args, "--password", "First-good-pass-1"]).exit_code == 0
    result = runner.invoke(args=[*args, "--password", "Second-good-pass-2"])
    assert result.exit_code != 0
    assert "already in use" in result.output
    with tenant_scope(Scope.everyone()):
        same = select(func.count()).where(User.email == "twice@insurer.example")
        assert session.scalar(same) == 1


def test_jobs_run_once_per_day(app: Flask, session: Session) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["jobs", "run", "--as-of", "2026-03-01"])
    assert first.exit_code == 0, first.output
    assert "2026-03-01 housekeeping" in first.output and "done" in first.output
    second = runner.invoke(args=["jobs", "run", "--as-of", "2026-03-01"])
    assert second.exit_code == 0, second.output
    assert "skipped" in second.output and "done" not in second.output
    session.expire_all()
    runs = session.scalars(select(JobRun).where(JobRun.job == "housekeeping")).all()
    assert [run.as_of.isoformat() for run in runs] == ["2026-03-01"]


def test_jobs_run_refuses_a_malformed_date(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["jobs", "run", "--as-of", "01/03/2026"])
    assert result.exit_code != 0 and "--as-of" in result.output


@pytest.fixture
def fresh_app(tmp_path: Path) -> Flask:
    """An app of its own on an empty SQLite file."""
    return create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite", "SECRET_KEY": "t"})


def test_db_upgrade_builds_a_fresh_database_and_is_a_no_op_after(fresh_app: Flask) -> None:
    runner = fresh_app.test_cli_runner()
    engine = fresh_app.extensions["database"].engine
    try:
        assert inspect(engine).get_table_names() == []
        first = runner.invoke(args=["db", "upgrade"])
        assert first.exit_code == 0, first.output
        tables = set(inspect(engine).get_table_names())
        assert {"insureds", "users", "policies", "job_runs", "alembic_version"} <= tables
        version = revision(engine)
        second = runner.invoke(args=["db", "upgrade"])
        assert second.exit_code == 0, second.output
        assert "up to date" in second.output
        assert set(inspect(engine).get_table_names()) == tables
        assert revision(engine) == version
    finally:
        engine.dispose()


def test_demo_seed_gives_the_claims_handler_a_case_a_claim_and_premium(
    app: Flask, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claims.models import Claim, CollectionCase
    from claims.states import CaseStatus, ClaimStatus
    from underwriting.premium.models import PremiumDeclaration

    monkeypatch.setenv("TCI_TODAY", "2026-11-23")
    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    assert "2 overdue cases, 20 months of turnover declared" in result.output
    with tenant_scope(Scope.everyone()):
        cases = session.scalars(select(CollectionCase).order_by(CollectionCase.id)).all()
        assert [c.status for c in cases] == [CaseStatus.OPEN, CaseStatus.CLAIMED]
        assert [c.notified_on for c in cases] == [dt.date(2026, 9, 24)] * 2
        assert sum(s.amount for s in cases[0].settlements) == Decimal("2500.00")
        [claim] = session.scalars(select(Claim)).all()
        assert claim.status is ClaimStatus.OPEN and claim.filed_on == dt.date(2026, 11, 13)
        months = session.scalars(select(PremiumDeclaration.period)).all()
        assert len(months) == 20 and max(months) == dt.date(2026, 10, 1)

"""Premium invoicing by the daily job: declared months invoiced on the first run of the next
month, final once invoiced; the minimum premium trued up once per policy year, after the month
allowed for the last declarations; `year_premium` before and after."""

import datetime as dt
from decimal import Decimal

import pytest

from core.tenancy import Scope, tenant_scope
from tests.factories import audit_count
from tests.premium_world import declare, rows, run_premium_day
from underwriting.premium import year_premium
from underwriting.premium.models import PremiumInvoice, PremiumTrueUp
from underwriting.premium.years import policy_year_of, policy_years

YEAR_START = dt.date(2026, 1, 1)


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2026-03-20")


def invoices(session, policy):
    return rows(session, PremiumInvoice, PremiumInvoice.policy_id == policy.id)


def premium_of_year(session, policy):
    with tenant_scope(Scope.everyone()):
        return year_premium(session, policy, YEAR_START)


def test_the_first_run_of_a_month_invoices_the_months_before(app, client, session, world):
    declare(client, world, "2026-01", "100000.00")   # 250.00
    declare(client, world, "2026-02", "80000.00")    # 200.00
    not_over = declare(client, world, "2026-03", "50000.00")  # its month is not over
    assert not_over.status_code == 422 and "period" in not_over.json["error"]["fields"]
    declare(client, world, "2026-02", "90000.00", who="b.user")  # 225.00, B's own invoice
    assert invoices(session, world.a.policy) == []
    outcomes = run_premium_day(app, dt.date(2026, 3, 21))
    assert {o.status for o in outcomes} == {"done"}
    [invoice] = invoices(session, world.a.policy)
    assert (invoice.amount, invoice.kind.value, invoice.issued_on, invoice.due_on) == (
        Decimal("450.00"), "declarations", dt.date(2026, 3, 21), dt.date(2026, 4, 20))
    assert [d.period.month for d in invoice.declarations] == [1, 2]
    assert invoice.number == f"{world.a.policy.number}-P001"
    [theirs] = invoices(session, world.b.policy)
    assert theirs.amount == Decimal("225.00")


def test_later_runs_of_the_month_invoice_nothing_more(app, client, session, world):
    declare(client, world, "2026-01", "100000.00")
    run_premium_day(app, dt.date(2026, 3, 1))
    declare(client, world, "2026-02", "80000.00")
    run_premium_day(app, dt.date(2026, 3, 2))
    assert [i.amount for i in invoices(session, world.a.policy)] == [Decimal("250.00")]
    run_premium_day(app, dt.date(2026, 4, 1))
    assert [i.amount for i in invoices(session, world.a.policy)] == [
        Decimal("250.00"), Decimal("200.00")]


def test_replaying_a_day_changes_nothing(app, client, session, world):
    declare(client, world, "2026-01", "100000.00")
    run_premium_day(app, dt.date(2026, 3, 1))
    before = audit_count(session)
    again = run_premium_day(app, dt.date(2026, 3, 1))
    assert {o.status for o in again} == {"skipped"}
    assert audit_count(session) == before and len(invoices(session, world.a.policy)) == 1


def test_an_invoiced_month_can_no_longer_be_amended(app, client, session, world):
    declare(client, world, "2026-01", "100000.00")
    run_premium_day(app, dt.date(2026, 3, 1))
    before = audit_count(session)
    answer = declare(client, world, "2026-01", "1.00")
    assert answer.status_code == 409 and answer.json["error"]["fields"]["period"]
    assert audit_count(session) == before
    listed = client.get(f"/api/v1/policies/{world.a.policy.id}/declarations",
                        headers=world.as_("a.user")).json["items"]
    assert (listed[0]["premium"], listed[0]["invoiced"]) == ("250.00", True)


def test_the_year_end_true_up_bills_the_shortfall_once(app, client, session, world,
                                                       monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2027-01-20")
    declare(client, world, "2026-11", "400000.00")   # 1,000.00
    declare(client, world, "2026-12", "600000.00")   # 1,500.00
    assert premium_of_year(session, world.a.policy) == Decimal("2500.00")
    run_premium_day(app, dt.date(2027, 1, 30))       # the last day declarations are open
    assert rows(session, PremiumTrueUp) == []
    run_premium_day(app, dt.date(2027, 1, 31))
    for policy, declared in ((world.a.policy, "2500.00"), (world.b.policy, "0")):
        [closing] = rows(session, PremiumTrueUp, PremiumTrueUp.policy_id == policy.id)
        assert (closing.declared_premium, closing.minimum_premium) == (
            Decimal(declared), Decimal("5000.00"))
        assert closing.adjustment == Decimal("5000.00") - Decimal(declared)
        assert closing.invoice.amount == closing.adjustment
        assert closing.invoice.kind.value == "minimum_premium"
    first, second = invoices(session, world.a.policy)
    assert (first.amount, second.amount) == (Decimal("2500.00"), Decimal("2500.00"))
    assert premium_of_year(session, world.a.policy) == Decimal("5000.00")
    run_premium_day(app, dt.date(2027, 2, 1))
    run_premium_day(app, dt.date(2027, 3, 1))
    assert len(rows(session, PremiumTrueUp)) == 2 and len(invoices(session, world.a.policy)) == 2


def test_a_closed_year_takes_no_declarations(app, client, session, world, monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2027-02-05")
    run_premium_day(app, dt.date(2027, 2, 1))
    answer = declare(client, world, "2026-12", "1000.00")
    assert answer.status_code == 409 and "closed" in answer.json["error"]["message"]


def test_no_adjustment_when_the_declared_premium_reaches_the_minimum(app, client, session,
                                                                     world, monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2027-01-05")  # December is over, its year not closed
    declare(client, world, "2026-06", "2000000.00")  # 5,000.00: exactly the minimum
    declare(client, world, "2026-12", "400.00")      # 1.00, declared but not yet invoiced
    run_premium_day(app, dt.date(2027, 2, 1))
    [closing] = rows(session, PremiumTrueUp, PremiumTrueUp.policy_id == world.a.policy.id)
    assert (closing.declared_premium, closing.adjustment, closing.invoice) == (
        Decimal("5001.00"), Decimal("0.00"), None)
    # the remaining month was invoiced before the year closed: nothing of it stays open
    assert [i.amount for i in invoices(session, world.a.policy)] == [Decimal("5001.00")]
    assert premium_of_year(session, world.a.policy) == Decimal("5001.00")


def test_policy_years_follow_the_anniversaries(session, world):
    from tests.factories import make_policy

    policy = make_policy(session, world.a.insured, start_date=dt.date(2024, 2, 29),
                         end_date=dt.date(2026, 6, 30))
    assert [(y.start, y.end) for y in policy_years(policy)] == [
        (dt.date(2024, 2, 29), dt.date(2025, 2, 27)),
        (dt.date(2025, 2, 28), dt.date(2026, 2, 27)),
        (dt.date(2026, 2, 28), dt.date(2026, 6, 30)),
    ]
    assert policy_year_of(policy, dt.date(2025, 3, 1)).start == dt.date(2025, 2, 28)
    assert policy_year_of(policy, dt.date(2026, 7, 1)) is None
    with pytest.raises(ValueError, match="does not begin"):
        year_premium(session, policy, dt.date(2025, 1, 1))

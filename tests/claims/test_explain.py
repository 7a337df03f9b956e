"""The statement of loss explains every line's cover and where the limit binds, without
changing a figure: the explanation is read from the statement as stored."""

from __future__ import annotations

from claims.indemnity import statement_of_loss
from claims.indemnity.explain import (
    IN_FULL,
    IN_PART,
    LIMIT_USED_UP,
    NOTHING_OWED,
    OUT,
    explain,
)
from tests.claims.indemnity_world import D, claim, invoice, limit, paid

# 100,000 until 31 March, then reduced to 50,000.
REDUCED = (limit("2024-01-01", "100000"), limit("2025-04-01", "50000"))


def test_a_reduced_limit_used_up_by_an_earlier_delivery_says_so_line_by_line():
    # X 30,000 (March, limit 100,000) in full; Y 25,000 (April, limit 50,000) gets the 20,000
    # left; Z 10,000 (May) nothing: the 50,000 is used up by X and Y.
    facts = claim(invoice("X", "2025-03-01", "30000"), invoice("Y", "2025-04-10", "25000"),
                  invoice("Z", "2025-05-02", "10000", terms=30), limits=REDUCED)
    statement = statement_of_loss(facts)
    stored = statement.to_json()
    said = explain(stored)
    x, y, z = (said.lines[n] for n in "XYZ")
    assert (x.code, x.covered, x.limit, x.used_before) == (IN_FULL, D("30000"), D("100000"), 0)
    assert (y.code, y.covered, y.room, y.earlier) == (IN_PART, D("20000"), D("20000"), ("X",))
    assert (z.code, z.covered, z.limit, z.used_before, z.earlier) == (
        LIMIT_USED_UP, 0, D("50000"), D("50000"), ("X", "Y"))
    assert said.limit_binds and said.covered_invoices == ("X", "Y")
    assert said.uncovered_invoices == ("Z",) and said.part_covered_invoices == ("Y",)
    assert (said.net_outstanding, said.covered) == (statement.net_outstanding,
                                                   statement.covered_amount)
    assert statement_of_loss(facts).to_json() == stored  # nothing moved


def test_lines_out_or_paid_and_a_limit_that_does_not_bind():
    facts = claim(invoice("A", "2025-02-01", "4000"), invoice("B", "2025-03-01", "6000"),
                  invoice("C", "2025-03-05", "2000", terms=150),
                  settlements=(paid("4000", "2025-05-01"),))
    said = explain(statement_of_loss(facts).to_json())
    assert [said.lines[n].code for n in "ABC"] == [NOTHING_OWED, IN_FULL, OUT]
    assert not said.limit_binds and said.uncovered_invoices == ()

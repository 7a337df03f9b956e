"""Step 7: recoveries after payment, split by the policy's sharing basis."""

from __future__ import annotations

import pytest

from claims.indemnity import RecoveryBasis, split_recovery, statement_of_loss
from tests.claims.indemnity_world import D, claim, invoice
from underwriting.policies.terms import RecoverySharing

LOSS_SHARE = RecoverySharing.LOSS_SHARE
RECEIVABLE_RATIO = RecoverySharing.RECEIVABLE_RATIO
# total debt 100,000, of which 80,000 covered, indemnity 72,000
BASIS = RecoveryBasis("EUR", indemnity=D("72000"), covered_amount=D("80000"),
                      total_debt=D("100000"))

SPLITS = {
    # 10,000 × 72,000 / 100,000 = 7,200 to the insurer, 2,800 to the insured
    "loss_share": (LOSS_SHARE, "10000", "0", "7200", "2800"),
    # 10,000 × 80,000 / 100,000 = 8,000 to the insurer, 2,000 to the insured
    "receivable_ratio": (RECEIVABLE_RATIO, "10000", "0", "8000", "2000"),
    # 333.33 × 0.72 = 239.9976: 240.00, the insured the rest, 93.33
    "rounded_half_up": (LOSS_SHARE, "333.33", "0", "240.00", "93.33"),
    # 0.05 × 0.72 = 0.036: 0.04 to the insurer, 0.01 to the insured
    "tiny": (LOSS_SHARE, "0.05", "0", "0.04", "0.01"),
    # the insurer already took 70,000 back: at most 72,000 − 70,000 = 2,000 more
    "never_more_than_the_indemnity": (LOSS_SHARE, "10000", "70000", "2000", "8000"),
    # all 72,000 already recovered: everything further goes to the insured
    "indemnity_fully_recovered": (RECEIVABLE_RATIO, "10000", "72000", "0", "10000"),
}


@pytest.mark.parametrize(("sharing", "amount", "before", "insurer", "insured"),
                         SPLITS.values(), ids=SPLITS.keys())
def test_split_recovery(sharing, amount, before, insurer, insured):
    split = split_recovery(D(amount), BASIS, sharing, insurer_recovered_before=D(before))
    assert split.insurer_share == D(insurer)
    assert split.insured_share == D(insured)
    assert split.insurer_share + split.insured_share == D(amount)


def test_a_statement_is_a_basis_for_splitting():
    # 12,000 incl. 2,000 VAT not covered: total debt 12,000, covered 10,000, indemnity 9,000.
    # A 6,000 recovery: loss share 6,000 × 9,000 / 12,000 = 4,500;
    # receivable ratio 6,000 × 10,000 / 12,000 = 5,000.
    statement = statement_of_loss(claim(invoice("INV-1", "2025-03-01", "12000", vat="2000")))
    assert (statement.total_debt, statement.covered_amount, statement.indemnity) == (
        D("12000"), D("10000"), D("9000"))
    assert split_recovery(D("6000"), statement, LOSS_SHARE).insurer_share == D("4500")
    assert split_recovery(D("6000"), statement, RECEIVABLE_RATIO).insurer_share == D("5000")


def test_a_recovery_must_be_positive():
    with pytest.raises(ValueError, match="positive"):
        split_recovery(D("0"), BASIS, LOSS_SHARE)

"""The statement of loss (docs/domain.md §6), a pure function of the claim's facts."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from claims.indemnity.allocation import allocate
from claims.indemnity.cover import cover_lines
from claims.indemnity.dates import claim_filing_deadline, date_of_loss, stop_date
from claims.indemnity.eligibility import exclusions, limit_lookup
from claims.indemnity.facts import ZERO, ClaimFacts, LossCause
from claims.indemnity.lines import InvoiceLine, insured_pct, invoice_line
from claims.indemnity.payable import payable
from claims.indemnity.statement import Statement
from underwriting.policies.terms import DeductibleOrder

HUNDRED = Decimal(100)


def statement_of_loss(facts: ClaimFacts) -> Statement:
    """1. eligibility per invoice; 2. payments up to the date of loss to the oldest open invoice
    first, the eligible remainders summed into the net outstanding; 3. covered amount within
    the limits (`cover.cover_lines`); 4. threshold; 5. insured % and deductions; 6. aggregate
    first loss, then maximum liability. Recoveries (7) are `split_recovery`."""
    cover_on = limit_lookup(facts.limits)
    stop = facts.stop_date if facts.stop_date is not None else stop_date(
        facts.invoices, facts.settlements, facts.terms, facts.notified_on)
    out = exclusions(facts, stop, cover_on)
    insured = [invoice for invoice in facts.invoices if not out[invoice.number]]
    loss_date = date_of_loss(facts.loss, facts.invoices, facts.settlements, facts.terms, insured)
    allocation = allocate(facts.invoices, facts.settlements, loss_date)
    lines = cover_lines([
        invoice_line(invoice, allocation, out[invoice.number], cover_on(invoice.delivery_date),
                     facts.terms, facts.currency)
        for invoice in facts.invoices
    ])
    gross = sum((line.amount for line in lines), ZERO)
    applied = sum((line.payments_applied for line in lines), ZERO)
    net = sum((line.eligible_remainder for line in lines), ZERO)
    covered = sum((line.covered_amount for line in lines), ZERO)
    exact_share = sum((line.covered_amount * (line.insured_pct or ZERO) for line in lines),
                      ZERO) / HUNDRED
    money = payable(facts.terms, facts.year, facts.currency, net_outstanding=net,
                    covered=covered, exact_insured_share=exact_share)
    terms = facts.terms
    return Statement(
        currency=facts.currency, cause=LossCause(facts.loss.cause), date_of_loss=loss_date,
        claim_filing_deadline=claim_filing_deadline(loss_date, terms) if loss_date else None,
        notified_on=facts.notified_on, stop_date=stop, invoices=tuple(lines),
        gross_outstanding=gross, payments_applied=applied,
        payments_unapplied=allocation.unapplied, total_debt=gross - applied,
        excluded=gross - applied - net, net_outstanding=net,
        applicable_limit=_applicable_limit(lines), covered_amount=covered,
        threshold=terms.threshold, threshold_applied=money.threshold_applied,
        insured_pct=_insured_pct(lines, covered, exact_share, facts),
        insured_share=money.insured_share,
        deductible_order=DeductibleOrder(terms.deductible_order),
        deductible=terms.deductible_per_buyer, minimum_retention=terms.minimum_retention,
        deduction=money.deduction, retention=money.retention,
        indemnity_before_aggregate=money.indemnity_before_aggregate,
        aggregate_first_loss_absorbed=money.aggregate_first_loss_absorbed,
        max_liability=money.max_liability,
        max_liability_cap_applied=money.max_liability_cap_applied, indemnity=money.indemnity,
    )


def _applicable_limit(lines: Sequence[InvoiceLine]) -> Decimal:
    owed = [line.applicable_limit or ZERO for line in lines if line.eligible_remainder > 0]
    return max(owed, default=ZERO)


def _insured_pct(
    lines: Sequence[InvoiceLine], covered: Decimal, exact_share: Decimal, facts: ClaimFacts
) -> Decimal:
    """One % when one type of limit covered the claim; weighted by covered amount, to 0.01,
    when both did. With nothing covered, the % of the first eligible line's limit."""
    pcts = {line.insured_pct for line in lines if line.covered_amount > 0}
    if len(pcts) > 1:
        return (exact_share * HUNDRED / covered).quantize(Decimal("0.01"), ROUND_HALF_UP)
    if pcts:
        return pcts.pop() or ZERO
    eligible = [line.limit_type for line in lines if line.eligible and line.limit_type]
    if eligible:
        return insured_pct(eligible[0], facts.terms)
    return facts.terms.insured_pct_insurer_limit

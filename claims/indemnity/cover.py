"""Step 3 of the statement of loss: the covered amount, when deliveries fell under different
limit amounts (a limit reduced, withdrawn with notice, or increased between deliveries).

The rule. A credit limit is the most the insurer covers on the buyer at any one time, and each
delivery is covered by the limit in force on its delivery date (domain §5). So take the eligible
invoices in delivery order, and cover each for the part of its eligible remainder that still
fits under its own limit once the covered parts of the invoices delivered before it are counted
against that limit:

    covered_i = min(remainder_i, max(0, limit_i − covered of earlier deliveries))

What follows from it:
- one limit for every delivery: covered = min(net outstanding, limit), docs/domain.md §6.3 exactly;
- a reduction from 100,000 to 50,000: deliveries before it keep the old 100,000; deliveries
  after it are covered only while the total covered, older deliveries included, stays within
  50,000: the insurer reduced its exposure on the buyer and the insured knew it;
- an increase from 50,000 to 100,000: older deliveries count up to 50,000, newer ones fill
  the rest up to 100,000;
- the total is never above the highest limit that applied to any of the deliveries, and it
  never falls when any limit amount rises. (Where a discretionary limit at 80 % was followed
  by an insurer's limit at 90 %, raising the earlier limit moves covered amount from the 90 %
  deliveries to the 80 % ones, so the indemnity itself may fall: the rule is kept all the
  same, since which limit covered a delivery is a matter of date, not of advantage.)

Only what is still owed at the date of loss counts: payments have already gone to the oldest
invoices, so an invoice paid before the loss takes no room under the limit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from claims.indemnity.facts import ZERO
from claims.indemnity.lines import InvoiceLine


def cover_lines(lines: Sequence[InvoiceLine]) -> list[InvoiceLine]:
    """The lines again, in the same order, each with its `covered_amount`."""
    covered: dict[str, InvoiceLine] = {}
    so_far = ZERO
    for line in sorted(lines, key=_delivery_order):
        room = max(ZERO, (line.applicable_limit or ZERO) - so_far)
        part = min(line.eligible_remainder, room) if line.eligible else ZERO
        covered[line.number] = dataclasses.replace(line, covered_amount=part)
        so_far += part
    return [covered[line.number] for line in lines]


def _delivery_order(line: InvoiceLine) -> tuple[object, ...]:
    return (line.delivery_date, line.invoice_date, line.due_date, line.number)

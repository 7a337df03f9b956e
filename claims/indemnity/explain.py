"""Why each invoice line of a statement of loss covers what it covers, and, where the credit
limit binds across invoices, which invoices it covered and why the others got nothing.

A pure reading of the statement as it was stored (its JSON): it changes no figure and needs no
database, so statements assessed before it existed are explained the same way. The words are
the reader's: this gives codes and figures, the page and the PDF give sentences.

The cover rule it explains is `cover.cover_lines`: in delivery order, each eligible invoice is
covered for the part of its remainder that still fits under the limit in force on its delivery
date once the invoices delivered before it have taken their covered parts.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from claims.indemnity.lines import StoredLine
from claims.indemnity.statement import StoredStatement

ZERO = Decimal(0)

# Each line's cover, as a code:
OUT = "out"                          # out of the claim: its reasons say why
NOTHING_OWED = "nothing_owed"        # in, but nothing eligible is left (paid, disputed, VAT)
IN_FULL = "covered_in_full"          # its eligible remainder fits under its limit
IN_PART = "covered_in_part"          # the limit ran out part of the way through it
LIMIT_USED_UP = "limit_used_up"      # earlier deliveries had taken the whole limit


@dataclass(frozen=True)
class LineCover:
    number: str
    code: str
    remainder: Decimal
    covered: Decimal
    limit: Decimal
    """The limit in force on the invoice's delivery date (zero when none)."""
    used_before: Decimal
    """The covered parts of the invoices delivered before it, counted against its limit."""
    earlier: tuple[str, ...]
    """Those invoices, by number, oldest delivery first."""

    @property
    def room(self) -> Decimal:
        return max(ZERO, self.limit - self.used_before)


@dataclass(frozen=True)
class Explanation:
    lines: dict[str, LineCover]
    """By invoice number."""
    limit_binds: bool
    """The eligible remainders were more than the limits let the claim cover."""
    net_outstanding: Decimal
    covered: Decimal
    covered_invoices: tuple[str, ...]
    uncovered_invoices: tuple[str, ...]
    """Eligible invoices still owed that the limit left with nothing."""
    part_covered_invoices: tuple[str, ...]


def explain(statement: StoredStatement) -> Explanation:
    """The cover of each line of a stored statement, and the summary of where the limit
    bound."""
    lines = sorted(statement["invoices"], key=_delivery_order)
    covers: dict[str, LineCover] = {}
    used, earlier = ZERO, list[str]()
    for line in lines:
        cover = _line_cover(line, used, tuple(earlier))
        covers[cover.number] = cover
        used += cover.covered
        if cover.covered > 0:
            earlier.append(cover.number)
    net = sum((c.remainder for c in covers.values()), ZERO)
    covered = sum((c.covered for c in covers.values()), ZERO)
    return Explanation(
        lines=covers, limit_binds=covered < net, net_outstanding=net, covered=covered,
        covered_invoices=tuple(c.number for c in covers.values() if c.covered > 0),
        uncovered_invoices=tuple(c.number for c in covers.values()
                                 if c.code == LIMIT_USED_UP),
        part_covered_invoices=tuple(c.number for c in covers.values() if c.code == IN_PART))


def _line_cover(line: StoredLine, used: Decimal, earlier: tuple[str, ...]) -> LineCover:
    remainder = Decimal(line["eligible_remainder"])
    covered = Decimal(line["covered_amount"])
    limit = Decimal(line["applicable_limit"]) if line["applicable_limit"] else ZERO
    if not line["eligible"]:
        code = OUT
    elif remainder == 0:
        code = NOTHING_OWED
    elif covered == remainder:
        code = IN_FULL
    elif covered > 0:
        code = IN_PART
    else:
        code = LIMIT_USED_UP
    return LineCover(number=line["number"], code=code, remainder=remainder, covered=covered,
                     limit=limit, used_before=used, earlier=earlier)


def _delivery_order(line: StoredLine) -> tuple[str, ...]:
    """As `cover.cover_lines` orders them; ISO dates sort as the days they name."""
    return (line["delivery_date"], line["invoice_date"], line["due_date"], line["number"])

"""What an example call of an endpoint is (`Example`), and the files and invoice lines the
examples of tests/endpoints.py send."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from tests.endpoint_objects import Ids
from tests.factories import World

Body = Callable[[Ids], dict[str, Any]]
Given = Callable[[Session, World, Ids], None]


@dataclass(frozen=True)
class Example:
    """A call that succeeds: `who` (a key of `World.as_`, or None for nobody signed in) with
    `body`, or with `upload` as the multipart file."""

    who: str | None
    body: Body | None = None
    upload: bytes | None = None
    form: Body | None = None
    """The multipart form's other fields, beside `upload`."""
    free_text: tuple[str, ...] = field(default_factory=tuple)
    """Fields where any script is welcome: Chinese, emoji and SQL-looking text are kept as sent."""
    bad: tuple[tuple[str, dict[str, Any], str], ...] = field(default_factory=tuple)
    """Rules beyond the schema's kinds: (what is wrong, the change to the body, the field named)."""
    given: Given | None = None
    """What must be true first, for the caller's objects (a claim moved to the state the
    endpoint acts on): see `prepare`."""


CSV = ("country,registration_number,name,sector,city,founded_year,employees,fiscal_year,currency,"
       "revenue,ebit,net_income,total_assets,current_assets,current_liabilities,"
       "total_liabilities,equity,retained_earnings\n"
       "CN,91330100MA27,杭州示例贸易有限公司,46.90,杭州,2012,80,2025,CNY,50000000.00,4000000.00,"
       "2500000.00,30000000.00,15000000.00,8000000.00,12000000.00,18000000.00,9000000.00\n"
       ).encode()

BULK = (b"country,registration_number,amount,payment_terms_days,reference\n"
        b"IT,SB-1,25000.00,60,ERP-7\n")

RECEIVABLES = (b"country,registration_number,invoice_number,invoice_date,delivery_date,due_date,"
               b"amount,vat_amount\nDE,HRB 1234,R-1,2026-02-01,2026-02-01,2026-03-03,1200.00,"
               b"191.60\n")

INVOICE = {"number": "N-1", "invoice_date": "2026-01-10", "delivery_date": "2026-01-10",
           "due_date": "2026-02-09", "amount": "2500.00", "vat_amount": "400.00"}
ANOTHER_CURRENCY = ("another currency than the policy's", {"currency": "USD"}, "currency")

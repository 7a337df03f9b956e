"""Making the objects tests/endpoints.py names: what the makers share, and the makers of the
collection, claims and premium objects, with the moves that bring a claim to the state an
endpoint acts on.

Dates, inside the world's policy year (TODAY is 2 March 2026): limits from 2 January; invoice
X-1 of 5 January, due 4 February, 5,000.00, notified on 20 February; the buyer insolvent on
25 February; a claim filed on 26 February.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from claims.desk.storage import DocumentStore
from core.actor import Actor
from core.tenancy import Scope, tenant_scope
from tests.claims.claims_world import insolvent, inv, notify, on_day
from tests.factories import Tenant, World
from tests.limits_world import graded_buyer

Ids = dict[str, int]
TODAY = "2026-03-02"  # inside the world's policy year
INSOLVENT_ON = "2026-02-25"


# The smallest well-formed PDF: one empty page.
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")


@dataclass(frozen=True)
class Making:
    """What the makers share: the world, graded buyers made once (grading is the slow part of
    making objects, and two tenants may well trade with the same buyer), and each tenant's
    objects that others are made on (a dispute on the tenant's case)."""

    session: Session
    world: World
    buyers: dict[str, int]
    kept: dict[tuple[str, int], int]
    store: DocumentStore | None = None
    """The app's document store, where a document's bytes go."""

    def buyer(self, role: str) -> int:
        if role not in self.buyers:
            self.buyers[role] = graded_buyer(self.session, name=f"{role.title()} AG").id
        return self.buyers[role]

    def insolvent_buyer(self, role: str) -> int:
        """A buyer both tenants insured from 2 January, insolvent since 25 February."""
        if role not in self.buyers:
            from underwriting.limits.requests import request_limit

            buyer = graded_buyer(self.session, name=f"{role.title()} Trading Ltd")
            for tenant in (self.world.a, self.world.b):
                with on_day("2026-01-02"), tenant_scope(Scope.insured(tenant.insured.id)):
                    request_limit(self.session, actor=tenant.user.as_actor(),
                                  policy_id=tenant.policy.id, buyer_id=buyer.id,
                                  amount=Decimal("100000"), payment_terms_days=60)
                    self.session.commit()
            insolvent(self.session, buyer, INSOLVENT_ON)
            self.buyers[role] = buyer.id
        return self.buyers[role]

    def once(self, kind: str, tenant: Tenant, make: Callable[[], int]) -> int:
        key = (kind, tenant.insured.id)
        if key not in self.kept:
            self.kept[key] = make()
        return self.kept[key]


def _notified_case(made: Making, tenant: Tenant, buyer_role: str) -> int:
    from buyers_db.models import Buyer

    buyer = made.session.get(Buyer, made.insolvent_buyer(buyer_role))
    assert buyer is not None
    notification = notify(made.session, tenant, buyer, inv("X-1", "2026-01-05", "5000", terms=30),
                          on="2026-02-20")
    return int(notification.case_id)


def case(made: Making, tenant: Tenant) -> int:
    """An open collection case on an insolvent buyer: no claim on it yet."""
    return made.once("case", tenant, lambda: _notified_case(made, tenant, "overdue"))


def dispute(made: Making, tenant: Tenant) -> int:
    """An open dispute of 100.00 on invoice X-1 of the tenant's case."""
    from claims.collection import open_dispute

    case_id = case(made, tenant)
    with tenant_scope(Scope.insured(tenant.insured.id)):
        made_dispute = open_dispute(made.session, case_id, actor=tenant.user.as_actor(),
                                    invoice_number="X-1", amount=Decimal("100"),
                                    reason="Short delivery")
        made.session.commit()
    return int(made_dispute.id)


def claim(made: Making, tenant: Tenant) -> int:
    """An open claim (insolvency) on a case of its own, filed by the insured."""
    from claims.filing import file_claim
    from claims.indemnity import LossCause

    case_id = _notified_case(made, tenant, "claimed")
    with on_day("2026-02-26"), tenant_scope(Scope.insured(tenant.insured.id)):
        filed = file_claim(made.session, actor=tenant.user.as_actor(), case_id=case_id,
                           cause=LossCause.INSOLVENCY)
        made.session.commit()
    return int(filed.id)


def document(made: Making, tenant: Tenant) -> int:
    """An invoice PDF on the tenant's case, brought by the tenant's user."""
    from claims.desk.documents import add_document

    assert made.store is not None, "documents need the app's store"
    store = made.store
    case_id = case(made, tenant)
    with tenant_scope(Scope.insured(tenant.insured.id)):
        added = add_document(made.session, "case", case_id, actor=tenant.user.as_actor(),
                             content=PDF, store=store)
        made.session.commit()
    return int(added.id)


def premium_invoice(made: Making, tenant: Tenant) -> int:
    """January's premium, invoiced; February is declared and waits for its invoice."""
    from underwriting.premium.declarations import declare_turnover
    from underwriting.premium.invoicing import invoice_declarations

    actor = tenant.user.as_actor()
    with tenant_scope(Scope.insured(tenant.insured.id)):
        declare_turnover(made.session, tenant.policy.id, actor=actor,
                         period=dt.date(2026, 1, 1), insured_turnover=Decimal("100000.00"))
        [invoice] = invoice_declarations(made.session, tenant.policy, actor=actor,
                                         issued_on=dt.date(2026, 2, 1))
        declare_turnover(made.session, tenant.policy.id, actor=actor,
                         period=dt.date(2026, 2, 1), insured_turnover=Decimal("80000.00"))
        made.session.commit()
    return int(invoice.id)


# The moves that bring the caller's claim (made open) to where an endpoint acts on it, each
# as the claims handler, on TODAY, committed.

def _assess(session: Session, claim_id: int, actor: Actor) -> object:
    from claims.assessment import assess

    return assess(session, claim_id, actor=actor)


def _approve(session: Session, claim_id: int, actor: Actor) -> object:
    from claims.assessment import approve

    return approve(session, claim_id, actor=actor)


def _pay(session: Session, claim_id: int, actor: Actor) -> object:
    from claims.assessment import pay

    return pay(session, claim_id, actor=actor, paid_on=dt.date.fromisoformat(TODAY))


_PATH = (("open", _assess), ("assessed", _approve), ("approved", _pay))


def claim_moved_to(status: str) -> Callable[[Session, World, Ids], None]:
    """A `given`: the caller's claim moved on from where it is until it is `status`."""

    def move(session: Session, world: World, ids: Ids) -> None:
        from claims.models import Claim

        actor = world.claims_handler.as_actor()
        with on_day(TODAY), tenant_scope(Scope.of(actor)):
            for step_from, step in _PATH:
                claim = session.get(Claim, ids["claim_id"], populate_existing=True)
                assert claim is not None
                if claim.status.value == status:
                    break
                if claim.status.value == step_from:
                    step(session, claim.id, actor)
                    session.commit()

    return move


assessed = claim_moved_to("assessed")
approved = claim_moved_to("approved")
paid = claim_moved_to("paid")


def refused_request(session: Session, world: World, ids: Ids) -> None:
    """A `given`: the caller's referred request refused by the underwriter (it has a letter)."""
    from underwriting.limits.models import LimitRequest, RequestStatus
    from underwriting.limits.requests import decide_referral

    actor = world.underwriter.as_actor()
    with on_day(TODAY), tenant_scope(Scope.of(actor)):
        request = session.get(LimitRequest, ids["request_id"], populate_existing=True)
        if request is not None and request.status is RequestStatus.REFERRED:
            decide_referral(session, request.id, actor=actor, outcome="refused",
                            reason_codes=["API"], note="We lack recent accounts.")
            session.commit()


def reset_key(session: Session, world: World, ids: Ids) -> None:
    """A password reset key for tenant a's user, kept where the body reads it."""
    from core.accounts.recovery import request_reset

    with tenant_scope(Scope.everyone()):
        issued = request_reset(session, world.a.user.email)
        session.commit()
    assert issued is not None
    ids["reset_key"] = issued[1]  # type: ignore[assignment]


def user_session(made: Making, tenant: Tenant) -> int:
    """A session token of the tenant's user, as a sign-in through the API opens one."""
    from core.accounts import tokens

    _clear, row = tokens.issue_token(made.session, tenant.user, kind="session")
    made.session.commit()
    return row.id

def totp_enrolment(session: Session, world: World, ids: Ids) -> None:
    """Tenant a's user enrolled in two-factor sign-in, and the app's current code in the body."""
    import pyotp

    from core.accounts import two_factor

    user = world.a.user
    with tenant_scope(Scope.everyone()):
        row = two_factor.of(session, user.id)
        if row is None or row.status.value != "pending":
            row = two_factor.enrol(session, user, actor=user.as_actor())
        session.commit()
    ids["totp_code"] = pyotp.TOTP(row.secret).now()  # type: ignore[assignment]

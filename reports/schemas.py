"""The JSON shape of the portfolio report: money, shares and ratios as decimal strings."""

from __future__ import annotations

from marshmallow import Schema, fields

from core.fields import BusinessDate, Text


def _decimal(description: str) -> fields.Decimal:
    # Documented as what it is dumped as: a string, not the JSON number apispec assumes.
    return fields.Decimal(as_string=True, metadata={
        "type": "string", "format": "decimal", "description": description})


class GroupRowSchema(Schema):
    key = fields.Raw(allow_none=True, metadata={
        "description": "The grade (1-10), ISO country code or NACE section; null: none known"})
    label = Text()
    limits = fields.Integer()
    buyers = fields.Integer()
    exposure = _decimal("Sum of the active limits, in the report's currency")
    share = _decimal("Share of the portfolio's exposure, 0 to 1")
    expected_loss = _decimal("Exposure × PD × loss given default")


class TopBuyerSchema(Schema):
    rank = fields.Integer()
    buyer_id = fields.Integer()
    name = Text()
    country = Text()
    country_name = Text()
    grade = fields.Integer(allow_none=True)
    pd = fields.Float(allow_none=True)
    limits = fields.Integer()
    exposure = _decimal("Sum of the buyer's active limits in the portfolio")
    share = _decimal("Share of the portfolio's exposure, 0 to 1")
    expected_loss = _decimal("Exposure × PD × loss given default")


class ClaimsPaidSchema(Schema):
    currency = Text()
    claims = fields.Integer(metadata={"description": "Claims paid"})
    amount = _decimal("The indemnity paid on them")


class ClaimsByStatusSchema(Schema):
    status = Text(metadata={"enum": ["open", "assessed", "approved", "rejected",
                                              "paid"]})
    label = Text()
    currency = Text()
    claims = fields.Integer()
    indemnity = _decimal("Indemnity of the assessed claims (0 before assessment)")
    paid = _decimal("Amount paid")


class LossRatioSchema(Schema):
    policy_id = fields.Integer()
    policy = Text(metadata={"description": "The policy number"})
    insured = Text()
    year_start = BusinessDate(metadata={"description": "The policy year (the year of the "
                                       "case's first notification)"})
    year_end = BusinessDate()
    currency = Text()
    claims = fields.Integer(metadata={"description": "Claims filed in the year"})
    paid_claims = fields.Integer()
    claims_paid = _decimal("Indemnity paid")
    recovered = _decimal("The insurer's share of recoveries after payment")
    premium = _decimal("The policy year's premium (underwriting.premium.year_premium)")
    loss_ratio = fields.Decimal(as_string=True, allow_none=True, metadata={
        "type": "string", "format": "decimal",
        "description": "claims_paid / premium, 0 to 1 and beyond; null without premium"})


class AgedBalanceSchema(Schema):
    currency = Text()
    days_0_30 = _decimal("Outstanding 0-30 days past due (or not yet due)")
    days_31_60 = _decimal("Outstanding 31-60 days past due")
    days_61_90 = _decimal("Outstanding 61-90 days past due")
    days_over_90 = _decimal("Outstanding over 90 days past due")
    total = _decimal("Outstanding on the collection cases not closed")
    dso = _decimal("Amount-weighted days since invoice date of the outstanding")


class PortfolioSchema(Schema):
    as_of = BusinessDate()
    scope = Text(metadata={"enum": ["insurer", "insured"]})
    insured_id = fields.Integer(allow_none=True)
    currency = Text()
    limits = fields.Integer()
    buyers = fields.Integer()
    exposure = _decimal("Sum of the active limits")
    expected_loss = _decimal("Sum of the limits' expected losses")
    loss_given_default = _decimal("The loss given default applied, 0 to 1")
    top_10_share = _decimal("Share of the 10 largest buyers in the exposure, 0 to 1")
    hhi = _decimal("Herfindahl-Hirschman index over buyers, 0 to 10,000")
    by_grade = fields.List(fields.Nested(GroupRowSchema))
    by_country = fields.List(fields.Nested(GroupRowSchema))
    by_sector = fields.List(fields.Nested(GroupRowSchema))
    top_buyers = fields.List(fields.Nested(TopBuyerSchema))
    claims_paid = fields.List(fields.Nested(ClaimsPaidSchema))
    claims_by_status = fields.List(fields.Nested(ClaimsByStatusSchema))
    loss_ratios = fields.List(fields.Nested(LossRatioSchema))
    aged_balances = fields.List(fields.Nested(AgedBalanceSchema))

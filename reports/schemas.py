"""The JSON shape of the portfolio report: money and shares as decimal strings."""

from __future__ import annotations

from marshmallow import Schema, fields


def _decimal(description: str) -> fields.Decimal:
    # Documented as what it is dumped as: a string, not the JSON number apispec assumes.
    return fields.Decimal(as_string=True, metadata={
        "type": "string", "format": "decimal", "description": description})


class GroupRowSchema(Schema):
    key = fields.Raw(allow_none=True, metadata={
        "description": "The grade (1-10), ISO country code or NACE section; null: none known"})
    label = fields.String()
    limits = fields.Integer()
    buyers = fields.Integer()
    exposure = _decimal("Sum of the active limits, in the report's currency")
    share = _decimal("Share of the portfolio's exposure, 0 to 1")
    expected_loss = _decimal("Exposure × PD × loss given default")


class TopBuyerSchema(Schema):
    rank = fields.Integer()
    buyer_id = fields.Integer()
    name = fields.String()
    country = fields.String()
    country_name = fields.String()
    grade = fields.Integer(allow_none=True)
    pd = fields.Float(allow_none=True)
    limits = fields.Integer()
    exposure = _decimal("Sum of the buyer's active limits in the portfolio")
    share = _decimal("Share of the portfolio's exposure, 0 to 1")
    expected_loss = _decimal("Exposure × PD × loss given default")


class PortfolioSchema(Schema):
    as_of = fields.Date()
    scope = fields.String(metadata={"enum": ["insurer", "insured"]})
    insured_id = fields.Integer(allow_none=True)
    currency = fields.String()
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

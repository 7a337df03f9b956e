"""The portfolio report as PDF, with SVG charts, in English or Chinese: summaries only (the
tables are grouped; never one line per limit)."""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict

from core.errors import RuleViolation
from reports import charts, frames, letter_text
from reports import portfolio_text as words
from reports.pdf import render_pdf, templates
from reports.portfolio import Portfolio, claims_tables, summary, tables
from reports.rows import (
    BUCKET_KEYS,
    AgedRow,
    ClaimsTables,
    ExposureTables,
    GroupRow,
    LossRatioRow,
    StatusRow,
    TopBuyerRow,
)

CHART_ROWS = 12  # bars per chart; the tables below list every row


class PrintedGroup(TypedDict):
    label: str
    limits: int
    buyers: int
    exposure: str
    share: str
    expected_loss: str


class PrintedBuyer(TypedDict):
    rank: int
    name: str
    country_name: str
    grade: int | str
    pd: str
    exposure: str
    share: str
    expected_loss: str


class PrintedTables(TypedDict):
    by_grade: list[PrintedGroup]
    by_country: list[PrintedGroup]
    by_sector: list[PrintedGroup]
    top_buyers: list[PrintedBuyer]


class PrintedStatus(TypedDict):
    label: str
    currency: str
    claims: int
    indemnity: str
    paid: str


class PrintedLossRatio(TypedDict):
    policy: str
    insured: str
    year: str
    claims_paid: str
    recovered: str
    premium: str
    loss_ratio: str


class PrintedAged(TypedDict):
    currency: str
    days_0_30: str
    days_31_60: str
    days_61_90: str
    days_over_90: str
    total: str
    dso: Decimal | None


class PrintedClaims(TypedDict):
    """The claims tables as printed: amounts in their own currency, ratios as percentages."""

    claims_by_status: list[PrintedStatus]
    loss_ratios: list[PrintedLossRatio]
    aged_balances: list[PrintedAged]


def portfolio_pdf(portfolio: Portfolio, *, lang: str, scope_name: str) -> bytes:
    """`scope_name` names whose portfolio it is (the insured, or the insurer's words)."""
    if lang not in letter_text.LANGUAGES:
        raise RuleViolation("No reports in this language.",
                            fields={"lang": [f"One of: {', '.join(letter_text.LANGUAGES)}."]})
    return render_pdf(portfolio_html(portfolio, lang=lang, scope_name=scope_name))


def portfolio_html(portfolio: Portfolio, *, lang: str, scope_name: str) -> str:
    text = words.TEXT[lang]
    head = summary(portfolio)
    rows = tables(portfolio, lang)
    show: PrintedTables = {
        "by_grade": [_printed(row, portfolio, lang) for row in rows["by_grade"]],
        "by_country": [_printed(row, portfolio, lang) for row in rows["by_country"]],
        "by_sector": [_printed(row, portfolio, lang) for row in rows["by_sector"]],
        "top_buyers": [_printed_buyer(row, portfolio, lang) for row in rows["top_buyers"]]}
    converted = text["converted"].format(currency=portfolio.currency) \
        if portfolio.converted else ""
    lgd = frames.LOSS_GIVEN_DEFAULT * 100
    return templates.get_template("portfolio.html").render(
        lang=lang, t=text, letterhead=letter_text.LETTERHEAD[lang],
        scope_name=scope_name or text["insurer"], as_of=letter_text.day(portfolio.as_of, lang),
        currency=portfolio.currency, head={
            "limits": f"{head['limits']:,}", "buyers": f"{head['buyers']:,}",
            "exposure": _money(head["exposure"], portfolio, lang),
            "expected_loss": _money(head["expected_loss"], portfolio, lang),
            "top_share": _percent(head["top_10_share"]), "hhi": f"{head['hhi']:,}"},
        tables=show, charts=_charts(rows, portfolio, lang),
        claims=_claims(claims_tables(portfolio, lang), lang), bucket_keys=BUCKET_KEYS,
        method=text["method"].format(converted=converted, lgd=f"{lgd.numerator}"),
    )


def _money(amount: Decimal, portfolio: Portfolio, lang: str) -> str:
    return letter_text.money(amount, portfolio.currency, lang)


def _claims(rows: ClaimsTables, lang: str) -> PrintedClaims:
    return {"claims_by_status": [_status(row, lang) for row in rows["claims_by_status"]],
            "loss_ratios": [_loss_ratio(row, lang) for row in rows["loss_ratios"]],
            "aged_balances": [_aged(row, lang) for row in rows["aged_balances"]]}


def _status(row: StatusRow, lang: str) -> PrintedStatus:
    currency = row["currency"]
    return {"label": row["label"], "currency": currency, "claims": row["claims"],
            "indemnity": letter_text.money(row["indemnity"], currency, lang),
            "paid": letter_text.money(row["paid"], currency, lang)}


def _loss_ratio(row: LossRatioRow, lang: str) -> PrintedLossRatio:
    def money(amount: Decimal) -> str:
        return letter_text.money(amount, row["currency"], lang)

    ratio = row["loss_ratio"]
    return {"policy": row["policy"], "insured": row["insured"],
            "year": f"{row['year_start']} – {row['year_end']}",
            "claims_paid": money(row["claims_paid"]), "recovered": money(row["recovered"]),
            "premium": money(row["premium"]),
            "loss_ratio": "–" if ratio is None else _percent(ratio)}


def _aged(row: AgedRow, lang: str) -> PrintedAged:
    def money(amount: Decimal) -> str:
        return letter_text.money(amount, row["currency"], lang)

    return {"currency": row["currency"], "days_0_30": money(row["days_0_30"]),
            "days_31_60": money(row["days_31_60"]), "days_61_90": money(row["days_61_90"]),
            "days_over_90": money(row["days_over_90"]), "total": money(row["total"]),
            "dso": row["dso"]}


def _percent(share: Decimal) -> str:
    return f"{share * 100:.2f} %"


def _printed(row: GroupRow, portfolio: Portfolio, lang: str) -> PrintedGroup:
    return {"label": row["label"], "limits": row["limits"], "buyers": row["buyers"],
            "exposure": _money(row["exposure"], portfolio, lang),
            "share": _percent(row["share"]),
            "expected_loss": _money(row["expected_loss"], portfolio, lang)}


def _printed_buyer(row: TopBuyerRow, portfolio: Portfolio, lang: str) -> PrintedBuyer:
    pd_, grade = row["pd"], row["grade"]
    return {"rank": row["rank"], "name": row["name"], "country_name": row["country_name"],
            "grade": "" if grade is None else grade,
            "pd": "" if pd_ is None else f"{pd_ * 100:.2f} %",
            "exposure": _money(row["exposure"], portfolio, lang),
            "share": _percent(row["share"]),
            "expected_loss": _money(row["expected_loss"], portfolio, lang)}


def _charts(rows: ExposureTables, portfolio: Portfolio, lang: str) -> dict[str, str]:
    grades = [(row["label"] if row["key"] is None else str(row["key"]), row["exposure"])
              for row in rows["by_grade"]]
    return {"by_grade": charts.column_chart(grades),
            "by_country": _bars(rows["by_country"], charts.COLOURS[0], portfolio, lang),
            "by_sector": _bars(rows["by_sector"], charts.COLOURS[2], portfolio, lang)}


def _bars(rows: list[GroupRow], colour: str, portfolio: Portfolio, lang: str) -> str:
    return charts.bar_chart([(row["label"], row["exposure"],
                              _money(row["exposure"], portfolio, lang))
                             for row in rows[:CHART_ROWS]], colour=colour)

"""The portfolio report as PDF, with SVG charts, in English or Chinese: summaries only (the
tables are grouped; never one line per limit)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from core.errors import RuleViolation
from reports import charts, frames, letter_text
from reports import portfolio_text as words
from reports.claims_report import BUCKET_KEYS
from reports.pdf import render_pdf, templates
from reports.portfolio import Portfolio, claims_tables, summary, tables

CHART_ROWS = 12  # bars per chart; the tables below list every row


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
    show = {name: [_printed(row, portfolio, lang) for row in table]
            for name, table in rows.items()}
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


def _claims(rows: dict[str, list[dict[str, Any]]], lang: str) -> dict[str, list[dict[str, Any]]]:
    """The claims tables as printed: amounts in their own currency, ratios as percentages."""
    money_keys = {"indemnity", "paid", "claims_paid", "recovered", "premium", "total",
                  *BUCKET_KEYS}
    shown: dict[str, list[dict[str, Any]]] = {}
    for name, table in rows.items():
        shown[name] = []
        for row in table:
            printed = {key: letter_text.money(value, row["currency"], lang)
                       if key in money_keys else value for key, value in row.items()}
            if "loss_ratio" in row:
                printed["loss_ratio"] = "–" if row["loss_ratio"] is None \
                    else _percent(row["loss_ratio"])
                printed["year"] = f"{row['year_start']} – {row['year_end']}"
            shown[name].append(printed)
    return shown


def _percent(share: Decimal) -> str:
    return f"{share * 100:.2f} %"


def _printed(row: dict[str, Any], portfolio: Portfolio, lang: str) -> dict[str, Any]:
    shown = dict(row)
    for key in ("exposure", "expected_loss"):
        shown[key] = _money(row[key], portfolio, lang)
    shown["share"] = _percent(row["share"])
    if "pd" in row:
        shown["pd"] = "" if row["pd"] is None else f"{row['pd'] * 100:.2f} %"
        shown["grade"] = "" if row["grade"] is None else row["grade"]
    return shown


def _charts(rows: dict[str, list[dict[str, Any]]], portfolio: Portfolio,
            lang: str) -> dict[str, str]:
    grades = [(row["label"] if row["key"] is None else str(row["key"]), row["exposure"])
              for row in rows["by_grade"]]
    drawn = {"by_grade": charts.column_chart(grades)}
    for name, colour in (("by_country", charts.COLOURS[0]), ("by_sector", charts.COLOURS[2])):
        bars = [(row["label"], row["exposure"], _money(row["exposure"], portfolio, lang))
                for row in rows[name][:CHART_ROWS]]
        drawn[name] = charts.bar_chart(bars, colour=colour)
    return drawn

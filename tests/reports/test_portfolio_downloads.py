"""The portfolio report's downloads carry the same figures: CSV parsed back, the workbook
opened with openpyxl, the PDF read with pdftotext in English and Chinese."""

import csv
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.tenancy import Scope, tenant_scope
from reports.portfolio import portfolio
from reports.portfolio_pdf import portfolio_html
from tests.reports.portfolio_world import build_portfolio


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2026-03-02")


@pytest.fixture
def buyers(session, world):
    return build_portfolio(session, world)


def download(client, world, who, **params):
    answer = client.get("/api/v1/reports/portfolio", query_string=params,
                        headers=world.as_(who))
    assert answer.status_code == 200, answer.data[:300]
    return answer


def test_csv_of_each_table(client, world, buyers):
    answer = download(client, world, "underwriter", format="csv", table="by_country")
    assert answer.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert answer.headers["Content-Disposition"] == \
        "attachment; filename=portfolio-by_country.csv"
    table = list(csv.DictReader(io.StringIO(answer.data.decode())))
    assert [(r["key"], r["label"], r["limits"], r["exposure"], r["share"], r["expected_loss"])
            for r in table] == [("DE", "Germany", "3", "155000.00", "0.6889", "117.00"),
                                ("FR", "France", "1", "50000.00", "0.2222", "180.00"),
                                ("CN", "China", "1", "20000.00", "0.0889", "450.00")]
    grades = list(csv.DictReader(io.StringIO(download(
        client, world, "underwriter", format="csv").data.decode())))
    assert [(r["key"], r["exposure"]) for r in grades][-1] == ("", "25000.00")  # ungraded
    top = list(csv.DictReader(io.StringIO(download(
        client, world, "a.user", format="csv", table="top_buyers").data.decode())))
    assert [(r["rank"], r["name"], r["exposure"]) for r in top] == [
        ("1", "Nordhandel GmbH", "100000.00"), ("2", "Ateliers de Lyon SA", "50000.00"),
        ("3", "Baugruppe Süd GmbH", "25000.00")]
    summary = next(csv.DictReader(io.StringIO(download(
        client, world, "a.user", format="csv", table="summary").data.decode())))
    assert (summary["scope"], summary["exposure"], summary["hhi"]) == (
        "insured", "175000.00", "4285.71")


def test_unknown_tables_are_refused(client, world):
    answer = client.get("/api/v1/reports/portfolio?format=csv&table=claims",
                        headers=world.as_("underwriter"))
    assert answer.status_code == 422 and "table" in answer.json["error"]["fields"]


def test_the_workbook_has_a_sheet_per_table(client, world, buyers):
    answer = download(client, world, "insurer_admin", format="xlsx")
    assert answer.headers["Content-Disposition"] == "attachment; filename=portfolio.xlsx"
    book = load_workbook(io.BytesIO(answer.data))
    assert book.sheetnames == ["summary", "by_grade", "by_country", "by_sector", "top_buyers",
                               "claims_by_status", "loss_ratios", "aged_balances"]
    sector = list(book["by_sector"].iter_rows(values_only=True))
    assert sector[0] == ("key", "label", "limits", "buyers", "exposure", "share",
                         "expected_loss")
    assert [(r[0], r[2], Decimal(str(r[4])), Decimal(str(r[6]))) for r in sector[1:]] == [
        ("G", 2, Decimal("130000"), Decimal("117")), ("C", 2, Decimal("70000"), Decimal("630")),
        ("F", 1, Decimal("25000"), Decimal("0"))]
    head = dict(zip(*book["summary"].iter_rows(values_only=True), strict=True))
    assert (head["scope"], Decimal(str(head["exposure"])), Decimal(str(head["hhi"]))) == (
        "insurer", Decimal("225000"), Decimal("4034.57"))
    top = list(book["top_buyers"].iter_rows(values_only=True))
    assert top[3][1:5] == (buyers.b3.id, "Baugruppe Süd GmbH", "DE", None)


def _pdf_text(pdf, tmp_path):
    path = tmp_path / "portfolio.pdf"
    path.write_bytes(pdf)
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is missing: run bin/install test"
    done = subprocess.run([tool, str(path), "-"], check=True, capture_output=True, text=True)  # noqa: S603
    return done.stdout


def test_the_english_pdf_report(client, world, buyers, tmp_path):
    answer = download(client, world, "underwriter", format="pdf")
    assert answer.mimetype == "application/pdf" and answer.data.startswith(b"%PDF-")
    text = " ".join(_pdf_text(answer.data, tmp_path).split())
    for expected in ("Portfolio report", "The insurer's portfolio, every insured",
                     "2 March 2026", "€225,000.00", "€747.00", "4,034.57", "100.00 %",
                     "Exposure by grade", "Grade 3", "Ungraded", "Exposure by country",
                     "Germany", "€155,000.00", "68.89 %", "Exposure by sector",
                     "Manufacturing", "€630.00", "Top buyers", "Nordhandel GmbH",
                     "深圳华南电子有限公司", "0.20 %", "loss given default of 45 %"):
        assert expected in text, expected


def test_the_chinese_pdf_report_of_an_insured(client, world, buyers, tmp_path):
    answer = download(client, world, "a.user", format="pdf", lang="zh")
    text = "".join(_pdf_text(answer.data, tmp_path).split())
    for expected in ("组合报告", world.a.insured.name, "2026年3月2日", "€175,000.00",
                     "按评级划分的风险敞口", "3级", "未评级", "德国", "批发和零售贸易", "制造业",
                     "最大买方", "NordhandelGmbH", "违约损失率45%"):
        assert expected in text, expected
    assert "深圳华南电子有限公司" not in text  # B's buyer is not in A's portfolio


def test_the_charts_are_inline_svg_that_fetch_nothing(session, world, buyers):
    with tenant_scope(Scope.everyone()):
        report = portfolio(session, actor=world.underwriter.as_actor())
    html = portfolio_html(report, lang="en", scope_name="")
    # a bar per grade (4), country (3) and sector (3)
    assert html.count("<svg") == 3 and html.count("<rect") == 4 + 3 + 3
    assert "http" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "<img" not in html


FORMULAS = ['=HYPERLINK("http://evil.test","x")', "+1+1", "-2+3", "@SUM(A1)", "=1+1 有限公司"]


def test_text_that_looks_like_a_formula_downloads_as_text():
    from reports.downloads import Sheet, table_csv, workbook

    rows = [[name, Decimal("-12.50")] for name in FORMULAS]
    read = list(csv.reader(io.StringIO(table_csv(["name", "amount"], rows))))[1:]
    assert [row[0] for row in read] == ["'" + name for name in FORMULAS]
    assert {row[1] for row in read} == {"-12.50"}  # numbers are left alone
    book = load_workbook(io.BytesIO(workbook([Sheet("buyers", ["name", "amount"], rows)])))
    cells = [row for row in book["buyers"].iter_rows(min_row=2)]
    assert [row[0].value for row in cells] == FORMULAS
    assert {row[0].data_type for row in cells} == {"s"}
    assert {row[1].value for row in cells} == {Decimal("-12.50")}

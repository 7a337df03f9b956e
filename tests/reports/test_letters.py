"""Credit-limit decision letters: a real PDF, read back with poppler, in English and Chinese
(the CJK font embedded, not empty boxes), through the API with its tenancy, and a WeasyPrint URL
fetcher that reaches nothing but the report templates."""

import shutil
import subprocess

import pytest
from PIL import Image

from core.errors import NotFound
from core.tenancy import Scope, tenant_scope
from reports.letters import decision_letter
from reports.pdf import TEMPLATES, RefusedURL, TemplateFetcher, render_pdf
from tests.limits_world import graded_buyer
from tests.tenancy import assert_hidden

BUYER = "上海明华电子有限公司"


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2026-03-02")


@pytest.fixture
def limit_id(client, session, world):
    """A's limit on a Chinese buyer: referred, granted in part with conditions, then reduced."""
    buyer = graded_buyer(session, name=BUYER)
    made = client.post("/api/v1/limit-requests", headers=world.as_("a.user"), json={
        "policy_id": world.a.policy.id, "buyer_id": buyer.id, "amount": "100000.00",
        "payment_terms_days": 60, "comment": "Seasonal peak"}).json
    underwriter = world.as_("underwriter")
    decided = client.post(f"/api/v1/limit-requests/{made['id']}/decision", headers=underwriter,
                          json={"outcome": "partial", "amount": "60000.00",
                                "reason_codes": ["API", "SPT"],
                                "conditions": {"max_payment_terms_days": 45,
                                               "expires_on": "2026-09-30"}}).json
    limit = decided["credit_limit"]["id"]
    reduced = client.post(f"/api/v1/credit-limits/{limit}/reduce", headers=underwriter,
                          json={"amount": "40000.00", "reason_codes": ["RED"]})
    assert reduced.status_code == 200, reduced.json
    return limit


def _letter(session, world, limit_id, lang, who=None):
    actor = (who or world.a.user).as_actor()
    with tenant_scope(Scope.of(actor)):
        return decision_letter(session, limit_id, actor=actor, lang=lang)


def _poppler(tool, *args):
    """What a poppler tool prints (`bin/install test` installs them)."""
    path = shutil.which(tool)
    assert path, f"{tool} is missing: run bin/install test"
    done = subprocess.run([path, *args], check=True, capture_output=True, text=True)  # noqa: S603
    return done.stdout


def _saved(pdf, tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    return str(path)


def test_the_english_letter_names_buyer_amount_and_reasons(session, world, limit_id, tmp_path):
    pdf = _letter(session, world, limit_id, "en")
    assert pdf.startswith(b"%PDF-")
    text = " ".join(_poppler("pdftotext", _saved(pdf, tmp_path), "-").split())
    for expected in (BUYER, "Trade Credit Insurer", world.a.insured.name, world.a.policy.number,
                     "€60,000.00", "€40,000.00", "2 March 2026", "45 days", "30 September 2026",
                     "Adverse public information", "Shorter payment terms required",
                     "Exposure reduced on the buyer", "from 30 days after the notice"):
        assert expected in text, expected


def test_the_chinese_letter_embeds_a_cjk_font(session, world, limit_id, tmp_path):
    pdf = _letter(session, world, limit_id, "zh")
    text = "".join(_poppler("pdftotext", _saved(pdf, tmp_path), "-").split())
    for expected in (BUYER, "贸易信用保险公司", "信用限额决定书", "存在不利公开信息", "须缩短账期",
                     "降低对该买方的风险敞口", "2026年3月2日", "德国"):
        assert expected in text, expected
    assert "WenQuanYi" in _poppler("pdffonts", _saved(pdf, tmp_path))


def test_a_discretionary_limit_letter_says_who_set_it(client, session, world, tmp_path):
    buyer = graded_buyer(session, grade=6, name="Müller & Söhne <GmbH>")
    made = client.post("/api/v1/credit-limits/discretionary", headers=world.as_("a.user"),
                       json={"policy_id": world.a.policy.id, "buyer_id": buyer.id,
                             "amount": "15000.00"})
    pdf = _letter(session, world, made.json["id"], "en")
    text = " ".join(_poppler("pdftotext", _saved(pdf, tmp_path), "-").split())
    for expected in ("Müller & Söhne <GmbH>", "Discretionary limit", "€15,000.00",
                     "set by you under policy", "No reason codes were given",
                     "120 days (the policy's maximum credit period)", "31 December 2026"):
        assert expected in text, expected


def test_page_one_renders_to_a_real_image(session, world, limit_id, tmp_path):
    pdf = _letter(session, world, limit_id, "zh")
    _poppler("pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", _saved(pdf, tmp_path),
             str(tmp_path / "page"))
    png = next(tmp_path.glob("page*.png"))
    assert png.stat().st_size > 15_000
    with Image.open(png) as page:
        grey = page.convert("L")
        inked = sum(count for value, count in enumerate(grey.histogram()) if value < 200)
        assert inked / (grey.width * grey.height) > 0.02  # text, rules, not a blank page


def test_another_tenants_limit_has_no_letter(session, world, limit_id):
    with pytest.raises(NotFound):
        _letter(session, world, limit_id, "en", who=world.b.user)


@pytest.mark.parametrize(("who", "lang"), [("a.user", "en"), ("a.admin", "zh"),
                                           ("underwriter", "zh"), ("claims_handler", "en")])
def test_the_letter_endpoint_answers_a_pdf(client, world, limit_id, who, lang):
    answer = client.get(f"/api/v1/credit-limits/{limit_id}/letter.pdf?lang={lang}",
                        headers=world.as_(who))
    assert answer.status_code == 200
    assert answer.mimetype == "application/pdf" and answer.data.startswith(b"%PDF-")
    assert answer.headers["Content-Disposition"] == \
        f"inline; filename=credit-limit-{limit_id}-{lang}.pdf"


def test_the_letter_of_an_other_tenant_is_404(client, session, world, limit_id):
    assert_hidden(client, session, "GET", f"/api/v1/credit-limits/{limit_id}/letter.pdf",
                  world.as_("b.admin"))


def test_letters_come_in_english_and_chinese_only(client, world, limit_id):
    answer = client.get(f"/api/v1/credit-limits/{limit_id}/letter.pdf?lang=fr",
                        headers=world.as_("a.user"))
    assert answer.status_code == 422 and "lang" in answer.json["error"]["fields"]


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/letter.css",
    "https://example.com/logo.png",
    "data:text/css,body{}",
    "file:///etc/passwd",
    (TEMPLATES / ".." / "letters.py").as_uri(),
    "file://elsewhere" + (TEMPLATES / "letter.css").as_posix(),
])
def test_the_fetcher_refuses_everything_outside_the_templates(url):
    with pytest.raises(RefusedURL):
        TemplateFetcher().fetch(url)


def test_the_fetcher_reaches_the_templates_and_not_a_link_out_of_them(tmp_path):
    assert b"@page" in TemplateFetcher().fetch((TEMPLATES / "letter.css").as_uri()).read()
    root, secret = tmp_path / "templates", tmp_path / "secret.css"
    root.mkdir()
    secret.write_text("body { color: red }")
    (root / "link.css").symlink_to(secret)
    with pytest.raises(RefusedURL):
        TemplateFetcher(root).fetch((root / "link.css").as_uri())


def test_a_rendered_document_cannot_fetch_outside_urls():
    refused: list[str] = []

    class Recording(TemplateFetcher):
        def fetch(self, url, headers=None):
            try:
                return super().fetch(url, headers)
            except RefusedURL:
                refused.append(url)
                raise

    html = ('<link rel="stylesheet" href="letter.css">'
            '<link rel="stylesheet" href="file:///etc/passwd">'
            '<img src="http://127.0.0.1:9/tracker.png"><p>Hello</p>')
    assert render_pdf(html, fetcher=Recording()).startswith(b"%PDF-")
    assert refused == ["file:///etc/passwd", "http://127.0.0.1:9/tracker.png"]


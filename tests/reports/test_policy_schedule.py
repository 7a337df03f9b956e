"""`GET /api/v1/policies/{id}/schedule.pdf?lang=`: the policy schedule with every term of every
version, in English and Chinese, for the insured's users and staff; another insured's policy
is 404 and a language we do not write is 422."""

from __future__ import annotations

import pytest

from tests.portal.test_pages import sign_in, text
from tests.reports.poppler import pdf_text


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2026-06-15")


def _schedule(client, world, who, policy_id, lang="en"):
    return client.get(f"/api/v1/policies/{policy_id}/schedule.pdf?lang={lang}",
                      headers=world.as_(who))


def test_the_schedule_lists_every_term_of_every_version(client, world, tmp_path):
    amended = client.post(f"/api/v1/policies/{world.a.policy.id}/terms",
                          headers=world.as_("insurer_admin"), json={
                              "effective_from": "2026-07-01",
                              "terms": {"max_credit_period_days": 90}})
    assert amended.status_code == 201, amended.json
    answer = _schedule(client, world, "a.user", world.a.policy.id)
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    assert "policy-schedule-" in answer.headers["Content-Disposition"]
    text = " ".join(pdf_text(answer.data, tmp_path).split())
    for expected in ("Policy schedule", world.a.policy.number, world.a.insured.name,
                     "Max. credit period (days)", "Insured % (insurer limit)",
                     "Minimum premium", "in force today", "Terms from 1 July 2026"):
        assert expected in text, expected
    assert text.count("Max. credit period (days)") == 2  # one line in each version
    assert "120" in text and "90" in text


def test_the_schedule_in_chinese(client, world, tmp_path):
    answer = _schedule(client, world, "a.admin", world.a.policy.id, lang="zh")
    assert answer.status_code == 200
    text = pdf_text(answer.data, tmp_path)
    assert "保单明细表" in text and "保险期间" in text


@pytest.mark.parametrize(("who", "status"), [("b.user", 404), ("underwriter", 200),
                                             ("claims_handler", 200)])
def test_who_may_read_the_schedule(client, world, who, status):
    assert _schedule(client, world, who, world.a.policy.id).status_code == status


def test_a_language_we_do_not_write_is_refused(client, world):
    answer = _schedule(client, world, "a.user", world.a.policy.id, lang="fr")
    assert answer.status_code == 422 and "lang" in answer.json["error"]["fields"]


def test_the_pages_link_the_schedule_and_serve_it(client, session, world, tmp_path):
    sign_in(client, world.a.user)
    home = text(client.get("/"))
    link = f"/policies/{world.a.policy.id}/schedule.pdf?lang=en"
    assert link in home
    answer = client.get(link)
    assert answer.status_code == 200 and "Policy schedule" in pdf_text(answer.data, tmp_path)
    assert client.get(f"/policies/{world.b.policy.id}/schedule.pdf").status_code == 404

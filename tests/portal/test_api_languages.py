"""API error messages follow `Accept-Language` (English or Simplified Chinese): the message and
each field's messages are translated at the edge; the code and the fields' names are not."""

import pytest

from tests.premium_world import declare

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2026-06-15")


def test_a_month_not_yet_ended_is_refused_in_english_by_default(client, world):
    answer = declare(client, world, "2026-06", "1000.00")
    assert answer.status_code == 422
    error = answer.json["error"]
    assert error["code"] == "rule_violation"
    assert error["message"] == ("A month can be declared once it has ended: its turnover is "
                                "known only then.")
    assert error["fields"] == {"period": [
        "The month has not ended yet: 2026-05 is the latest that can be declared."]}


def test_and_in_chinese_when_asked(client, world):
    answer = declare(client, world, "2026-06", "1000.00", **ZH)
    error = answer.json["error"]
    assert (answer.status_code, error["code"]) == (422, "rule_violation")
    assert error["message"] == "月份结束后才能申报：届时其营业额才可知。"
    assert error["fields"] == {"period": ["该月份尚未结束：最晚可申报的月份是 2026-05。"]}


def test_schema_errors_keep_their_fields_and_speak_chinese(client, world):
    answer = client.post(f"/api/v1/policies/{world.a.policy.id}/declarations",
                         json={"period": "2026-13", "insured_turnover": "10.001", "x": 1},
                         headers={**world.as_("a.user"), **ZH})
    error = answer.json["error"]
    assert (answer.status_code, error["code"]) == (422, "validation_error")
    assert error["message"] == "部分字段无效。"
    assert error["fields"] == {"period": ["须为月份，格式为“YYYY-MM”。"],
                               "insured_turnover": ["最多保留 2 位小数。"],
                               "x": ["未知字段。"]}


def test_another_tenants_object_is_not_found_in_chinese(client, world):
    answer = client.get(f"/api/v1/policies/{world.b.policy.id}/declarations",
                        headers={**world.as_("a.user"), **ZH})
    assert answer.status_code == 404
    assert answer.json["error"] == {"code": "not_found", "message": "未找到保单。",
                                    "fields": {}}


def test_a_yen_amount_with_decimals_names_the_currencys_digits(client, session, world):
    from tests.factories import make_policy

    policy = make_policy(session, world.a.insured, currency="JPY")
    session.commit()
    answer = declare(client, world, "2026-05", "1000.5", policy_id=policy.id, **ZH)
    assert answer.json["error"]["fields"] == {"insured_turnover": ["JPY 最多保留 0 位小数。"]}

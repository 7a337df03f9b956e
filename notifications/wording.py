"""What each event says to a person, in English and Simplified Chinese, and where it links.

E-mail is written by the worker, outside any request, so it cannot use the portal's request
locale: the user's own `locale` chooses the language here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LANGUAGES = ("en", "zh")

SUBJECTS: dict[str, dict[str, str]] = {
    "limit.decided": {"en": "Credit limit decision on request {id}: {status}",
                      "zh": "信用限额申请 {id} 的决定：{status}"},
    "limit.changed": {"en": "Credit limit {id} {change}",
                      "zh": "信用限额 {id} 已变更（{change}）"},
    "buyer.grade_changed": {"en": "Buyer {buyer_id}: grade {previous_grade} → {grade}",
                            "zh": "买方 {buyer_id} 的评级：{previous_grade} → {grade}"},
    "deadline.approaching": {"en": "Deadline in {days_left} days: {kind_en} on {date}",
                             "zh": "{days_left} 天后截止：{kind_zh}（{date}）"},
    "case.stage_changed": {"en": "Collection case {id} moved to {stage}",
                           "zh": "催收案件 {id} 进入 {stage} 阶段"},
    "claim.status_changed": {"en": "Claim {id} is now {status}",
                             "zh": "理赔 {id} 的状态：{status}"},
    "premium.invoiced": {"en": "Premium invoice {number}: {amount} {currency}",
                         "zh": "保费发票 {number}：{amount} {currency}"},
    "message.written": {"en": "New message on {object} from {from_en}",
                        "zh": "{object_zh}有一条来自{from_zh}的新消息"},
    "webhook.disabled": {"en": "Webhook {id} was disabled after failing for 3 days",
                         "zh": "Webhook {id} 连续失败 3 天，已停用"},
}

DEADLINE_KINDS = {
    "notification_deadline": ("overdue notification deadline", "逾期通知截止日"),
    "claim_filing_deadline": ("claim filing deadline", "理赔申请截止日"),
    "mep_expiry": ("end of the maximum extension period", "最长延展期届满"),
}

LINK_TEXT = {"en": "Open in the portal", "zh": "在门户中查看"}
GREETING = {"en": "Hello {name},", "zh": "{name}，您好："}
FOOTER = {"en": "You receive this because of your notification settings: {url}",
          "zh": "您收到此邮件是因为您的通知设置：{url}"}
DIGEST_SUBJECT = {"en": "Your daily summary: {count} notifications",
                  "zh": "每日摘要：{count} 条通知"}
SETTINGS_PATH = "/account/notifications"


def language(locale: str | None) -> str:
    return locale if locale in LANGUAGES else "en"


SENDERS = {"insurer": ("the insurer", "保险公司"), "insured": ("the insured", "被保险人")}


def subject(event_type: str, data: Mapping[str, Any], lang: str) -> str:
    kind = DEADLINE_KINDS.get(str(data.get("kind")), (str(data.get("kind")),) * 2)
    sender = SENDERS.get(str(data.get("from")), ("?", "?"))
    claim, case = data.get("claim_id"), data.get("case_id")
    values = _Missing({
        **data, "kind_en": kind[0], "kind_zh": kind[1], "from_en": sender[0],
        "from_zh": sender[1], "object": f"claim {claim}" if claim else f"case {case}",
        "object_zh": f"理赔 {claim} " if claim else f"催收案件 {case} "})
    return SUBJECTS[event_type][language(lang)].format_map(values)


def facts(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The event's data as (name, value) lines, for the body."""
    return [(key.replace("_", " "), _shown(value)) for key, value in data.items()
            if value is not None and value != [] and value != {}]


def object_path(object_type: str, object_id: int | None, data: Mapping[str, Any]) -> str:
    """Where in the portal the event's object is shown."""
    paths = {
        "limit_request": "/limits/requests/{id}", "credit_limit": "/limits/{id}",
        "buyer": "/buyers/{id}", "collection_case": "/cases/{id}", "claim": "/claims/{id}",
        "webhook": "/account/webhooks", "receivables": "/policies/{id}/receivables",
    }
    if object_type == "premium_invoice":
        return f"/api/v1/premium-invoices/{object_id}"
    return paths.get(object_type, "/").format(id=object_id)


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


class _Missing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"

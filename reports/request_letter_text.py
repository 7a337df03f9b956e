"""The words of the letter answering a limit request, in English and Simplified Chinese; the
limit's own words (types, changes, closing) come from `letter_text`."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Decision on your credit limit request",
        "request_no": "Request no.", "your_reference": "Your reference",
        "request": "Your request", "kind": "Request", "asked": "Amount asked",
        "terms_asked": "Payment terms asked", "decided_on": "Decided on",
        "outcome": "Decision", "granted": "Granted",
        "in_force": "Limit in force today", "no_limit": "None",
        "refused_line": "We cannot grant this request.",
        "kept_line": "Your limit of {amount} on this buyer stays in force as it was.",
        "decrease_line": "Your limit is decreased to {amount} at once, as you asked.",
        "note": "Note from the underwriter",
    },
    "zh": {
        "title": "信用限额申请决定书",
        "request_no": "申请编号", "your_reference": "贵司参考号",
        "request": "贵司申请", "kind": "申请类型", "asked": "申请金额",
        "terms_asked": "申请账期", "decided_on": "决定日期",
        "outcome": "决定", "granted": "核准金额",
        "in_force": "今日有效限额", "no_limit": "无",
        "refused_line": "很遗憾，我们无法核准本申请。",
        "kept_line": "贵司对该买方的现有限额 {amount} 维持不变，继续有效。",
        "decrease_line": "应贵司要求，限额即时降低至 {amount}。",
        "note": "核保员附言",
    },
}

KINDS = {
    "en": {"new": "New limit", "increase": "Increase", "decrease": "Decrease"},
    "zh": {"new": "新限额", "increase": "提高限额", "decrease": "降低限额"},
}

OUTCOMES = {
    "en": {"approved": "Approved", "partial": "Approved in part", "refused": "Refused"},
    "zh": {"approved": "核准", "partial": "部分核准", "refused": "拒绝"},
}

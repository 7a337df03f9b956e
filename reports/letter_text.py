"""The words of the credit-limit decision letter in English and Simplified Chinese, and the
locale-aware formatting of its amounts, dates and countries (Babel; no Flask here)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency

LANGUAGES = ("en", "zh")
LOCALES = {"en": "en_GB", "zh": "zh_Hans_CN"}

# The insurer's letterhead: a setting of the deployment, kept neutral here.
LETTERHEAD = {
    "en": {"name": "Trade Credit Insurer", "department": "Credit Limits Department"},
    "zh": {"name": "贸易信用保险公司", "department": "信用限额部"},
}

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Credit limit decision",
        "date": "Date", "limit_no": "Credit limit no.", "to": "To",
        "registration": "Reg. no.", "policy": "Policy", "currency": "Currency",
        "buyer": "Buyer", "name": "Name", "country": "Country",
        "decision": "Decision", "type": "Type", "amount": "Amount",
        "effective_from": "Effective from", "status": "Status",
        "pending": "Scheduled change", "pending_line": "{change} to {amount} from {date}",
        "conditions": "Conditions", "max_terms": "Maximum payment terms",
        "days": "{days} days", "policy_terms": "{days} days (the policy's maximum credit period)",
        "expiry": "Expiry", "no_expiry": "None: runs with the policy, to {date}",
        "history": "History of changes", "decided_on": "Decided on", "change": "Change",
        "reasons": "Reasons", "no_reasons": "No reason codes were given for this limit.",
        "scheduled": "scheduled", "notes": "Notes from the underwriter",
        "cover_insurer": (
            "Under policy {policy}, this limit covers your deliveries to the buyer made on or "
            "after the effective date, on payment terms no longer than the maximum above, up to "
            "the amount shown at any one time. The insurer may reduce or withdraw it by notice "
            "to you: a reduction or withdrawal applies to deliveries made from {days} days after "
            "the notice, and deliveries made before stay covered by the previous amount."),
        "cover_discretionary": (
            "This is a discretionary limit, set by you under policy {policy} within its "
            "discretionary limit clause. It covers your deliveries to the buyer from the "
            "effective date and lapses as soon as the insurer decides a limit on this buyer."),
        "closing": "Yours faithfully,",
        "footer": "Produced electronically; valid without signature.",
        "page": '"Page " counter(page) " of " counter(pages)',
    },
    "zh": {
        "title": "信用限额决定书",
        "date": "日期", "limit_no": "限额编号", "to": "致",
        "registration": "注册号", "policy": "保单号", "currency": "币种",
        "buyer": "买方", "name": "名称", "country": "国家/地区",
        "decision": "决定", "type": "类型", "amount": "限额金额",
        "effective_from": "生效日期", "status": "状态",
        "pending": "待生效变更", "pending_line": "自 {date} 起{change}至 {amount}",
        "conditions": "条件", "max_terms": "最长账期",
        "days": "{days} 天", "policy_terms": "{days} 天（保单最长信用期）",
        "expiry": "到期日", "no_expiry": "无：随保单期限至 {date}",
        "history": "变更记录", "decided_on": "决定日期", "change": "变更",
        "reasons": "原因", "no_reasons": "本限额未附原因代码。",
        "scheduled": "待生效", "notes": "核保员附言",
        "cover_insurer": (
            "根据保单 {policy}，本限额承保贵司自生效日期起向上述买方发货所产生的应收账款，"
            "账期不得超过上述最长账期，任一时点的承保金额以上述限额为上限。保险人可通知贵司"
            "降低或撤销本限额：降低或撤销适用于通知后第 {days} 天起的发货，"
            "此前的发货仍按原限额承保。"),
        "cover_discretionary": (
            "本限额为贵司根据保单 {policy} 的自行核定限额条款自行设定的限额，"
            "承保自生效日期起向该买方的发货；保险人一旦对该买方核定任何限额，本限额即告失效。"),
        "closing": "此致|敬礼！",
        "footer": "本函由系统生成，无需签章即有效。",
        "page": '"第 " counter(page) " 页，共 " counter(pages) " 页"',
    },
}

TYPES = {
    "en": {"insurer": "Insurer's credit limit", "discretionary": "Discretionary limit"},
    "zh": {"insurer": "保险人核定限额", "discretionary": "自行核定限额"},
}

STATUSES = {
    "en": {"active": "Active", "cancelled": "Cancelled", "withdrawn": "Withdrawn",
           "expired": "Expired", "lapsed": "Lapsed"},
    "zh": {"active": "有效", "cancelled": "已取消", "withdrawn": "已撤销", "expired": "已到期",
           "lapsed": "已失效"},
}

CHANGES = {
    "en": {"granted": "Granted", "increased": "Increased", "reduced": "Reduced",
           "withdrawn": "Withdrawn", "cancelled": "Cancelled", "lapsed": "Lapsed",
           "changed": "Changed", "decreased": "Decreased at your request"},
    "zh": {"granted": "核准", "increased": "提高", "reduced": "降低", "withdrawn": "撤销",
           "cancelled": "取消", "lapsed": "失效", "changed": "变更",
           "decreased": "应贵司要求降低"},
}


def money(amount: Decimal, currency: str, lang: str) -> str:
    return str(format_currency(amount, currency, locale=LOCALES[lang]))


def day(value: dt.date, lang: str) -> str:
    return str(format_date(value, format="long", locale=LOCALES[lang]))


def country(code: str, lang: str) -> str:
    return str(Locale.parse(LOCALES[lang]).territories.get(code.upper(), code))


def word(table: dict[str, dict[str, str]], key: str, lang: str) -> str:
    """`key` in words, or the key itself for one the table does not know yet."""
    return table[lang].get(key, key)

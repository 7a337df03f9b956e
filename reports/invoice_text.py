"""The words of the premium invoice in English and Simplified Chinese. Amounts, dates and
countries are formatted by `letter_text`, the same as the decision letter."""

from __future__ import annotations

LETTERHEAD = {
    "en": {"name": "Trade Credit Insurer", "department": "Premium Accounting"},
    "zh": {"name": "贸易信用保险公司", "department": "保费结算部"},
}

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title_declarations": "Premium invoice",
        "title_minimum_premium": "Premium invoice: minimum premium adjustment",
        "to": "To", "registration": "Reg. no.", "invoice_no": "Invoice no.",
        "issued_on": "Date of issue", "due_on": "Payable by", "policy": "Policy",
        "currency": "Currency", "policy_year": "Policy year", "year_span": "{start} to {end}",
        "period": "Month", "turnover": "Insured turnover", "rate": "Premium rate",
        "premium": "Premium", "total": "Total due",
        "declared": "Premium declared for the policy year",
        "minimum": "Minimum premium of the policy year",
        "adjustment": "Adjustment to the minimum premium",
        "explain_declarations": (
            "Premium on the insured turnover you declared under policy {policy}: each month's "
            "turnover times the premium rate of the terms in force that month. Invoiced "
            "declarations are final."),
        "explain_minimum_premium": (
            "The policy year is over: the premium declared for it falls short of the policy's "
            "minimum premium, and the difference is due. No further declarations are taken for "
            "this policy year."),
        "payment": "Please pay the total due by {date}, quoting the invoice number.",
        "pay_to": "Payment instructions", "beneficiary": "Beneficiary", "iban": "IBAN",
        "bic": "BIC / SWIFT", "bank": "Bank", "reference": "Payment reference",
        "footer": "Produced electronically; valid without signature.",
        "page": '"Page " counter(page) " of " counter(pages)',
    },
    "zh": {
        "title_declarations": "保费发票",
        "title_minimum_premium": "保费发票：最低保费调整",
        "to": "致", "registration": "注册号", "invoice_no": "发票编号",
        "issued_on": "开具日期", "due_on": "付款期限", "policy": "保单号",
        "currency": "币种", "policy_year": "保单年度", "year_span": "{start} 至 {end}",
        "period": "月份", "turnover": "承保营业额", "rate": "保费费率",
        "premium": "保费", "total": "应付总额",
        "declared": "本保单年度申报保费",
        "minimum": "本保单年度最低保费",
        "adjustment": "最低保费调整额",
        "explain_declarations": (
            "本发票依据贵司在保单 {policy} 项下申报的承保营业额计收保费：各月营业额乘以当月"
            "有效条款的保费费率。已开具发票的申报不可再修改。"),
        "explain_minimum_premium": (
            "本保单年度已结束，其申报保费低于保单约定的最低保费，差额应予补缴。"
            "本保单年度不再接受申报。"),
        "payment": "请于 {date} 前支付应付总额，并注明发票编号。",
        "pay_to": "付款说明", "beneficiary": "收款人", "iban": "IBAN 账号",
        "bic": "BIC / SWIFT 代码", "bank": "开户银行", "reference": "付款附言",
        "footer": "本发票由系统生成，无需签章即有效。",
        "page": '"第 " counter(page) " 页，共 " counter(pages) " 页"',
    },
}


def month(year: int, number: int, lang: str) -> str:
    return f"{year}年{number}月" if lang == "zh" else f"{_MONTHS[number - 1]} {year}"


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")

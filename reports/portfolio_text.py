"""The words of the portfolio report in English and Simplified Chinese: titles, column heads,
and the names of NACE sections (countries come from Babel through `letter_text`)."""

from __future__ import annotations

from buyers_db.reference import SECTIONS_ZH, SECTORS
from reports import claim_text, letter_text

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Portfolio report", "insurer": "The insurer's portfolio, every insured",
        "as_of": "As of", "currency": "Currency", "scope": "Portfolio",
        "totals": "Totals", "limits": "Limits", "buyers": "Buyers", "exposure": "Exposure",
        "share": "Share", "expected_loss": "Expected loss", "grade": "Grade",
        "country": "Country", "sector": "Sector", "buyer": "Buyer", "rank": "Rank", "pd": "PD",
        "by_grade": "Exposure by grade", "by_country": "Exposure by country",
        "by_sector": "Exposure by sector", "top_buyers": "Top buyers",
        "concentration": "Concentration", "top_share": "Share of the 10 largest buyers",
        "hhi": "Herfindahl-Hirschman index (0-10,000)",
        "ungraded": "Ungraded", "unknown": "Unknown",
        "method": ("Exposure is the amount of active credit limits{converted}. Expected loss = "
                   "exposure × the buyer's one-year probability of default (PD) × a loss given "
                   "default of {lgd} %; ungraded buyers have no PD and count no expected loss."),
        "converted": ", converted to {currency} at the insurer's reference rates",
        "footer": "Produced electronically from the platform's data on the date shown.",
        "page": '"Page " counter(page) " of " counter(pages)',
        "claims": "Claims", "claims_by_status": "Claims by status", "status": "Status",
        "claims_count": "Claims", "indemnity": "Indemnity", "paid": "Paid",
        "loss_ratios": "Claims paid and loss ratio per policy year", "policy": "Policy",
        "insured": "Insured", "year": "Policy year", "claims_paid": "Claims paid",
        "recovered": "Recovered", "premium": "Premium", "loss_ratio": "Loss ratio",
        "aged_balances": "Aged balances of the open collection cases",
        "days_0_30": "0-30 days", "days_31_60": "31-60 days", "days_61_90": "61-90 days",
        "days_over_90": "Over 90 days", "total": "Total", "dso": "DSO (days)",
        "no_claims": "No claims.", "no_cases": "No open collection cases.",
        "claims_method": ("Loss ratio = claims paid ÷ the policy year's premium; a claim "
                          "counts in the policy year of its case's first notification. Aged "
                          "balances: what is still owed, by days past the invoice's due date "
                          "(an invoice not yet due counts in 0-30 days). DSO: the "
                          "amount-weighted days since invoice date of what is still owed."),
    },
    "zh": {
        "title": "组合报告", "insurer": "保险人整体组合（全部被保险人）",
        "as_of": "数据日期", "currency": "币种", "scope": "组合",
        "totals": "合计", "limits": "限额数", "buyers": "买方数", "exposure": "风险敞口",
        "share": "占比", "expected_loss": "预期损失", "grade": "评级",
        "country": "国家/地区", "sector": "行业", "buyer": "买方", "rank": "排名",
        "pd": "违约概率",
        "by_grade": "按评级划分的风险敞口", "by_country": "按国家/地区划分的风险敞口",
        "by_sector": "按行业划分的风险敞口", "top_buyers": "最大买方",
        "concentration": "集中度", "top_share": "前 10 大买方占比",
        "hhi": "赫芬达尔-赫希曼指数（0-10,000）",
        "ungraded": "未评级", "unknown": "未知",
        "method": ("风险敞口为有效信用限额的金额{converted}。预期损失 = 风险敞口 × "
                   "买方一年期违约概率 × 违约损失率 {lgd}%；未评级买方无违约概率，不计预期损失。"),
        "converted": "，按保险人参考汇率折算为 {currency}",
        "footer": "本报告由系统根据所示日期的平台数据生成。",
        "page": '"第 " counter(page) " 页，共 " counter(pages) " 页"',
        "claims": "索赔", "claims_by_status": "按状态划分的索赔", "status": "状态",
        "claims_count": "索赔数", "indemnity": "赔款", "paid": "已支付",
        "loss_ratios": "各保单年度的已付赔款与赔付率", "policy": "保单",
        "insured": "被保险人", "year": "保单年度", "claims_paid": "已付赔款",
        "recovered": "追回款", "premium": "保费", "loss_ratio": "赔付率",
        "aged_balances": "未结催收案件的账龄余额",
        "days_0_30": "0-30 天", "days_31_60": "31-60 天", "days_61_90": "61-90 天",
        "days_over_90": "90 天以上", "total": "合计", "dso": "应收账款周转天数",
        "no_claims": "无索赔。", "no_cases": "无未结催收案件。",
        "claims_method": ("赔付率 = 已付赔款 ÷ 保单年度保费；索赔计入其案件首次通知所在的保单"
                          "年度。账龄余额：仍欠金额按发票到期日后的天数划分（尚未到期的发票计入 "
                          "0-30 天）。应收账款周转天数：仍欠金额按金额加权的自发票日起天数。"),
    },
}



def claim_status_label(status: str, lang: str) -> str:
    return str(claim_text.CLAIM_STATUSES[lang].get(status, status))


def grade_label(grade: int | None, lang: str) -> str:
    if grade is None:
        return TEXT[lang]["ungraded"]
    return f"{grade} 级" if lang == "zh" else f"Grade {grade}"


def country_label(code: str | None, lang: str) -> str:
    return letter_text.country(code, lang) if code else TEXT[lang]["unknown"]


def sector_label(section: str | None, lang: str) -> str:
    if section is None:
        return TEXT[lang]["unknown"]
    return SECTIONS_ZH[section] if lang == "zh" else SECTORS[section][0]

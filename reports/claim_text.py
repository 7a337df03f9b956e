"""The words of the claims documents (statement of loss, overdue acknowledgement) in English
and Simplified Chinese. Amounts, dates and countries are formatted by `letter_text`."""

from __future__ import annotations

DEPARTMENT = {"en": "Claims Department", "zh": "理赔部"}

COMMON: dict[str, dict[str, str]] = {
    "en": {
        "date": "Date", "claim_no": "Claim no.", "case_no": "Case no.", "policy": "Policy",
        "currency": "Currency", "insured": "Insured", "buyer": "Buyer", "name": "Name",
        "country": "Country", "registration": "Reg. no.", "yes": "yes", "no": "no",
        "none": "none", "days": "{days} days",
        "footer": "Produced electronically; valid without signature.",
        "page": '"Page " counter(page) " of " counter(pages)',
        "number": "Invoice", "invoice_date": "Invoice date", "delivery_date": "Delivered",
        "due_date": "Due", "amount": "Amount", "vat": "VAT",
    },
    "zh": {
        "date": "日期", "claim_no": "索赔编号", "case_no": "案件编号", "policy": "保单号",
        "currency": "币种", "insured": "被保险人", "buyer": "买方", "name": "名称",
        "country": "国家/地区", "registration": "注册号", "yes": "是", "no": "否",
        "none": "无", "days": "{days} 天",
        "footer": "本文件由系统生成，无需签章即有效。",
        "page": '"第 " counter(page) " 页，共 " counter(pages) " 页"',
        "number": "发票号", "invoice_date": "发票日期", "delivery_date": "交货日期",
        "due_date": "到期日", "amount": "金额", "vat": "增值税",
    },
}

STATEMENT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Statement of loss",
        "claim": "Claim", "cause": "Cause of loss", "date_of_loss": "Date of loss",
        "insolvency_date": "Insolvency date", "filed_on": "Filed on",
        "filing_deadline": "Filing deadline", "filed_late": "filed after the deadline",
        "notified_on": "Overdue notified on", "stop_date": "Cover stopped for deliveries from",
        "status": "Status", "assessed_on": "Assessed on",
        "approved_on": "Approved on", "payable_by": "Payable by", "paid_on": "Paid on",
        "paid_amount": "Amount paid", "rejection": "Reason for rejection",
        "invoices": "Invoices", "paid": "Paid", "disputed": "Disputed",
        "outstanding": "Owed", "vat_excluded": "VAT out", "remainder": "Eligible",
        "limit": "Limit", "pct": "Insured %", "covered": "Covered", "in_out": "In claim",
        "in": "in", "out": "out",
        "computation": "Computation", "step": "Step", "figure": "Amount",
        "recoveries": "Recoveries", "received_on": "Received on", "sharing": "Sharing",
        "insurer_share": "Insurer's share", "insured_share": "Your share",
        "intro": ("Every figure below is printed as the indemnity engine computed it on "
                  "{assessed}; payments and credit notes before the date of loss were applied "
                  "to the oldest open invoice first."),
    },
    "zh": {
        "title": "损失计算书",
        "claim": "索赔", "cause": "损失原因", "date_of_loss": "损失日期",
        "insolvency_date": "破产日期", "filed_on": "提交日期",
        "filing_deadline": "索赔提交期限", "filed_late": "逾期提交",
        "notified_on": "逾期通知日期", "stop_date": "停止承保新发货的起始日",
        "status": "状态", "assessed_on": "理算日期",
        "approved_on": "批准日期", "payable_by": "最迟支付日", "paid_on": "支付日期",
        "paid_amount": "已付金额", "rejection": "拒赔原因",
        "invoices": "发票", "paid": "已付", "disputed": "争议",
        "outstanding": "欠款", "vat_excluded": "扣除增值税", "remainder": "合格金额",
        "limit": "限额", "pct": "赔付比例", "covered": "承保金额", "in_out": "是否计入",
        "in": "计入", "out": "不计入",
        "computation": "计算过程", "step": "步骤", "figure": "金额",
        "recoveries": "追偿款", "received_on": "收到日期", "sharing": "分摊方式",
        "insurer_share": "保险人份额", "insured_share": "贵司份额",
        "intro": ("以下各项数字均按赔付引擎于 {assessed} 的计算结果列示；损失日期前收到的付款和"
                  "贷记单已按先到期先冲抵的原则冲抵最早的未付发票。"),
    },
}

# Each step of the computation, in the order docs/domain.md §6 gives: (key of the figure, words).
STEPS: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (
        ("gross_outstanding", "Notified invoices, VAT included"),
        ("payments_applied", "less payments and credit notes applied before the date of loss"),
        ("total_debt", "Total debt at the date of loss"),
        ("excluded", "less invoices out of the claim, disputed parts and VAT not covered"),
        ("net_outstanding", "Net outstanding"),
        ("applicable_limit", "Applicable credit limit"),
        ("covered_amount", "Covered amount: the lesser of net outstanding and the limit"),
        ("threshold", "Threshold (non-qualifying loss)"),
        ("insured_share", "Insured share: covered amount × insured %"),
        ("deductible", "Deductible per buyer"),
        ("minimum_retention", "Minimum retention"),
        ("deduction", "Deduction"),
        ("retention", "Retained by the insured"),
        ("indemnity_before_aggregate", "Indemnity before the aggregate first loss"),
        ("aggregate_first_loss_absorbed", "less aggregate first loss borne by the insured"),
        ("max_liability", "Maximum liability left in the policy year"),
        ("max_liability_cap_applied", "less the part beyond the maximum liability"),
        ("indemnity", "Indemnity"),
    ),
    "zh": (
        ("gross_outstanding", "已通知发票金额（含增值税）"),
        ("payments_applied", "减：损失日期前冲抵的付款和贷记单"),
        ("total_debt", "损失日期时的债务总额"),
        ("excluded", "减：不计入索赔的发票、争议部分及不承保的增值税"),
        ("net_outstanding", "净欠款"),
        ("applicable_limit", "适用的信用限额"),
        ("covered_amount", "承保金额：净欠款与限额中的较低者"),
        ("threshold", "起赔额（不合格损失）"),
        ("insured_share", "承保份额：承保金额 × 赔付比例"),
        ("deductible", "每一买方免赔额"),
        ("minimum_retention", "最低自留额"),
        ("deduction", "扣减额"),
        ("retention", "被保险人自留"),
        ("indemnity_before_aggregate", "累计首损前的赔款"),
        ("aggregate_first_loss_absorbed", "减：被保险人承担的累计首损"),
        ("max_liability", "保单年度剩余最高赔偿限额"),
        ("max_liability_cap_applied", "减：超过最高赔偿限额的部分"),
        ("indemnity", "赔款"),
    ),
}

NOTES = {
    "en": {
        "threshold_applied": "The loss is at or below the threshold: nothing is payable.",
        "pct_then_deduct": "Order: insured %, then the deductible.",
        "deduct_then_pct": "Order: the deductible, then insured %.",
        "weighted_pct": "Insured % {pct} (weighted where limits of both types applied).",
        "unapplied": "Payments beyond every open amount (credit balance): {amount}.",
    },
    "zh": {
        "threshold_applied": "损失不超过起赔额：不予赔付。",
        "pct_then_deduct": "计算顺序：先乘赔付比例，再扣免赔额。",
        "deduct_then_pct": "计算顺序：先扣免赔额，再乘赔付比例。",
        "weighted_pct": "赔付比例 {pct}（两类限额并存时为加权比例）。",
        "unapplied": "超出全部未付金额的付款（贷方余额）：{amount}。",
    },
}

CAUSES = {
    "en": {"insolvency": "Insolvency of the buyer", "protracted_default": "Protracted default"},
    "zh": {"insolvency": "买方破产", "protracted_default": "拖欠"},
}

CLAIM_STATUSES = {
    "en": {"open": "Filed, to assess", "assessed": "Assessed", "approved": "Approved",
           "rejected": "Rejected", "paid": "Paid"},
    "zh": {"open": "已提交，待理算", "assessed": "已理算", "approved": "已批准",
           "rejected": "已拒赔", "paid": "已支付"},
}

SHARING = {
    "en": {"loss_share": "share of the loss", "receivable_ratio": "receivable ratio"},
    "zh": {"loss_share": "按损失比例", "receivable_ratio": "按应收账款比例"},
}

LIMIT_TYPES = {
    "en": {"insurer": "insurer", "discretionary": "discretionary"},
    "zh": {"insurer": "保险人核定", "discretionary": "自行核定"},
}

# The engine writes each reason in English with its figures; the Chinese document names the
# reason, and the figures stand in the invoice's own columns.
REASONS_ZH = {
    "outside_policy_period": "交货日期不在保单期间内。",
    "no_limit": "交货日期时该买方无信用限额承保。",
    "after_stop": "交货时对该买方新发货的承保已停止。",
    "terms_over_mct": "账期超过保单最长信用期。",
    "disputed": "整张发票存在争议，在争议解决前暂不计入。",
    "notified_late": "逾期通知晚于通知期限。",
    "buyer_cover_void": "另一张发票逾期通知过晚，对该买方的承保无效。",
    "partly_disputed": "部分金额存在争议，在争议解决前暂不计入。",
    "vat_excluded": "保单不承保欠款中的增值税部分。",
    "paid": "已按先到期先冲抵原则由付款和贷记单全额结清。",
}


def reason(code: str, text: str, lang: str) -> str:
    """An invoice's reason in the document's language (the engine's own words in English)."""
    return text if lang == "en" else REASONS_ZH.get(code, text)

ACKNOWLEDGEMENT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Acknowledgement of overdue notification",
        "intro": ("We acknowledge your notification of overdue invoices on the buyer below. "
                  "Collection case {case} was opened on {opened}. Deliveries to this buyer from "
                  "{stop} are not covered until the insurer decides otherwise."),
        "notification": "Notified on {day}", "checks": "What the checks found",
        "no_issue": "No issue found.", "deadline": "Notify by", "total": "Total",
        "issues_note": ("An invoice is never refused for what the checks find; it may however "
                        "be left out of a claim for it."),
        "deadlines": "Deadlines", "what": "What", "by": "By", "standing": "Standing",
        "notify": "Notify invoice {number}", "file": "File a claim",
        "met": "met", "missed": "missed", "ahead": "{days} days left",
        "loss_note": ("If the buyer still owes on {day}, that is the date of loss ({cause}) and "
                      "the claim opens on that day."),
        "no_loss": "Nothing has been owed long enough yet for a protracted default.",
        "ladder": "Collection", "ladder_intro": "The case climbs the policy's collection ladder:",
        "stage_from": "{stage} from {day}",
        "closing": "Yours faithfully,",
    },
    "zh": {
        "title": "逾期通知确认书",
        "intro": ("兹确认收到贵司关于下列买方逾期发票的通知。"
                  "第 {case} 号催收案件已于 {opened} 立案。"
                  "自 {stop} 起向该买方的发货不再承保，除非保险人另行决定。"),
        "notification": "通知日期 {day}", "checks": "审核结果",
        "no_issue": "未发现问题。", "deadline": "通知期限", "total": "合计",
        "issues_note": "发票不会因审核结果而被拒收，但可能因此不计入索赔。",
        "deadlines": "期限", "what": "事项", "by": "截止日期", "standing": "状态",
        "notify": "通知发票 {number}", "file": "提交索赔",
        "met": "已遵守", "missed": "已逾期", "ahead": "剩余 {days} 天",
        "loss_note": "如买方于 {day} 仍未付款，该日即为损失日期（{cause}），索赔于当日开立。",
        "no_loss": "目前尚无欠款达到拖欠所需的期限。",
        "ladder": "催收", "ladder_intro": "本案件按保单的催收步骤推进：",
        "stage_from": "{day} 起{stage}",
        "closing": "此致|敬礼！",
    },
}

STAGES = {
    "en": {"reminder": "reminder", "call": "call", "formal_demand": "formal demand",
           "legal": "legal action"},
    "zh": {"reminder": "催款提醒", "call": "电话催收", "formal_demand": "正式催款函",
           "legal": "法律行动"},
}

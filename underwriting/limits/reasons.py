"""Reason codes for limit decisions, after the EDIFACT 4509 list, in words an insured can read
in English and Simplified Chinese."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    code: str
    en: str
    zh: str


REASONS = {r.code: r for r in (
    Reason("NFI", "No financial information on the buyer", "无买方财务信息"),
    Reason("OLD", "Financial information is out of date", "买方财务信息已过期"),
    Reason("NEW", "New company", "新成立企业"),
    Reason("API", "Adverse public information", "存在不利公开信息"),
    Reason("INS", "Buyer insolvent", "买方已破产"),
    Reason("CTR", "Buyer has ceased trading", "买方已停止经营"),
    Reason("GRD", "Buyer's risk grade is too weak", "买方风险评级过低"),
    Reason("WCH", "Buyer's grade needs an underwriter's review", "买方评级需核保员审核"),
    Reason("UNG", "Buyer not yet graded", "买方尚未评级"),
    Reason("CLF", "Credit limit full: no capacity left on the buyer", "买方信用额度已满"),
    Reason("ACE", "Amount above the automatic ceiling for the buyer's grade",
           "金额超出该评级自动核准上限"),
    Reason("MCT", "Payment terms above the policy's maximum credit period",
           "账期超过保单最长信用期"),
    Reason("CMT", "Request carries a comment for the underwriter", "申请附有需核保员处理的备注"),
    Reason("PAY", "Adverse payment experience on the buyer", "买方付款记录不良"),
    Reason("OIR", "Only insolvency risk covered", "仅承保破产风险"),
    Reason("SPT", "Shorter payment terms required", "须缩短账期"),
    Reason("EXP", "Limit granted for a limited period", "限额有期限"),
    Reason("RED", "Exposure reduced on the buyer", "降低对该买方的风险敞口"),
    Reason("UWD", "Underwriter's decision", "核保员决定"),
)}


def known(codes: list[str]) -> list[str]:
    """The codes that are not in the list (empty when all are known)."""
    return [code for code in codes if code not in REASONS]

"""Overdue notifications, collection cases, claims, the indemnity engine and recoveries.

- `notifications.notify_overdue`: report a buyer's unpaid invoices, each with its issues;
  opens or extends the buyer's collection case.
- `cases`, `case_view`: finding cases, their balances, timeline, deadlines and warnings.
- `collection`: payments, credit notes, disputes and their resolution.
- `filing`, `assessment`, `recoveries`: a claim from filing to payment, and after.
- `precheck`: what a claim would pay if assessed today, and what makes it smaller.
- `jobs`: the daily ladder and the claims opened on their date of loss.
- `loader`: a case as the pure `indemnity` engine sees it; `premium.year_premium`.
- `hooks`: the answers underwriting asks for (open overdue, payment experience), connected
  by `portal.wiring`.
- `states`: the machines of cases, disputes and claims, as data.
"""

"""Names people read for the codes of cases and claims, in the page's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

CASE_STATUSES = {"open": _l("Collecting"), "claimed": _l("Claim in progress"),
                 "closed": _l("Closed")}

CLAIM_STATUSES = {"open": _l("Filed, to assess"), "assessed": _l("Assessed"),
                  "approved": _l("Approved"), "rejected": _l("Rejected"), "paid": _l("Paid")}

DEADLINES = {"notification_deadline": _l("Notify the overdue"),
             "claim_filing_deadline": _l("File the claim")}

"""The insured's credit control desk: the receivables ledger (every buyer's open invoices under
a policy, uploaded as a file that replaces the last), aged at the business date, with the part
above the limit in force and warnings before a claim would be refused (`ledger`), and the
daily announcement of deadlines coming near (`announcements`)."""

"""Overdue notifications, collection cases, claims, the indemnity engine and recoveries."""

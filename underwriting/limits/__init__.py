"""Credit limits (docs/domain.md §5): requests and the instant decision engine, underwriters'
decisions, discretionary limits, reductions with notice, the effective-dated history that
says which limit covered a delivery on a date, buyer capacity across insureds, and alerts."""

from underwriting.limits import alerts as alerts  # connects the grade-change listener

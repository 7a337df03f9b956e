"""Premium (domain §7): monthly turnover declarations, premium invoices, the year-end minimum
premium true-up, and `year_premium`, the policy year's premium that maximum liability reads."""

from underwriting.premium.years import PolicyYear, policy_year_of, policy_years, year_premium

__all__ = ["PolicyYear", "policy_year_of", "policy_years", "year_premium"]

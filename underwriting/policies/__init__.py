"""Policies with versioned terms (docs/domain.md §3): `PolicyTerms`, the models and the services."""

from underwriting.policies.models import Policy, PolicyTermsVersion
from underwriting.policies.terms import LadderStep, PolicyTerms

__all__ = ["LadderStep", "Policy", "PolicyTerms", "PolicyTermsVersion"]

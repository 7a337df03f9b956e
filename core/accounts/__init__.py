"""Insureds (the tenants), their users and the insurer's staff, passwords, API tokens and
sign-in throttling."""

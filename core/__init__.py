"""The ground floor: database base and session, money, business clock, tenancy, actor, errors,
audit trail, and the accounts (insureds, users, API tokens) every domain hangs off."""

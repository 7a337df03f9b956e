"""Who is asking: bearer tokens for the API, the session cookie for pages."""

from portal.auth.current import current_actor, sign_in_required

__all__ = ["current_actor", "sign_in_required"]

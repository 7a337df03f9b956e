"""Notifications: events from the outbox sent as e-mail and signed webhooks. The delivery worker,
per-user preferences and daily digests live here; domains never call this package, they record
events in `core.outbox` inside their own transaction."""

"""What the buyer database tells the layers above it, without importing them."""

from blinker import signal

buyer_changed = signal("buyer-changed")
"""Sent with `session` as sender and `buyer_ids` after a buyer's identity, statements or legal
events change, so that its grade can follow."""

legal_event_recorded = signal("legal-event-recorded")
"""Sent with `session` as sender and `buyer_id`, `type` (a `LegalEventType`), `date` and
`actor` once a legal event is recorded, so that the limits on the buyer can follow."""

"""What the buyer database tells the layers above it, without importing them."""

from blinker import signal

buyer_changed = signal("buyer-changed")
"""Sent with `session` as sender and `buyer_ids` after a buyer's identity, statements or legal
events change, so that its grade can follow."""

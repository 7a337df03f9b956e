"""The claims desk: documents and messages on collection cases and claims."""

"""The domain: validated, immutable entities and the facts derived from them (supply streams, open days)."""

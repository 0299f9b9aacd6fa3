"""Explaining a plan: why none exists, which link holds deployment, and what one more unit buys."""

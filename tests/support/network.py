"""The network cut off for a test: what it raises when something tries to reach the network."""

from __future__ import annotations


class NetworkUsed(AssertionError):
    """Something tried to reach the network."""

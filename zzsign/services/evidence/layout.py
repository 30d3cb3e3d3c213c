"""What an evidence package says it is: the formats of its manifest and chain, and the
manifest's name (the layout itself is described in :mod:`zzsign.services.evidence`)."""

from __future__ import annotations

PACKAGE_FORMAT = "zzsign.evidence/1"
CHAIN_FORMAT = "zzsign.chain-export/1"
MANIFEST = "manifest.json"

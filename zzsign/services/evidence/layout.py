"""What an evidence package says it is: the formats of its manifest and chain, and the
manifest's name (the layout itself is described in :mod:`zzsign.services.evidence`)."""

from __future__ import annotations

#: Format 2 adds the laptop's signature over the manifest (``manifest.sig``), and the manifest
#: names the chain's last entry, so a package cut short or rebuilt elsewhere shows.
PACKAGE_FORMAT = "zzsign.evidence/2"
#: Packages zzsign made before: still verified, their completeness and maker never vouched for.
OLDER_PACKAGE_FORMATS = ("zzsign.evidence/1",)
CHAIN_FORMAT = "zzsign.chain-export/1"
MANIFEST = "manifest.json"
MANIFEST_SIGNATURE = "manifest.sig"
#: What the laptop signs: these bytes, then the exact bytes of ``manifest.json``.
MANIFEST_SIGNATURE_CONTEXT = b"zzsign evidence manifest v2\n"

"""The stores earlier zzsign versions left on a laptop (tests/fixtures/), by name."""

from __future__ import annotations

from support import TESTS

#: Each fixture store's folder (its database, keyring and records.json), by name.
FIXTURES = {name: TESTS / "fixtures" / name for name in ("schema-0001", "format-1")}

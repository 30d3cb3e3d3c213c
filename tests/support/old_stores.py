"""The stores earlier zzsign versions left on a laptop (tests/fixtures/), by name."""

from __future__ import annotations

from support import TESTS

#: Each fixture store's folder (its database, keyring and records.json), by name.
FIXTURES = {name: TESTS / "fixtures" / name for name in ("schema-0001", "format-1")}

#: The store the zzsign of schema 0005 left (commit 4252374): format-2 records, a void, HR's key
#: without a signing key and two wrong HR passwords counted in ``hr_keys`` (see its
#: ``make_fixture.py``). Kept apart from :data:`FIXTURES`, whose stores hold format-1 records.
SCHEMA_0005 = TESTS / "fixtures" / "schema-0005"

"""The agreement is exactly what ships, with the clause word for word; hashing is canonical."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from zzsign.domain.canonical import NonCanonicalValueError, canonical_json
from zzsign.domain.documents import Agreement, DocumentIntegrityError, load_documents
from zzsign.resources import RESOURCES_DIR
from zzsign.services.store import shipped_documents

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_70538b5128d6096d.txt"
CLAUSE_START = "Third Party Information. I recognize"
CLAUSE_END = "such third party."


def seed_clause() -> str:
    text = SEED.read_text(encoding="utf-8")
    start = text.index(CLAUSE_START)
    return text[start : text.index(CLAUSE_END, start) + len(CLAUSE_END)]


def test_agreement_quotes_the_policy_clause_word_for_word():
    agreement, _ = shipped_documents()
    expected = (
        "Third Party Information. I recognize that the Company has received and in the future "
        "will receive from third parties their confidential or proprietary information subject "
        "to a duty on the Company's part to maintain the confidentiality of such information and "
        "to use it only for certain limited purposes.I agree to hold all such confidential or "
        "proprietary information in the strictest confidence and not to disclose it to any "
        "person, firm or corporation or to use it except as necessary in carrying out my work "
        "for the Company consistent with the Company's agreement with such third party."
    )
    assert agreement.third_party_clause == expected
    if SEED.exists():
        assert agreement.third_party_clause == seed_clause()
    assert agreement.version == 1
    assert "version 1" in agreement.meaning


def test_changed_text_under_the_same_version_is_refused(tmp_path):
    folder = tmp_path / "agreements"
    shutil.copytree(RESOURCES_DIR / "agreements", folder)
    text_file = folder / "confidentiality-v1.md"
    text_file.write_text(text_file.read_text().replace("strictest", "strict"))
    with pytest.raises(DocumentIntegrityError, match="new version"):
        load_documents(folder, Agreement)


def test_store_refuses_a_different_text_for_a_version_already_registered(store):
    from zzsign.domain.clock import system_clock
    from zzsign.store.records import AGREEMENT, RecordRepository

    changed = Agreement.from_text(1, "Employee Confidentiality Agreement", "Something else")
    with store.sessions.begin() as db, pytest.raises(DocumentIntegrityError):
        RecordRepository(db).register_document(AGREEMENT, changed, system_clock())


def test_manifest_hashes_match_the_files():
    for folder in ("agreements", "disclosures"):
        manifest = json.loads((RESOURCES_DIR / folder / "manifest.json").read_text())
        assert load_documents(RESOURCES_DIR / folder, Agreement)
        assert manifest["documents"]


def test_canonical_json_is_stable_utf8_and_refuses_floats():
    assert canonical_json({"b": 1, "a": "Zoë"}) == '{"a":"Zoë","b":1}'.encode()
    assert canonical_json({"a": [1, {"z": None, "y": True}]}) == b'{"a":[1,{"y":true,"z":null}]}'
    with pytest.raises(NonCanonicalValueError):
        canonical_json({"x": 1.5})
    with pytest.raises(NonCanonicalValueError):
        canonical_json({"x": b"bytes"})

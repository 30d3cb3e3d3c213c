"""Appending a signed record: seal the personal part to HR, chain and sign its one entry.

This is the one path by which records enter the store — the kiosk and ``zzsign demo`` both use it.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from zzsign.domain.canonical import sha256_hex
from zzsign.domain.record import PublicRecord, SealInfo, SignedRecord
from zzsign.security import sealing
from zzsign.security.chain import LinkKind, extend_chain
from zzsign.security.fingerprints import public_key_fingerprint
from zzsign.security.installation_keys import InstallationSigner
from zzsign.services.hr import HrNotSetUpError
from zzsign.store.records import RecordRepository, StoredLink, StoredRecord

if TYPE_CHECKING:
    from zzsign.services.store import Store

SALT_BYTES = 32

log = logging.getLogger(__name__)


def personal_aad(record_id: str) -> bytes:
    """Associated data binding a sealed personal part to its record."""
    return f"zzsign personal {record_id}".encode()


def image_aad(record_id: str) -> bytes:
    """Associated data binding a format-1 record's sealed signature image to its record."""
    return f"zzsign signature image {record_id}".encode()


@dataclass(frozen=True)
class AppendedRecord:
    """What was written for one record: its public part, its personal plaintext and its link.

    The plaintext (salt included) is what lets the kiosk hand the hire a PDF copy that anyone can
    check against the chain, without the kiosk ever being able to read the record back.
    """

    public: PublicRecord
    personal_plaintext: bytes
    link: StoredLink

    @property
    def head(self) -> tuple[int, str]:
        """The installation chain's newest link after this record."""
        return self.link.sequence, self.link.entry_sha256


def append_record(db: Session, record: SignedRecord, signer: InstallationSigner) -> AppendedRecord:
    """Seal, chain, sign and add ``record`` (format 2) in ``db``'s transaction.

    One chain entry covers the whole record, its audit trail included; only the personal part
    is sealed (the strokes or the typed text are the signature, no image is kept), and the
    record names the fingerprint of the HR key it is sealed to.
    """
    records = RecordRepository(db)
    hr_key = records.hr_public_key()
    if hr_key is None:
        raise HrNotSetUpError()
    hr_public = bytes.fromhex(hr_key.public_key)
    plaintext = record.personal_plaintext(os.urandom(SALT_BYTES))
    sealed_personal = sealing.seal(hr_public, plaintext, personal_aad(record.record_id))
    public = record.public_part(
        SealInfo(
            hr_key_id=hr_key.id,
            personal_commitment=sha256_hex(plaintext),
            sealed_personal_sha256=sha256_hex(sealed_personal),
            hr_key_fingerprint=public_key_fingerprint(hr_public),
        )
    )
    records.add_record(StoredRecord(public, public.sha256, sealed_personal, None))
    stored_link = append_link(
        records, signer, record.installation_id, LinkKind.RECORD, record.record_id, public.sha256
    )
    return AppendedRecord(public, plaintext, stored_link)


def append_link(
    records: RecordRepository,
    signer: InstallationSigner,
    installation_id: str,
    kind: LinkKind,
    subject: str,
    payload_sha256: str,
) -> StoredLink:
    """Chain one entry after the installation's newest, sign it and add it: the one way a link
    is signed (a record, a void). Holds the installation's chain until the transaction ends,
    so that two processes of one installation take turns (one chain, never a fork)."""
    records.lock_chain(installation_id)
    (link,) = extend_chain(
        installation_id, records.chain_head(installation_id), [(kind, subject, payload_sha256)]
    )
    stored = StoredLink(
        link.installation_id,
        link.sequence,
        link.kind,
        link.subject,
        link.payload_sha256,
        link.prev_sha256,
        link.entry_sha256,
        signer.sign(link.canonical_bytes()),
    )
    records.add_links([stored])
    return stored


def remember_chain_head(store: Store, head: tuple[int, str]) -> None:
    """Keep the newest link in the keyring too, so that cutting the chain short shows.

    Called after the commit, and returns at once: ``store.anchor``
    (:class:`~zzsign.services.chain_anchor.ChainAnchor`) writes it on a thread a moment later,
    and before the store closes or the process exits. If the keyring fails, the record is still
    safe, and only the outside anchor lags behind (verify never mistakes a lagging anchor for
    tampering).

    The anchor only moves forward: when another zzsign on the same data folder has already
    remembered a later link, it is kept. Two processes that read the anchor at the same moment
    can still leave the earlier of their two links remembered, which is only a lag. A head
    beyond the chain is never written (every head written here has been committed), so the
    anchor never makes verify report entries as missing that were never signed.
    """
    store.anchor.note(head)

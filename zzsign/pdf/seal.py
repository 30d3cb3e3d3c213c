"""PAdES sealing of finished agreement PDFs with the installation's own X.509 certificate.

Every installation makes itself an ECDSA P-256 key and a self-signed certificate on first start
(``create_seal_identity``); the caller keeps the private key in the OS keyring and stores the
certificate with the records. ``seal_pdf`` adds an invisible PAdES B-B *certification* signature
(DocMDP "no changes allowed") as an incremental update, so a PDF reader shows the document as
certified and unmodified, and any later change breaks the seal. ``check_seal`` validates a seal
with pyHanko and explains in plain sentences what is wrong, without ever raising on bad input.

No Qt and no database here: this module only turns bytes into bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from zzsign.security.fingerprints import certificate_fingerprint

SEAL_FIELD_NAME = "zzsign-seal"
#: Room kept for the seal's CMS beyond its certificate (signed attributes, algorithm
#: identifiers, an ECDSA signature: about 550 bytes), so the seal is built once, never sized by
#: a dry run. The CMS is written as hex: two characters per byte.
CMS_ROOM_BEYOND_CERTIFICATE = 2048

#: id-kp-documentSigning (RFC 9336); recent PDF readers look for it on signing certificates.
DOCUMENT_SIGNING_OID = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")
CERTIFICATE_LIFETIME = dt.timedelta(days=20 * 365 + 5)  # 20 years, leap days included
BACKDATE = dt.timedelta(days=1)  # tolerate a kiosk clock that is a little behind

CHANGED_BYTES = "the PDF was changed after it was sealed: the sealed bytes no longer match the seal"
CHANGED_APPENDED = (
    "the PDF was changed after it was sealed: more content was added after the seal, "
    "so the seal no longer covers the whole file"
)
CHANGED_UNREADABLE = (
    "the PDF was changed or damaged after it was sealed: its seal can no longer be read"
)


class SealError(Exception):
    """The PDF could not be sealed (unreadable input, already certified, bad key...)."""


@dataclass(frozen=True)
class SealIdentity:
    """The installation's PDF-sealing key and self-signed certificate (both PEM)."""

    private_key_pem: bytes  # goes into the OS keyring (never to disk) — callers handle storage
    certificate_pem: bytes  # public; stored with the records

    def __repr__(self) -> str:  # never print the private key in logs or tracebacks
        return f"SealIdentity(certificate={certificate_fingerprint(self.certificate_pem)})"


@dataclass(frozen=True)
class SealCheck:
    """The result of checking a PDF's zzsign seal."""

    sealed: bool  # a zzsign seal signature is present
    intact: bool  # the signed bytes hash matches and the signature verifies
    covers_whole_file: bool  # nothing was appended after signing
    signer_certificate_pem: bytes | None
    problems: tuple[str, ...]  # plain sentences, e.g. "the PDF was changed after it was sealed"

    @property
    def ok(self) -> bool:
        return self.sealed and self.intact and self.covers_whole_file and not self.problems


# --------------------------------------------------------------------------- identity


def create_seal_identity(installation_id: str, *, now: dt.datetime | None = None) -> SealIdentity:
    """Make a new ECDSA P-256 key and a self-signed X.509 v3 certificate for PDF sealing."""
    if not installation_id or not installation_id.strip():
        raise ValueError("installation_id must not be empty")
    now = _aware(now) if now is not None else dt.datetime.now(dt.UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, f"zzsign installation {installation_id}"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ZZ Servers"),
        ]
    )
    public_key = key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public_key)
        # 159 random bits: positive, at most 20 octets as RFC 5280 requires
        .serial_number(secrets.randbits(159) | 1)
        .not_valid_before(now - BACKDATE)
        .not_valid_after(now + CERTIFICATE_LIFETIME)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # a.k.a. nonRepudiation; pyHanko requires it
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([DOCUMENT_SIGNING_OID, ExtendedKeyUsageOID.EMAIL_PROTECTION]),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(public_key), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    return SealIdentity(
        private_key_pem=key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
        certificate_pem=certificate.public_bytes(serialization.Encoding.PEM),
    )


def _certificate_der(certificate_pem: bytes) -> bytes:
    try:
        certificate = x509.load_pem_x509_certificate(certificate_pem)
    except ValueError as exc:
        raise ValueError("not a PEM X.509 certificate") from exc
    return certificate.public_bytes(serialization.Encoding.DER)


def _aware(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("datetimes must be timezone-aware")
    return moment


# --------------------------------------------------------------------------- sealing


def seal_pdf(
    pdf: bytes,
    identity: SealIdentity,
    *,
    reason: str,
    location: str | None = None,
    signed_at: dt.datetime | None = None,
) -> bytes:
    """Seal ``pdf`` with a PAdES B-B certification signature; return the sealed bytes.

    The signature goes into the invisible field ``SEAL_FIELD_NAME`` in an incremental update
    over the given bytes (which stay a byte-for-byte prefix of the result), with SHA-256 and
    DocMDP "no changes allowed". ``signed_at`` (timezone-aware) sets the signing time recorded
    in the signature dictionary; it defaults to now. Raises ``SealError`` if the PDF cannot be
    sealed (not a PDF, encrypted, already sealed or certified, key and certificate mismatch).
    """
    return seal_update(
        pdf, identity, lambda writer: None, reason=reason, location=location, signed_at=signed_at
    )


def seal_update(
    pdf: bytes,
    identity: SealIdentity,
    update: Callable[[Any], None],
    *,
    reason: str,
    location: str | None = None,
    signed_at: dt.datetime | None = None,
) -> bytes:
    """Like :func:`seal_pdf`, but ``update(writer)`` first changes the PDF in the same
    incremental update as the seal (pyHanko's ``IncrementalPdfFileWriter``), so the PDF is read
    once and the seal covers the changes. ``update`` may raise ValueError or KeyError for a PDF
    it cannot change (reported as ``SealError``).
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign.general import SigningError

    if signed_at is not None:
        signed_at = _aware(signed_at)
    signer, certificate_size = _signer(identity)
    pdf_signer = _pdf_signer(signer, reason=reason, location=location, signed_at=signed_at)
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        update(writer)
        output = _run(
            pdf_signer.async_sign_pdf(
                writer,
                output=io.BytesIO(),
                bytes_reserved=2 * (certificate_size + CMS_ROOM_BEYOND_CERTIFICATE),
            )
        )
    except (PdfError, SigningError, ValueError, KeyError, TypeError) as exc:
        raise SealError(f"the PDF could not be sealed: {exc}") from exc
    return output.getvalue()


@functools.lru_cache(maxsize=4)
def _signer(identity: SealIdentity):
    """pyHanko's signer for ``identity`` and its certificate's size in bytes (DER).

    Made once per identity (an installation has one), with its signing-certificate attribute.
    """
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    try:
        private_key = serialization.load_pem_private_key(identity.private_key_pem, password=None)
    except (ValueError, TypeError) as exc:
        raise SealError("the sealing key is not a readable PEM private key") from exc
    certificate_der = _certificate_der(identity.certificate_pem)
    pkcs8 = private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public_of_key = private_key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    public_of_cert = (
        x509.load_der_x509_certificate(certificate_der)
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    if public_of_key != public_of_cert:
        raise SealError("the sealing key does not belong to the sealing certificate")
    signer = _signer_class()(
        signing_cert=asn1_x509.Certificate.load(certificate_der),
        signing_key=asn1_keys.PrivateKeyInfo.load(pkcs8),
        # The signing certificate goes into the CMS by itself; nothing else is needed.
        cert_registry=SimpleCertificateStore(),
    )
    signer.signed_attr_prov_spec = _pades_attributes(signer.signing_cert)
    return signer, len(certificate_der)


def _encoded_once(value):
    """``value`` (an asn1crypto value built in Python) read back from its DER encoding.

    asn1crypto encodes a value built in Python again at every ``dump()``, its children too (and
    each level asks twice), which made most of the seal's time. A value read back from its
    bytes keeps them: it is encoded once.
    """
    return value.__class__.load(value.dump())


@functools.cache
def _signer_class():
    """pyHanko's SimpleSigner, with the CMS parts it builds encoded once (built on first use,
    so that importing this module does not load pyHanko)."""
    from pyhanko.sign import signers

    class EncodedOnceSigner(signers.SimpleSigner):
        async def signed_attrs(self, *args, **kwargs):
            return _encoded_once(await super().signed_attrs(*args, **kwargs))

        def signer_info(self, *args, **kwargs):
            return _encoded_once(super().signer_info(*args, **kwargs))

    return EncodedOnceSigner


def _pades_attributes(certificate):
    """PAdES B-B's signed attribute beyond the content type and the digest (which pyHanko adds):
    signing-certificate-v2 for ``certificate``, built once rather than per seal. What pyHanko's
    own CAdES provider spec yields for a PAdES signature without further CAdES attributes."""
    from pyhanko.sign.attributes import (
        CMSAttributeProvider,
        SignedAttributeProviderSpec,
        SigningCertificateV2Provider,
    )

    class Built(CMSAttributeProvider):
        def __init__(self, attribute) -> None:
            self.attribute = attribute

        async def get_attribute(self, dry_run=False):
            return self.attribute

    class PadesAttributes(SignedAttributeProviderSpec):
        def __init__(self, attribute) -> None:
            self.providers = (Built(attribute),)

        def signed_attr_providers(self, data_digest, digest_algorithm):
            return self.providers

    attribute = _run(SigningCertificateV2Provider(certificate).get_attribute())
    return PadesAttributes(_encoded_once(attribute))


def _pdf_signer(signer, *, reason: str, location: str | None, signed_at: dt.datetime | None):
    from pyhanko.sign import fields, signers

    metadata = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
    )
    return _timed_signer_class()(
        metadata,
        signer=signer,
        new_field_spec=fields.SigFieldSpec(sig_field_name=SEAL_FIELD_NAME),  # no box: invisible
        signed_at=signed_at,
    )


def _run(coroutine) -> io.BytesIO:
    """Run pyHanko's signing coroutine, even if this thread already runs an event loop."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:  # asyncio.run refuses a nested loop
        return pool.submit(asyncio.run, coroutine).result()


@functools.cache
def _timed_signer_class():
    """A pyHanko PdfSigner whose signing time can be fixed (pyHanko itself only uses "now").

    Built on first use so that importing this module does not load pyHanko (~1 s).
    """
    from pyhanko.sign.signers.pdf_signer import PdfSigner

    class TimedPdfSigner(PdfSigner):
        def __init__(self, *args, signed_at: dt.datetime | None = None, **kwargs):
            super().__init__(*args, **kwargs)
            self._signed_at = signed_at

        def init_signing_session(self, pdf_out, existing_fields_only=False):
            session = super().init_signing_session(pdf_out, existing_fields_only)
            if self._signed_at is not None:
                session.system_time = self._signed_at  # /M of the signature dictionary
            return session

    return TimedPdfSigner


# --------------------------------------------------------------------------- checking


def check_seal(pdf: bytes, trusted_certificate_pem: bytes | None = None) -> SealCheck:
    """Check the zzsign seal of ``pdf`` with pyHanko; never raises on bad PDF input.

    With ``trusted_certificate_pem`` the seal must be made by exactly that certificate (it is
    the only trust root). Without it, the embedded signer certificate is trusted for the
    cryptographic check and returned in ``signer_certificate_pem`` so the caller can compare it
    with the certificate it expects. A malformed ``trusted_certificate_pem`` is the caller's
    error and raises ``ValueError``.
    """
    trusted_der = (
        _certificate_der(trusted_certificate_pem) if trusted_certificate_pem is not None else None
    )
    if not isinstance(pdf, bytes | bytearray | memoryview):
        return _unsealed("the file is not a PDF")
    pdf = bytes(pdf)
    if b"%PDF-" not in pdf[:1024]:
        if _looks_sealed(pdf):
            return _broken(CHANGED_UNREADABLE)
        return _unsealed("the file is not a PDF")

    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_regular_signatures)
        seal = next((s for s in embedded if s.field_name == SEAL_FIELD_NAME), None)
        if seal is None and trusted_der is not None:
            # a signature by the expected certificate whose field was renamed is still our seal
            seal = next((s for s in embedded if _signer_der(s) == trusted_der), None)
    except Exception:  # pyHanko raises many kinds of errors on damaged files
        if _looks_sealed(pdf):
            return _broken(CHANGED_UNREADABLE)
        return _unsealed("the file is not a readable PDF")
    if seal is None:
        if _looks_sealed(pdf):
            return _broken(CHANGED_UNREADABLE)
        return _unsealed("the PDF carries no zzsign seal")
    return _check_signature(seal, trusted_der)


def _signer_der(embedded) -> bytes | None:
    try:
        return embedded.signer_cert.dump()
    except Exception:
        return None


def _check_signature(embedded, trusted_der: bytes | None) -> SealCheck:
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    signer_der = _signer_der(embedded)
    if signer_der is None:
        return _broken(CHANGED_UNREADABLE)
    signer_pem = x509.load_der_x509_certificate(signer_der).public_bytes(serialization.Encoding.PEM)
    root = asn1_x509.Certificate.load(trusted_der if trusted_der is not None else signer_der)
    context = ValidationContext(trust_roots=[root], allow_fetching=False)
    try:
        status = validate_pdf_signature(embedded, signer_validation_context=context)
    except Exception:
        return _broken(CHANGED_UNREADABLE, signer_pem)

    intact = bool(status.intact and status.valid)
    covers = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    problems: list[str] = []
    if not status.intact:
        problems.append(CHANGED_BYTES)
    elif not status.valid:
        problems.append("the seal's signature does not match the certificate it names")
    if not covers:
        problems.append(CHANGED_APPENDED)
    if trusted_der is not None and signer_der != trusted_der:
        problems.append("the PDF was sealed with a different certificate than the expected one")
    elif intact and not status.trusted:
        problems.append("the sealing certificate is not valid for sealing PDFs at this time")
    return SealCheck(
        sealed=True,
        intact=intact,
        covers_whole_file=covers,
        signer_certificate_pem=signer_pem,
        problems=tuple(problems),
    )


def _looks_sealed(pdf: bytes) -> bool:
    """Whether damaged bytes still show traces of a zzsign seal (pyHanko writes the field
    name with an escaped hyphen: ``(zzsign\\055seal)``)."""
    name = SEAL_FIELD_NAME.encode()
    has_name = name in pdf or name.replace(b"-", b"\\055") in pdf
    return has_name and (b"/ByteRange" in pdf or b"/ETSI.CAdES.detached" in pdf)


def _unsealed(problem: str) -> SealCheck:
    return SealCheck(
        sealed=False,
        intact=False,
        covers_whole_file=False,
        signer_certificate_pem=None,
        problems=(problem,),
    )


def _broken(problem: str, signer_pem: bytes | None = None) -> SealCheck:
    return SealCheck(
        sealed=True,
        intact=False,
        covers_whole_file=False,
        signer_certificate_pem=signer_pem,
        problems=(problem,),
    )

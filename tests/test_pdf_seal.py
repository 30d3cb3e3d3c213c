"""PAdES sealing of agreement PDFs with the installation's self-signed certificate."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import shutil
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, ExtensionOID, NameOID
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter
from support.seal import CHANGED, SIGNED_AT, byte_ranges

from zzsign.pdf.seal import (
    SEAL_FIELD_NAME,
    SealCheck,
    SealError,
    SealIdentity,
    check_seal,
    create_seal_identity,
    seal_pdf,
)
from zzsign.security.fingerprints import certificate_fingerprint


def _flip(pdf: bytes, position: int, mask: int = 0x01) -> bytes:
    changed = bytearray(pdf)
    changed[position] ^= mask
    return bytes(changed)


def _pyhanko_status(pdf: bytes, trusted_pem: bytes):
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(pdf))
    (embedded,) = reader.embedded_signatures
    root = asn1_x509.Certificate.load(
        x509.load_pem_x509_certificate(trusted_pem).public_bytes(serialization.Encoding.DER)
    )
    context = ValidationContext(trust_roots=[root], allow_fetching=False)
    return embedded, validate_pdf_signature(embedded, signer_validation_context=context)


# --------------------------------------------------------------------------- seal_identity


def test_identity_is_a_self_signed_p256_certificate_valid_for_twenty_years() -> None:
    now = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)
    seal_identity = create_seal_identity("inst-42", now=now)
    cert = x509.load_pem_x509_certificate(seal_identity.certificate_pem)
    key = serialization.load_pem_private_key(seal_identity.private_key_pem, password=None)

    common_name = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    assert "inst-42" in common_name
    assert cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "ZZ Servers"
    assert cert.issuer == cert.subject
    assert cert.version == x509.Version.v3
    cert.verify_directly_issued_by(cert)  # raises unless its own key made the signature
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    assert isinstance(key.curve, ec.SECP256R1)
    assert key.public_key().public_numbers() == cert.public_key().public_numbers()

    assert cert.not_valid_before_utc == now - dt.timedelta(days=1)
    assert cert.not_valid_after_utc - cert.not_valid_before_utc >= dt.timedelta(days=19 * 366)
    assert cert.serial_number > 0


def test_identity_extensions_suit_document_signing(seal_identity: SealIdentity) -> None:
    cert = x509.load_pem_x509_certificate(seal_identity.certificate_pem)
    basic = cert.extensions.get_extension_for_oid(ExtensionOID.BASIC_CONSTRAINTS)
    assert basic.critical and basic.value.ca is False
    usage = cert.extensions.get_extension_for_oid(ExtensionOID.KEY_USAGE)
    assert usage.critical
    assert usage.value.digital_signature and usage.value.content_commitment
    assert not usage.value.key_cert_sign
    eku = cert.extensions.get_extension_for_oid(ExtensionOID.EXTENDED_KEY_USAGE).value
    assert x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36") in eku
    assert ExtendedKeyUsageOID.EMAIL_PROTECTION in eku
    ski = cert.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_KEY_IDENTIFIER).value
    assert ski == x509.SubjectKeyIdentifier.from_public_key(cert.public_key())


def test_two_identities_have_different_keys_and_serials(seal_identity: SealIdentity) -> None:
    again = create_seal_identity("6f1c2d9e-inst")
    assert again.private_key_pem != seal_identity.private_key_pem
    first = x509.load_pem_x509_certificate(seal_identity.certificate_pem)
    second = x509.load_pem_x509_certificate(again.certificate_pem)
    assert first.public_key() != second.public_key()
    assert first.serial_number != second.serial_number
    assert certificate_fingerprint(again.certificate_pem) != certificate_fingerprint(
        seal_identity.certificate_pem
    )


def test_identity_rejects_an_empty_installation_id() -> None:
    with pytest.raises(ValueError):
        create_seal_identity("  ")


def test_fingerprint_is_sha256_of_the_der(seal_identity: SealIdentity) -> None:
    der = x509.load_pem_x509_certificate(seal_identity.certificate_pem).public_bytes(
        serialization.Encoding.DER
    )
    assert certificate_fingerprint(seal_identity.certificate_pem) == (
        "SHA256:" + hashlib.sha256(der).hexdigest()
    )
    with pytest.raises(ValueError):
        certificate_fingerprint(b"not a certificate")


def test_identity_repr_does_not_show_the_private_key(seal_identity: SealIdentity) -> None:
    shown = repr(seal_identity) + str(seal_identity)
    assert "PRIVATE" not in shown
    assert seal_identity.private_key_pem.decode().splitlines()[1] not in shown


# --------------------------------------------------------------------------- sealing


def test_sealed_pdf_checks_ok_against_the_installation_certificate(
    sealed_agreement_pdf: bytes, blank_agreement_pdf: bytes, seal_identity: SealIdentity
) -> None:
    assert sealed_agreement_pdf.startswith(blank_agreement_pdf), (
        "sealing must be an incremental update"
    )
    check = check_seal(sealed_agreement_pdf, trusted_certificate_pem=seal_identity.certificate_pem)
    assert check == SealCheck(
        sealed=True,
        intact=True,
        covers_whole_file=True,
        signer_certificate_pem=check.signer_certificate_pem,
        problems=(),
    )
    assert check.ok
    assert certificate_fingerprint(check.signer_certificate_pem) == certificate_fingerprint(
        seal_identity.certificate_pem
    )


def test_without_a_trust_root_the_embedded_certificate_is_reported(
    sealed_agreement_pdf: bytes, seal_identity: SealIdentity, other_seal_identity: SealIdentity
) -> None:
    check = check_seal(sealed_agreement_pdf)
    assert check.ok
    assert certificate_fingerprint(check.signer_certificate_pem) == certificate_fingerprint(
        seal_identity.certificate_pem
    )
    assert certificate_fingerprint(check.signer_certificate_pem) != certificate_fingerprint(
        other_seal_identity.certificate_pem
    )


def test_pyhanko_validates_a_pades_certification_covering_the_whole_file(
    sealed_agreement_pdf: bytes, seal_identity: SealIdentity
) -> None:
    from pyhanko.sign.fields import MDPPerm
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    embedded, status = _pyhanko_status(sealed_agreement_pdf, seal_identity.certificate_pem)
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.bottom_line
    assert status.md_algorithm == "sha256"
    assert embedded.field_name == SEAL_FIELD_NAME
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert embedded.docmdp_level == MDPPerm.NO_CHANGES  # certified, no changes allowed
    assert (
        embedded.sig_object["/Reason"] == "Employee Confidentiality Agreement signed at the kiosk"
    )
    assert embedded.sig_object["/Location"] == "ZZ Servers HQ"
    assert embedded.self_reported_timestamp == SIGNED_AT
    widget = embedded.sig_field
    assert [float(v) for v in widget["/Rect"]] == [0, 0, 0, 0]  # invisible


def test_every_seal_by_an_identity_carries_pades_signed_attributes(
    blank_agreement_pdf: bytes, seal_identity: SealIdentity
) -> None:
    """PAdES B-B: content type, message digest and signing-certificate-v2 naming exactly this
    certificate, and no signing time; on each seal, although the signer is made once."""
    certificate_der = x509.load_pem_x509_certificate(seal_identity.certificate_pem).public_bytes(
        serialization.Encoding.DER
    )
    digests = set()
    for reason in ("first", "second", "third"):
        pdf = seal_pdf(blank_agreement_pdf, seal_identity, reason=reason, signed_at=SIGNED_AT)
        embedded, status = _pyhanko_status(pdf, seal_identity.certificate_pem)
        assert status.intact and status.valid and status.trusted
        attributes = {a["type"].native: a["values"] for a in embedded.signer_info["signed_attrs"]}
        assert set(attributes) == {"content_type", "message_digest", "signing_certificate_v2"}
        (ess,) = attributes["signing_certificate_v2"]
        (cert_id,) = ess["certs"]
        assert cert_id["cert_hash"].native == hashlib.sha256(certificate_der).digest()
        digests.add(attributes["message_digest"][0].native)
    assert len(digests) == 3  # each seal signs its own document


def test_sealed_pdf_still_reads_with_pypdf(sealed_agreement_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(sealed_agreement_pdf))
    assert len(reader.pages) == 2
    assert reader.metadata.title == "Employee Confidentiality Agreement"
    assert SEAL_FIELD_NAME in reader.get_fields()


def test_qpdf_finds_no_errors_in_the_sealed_pdf(sealed_agreement_pdf: bytes, tmp_path) -> None:
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        pytest.skip("qpdf is not installed (apt-get install -y qpdf)")
    path = tmp_path / "sealed.pdf"
    path.write_bytes(sealed_agreement_pdf)
    result = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def test_qt_pdf_with_text_seals_and_checks(qapp, tmp_path, seal_identity: SealIdentity) -> None:
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

    path = tmp_path / "qt.pdf"
    writer = QPdfWriter(str(path))
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
        )
    )
    writer.setTitle("Agreement")
    painter = QPainter(writer)
    painter.drawText(100, 100, "I agree to keep ZZ Servers' secrets. — Zoë")
    writer.newPage()
    painter.drawText(100, 100, "Page two")
    painter.end()
    unsigned = path.read_bytes()
    assert len(PdfReader(io.BytesIO(unsigned)).pages) == 2

    sealed = seal_pdf(unsigned, seal_identity, reason="signed")
    assert check_seal(sealed, seal_identity.certificate_pem).ok
    text = PdfReader(io.BytesIO(sealed)).pages[0].extract_text()
    assert "secrets" in text


def test_signing_time_defaults_to_now(
    blank_agreement_pdf: bytes, seal_identity: SealIdentity
) -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    sealed = seal_pdf(blank_agreement_pdf, seal_identity, reason="r")
    after = dt.datetime.now(dt.UTC)
    embedded, _ = _pyhanko_status(sealed, seal_identity.certificate_pem)
    assert before <= embedded.self_reported_timestamp <= after
    assert "/Location" not in embedded.sig_object


def test_seal_rejects_a_naive_signing_time(
    blank_agreement_pdf: bytes, seal_identity: SealIdentity
) -> None:
    with pytest.raises(ValueError, match="timezone"):
        seal_pdf(blank_agreement_pdf, seal_identity, reason="r", signed_at=dt.datetime(2025, 1, 1))


def test_seal_rejects_a_key_that_does_not_match_the_certificate(
    blank_agreement_pdf: bytes, seal_identity: SealIdentity, other_seal_identity: SealIdentity
) -> None:
    mixed = SealIdentity(
        private_key_pem=other_seal_identity.private_key_pem,
        certificate_pem=seal_identity.certificate_pem,
    )
    with pytest.raises(SealError, match="does not belong"):
        seal_pdf(blank_agreement_pdf, mixed, reason="r")


def test_seal_refuses_garbage_and_an_already_sealed_pdf(
    sealed_agreement_pdf: bytes, seal_identity: SealIdentity
) -> None:
    with pytest.raises(SealError):
        seal_pdf(b"this is not a PDF", seal_identity, reason="r")
    with pytest.raises(SealError):
        seal_pdf(sealed_agreement_pdf, seal_identity, reason="again")


# --------------------------------------------------------------------------- tampering


def test_editing_one_byte_of_the_metadata_breaks_the_seal(
    sealed_agreement_pdf: bytes, seal_identity: SealIdentity
) -> None:
    position = sealed_agreement_pdf.index(b"Confidentiality")
    assert any(start <= position < end for start, end in byte_ranges(sealed_agreement_pdf))
    tampered = sealed_agreement_pdf[:position] + b"c" + sealed_agreement_pdf[position + 1 :]
    assert len(tampered) == len(sealed_agreement_pdf) and tampered != sealed_agreement_pdf

    check = check_seal(tampered, seal_identity.certificate_pem)
    assert check.sealed
    assert not check.intact
    assert not check.ok
    assert any(CHANGED in problem for problem in check.problems)
    _, status = _pyhanko_status(tampered, seal_identity.certificate_pem)
    assert not status.intact


def test_editing_one_byte_of_a_page_breaks_the_seal(
    sealed_agreement_pdf: bytes, seal_identity: SealIdentity
) -> None:
    media_box = re.search(rb"/MediaBox \[ [0-9.]+ [0-9.]+ (595) ", sealed_agreement_pdf)
    assert media_box is not None
    position = media_box.start(1) + 1
    tampered = _flip(sealed_agreement_pdf, position)  # 595 -> 585: a page size change
    assert re.search(rb"/MediaBox \[ [0-9.]+ [0-9.]+ 585 ", tampered)
    check = check_seal(tampered)
    assert not check.ok
    assert not check.intact
    assert any(CHANGED in problem for problem in check.problems)


def test_an_incremental_update_after_sealing_is_detected(
    sealed_agreement_pdf: bytes, seal_identity: SealIdentity
) -> None:
    writer = PdfWriter(io.BytesIO(sealed_agreement_pdf), incremental=True)
    writer.add_metadata({"/Title": "Something else"})
    out = io.BytesIO()
    writer.write(out)
    updated = out.getvalue()
    assert updated.startswith(sealed_agreement_pdf) and len(updated) > len(sealed_agreement_pdf)

    check = check_seal(updated, seal_identity.certificate_pem)
    assert check.sealed
    assert check.intact  # the sealed revision itself is untouched...
    assert not check.covers_whole_file  # ...but something was appended
    assert not check.ok
    assert any(CHANGED in problem for problem in check.problems)


def test_a_different_trust_root_is_not_ok(
    sealed_agreement_pdf: bytes, other_seal_identity: SealIdentity
) -> None:
    check = check_seal(
        sealed_agreement_pdf, trusted_certificate_pem=other_seal_identity.certificate_pem
    )
    assert check.sealed and check.intact and check.covers_whole_file
    assert not check.ok
    assert any("different certificate" in problem for problem in check.problems)


def test_a_seal_by_another_installation_is_reported_with_its_certificate(
    blank_agreement_pdf: bytes, seal_identity: SealIdentity, other_seal_identity: SealIdentity
) -> None:
    foreign = seal_pdf(blank_agreement_pdf, other_seal_identity, reason="r")
    assert not check_seal(foreign, seal_identity.certificate_pem).ok
    untrusted = check_seal(foreign)
    assert untrusted.ok  # cryptographically fine on its own...
    assert certificate_fingerprint(untrusted.signer_certificate_pem) == certificate_fingerprint(
        other_seal_identity.certificate_pem
    )  # ...so the caller must compare the certificate


def test_renaming_the_seal_field_is_still_caught(
    sealed_agreement_pdf: bytes, seal_identity: SealIdentity
) -> None:
    position = sealed_agreement_pdf.index(b"(zzsign") + 1
    tampered = _flip(sealed_agreement_pdf, position, 0x20)  # "zzsign" -> "Zzsign"
    check = check_seal(tampered, seal_identity.certificate_pem)
    assert check.sealed
    assert not check.ok
    assert any(CHANGED in problem for problem in check.problems)


@pytest.mark.parametrize(
    "data",
    [b"", b"garbage", b"%PDF-1.7\n garbage without objects", b"\x00" * 2048, "not bytes"],
)
def test_non_pdf_input_is_unsealed_not_an_exception(data, seal_identity: SealIdentity) -> None:
    check = check_seal(data, seal_identity.certificate_pem)
    assert not check.sealed
    assert not check.ok
    assert check.signer_certificate_pem is None
    assert len(check.problems) == 1 and check.problems[0]


def test_an_unsealed_pdf_is_reported_as_unsealed(blank_agreement_pdf: bytes) -> None:
    check = check_seal(blank_agreement_pdf)
    assert not check.sealed and not check.ok
    assert any("no zzsign seal" in problem for problem in check.problems)


def test_a_truncated_sealed_pdf_is_not_ok(
    sealed_agreement_pdf: bytes, seal_identity: SealIdentity
) -> None:
    for cut in (len(sealed_agreement_pdf) - 10, len(sealed_agreement_pdf) // 2, 100):
        check = check_seal(sealed_agreement_pdf[:cut], seal_identity.certificate_pem)
        assert not check.ok


def test_a_malformed_trust_root_is_the_callers_error(sealed_agreement_pdf: bytes) -> None:
    with pytest.raises(ValueError):
        check_seal(sealed_agreement_pdf, trusted_certificate_pem=b"-----BEGIN CERTIFICATE-----\nxx")


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_any_single_byte_change_in_the_signed_range_is_detected(
    data,
    sealed_agreement_pdf: bytes,
    sealed_agreement_signed_positions: list[int],
    seal_identity: SealIdentity,
) -> None:
    position = data.draw(st.sampled_from(sealed_agreement_signed_positions), label="position")
    mask = data.draw(st.integers(min_value=1, max_value=255), label="xor mask")
    tampered = _flip(sealed_agreement_pdf, position, mask)
    check = check_seal(tampered, seal_identity.certificate_pem)
    assert not check.ok
    assert check.problems
    untrusted = check_seal(tampered)
    assert not untrusted.ok

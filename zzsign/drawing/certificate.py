"""The certificate of completion, the copy's last page: who signed what, when, where and how,
and how to check it, written for a reader such as a lawyer rather than as a data dump."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QSizeF, Qt
from PySide6.QtGui import QPagedPaintDevice, QTextDocument

from zzsign.domain.record import SignedRecord, Step
from zzsign.domain.signature import DrawnSignature
from zzsign.drawing.dates import copy_date, local_time, short_local_time
from zzsign.drawing.fonts import paper_font
from zzsign.drawing.layout import base_document
from zzsign.drawing.paper import css
from zzsign.drawing.text import text_direction
from zzsign.drawing.wording import (
    ATTACHMENT_NAME,
    CONTEXT,
    SIGNED_COPY,
    STEP_LABELS,
    CopyKind,
)
from zzsign.interface_language import SOURCE_LANGUAGE, current_language, translate
from zzsign.security.fingerprints import public_key_fingerprint

#: The certificate's type sizes, largest first: the first that fits it on one page is used.
CERTIFICATE_POINT_SIZES = (8.5, 8.0, 7.5)


@dataclass(frozen=True)
class CertificateFacts:
    """What the certificate shows beyond the record itself."""

    record_sha256: str  # SHA-256 of the public canonical record (hex)
    chain_position: int  # the record's link position in the installation chain
    chain_entry_sha256: str
    installation_public_key: str  # Ed25519 raw, hex
    attachment_json: bytes  # canonical JSON to embed as ATTACHMENT_NAME
    #: HR's fingerprint (of HR's signing key), None if HR's keys here predate it
    hr_fingerprint: str | None = None


def _px(points: float) -> str:
    """A CSS length for Qt rich text, whose margins take pixels (a ``pt`` margin is ignored)."""
    return f"{round(css(points))}px"


def _code(text: str, *, nowrap: bool = False) -> str:
    """A hash, an ID or a UTC time: a size smaller, in the body type (its digits are all one
    width). Not a monospace font: each font costs the PDF about 3 ms to embed."""
    wrap = " white-space: nowrap;" if nowrap else ""
    return f'<span style="font-size: 7.5pt;{wrap}">{text}</span>'


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _name_html(text: str) -> str:
    direction = "rtl" if text_direction(text) is Qt.LayoutDirection.RightToLeft else "ltr"
    return f'<span dir="{direction}">{_esc(text)}</span>'


#: A table across the page, its cells touching. No borders, so no "border-collapse" (which would
#: draw nothing different and costs Qt a fifth more to lay the table out).
_TABLE = '<table width="100%" cellspacing="0" cellpadding="2">'

#: Where the values of label-and-value rows start, as a share of the text width.
VALUE_COLUMN = 0.29


def _rows(value_column: float, rows: Sequence[tuple[str, str]]) -> str:
    """Label and value rows, every other one shaded; each value starts ``value_column`` pixels
    across (its wrapped lines too), flush left, a right-to-left name too (as it is signed).

    A paragraph per row, its label hanging in front of the value and a tab (the document's tab
    stops are ``value_column`` apart) taking the value to its column. Not table cells: each cost
    Qt about 40 µs to lay out, and these rows made 42 of the certificate's 70.
    """
    hanging = (
        f"margin: 0; margin-left: {value_column:.2f}px; "
        f"text-indent: -{value_column:.2f}px; line-height: 120%;"
    )
    paragraphs = []
    for i, (label, value) in enumerate(rows):
        shade = " background-color: #f3f5f9;" if i % 2 == 0 else ""
        paragraphs.append(
            f'<p style="{hanging}{shade}">'
            f'<span style="color: #5d6275;">{_esc(label)}</span>'
            f'<span style="white-space: pre;">\t</span>{value}</p>'
        )
    return "".join(paragraphs)


def _section(title: str) -> str:
    """A section heading, with room above it."""
    return (
        f'<h3 style="font-size: 10pt; color: #1f3a68; margin-top: {_px(10)}; '
        f'margin-bottom: {_px(3)};">{_esc(title)}</h3>'
    )


def _box(text: str, *, background: str, color: str) -> str:
    """A shaded box across the page around ``text`` (already rich text)."""
    return (
        f'<table width="100%" cellspacing="0" cellpadding="6" style="margin-top: {_px(4)};">'
        f'<tr><td bgcolor="{background}" style="color: {color};">{text}</td></tr></table>'
    )


def _explanation(text: str, *, space_above: bool = False) -> str:
    """A sentence of explanation across the page, in the muted colour."""
    top = _px(5) if space_above else "0"
    return (
        f'<p style="color: #5d6275; margin-top: {top}; margin-bottom: {_px(3)};">{_esc(text)}</p>'
    )


_PLATFORM = re.compile(
    r"(?P<system>[A-Za-z]+)-(?P<release>.+?)-(?P<machine>x86_64|amd64|AMD64|arm64|aarch64"
    r"|i[3-6]86|armv\w+)(?:-.*)?"
)
_WINDOWS = re.compile(r"Windows-(?P<edition>[^-]+)-(?P<build>[\d.]+)(?:-.*)?")
_SCREEN = re.compile(r"(?P<width>\d+)x(?P<height>\d+) at (?P<scale>[\d.]+)x(?: \((?P<name>.*)\))?")


def plain_operating_system(platform_text: str) -> str:
    """Python's ``platform.platform()`` as a person writes it, e.g. ``Linux 6.8.0-45-generic
    (x86_64)``, ``Windows 10 (build 10.0.19045)``; anything else as recorded."""
    if windows := _WINDOWS.fullmatch(platform_text):
        return f"Windows {windows['edition']} (build {windows['build']})"
    if other := _PLATFORM.fullmatch(platform_text):
        return f"{other['system']} {other['release']} ({other['machine']})"
    return platform_text


def plain_screen(screen_text: str) -> str:
    """``1920x1080 at 1x (eDP-1)`` as ``1920 × 1080 pixels at 1× scale, display eDP-1`` (no
    display part when the screen has no name); anything else as recorded."""
    screen = _SCREEN.fullmatch(screen_text)
    if screen is None:
        return screen_text
    fields = {"width": screen["width"], "height": screen["height"], "scale": screen["scale"]}
    name = (screen["name"] or "").strip()
    if not name:
        return translate("SignedCopy", "{width} × {height} pixels at {scale}× scale").format(
            **fields
        )
    return translate(
        "SignedCopy", "{width} × {height} pixels at {scale}× scale, display {name}"
    ).format(name=name, **fields)


def chain_explanation(record_format: int) -> str:
    """How a record of ``record_format`` sits in the signing laptop's chain, in one sentence.

    Format 1 wrote the record and each audit step as entries of their own; format 2 writes a
    signing as one entry whose signed record holds the whole audit trail.
    """
    if record_format == 1:
        return translate(
            "SignedCopy",
            "The record and each step of its audit trail are entries in the signing laptop's "
            "chain, each signed with the key below and linked by hash to the entry before "
            "it, so a record changed, removed or slipped in later breaks the chain.",
        )
    return translate(
        "SignedCopy",
        "The signing is one entry in the signing laptop's chain: the record it signs holds "
        "the whole audit trail above, and it is signed with the key below and linked by hash "
        "to the entry before it, so a record changed, removed or slipped in later breaks the "
        "chain.",
    )


def binding_text_note() -> str | None:
    """On a copy worded in another language than the agreement's (English), the one sentence
    that says the agreement is the text HR published, untranslated, and binding; None on an
    English copy."""
    if current_language() == SOURCE_LANGUAGE:
        return None
    return translate(
        "SignedCopy",
        "The agreement in this copy is the text HR published, without translation: it is the "
        "binding text.",
    )


def certificate_html(
    record: SignedRecord,
    facts: CertificateFacts,
    *,
    value_column: float,
    kind: CopyKind = SIGNED_COPY,
) -> str:
    """The certificate of completion as Qt rich text, for a copy of ``kind`` (an unsealed copy
    says so and claims no attachment), its label-and-value rows' values ``value_column``
    pixels across (the document's tab stops must be that far apart)."""
    signer = record.signer
    consented = record.at(Step.CONSENTED)
    signature = record.signature
    if isinstance(signature, DrawnSignature):
        sig_text = translate(
            "SignedCopy",
            "Drawn by hand on the signature pad ({strokes} strokes, {points} points, pad "
            "{width} × {height}); reproduced from the recorded vector strokes",
        ).format(
            strokes=len(signature.strokes),
            points=signature.point_count,
            width=signature.width,
            height=signature.height,
        )
    else:
        sig_text = _esc(
            translate(
                "SignedCopy",
                "Typed name adopted as the signature, shown in the {family} font ({file})",
            ).format(family=signature.font_family, file=signature.font_file)
        )
    intro = _esc(translate(CONTEXT, kind.intro))
    if kind.sealed:
        attached = translate(
            "SignedCopy", "The complete record is attached to this PDF as {attachment}."
        ).format(attachment=ATTACHMENT_NAME)
        intro += " " + _esc(attached)
    agreement = record.agreement
    agreement_named = translate("SignedCopy", "ZZ Servers {title}, version {version}").format(
        title=agreement.title, version=agreement.version
    )
    completed = _esc(
        translate(
            "SignedCopy", "{name} signed the ZZ Servers {title}, version {version}, on {when}."
        )
    ).format(
        name=_name_html(signer.full_name),
        title=_esc(agreement.title),
        version=agreement.version,
        when=_esc(local_time(record.signed_at)),
    )
    title = _esc(translate("SignedCopy", "Certificate of completion"))
    done = _esc(translate("SignedCopy", "Completed."))
    parts = [
        f'<p style="font-size: 18pt; font-weight: bold; color: #1f3a68; '
        f'margin-bottom: {_px(2)};">{title}</p>',
        f'<p style="color: #5d6275; margin-top: 0;">{intro}</p>',
        _box(
            f"<b>{done}</b> {completed}",
            background="#eaf4ee",
            color="#1e5a37",
        ),
    ]
    if (binding := binding_text_note()) is not None:
        parts.append(_box(_esc(binding), background="#e6eaf2", color="#1f3a68"))
    if kind.unsealed_notice is not None:
        notice = translate("SignedCopy", "{notice} (record ID {record_id}).").format(
            notice=translate(CONTEXT, kind.unsealed_notice), record_id=record.record_id
        )
        ask = translate("SignedCopy", "Ask HR to check this copy against it.")
        parts.append(
            _box(f"<b>{_esc(notice)}</b> {_esc(ask)}", background="#fff4cc", color="#5c4400")
        )
    if record.is_demo:
        demo = translate("SignedCopy", "DEMONSTRATION RECORD — not a real signing.")
        parts.append(f'<p style="color:#b3261e; font-weight:bold;">{_esc(demo)}</p>')
    # How to check it: a sealed copy checks itself; an unsealed one says so in its notice above.
    how_to_check = (
        []
        if not kind.sealed
        else [
            _explanation(
                translate(
                    "SignedCopy",
                    "To check this copy, run zzsign verify on the PDF file: it checks the seal, "
                    "the attached record and its chain entry.",
                ),
                space_above=True,
            )
        ]
    )
    device = record.device
    parts += [
        _section(translate("SignedCopy", "Document")),
        _rows(
            value_column,
            [
                (translate("SignedCopy", "Record ID"), _code(_esc(record.record_id))),
                (translate("SignedCopy", "Agreement"), _esc(agreement_named)),
                (translate("SignedCopy", "Agreement hash (SHA-256)"), _code(agreement.sha256)),
                (translate("SignedCopy", "Signature"), sig_text),
            ],
        ),
        _section(translate("SignedCopy", "Signer")),
        _rows(
            value_column,
            [
                (translate("SignedCopy", "Full legal name"), _name_html(signer.full_name)),
                (translate("SignedCopy", "Work email"), _esc(signer.work_email)),
                (
                    translate("SignedCopy", "Employee ID"),
                    _esc(signer.employee_id) if signer.employee_id else "—",
                ),
                # The department as recorded (the record keeps its English name).
                (translate("SignedCopy", "Department"), _esc(signer.department)),
                (translate("SignedCopy", "Start date"), _esc(copy_date(signer.start_date))),
            ],
        ),
        _section(translate("SignedCopy", "Consent to electronic records")),
        _rows(
            value_column,
            [
                (
                    translate("SignedCopy", "Disclosure shown"),
                    _esc(
                        translate("SignedCopy", "{title}, version {version}").format(
                            title=record.disclosure.title, version=record.disclosure.version
                        )
                    ),
                ),
                (
                    translate("SignedCopy", "Disclosure hash (SHA-256)"),
                    _code(record.disclosure.sha256),
                ),
                (
                    translate("SignedCopy", "Consent given"),
                    f"{_esc(local_time(consented))}<br>{_code(consented.utc_iso)} UTC",
                ),
            ],
        ),
        _section(translate("SignedCopy", "Audit trail")),
        _timeline(record),
        _section(translate("SignedCopy", "Computer used")),
        _rows(
            value_column,
            [
                (translate("SignedCopy", "Computer name"), _esc(device.hostname)),
                (
                    translate("SignedCopy", "Operating system"),
                    _esc(plain_operating_system(device.os)),
                ),
                (translate("SignedCopy", "Screen"), _esc(plain_screen(device.screen))),
            ],
        ),
        _section(translate("SignedCopy", "Integrity")),
        _explanation(chain_explanation(record.record_format)),
        _rows(
            value_column,
            [
                (translate("SignedCopy", "Application"), f"zzsign {_esc(record.app_version)}"),
                (translate("SignedCopy", "Installation ID"), _code(_esc(record.installation_id))),
                (
                    translate("SignedCopy", "Installation public key"),
                    _code(
                        _esc(public_key_fingerprint(bytes.fromhex(facts.installation_public_key))),
                        nowrap=True,
                    ),
                ),
                *(
                    [
                        (
                            translate("SignedCopy", "HR's key fingerprint"),
                            _code(_esc(facts.hr_fingerprint), nowrap=True),
                        )
                    ]
                    if facts.hr_fingerprint
                    else []
                ),
                (
                    translate("SignedCopy", "Record chain"),
                    _esc(
                        translate(
                            "SignedCopy",
                            "Entry {position} in the signing laptop's chain of signed entries",
                        ).format(position=facts.chain_position)
                    ),
                ),
                (
                    translate("SignedCopy", "Chain entry hash (SHA-256)"),
                    _code(facts.chain_entry_sha256),
                ),
                (translate("SignedCopy", "Record hash (SHA-256)"), _code(facts.record_sha256)),
            ],
        ),
        *how_to_check,
    ]
    return "".join(parts)


def _timeline(record: SignedRecord) -> str:
    """The audit trail: each step with its local and UTC times. The two times share a cell, the
    UTC one after a tab (the next of the document's tab stops): a cell fewer per step."""
    tab = '<span style="white-space: pre;">\t</span>'
    step = _esc(translate("SignedCopy", "Step"))
    local = _esc(translate("SignedCopy", "Local time"))
    head = (
        f'<tr><td width="41%" bgcolor="#e6eaf2" style="font-weight:bold;">{step}</td>'
        f'<td width="59%" bgcolor="#e6eaf2" style="font-weight:bold;">{local}{tab}UTC</td>'
        "</tr>"
    )
    rows = []
    for i, entry in enumerate(record.audit):
        shade = ' bgcolor="#f3f5f9"' if i % 2 == 1 else ""
        label = (
            translate(CONTEXT, STEP_LABELS[entry.step])
            if entry.step in STEP_LABELS
            else entry.step.value
        )
        rows.append(
            f"<tr><td{shade}>{_esc(label)}</td>"
            f"<td{shade}>{short_local_time(entry.at)}{tab}{_code(entry.at.utc_iso)}</td></tr>"
        )
    return _TABLE + head + "".join(rows) + "</table>"


def certificate_document(
    record: SignedRecord,
    facts: CertificateFacts,
    device: QPagedPaintDevice,
    page: QSizeF,
    *,
    kind: CopyKind = SIGNED_COPY,
) -> QTextDocument:
    """The certificate of completion laid out for ``page`` on ``device``: on one page, in a
    slightly smaller type if long details need it; on more pages if even that is too small."""
    # Qt takes a paragraph's margins in the layout's pixels (the device's) but its tab stops in
    # 1/96 inch, whatever the device.
    value_column = page.width() * VALUE_COLUMN
    text = certificate_html(record, facts, value_column=value_column, kind=kind)
    for size in CERTIFICATE_POINT_SIZES:
        document = base_document(device, page)
        document.setDefaultFont(paper_font(size))
        option = document.defaultTextOption()
        option.setTabStopDistance(value_column * 96 / device.logicalDpiX())
        document.setDefaultTextOption(option)
        document.setDefaultStyleSheet("td { vertical-align: top; }")
        document.setHtml(text)
        if document.pageCount() == 1:
            break
    return document

"""One drawing of a drawn signature: the Review page, HR's detail pane and the signed PDF show
the same picture for the same strokes (zzsign.drawing.ink.paint_strokes draws all three)."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPixmap

from zzsign.drawing import ink, signature_block
from zzsign.drawing.paper import DPI
from zzsign.services.drawing import signature_image
from zzsign.services.hr_workspace import SIGNED, check_record, record_detail
from zzsign.services.pdf_copy import make_signed_copy
from zzsign.views.hr.workspace import RecordDetail

#: Image pixels per pad pixel: the scale of the images the screens show.
SCALE = ink.EXPORT_SCALE


def ink_mask(image: QImage, *, dark: bool) -> int:
    """Which pixels carry ink, one bit each (row by row): opaque ones (a transparent image) or
    dark ones (a rendered page)."""
    data = bytes(image.convertToFormat(QImage.Format.Format_ARGB32).constBits())
    channel = 1 if dark else 3  # little-endian ARGB32 is stored B, G, R, A
    bits = "".join(
        "1" if (value < 128 if dark else value > 128) else "0" for value in data[channel::4]
    )
    return int(bits, 2)


def overlap(a: int, b: int) -> float:
    """Intersection over union of two ink masks."""
    return (a & b).bit_count() / (a | b).bit_count()


def best_overlap(a: int, b: int, width: int, reach: int = 2) -> float:
    """The best :func:`overlap` with ``b`` moved up to ``reach`` pixels either way."""
    best = 0.0
    for dy in range(-reach, reach + 1):
        for dx in range(-reach, reach + 1):
            shift = dy * width + dx
            moved = b << shift if shift >= 0 else b >> -shift
            best = max(best, overlap(a, moved))
    return best


def shown_as(shown: QImage, expected: QImage) -> float:
    """How well the ink of an image shown on screen (scaled to fit) matches ``expected``'s."""
    fitted = (
        QPixmap.fromImage(expected)
        .scaled(
            shown.size(),
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        .toImage()
    )
    return overlap(ink_mask(shown, dark=False), ink_mask(fitted, dark=False))


def test_review_hr_pane_and_pdf_show_the_same_drawn_signature(
    qtbot, store, hr_key, service, signed_with_a_drawn_signature, tmp_path, monkeypatch
):
    signature, shown_on_review, receipt = signed_with_a_drawn_signature
    strokes, width, height = signature.strokes, signature.width, signature.height
    png = ink.strokes_png(strokes, width, height)
    expected = QImage.fromData(png)
    assert expected.width() == SCALE * width

    # The Review page shows the image the one drawing makes of these strokes.
    assert signature.image_png == png
    assert shown_as(shown_on_review, expected) > 0.95

    # HR's detail pane shows the record's signature: the same image, fitted to the pane.
    pane = RecordDetail()
    qtbot.addWidget(pane)
    record = record_detail(store.sessions, receipt.record_id, hr_key)
    assert record.signature.strokes == strokes and record.signature.image_png == b""  # not kept
    assert signature_image(record.signature) == png  # made again from the strokes, identically
    pane.show_record(record, SIGNED, check_record(store.sessions, receipt.record_id, hr_key))
    assert shown_as(pane.signature.pixmap().toImage(), expected) > 0.95

    # The PDF draws the strokes with the same function, only placed and scaled (no distortion).
    drawn = []
    original = signature_block.paint_strokes

    def spy(painter, painted):
        drawn.append((painter.worldTransform(), [tuple(s) for s in painted]))
        original(painter, painted)

    monkeypatch.setattr(signature_block, "paint_strokes", spy)
    pdf = make_signed_copy(service.copy_material(receipt))
    ((transform, painted),) = drawn
    assert painted == [s for s in strokes if s]
    assert transform.m12() == transform.m21() == 0
    assert transform.m11() == pytest.approx(transform.m22()) and transform.m11() > 0

    # Read back from the PDF by another renderer (poppler), the ink falls where the image's does.
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed (apt-get install poppler-utils)")
    texts = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    page = next(i for i, text in enumerate(texts) if "SIGNATURE METHOD" in text) + 1
    resolution = DPI * SCALE / transform.m11()  # the page rendered at the images' scale
    bounds = ink.strokes_bounds(strokes).adjusted(
        -ink.INK_WIDTH, -ink.INK_WIDTH, ink.INK_WIDTH, ink.INK_WIDTH
    )
    on_page = transform.mapRect(bounds)  # in the PDF's 300 DPI device pixels
    crop = QRectF(on_page.topLeft() * SCALE / transform.m11(), bounds.size() * SCALE).toRect()
    path = tmp_path / "copy.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            f"{resolution:.4f}",
            "-f",
            str(page),
            "-l",
            str(page),
            "-png",
            "-singlefile",
            "-x",
            str(crop.x()),
            "-y",
            str(crop.y()),
            "-W",
            str(crop.width()),
            "-H",
            str(crop.height()),
            str(path),
            str(tmp_path / "page"),
        ],
        check=True,
        capture_output=True,
    )
    rendered = QImage(str(tmp_path / "page.png"))
    image_part = expected.copy(QRectF(bounds.topLeft() * SCALE, bounds.size() * SCALE).toRect())
    assert rendered.size() == image_part.size()
    # Two renderers round a half pixel differently: allow the ink to sit a pixel or two apart.
    score = best_overlap(
        ink_mask(rendered, dark=True), ink_mask(image_part, dark=False), rendered.width()
    )
    assert score > 0.9, f"the PDF's ink covers the image's by {score:.0%} only"

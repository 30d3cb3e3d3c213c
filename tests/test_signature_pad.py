"""Tests for the signature pad, the typed-signature rendering and its preview."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import math

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import (
    QFontInfo,
    QImage,
    QInputDevice,
    QMouseEvent,
    QPointingDevice,
    QTabletEvent,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget

from zzsign.domain.signature import EMPTY_DRAWN_MESSAGE, TRIVIAL_DRAWN_MESSAGE
from zzsign.drawing.fonts import HANDWRITING_FONT_FILE, handwriting_font, handwriting_font_family
from zzsign.drawing.ink import strokes_png, typed_png
from zzsign.services.drawing import typed_signature
from zzsign.views.signature_pad import SignaturePad, TypedSignaturePreview

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.MouseButton.NoButton


# ----------------------------------------------------------------------------- helpers


def _mouse(pad: SignaturePad, kind: QEvent.Type, x: float, y: float, button, buttons) -> None:
    pos = QPointF(x, y)
    event = QMouseEvent(
        kind, pos, pad.mapToGlobal(pos), button, buttons, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(pad, event)


def draw(pad: SignaturePad, points: list[tuple[float, float]]) -> None:
    """Press, drag through ``points`` and release with the left mouse button."""
    _mouse(pad, QEvent.Type.MouseButtonPress, *points[0], LEFT, LEFT)
    for x, y in points[1:]:
        _mouse(pad, QEvent.Type.MouseMove, x, y, NONE, LEFT)
    _mouse(pad, QEvent.Type.MouseButtonRelease, *points[-1], LEFT, NONE)


def scribble() -> list[tuple[float, float]]:
    """A wavy, name-like stroke across most of the pad."""
    return [(40 + i * 7, 100 - 35 * math.sin(i / 3.0)) for i in range(60)]


def alpha_bytes(image: QImage) -> bytes:
    """Alpha channel of an image, one byte per pixel, row by row."""
    argb = image.convertToFormat(QImage.Format.Format_ARGB32)
    data = bytes(argb.constBits())
    return data[3::4]  # little-endian ARGB32 is stored B, G, R, A


def ink_pixels(png: bytes) -> int:
    """Number of pixels that are not fully transparent."""
    image = QImage.fromData(png)
    assert not image.isNull(), "PNG did not decode"
    alpha = alpha_bytes(image)
    return len(alpha) - alpha.count(0)


def ink_box(png: bytes) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of clearly inked pixels."""
    image = QImage.fromData(png)
    alpha = alpha_bytes(image)
    w = image.width()
    xs, ys = [], []
    for i, a in enumerate(alpha):
        if a > 128:
            xs.append(i % w)
            ys.append(i // w)
    return min(xs), min(ys), max(xs), max(ys)


def ink_columns(png: bytes) -> list[int]:
    """Inked pixel count per column, trimmed to the inked extent."""
    image = QImage.fromData(png)
    alpha = alpha_bytes(image)
    w, h = image.width(), image.height()
    cols = [sum(1 for y in range(h) if alpha[y * w + x] > 128) for x in range(w)]
    inked = [x for x, c in enumerate(cols) if c]
    return cols[inked[0] : inked[-1] + 1]


def distance(a: list[int], b: list[int]) -> int:
    return sum(abs(x - y) for x, y in zip(a, b, strict=True))


# ----------------------------------------------------------------------------- drawing


def test_new_pad_is_empty_and_its_signature_says_so(signature_pad: SignaturePad) -> None:
    assert signature_pad.is_empty()
    assert signature_pad.strokes() == ()
    assert signature_pad.to_signature().problem() == EMPTY_DRAWN_MESSAGE


def test_drawing_with_the_mouse_records_a_stroke_and_emits_changed(qtbot, signature_pad) -> None:
    with qtbot.waitSignal(signature_pad.changed, timeout=1000):
        draw(signature_pad, scribble())
    assert not signature_pad.is_empty()
    strokes = signature_pad.strokes()
    assert len(strokes) == 1
    assert len(strokes[0]) >= 50
    x, y, _t = strokes[0][0]
    assert (x, y) == (40, 100)
    assert all(isinstance(v, int) for point in strokes[0] for v in point)
    times = [t for _, _, t in strokes[0]]
    assert times == sorted(times) and times[0] >= 0


def test_each_press_release_is_a_separate_stroke(signature_pad: SignaturePad) -> None:
    draw(signature_pad, [(50, 50), (120, 60), (200, 80)])
    draw(signature_pad, [(300, 120), (360, 90)])
    assert [len(s) for s in signature_pad.strokes()] == [3, 2]


def test_moving_without_a_button_draws_nothing(signature_pad: SignaturePad) -> None:
    for x in range(40, 400, 10):
        _mouse(signature_pad, QEvent.Type.MouseMove, x, 100, NONE, NONE)
    _mouse(
        signature_pad,
        QEvent.Type.MouseButtonPress,
        50,
        50,
        Qt.MouseButton.RightButton,
        Qt.MouseButton.RightButton,
    )
    _mouse(signature_pad, QEvent.Type.MouseMove, 300, 100, NONE, Qt.MouseButton.RightButton)
    assert signature_pad.is_empty()


def test_clear_empties_the_pad_and_emits_changed(qtbot, signature_pad) -> None:
    draw(signature_pad, scribble())
    with qtbot.waitSignal(signature_pad.changed, timeout=1000):
        signature_pad.clear()
    assert signature_pad.is_empty()
    assert signature_pad.strokes() == ()


def test_pen_input_draws(signature_pad: SignaturePad) -> None:
    stylus = QPointingDevice(
        "test stylus",
        4242,
        QInputDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
        1,
        2,
    )

    def tablet(kind: QEvent.Type, x: float, y: float, buttons) -> None:
        pos = QPointF(x, y)
        event = QTabletEvent(
            kind,
            stylus,
            pos,
            signature_pad.mapToGlobal(pos),
            0.6,
            0,
            0,
            0,
            0,
            0,
            Qt.KeyboardModifier.NoModifier,
            LEFT,
            buttons,
        )
        QApplication.sendEvent(signature_pad, event)

    points = scribble()
    tablet(QEvent.Type.TabletPress, *points[0], LEFT)
    for x, y in points[1:]:
        tablet(QEvent.Type.TabletMove, x, y, LEFT)
    tablet(QEvent.Type.TabletRelease, *points[-1], NONE)
    assert len(signature_pad.strokes()) == 1
    assert signature_pad.to_signature().problem() is None


def test_touch_input_draws_with_one_finger(qtbot, signature_pad) -> None:
    touchscreen = QTest.createTouchDevice()
    QTest.touchEvent(signature_pad, touchscreen).press(0, QPoint(40, 100)).commit()
    for x, y in scribble()[1:]:
        QTest.touchEvent(signature_pad, touchscreen).move(0, QPoint(round(x), round(y))).commit()
    QTest.touchEvent(signature_pad, touchscreen).release(0, QPoint(453, 120)).commit()
    qtbot.waitUntil(lambda: len(signature_pad.strokes()) == 1, timeout=1000)
    assert len(signature_pad.strokes()[0]) >= 50
    assert signature_pad.to_signature().problem() is None


# ----------------------------------------------------------------------------- validation


def test_a_signature_like_scribble_is_accepted(signature_pad: SignaturePad) -> None:
    draw(signature_pad, scribble())
    draw(signature_pad, [(300 + 4 * i, 60 + (i % 5) * 8) for i in range(20)])
    assert signature_pad.to_signature().problem() is None


def test_a_dot_is_rejected(signature_pad: SignaturePad) -> None:
    _mouse(signature_pad, QEvent.Type.MouseButtonPress, 200, 100, LEFT, LEFT)
    _mouse(signature_pad, QEvent.Type.MouseButtonRelease, 200, 100, LEFT, NONE)
    assert not signature_pad.is_empty()
    assert signature_pad.to_signature().problem() == TRIVIAL_DRAWN_MESSAGE


def test_a_short_dash_is_rejected(signature_pad: SignaturePad) -> None:
    draw(signature_pad, [(200 + i * 3, 100) for i in range(10)])
    assert signature_pad.to_signature().problem() == TRIVIAL_DRAWN_MESSAGE


# ----------------------------------------------------------------------------- exported image


def test_exported_png_is_three_times_the_pad_with_dark_ink_where_drawn(signature_pad) -> None:
    points = scribble()
    draw(signature_pad, points)
    signature = signature_pad.to_signature()
    assert (signature.width, signature.height) == (signature_pad.width(), signature_pad.height())
    image = QImage.fromData(signature.image_png)
    assert (image.width(), image.height()) == (
        3 * signature_pad.width(),
        3 * signature_pad.height(),
    )
    assert ink_pixels(signature.image_png) > 2000

    left, top, right, bottom = ink_box(signature.image_png)
    xs = [p[0] for p in signature.strokes[0]]
    ys = [p[1] for p in signature.strokes[0]]
    # the ink sits where the strokes were drawn (within a pen width)
    assert abs(left - 3 * min(xs)) <= 12 and abs(right - 3 * max(xs)) <= 12
    assert abs(top - 3 * min(ys)) <= 12 and abs(bottom - 3 * max(ys)) <= 12
    # ink is dark, not the grey of the guide line
    ink = image.pixelColor(3 * xs[10], 3 * ys[10])
    assert ink.alpha() > 200 and ink.lightness() < 90
    # no background, baseline or hint: a corner far from the strokes stays transparent
    assert image.pixelColor(5, image.height() - 5).alpha() == 0


def test_empty_pad_exports_a_fully_transparent_image(signature_pad: SignaturePad) -> None:
    png = signature_pad.to_signature().image_png
    image = QImage.fromData(png)
    assert (image.width(), image.height()) == (1800, 600)
    assert ink_pixels(png) == 0


def test_a_dot_is_rendered_visibly(qapp) -> None:
    png = strokes_png((((50, 50, 0),),), 100, 100)
    assert ink_pixels(png) > 20


# ----------------------------------------------------------------------------- widget behaviour


def test_pad_is_labelled_for_assistive_technology(signature_pad: SignaturePad) -> None:
    assert signature_pad.accessibleName() == "Signature pad"
    assert (
        signature_pad.accessibleDescription() == "Draw your signature with a mouse, pen or finger"
    )


def test_pad_is_wide_and_short(signature_pad: SignaturePad) -> None:
    assert signature_pad.minimumWidth() >= 540 and 160 <= signature_pad.minimumHeight() <= 200
    assert signature_pad.maximumHeight() <= 260


def test_tab_passes_through_the_pad(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    before, pad, after = QLineEdit(), SignaturePad(), QPushButton("Next")
    for widget in (before, pad, after):
        layout.addWidget(widget)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    before.setFocus()
    qtbot.waitUntil(before.hasFocus, timeout=1000)
    QTest.keyClick(before, Qt.Key.Key_Tab)
    qtbot.waitUntil(after.hasFocus, timeout=1000)
    assert not pad.hasFocus()


# ----------------------------------------------------------------------------- typed signatures


def test_handwriting_font_is_dancing_script(qapp) -> None:
    assert HANDWRITING_FONT_FILE == "DancingScript-Regular.otf"
    assert handwriting_font_family() == "Dancing Script"
    font = handwriting_font()
    assert font.family() == "Dancing Script"
    assert QFontInfo(font).family() == "Dancing Script"
    assert 30 <= font.pointSize() <= 42


@pytest.mark.parametrize("name", ["Zoë Ñúñez", "Анна Петрова", "محمد", "שרה", "王小明"])
def test_typed_names_in_any_script_render_with_ink(qapp, name: str) -> None:
    png = typed_png(name)
    image = QImage.fromData(png)
    assert not image.isNull()
    assert image.hasAlphaChannel()
    assert ink_pixels(png) > 1500
    # no box or background: the corners are transparent
    assert image.pixelColor(0, 0).alpha() == 0
    assert image.pixelColor(image.width() - 1, image.height() - 1).alpha() == 0


def test_unsupported_glyphs_fall_back_instead_of_drawing_boxes(qapp) -> None:
    # Tofu boxes for the three CJK characters would all look the same.
    a, b = typed_png("王"), typed_png("明")
    assert ink_columns(a) != ink_columns(b)


def test_hebrew_is_written_right_to_left(qapp) -> None:
    word = ink_columns(typed_png("שרה"))
    shin = ink_columns(typed_png("ש"))  # first letter: must be on the right
    he = ink_columns(typed_png("ה"))  # last letter: must be on the left
    assert distance(word[-len(shin) :], shin) < distance(word[: len(shin)], shin)
    assert distance(word[: len(he)], he) < distance(word[-len(he) :], he)


def test_typed_signature_is_normalised_and_matches_the_legal_name(qapp) -> None:
    decomposed = "  Zoe\u0308 Nu\u0301n\u0303ez "
    signature = typed_signature(decomposed)
    assert signature.text == "Zoë Núñez"
    assert signature.font_family == "Dancing Script"
    assert signature.font_file == HANDWRITING_FONT_FILE
    assert ink_pixels(signature.image_png) > 1500
    assert signature.problem("Zoë Núñez") is None
    assert signature.problem("Zoë Smith") is not None


def test_scale_controls_the_typed_image_resolution(qapp) -> None:
    small = QImage.fromData(typed_png("Zoë", scale=1))
    large = QImage.fromData(typed_png("Zoë", scale=3))
    assert abs(large.width() - 3 * small.width()) <= 3
    assert abs(large.height() - 3 * small.height()) <= 3


def test_preview_shows_the_typed_name(qtbot) -> None:
    preview = TypedSignaturePreview()
    qtbot.addWidget(preview)
    preview.resize(600, 200)
    preview.show()
    qtbot.waitExposed(preview)
    blank = preview.grab().toImage()
    preview.set_text("  Zoë Ñúñez ")
    assert preview.text() == "Zoë Ñúñez"
    shown = preview.grab().toImage()
    assert shown != blank
    # the name is drawn in dark ink somewhere in the card
    dark = [
        (x, y)
        for x in range(0, shown.width(), 2)
        for y in range(0, shown.height(), 2)
        if shown.pixelColor(x, y).lightness() < 80
    ]
    assert len(dark) > 100
    assert "Zoë Ñúñez" in preview.accessibleDescription()


def test_a_long_typed_name_wraps_whole_inside_the_preview_card(qtbot) -> None:
    """A name too long for one line at a readable size wraps onto more lines inside the card's
    margins (nothing runs off its sides), every line resting above the signature line."""
    preview = TypedSignaturePreview()
    qtbot.addWidget(preview)
    preview.resize(600, 200)
    preview.show()
    qtbot.waitExposed(preview)
    preview.set_text(("Wolfeschlegelsteinhausenbergerdorff Oyelaran-Adebayo " * 4)[:200])
    shown = preview.grab().toImage()
    scale = shown.width() / preview.width()
    inked_rows = {
        round(y / scale)
        for x in range(0, shown.width(), 2)
        for y in range(shown.height())
        if shown.pixelColor(x, y).lightness() < 80
    }
    inked_columns = {
        round(x / scale)
        for x in range(shown.width())
        for y in range(0, shown.height(), 2)
        if shown.pixelColor(x, y).lightness() < 80
    }
    assert min(inked_columns) >= 50 and max(inked_columns) <= preview.width() - 50
    bands = sum(1 for row in sorted(inked_rows) if row - 1 not in inked_rows)
    assert bands >= 3  # three or more lines of writing


def test_a_very_long_typed_name_image_wraps_to_stay_legible(qapp) -> None:
    """The Review page and HR's pane show the typed image scaled to a fixed width: a 200-letter
    name on one line would be a thin unreadable strip there, so its image wraps into lines."""
    short = QImage.fromData(typed_png("Zoë Ñúñez", scale=1))
    long = QImage.fromData(typed_png(("Wolfeschlegelsteinhausenbergerdorff Adebayo " * 5)[:200]))
    assert long.width() / long.height() < 6
    assert long.height() >= 3 * short.height() * 3 * 0.9  # three or more lines, at 3x

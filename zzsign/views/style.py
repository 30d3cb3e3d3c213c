"""The kiosk's look: calm, large, high-contrast, with visible keyboard focus."""

from zzsign.resources import ICONS_DIR

STYLE_SHEET = """
QWidget { font-size: 15px; color: #1d2433; }
QMainWindow, QStackedWidget > QWidget { background: #f7f8fb; }
QLabel#heading { font-size: 28px; font-weight: 600; color: #14213d; }
QLabel#progress {
    background: #14213d; color: #ffffff; font-size: 13px; padding: 8px 48px;
    letter-spacing: 0.5px;
}
QLabel#muted { color: #5b6476; }
QLabel#error { color: #b3261e; font-weight: 600; }
QLabel#meaning {
    background: #eef3ff; border: 1px solid #c9d6f5; border-radius: 6px; padding: 12px 14px;
    font-weight: 600;
}
QLabel#recordId {
    font-family: "DejaVu Sans Mono", monospace; font-size: 17px; background: #ffffff;
    border: 1px solid #d5d9e2; border-radius: 6px; padding: 10px 14px;
}
QLineEdit, QComboBox, QDateEdit {
    background: #ffffff; border: 1px solid #b9c0cc; border-radius: 5px; padding: 6px 8px;
    min-height: 24px;
}
QLineEdit:focus, QComboBox:focus, QDateEdit:focus { border: 2px solid #1f5fbf; }
QComboBox::drop-down, QDateEdit::drop-down {
    subcontrol-origin: padding; subcontrol-position: center right; width: 28px;
    border: none; border-left: 1px solid #d5d9e2;
}
QComboBox::down-arrow, QDateEdit::down-arrow {
    image: url("@ICONS@/chevron-down.svg"); width: 12px; height: 8px;
}
QTextBrowser { background: #ffffff; border: 1px solid #d5d9e2; border-radius: 6px; }
QTextBrowser:focus { border: 2px solid #1f5fbf; }
QPushButton {
    background: #ffffff; border: 1px solid #9aa3b2; border-radius: 6px; padding: 6px 18px;
}
QPushButton:hover { background: #eef1f6; }
QPushButton:focus { border: 2px solid #1f5fbf; padding: 5px 17px; }
QPushButton#primary {
    background: #1f5fbf; color: #ffffff; border: 1px solid #1f5fbf; font-weight: 600;
}
QPushButton#primary:hover { background: #184f9f; }
QPushButton#primary:focus {
    /* A dark 3 px ring, a white 2 px gap, then the blue (resources/icons), in the same box. */
    border-image: url("@ICONS@/focus-ring-primary.svg") 12 12 12 12 stretch stretch;
    border-width: 6px; border-style: solid; border-color: transparent; border-radius: 0;
    background: transparent; padding: 1px 13px;
}
QPushButton:disabled, QPushButton#primary:disabled {
    background: #e3e6ec; color: #8a93a3; border: 1px solid #d0d5de;
}
QCheckBox, QRadioButton {
    spacing: 10px; padding: 2px 8px 2px 4px; border: 2px solid transparent; border-radius: 6px;
}
QCheckBox:focus, QRadioButton:focus {
    border: 3px solid #0b1f44; padding: 1px 7px 1px 3px; background: #ffffff;
}
QScrollArea, QScrollArea > QWidget#qt_scrollarea_viewport > QWidget { background: transparent; }
QLabel#reviewSection { font-size: 17px; font-weight: 600; color: #14213d; }
""".replace("@ICONS@", ICONS_DIR.as_posix())

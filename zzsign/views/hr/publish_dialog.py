"""Preview and publish a new agreement version: the sanitised text exactly as hires will read it.

The preview is drawn by the kiosk's own agreement viewer (``views.documents.document_viewer``),
so headings, lists and the shaded Third Party Information clause look the same as on the
agreement page. The text it shows has already been sanitised, and that viewer never follows a
link or loads a remote resource.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTextBrowser,
    QWidget,
)

from zzsign.domain.documents import Agreement
from zzsign.services.agreements import SanitisedAgreement, plain_removals, publish
from zzsign.services.errors import UserFacingError
from zzsign.views.documents import document_viewer
from zzsign.views.language import shown, translate
from zzsign.views.widgets import ErrorMessage, dialog_buttons, dialog_layout, paragraph

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

DIALOG_TITLE = QT_TRANSLATE_NOOP("PublishDialog", "Publish a new agreement version")
VERSION_LABEL = QT_TRANSLATE_NOOP("PublishDialog", "Version")
TITLE_LABEL = QT_TRANSLATE_NOOP("PublishDialog", "Title")
PUBLISH_LABEL = QT_TRANSLATE_NOOP("PublishDialog", "Publish")
REMOVED_CAPTION = QT_TRANSLATE_NOOP("PublishDialog", "Removed while sanitising")
NOTHING_REMOVED = QT_TRANSLATE_NOOP(
    "PublishDialog", "Nothing had to be removed: the text is shown as written."
)
HIGHEST_VERSION = 999_999
MONOSPACE = "font-family: 'DejaVu Sans Mono', monospace; font-size: 13px;"


def viewer_name(title: str, version: int) -> str:
    """The preview's accessible name: the one the kiosk's agreement page gives its viewer."""
    return translate("AgreementPage", "{title}, version {version}").format(
        title=title, version=version
    )


class PublishDialog(QDialog):
    """The sanitised agreement, what sanitising removed, the version number, and *Publish*.

    *Publish* stores the version through the agreements service; a refusal (say, a version
    someone else has just published) is shown as one sentence here, with everything HR chose
    left as it was. ``published`` carries the stored :class:`Agreement`.
    """

    published = Signal(object)

    def __init__(
        self,
        sessions: sessionmaker[Session],
        sanitised: SanitisedAgreement,
        *,
        source_name: str,
        suggested_version: int,
        suggested_title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._sessions = sessions
        self._sanitised = sanitised
        self.published_agreement: Agreement | None = None
        dialog_title = translate("PublishDialog", DIALOG_TITLE)
        self.setWindowTitle(dialog_title)
        self.setAccessibleName(dialog_title)
        self.resize(980, 780)
        layout = dialog_layout(
            self,
            dialog_title,
            translate(
                "PublishDialog",
                "This is {file} exactly as new hires will read it, after sanitising. Check "
                "the text, choose its version number, then publish it. Records signed "
                "before stay tied to their own version.",
            ).format(file=source_name),
        )

        choices = QHBoxLayout()
        choices.setSpacing(10)
        self.version = QSpinBox()
        self.version.setAccessibleName(translate("PublishDialog", VERSION_LABEL))
        self.version.setRange(max(1, suggested_version), max(HIGHEST_VERSION, suggested_version))
        self.version.setValue(suggested_version)
        self.version.setMinimumWidth(110)
        self.title = QLineEdit(suggested_title)
        self.title.setAccessibleName(translate("PublishDialog", TITLE_LABEL))
        self.title.setPlaceholderText(suggested_title)  # what an empty title stays as
        self.title.setMaxLength(200)
        for caption, field, stretch in (
            (VERSION_LABEL, self.version, 0),
            (TITLE_LABEL, self.title, 1),
        ):
            label = QLabel(translate("PublishDialog", caption))
            label.setBuddy(field)
            if choices.count():
                choices.addSpacing(14)
            choices.addWidget(label)
            choices.addWidget(field, stretch)
        layout.addLayout(choices)

        agreement = Agreement.from_text(suggested_version, suggested_title, sanitised.markdown_text)
        self.preview: QTextBrowser = document_viewer(
            agreement, viewer_name(suggested_title, suggested_version)
        )
        self.preview.setMinimumHeight(320)
        layout.addWidget(self.preview, 1)
        self.sha256 = QLabel(
            translate("PublishDialog", "SHA-256 of this text: {digest}").format(
                digest=agreement.sha256
            )
        )
        self.sha256.setObjectName("muted")
        self.sha256.setStyleSheet(MONOSPACE)
        self.sha256.setTextFormat(Qt.TextFormat.PlainText)
        self.sha256.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        layout.addWidget(self.sha256)

        caption = QLabel(translate("PublishDialog", REMOVED_CAPTION))
        caption.setStyleSheet("font-weight: 600;")
        layout.addWidget(caption)
        removals = sorted(shown(line) for line in plain_removals(sanitised.problems))
        nothing_removed = translate("PublishDialog", NOTHING_REMOVED)
        self.removed_lines = removals or [nothing_removed]
        self.removed = QWidget()
        self.removed.setAccessibleName(translate("PublishDialog", REMOVED_CAPTION))
        self.removed.setAccessibleDescription("; ".join(self.removed_lines))
        if sanitised.problems:  # the sanitiser's own names, for whoever wants the detail
            self.removed.setToolTip("\n".join(shown(name) for name in sanitised.problems))
        columns = QHBoxLayout(self.removed)  # two columns, to leave the text most of the room
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(24)
        half = (len(removals) + 1) // 2
        for part in (removals[:half], removals[half:]) if removals else ([nothing_removed],):
            bullets = "\n".join(f"•  {line}" for line in part) if removals else part[0]
            columns.addWidget(paragraph(bullets), 1, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.removed)

        self.problem = ErrorMessage()
        layout.addWidget(self.problem)
        row, self.confirm, _cancel = dialog_buttons(self, translate("PublishDialog", PUBLISH_LABEL))
        self.confirm.clicked.connect(self.publish)
        layout.addLayout(row)
        self.version.valueChanged.connect(self._choice_changed)
        self.title.textChanged.connect(self._choice_changed)
        for field in (self.version, self.title):
            field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in Version or Title moves on to *Publish*; it neither publishes nor cancels."""
        if (
            watched in (self.version, self.title)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.confirm.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().eventFilter(watched, event)

    def _choice_changed(self, *_args: object) -> None:
        self.problem.show_message(None)
        title = self.title.text().strip() or self.title.placeholderText()
        self.preview.setAccessibleName(viewer_name(title, self.version.value()))

    def publish(self) -> Agreement | None:
        """Store the text as the chosen version; on a refusal say why and stay open."""
        try:
            agreement = publish(
                self._sessions, self._sanitised, self.version.value(), self.title.text()
            )
        except UserFacingError as refused:  # PublicationRefusedError, or the store failing
            self.problem.show_message(refused.message)
            return None
        self.published_agreement = agreement
        self.published.emit(agreement)
        self.accept()
        return agreement

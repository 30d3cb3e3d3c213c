"""Sentences for people, written once in English and shown in the interface's language.

The domain and the services say what went wrong as a :class:`Message`: a ``str`` that reads as
the English sentence (the command line, the logs' wording and the tests see plain English), and
that also keeps its English template and named fields, so that a view can show the same sentence
translated (zzsign.views.language.shown). Templates are marked
``QT_TRANSLATE_NOOP("Messages", …)`` (the context :data:`CONTEXT`, written out: lupdate reads
only a literal): ``pyside6-lupdate`` finds the calls by name, and this module imports nothing
from Qt (the domain never does).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Self

#: The translation context of every template marked for a Message.
CONTEXT = "Messages"


def QT_TRANSLATE_NOOP(context: str, text: str, disambiguation: str | None = None) -> str:
    """Mark ``text`` for translation in ``context`` (lupdate finds the call); returns it as is."""
    return text


class Message(str):
    """An English sentence that can be shown translated: ``template.format(**fields)``.

    A field that is itself a Message (a field's label, say) is translated with the sentence;
    other fields (a number, a name someone typed) are kept as they are.
    """

    template: str
    fields: dict[str, Any]

    def __new__(cls, template: str, **fields: Any) -> Self:
        message = super().__new__(cls, template.format(**fields))
        message.template = template
        message.fields = fields
        return message

    def __reduce__(self) -> tuple[Callable[..., Message], tuple[str, dict[str, Any]]]:
        return _rebuilt, (self.template, self.fields)

    def translated(self, translate: Callable[[str, str], str]) -> str:
        """The sentence with ``translate(CONTEXT, template)`` and its Message fields translated
        (the English sentence when the translation does not fit the fields)."""
        fields = {
            name: value.translated(translate) if isinstance(value, Message) else value
            for name, value in self.fields.items()
        }
        try:
            return translate(CONTEXT, self.template).format(**fields)
        except (KeyError, IndexError, ValueError):
            return self.template.format(**fields)


def _rebuilt(template: str, fields: dict[str, Any]) -> Message:
    return Message(template, **fields)

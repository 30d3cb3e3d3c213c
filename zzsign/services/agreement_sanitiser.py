"""Turning an HR-supplied Markdown or HTML file into safe Markdown for the agreement.

Strict by design: headings, paragraphs, lists, bold and italic are kept; everything else goes.
Scripts, styles, frames, forms and their fields, images, embedded objects, link targets (the
link text stays), event attributes and raw HTML are removed, and each kind of removal is listed
so HR can see it in the preview. Web and email addresses written out in the text stay as plain
text, escaped so that no Markdown reader turns them into links: the kiosk never opens a browser
and the PDF carries no link. No Qt here: Python's ``html.parser`` does the reading.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

from zzsign.domain.messages import QT_TRANSLATE_NOOP, Message

# What each kind of removal is called (HR sees these names in the preview's tooltip).
_EVENT_ATTRIBUTE = Message(QT_TRANSLATE_NOOP("Messages", "event attribute (on…)"))
_STYLE_RESOURCE = Message(QT_TRANSLATE_NOOP("Messages", "remote resource in a style attribute"))
_LINK_TARGET = Message(QT_TRANSLATE_NOOP("Messages", "link target (the link text is kept)"))
_LINK_DEFINITION = Message(QT_TRANSLATE_NOOP("Messages", "link definition"))
_RAW_HTML = Message(QT_TRANSLATE_NOOP("Messages", "raw HTML"))
_RAW_HTML_TAG = Message(QT_TRANSLATE_NOOP("Messages", "raw HTML tag"))
_COMMENT_NAME = Message(QT_TRANSLATE_NOOP("Messages", "HTML comment"))
_INSTRUCTION = Message(QT_TRANSLATE_NOOP("Messages", "processing instruction"))
_UNFINISHED_TAG = Message(QT_TRANSLATE_NOOP("Messages", "unfinished HTML tag"))
_IMAGE_NAME = Message(QT_TRANSLATE_NOOP("Messages", "image"))


def _attribute(name: str) -> Message:
    return Message(QT_TRANSLATE_NOOP("Messages", "{name}= attribute"), name=name)


def _kept_tag(tag: str) -> Message:
    return Message(QT_TRANSLATE_NOOP("Messages", "<{tag}> tag (its text is kept)"), tag=tag)


#: Elements removed together with everything inside them.
DROPPED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "form",
        "template",
        "noscript",
        "svg",
        "math",
        "title",
        "select",
        "textarea",
        "button",
        "canvas",
        "audio",
        "video",
        "picture",
        "map",
    }
)
#: Void elements that are removed (they load something, or take input).
DROPPED_EMPTY = frozenset(
    {"img", "input", "link", "meta", "base", "source", "track", "area", "param", "col", "wbr", "hr"}
)
HEADINGS = {f"h{n}": n for n in range(1, 7)}
BOLD = frozenset({"b", "strong"})
ITALIC = frozenset({"i", "em"})
LISTS = frozenset({"ul", "ol"})
BLOCKS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "blockquote",
        "pre",
        "address",
        "body",
        "html",
        "table",
        "tr",
        "dl",
        "dt",
        "dd",
        "aside",
        "nav",
        "figure",
        "figcaption",
        "head",
    }
)
VOID_HTML = frozenset({"br", *DROPPED_EMPTY})
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_SPACES = re.compile(r"\s+")
_UNFINISHED_HTML = re.compile(r"<[A-Za-z/!?][^>]*\Z")
_LIST_ITEM = re.compile(r"\s*(- |\d+\. )")
#: Lists nested deeper than this keep their items at this depth (deeper indentation only makes
#: the text grow and the reader slow, and no agreement needs it).
MAX_LIST_DEPTH = 6


#: What a Markdown reader (Qt's md4c, GitHub dialect) would turn into a link on its own: a
#: scheme's colon before ``//`` or ``mailto:``, the dot after ``www`` and the ``@`` of an
#: address. A backslash before each keeps the address as plain text (shown without it).
_AUTOLINK_TRIGGER = re.compile(
    r"(?i)(?<![\\a-z0-9])(?:https?|ftp|file)(?=://):|(?<![\\a-z0-9])mailto:"
    r"|(?<![\\a-z0-9])www\."
    r"|(?<!\\)@"
)


def _plain_addresses(text: str) -> str:
    """``text`` with web and email addresses kept as text that no reader makes a link of."""
    return _AUTOLINK_TRIGGER.sub(lambda m: m.group(0)[:-1] + "\\" + m.group(0)[-1], text)


def _escape(text: str) -> str:
    """Text that Markdown shows as is (never as formatting, links or raw HTML)."""
    return _plain_addresses(_MARKDOWN_SPECIAL.sub(r"\\\1", text))


class _HtmlToMarkdown(HTMLParser):
    """A small, strict HTML to Markdown converter that notes what it removed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.removed: Counter[str] = Counter()
        self.blocks: list[str] = []
        self._line: list[str] = []
        self._prefix = ""
        self._skip: list[str] = []  # open elements being dropped with their content
        self._lists: list[list[int | str]] = []  # [kind, counter]
        self._marks: list[int] = []  # where open bold/italic markers sit in the current line

    # -- helpers ---------------------------------------------------------------------------
    def _flush(self) -> None:
        for index in self._marks:  # never closed: drop the marker, keep the text
            self._line[index] = ""
        self._marks = []
        text = _SPACES.sub(" ", "".join(self._line)).strip()
        self._line = []
        if text:
            self.blocks.append(self._prefix + text)
        self._prefix = ""

    def _open_mark(self, marker: str) -> None:
        self._marks.append(len(self._line))
        self._line.append(marker)

    def _close_mark(self) -> None:
        """Wrap the text since the open marker, whitespace outside it (as Markdown needs)."""
        if not self._marks:
            return
        index = self._marks.pop()
        marker = self._line[index]
        content = "".join(self._line[index + 1 :])
        inner = content.strip()
        if not inner:
            self._line[index:] = [content]
            return
        lead = content[: len(content) - len(content.lstrip())]
        trail = content[len(content.rstrip()) :]
        self._line[index:] = [lead, marker, inner, marker, trail]

    def _note_attributes(self, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.removed[_EVENT_ATTRIBUTE] += 1
            elif name == "style" and value and "url(" in value.lower():
                self.removed[_STYLE_RESOURCE] += 1
            elif name in ("src", "srcset", "background", "action", "formaction", "data"):
                self.removed[_attribute(name)] += 1

    # -- parser callbacks --------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip:
            if tag in DROPPED_WITH_CONTENT or tag in DROPPED_EMPTY:
                self.removed[f"<{tag}>"] += 1
            if tag not in VOID_HTML:
                self._skip.append(tag)
            return
        if tag in DROPPED_WITH_CONTENT:
            self.removed[f"<{tag}>"] += 1
            self._skip.append(tag)
            return
        if tag in DROPPED_EMPTY:
            self.removed[f"<{tag}>"] += 1
            return
        self._note_attributes(attrs)
        if tag in HEADINGS:
            self._flush()
            self._prefix = "#" * HEADINGS[tag] + " "
        elif tag in LISTS:
            self._flush()
            if len(self._lists) >= MAX_LIST_DEPTH:
                self.removed[
                    Message(
                        QT_TRANSLATE_NOOP(
                            "Messages",
                            "list nesting deeper than {depth} levels (the items are kept)",
                        ),
                        depth=MAX_LIST_DEPTH,
                    )
                ] += 1
            self._lists.append([tag, 0])
        elif tag == "li":
            self._flush()
            indent = "   " * min(max(len(self._lists) - 1, 0), MAX_LIST_DEPTH - 1)
            if self._lists and self._lists[-1][0] == "ol":
                self._lists[-1][1] = int(self._lists[-1][1]) + 1
                self._prefix = f"{indent}{self._lists[-1][1]}. "
            else:
                self._prefix = f"{indent}- "
        elif tag in BLOCKS or tag in ("td", "th"):
            if tag in ("td", "th"):
                self._line.append(" ")
            else:
                self._flush()
        elif tag in BOLD:
            self._open_mark("**")
        elif tag in ITALIC:
            self._open_mark("*")
        elif tag == "br":
            self._line.append(" ")
        elif tag == "a":
            if any(name == "href" for name, _ in attrs):
                self.removed[_LINK_TARGET] += 1
        else:
            self.removed[_kept_tag(tag)] += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_HTML:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag in self._skip:
                while self._skip and self._skip.pop() != tag:
                    pass
            return
        if tag in HEADINGS or tag in BLOCKS or tag == "li":
            self._flush()
        elif tag in LISTS:
            self._flush()
            if self._lists:
                self._lists.pop()
        elif tag in BOLD or tag in ITALIC:
            self._close_mark()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._line.append(_escape(data))

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """``<![…]>``: CDATA and the like as the parser knows them; anything else (which the
        standard parser rejects with an AssertionError) is dropped like a comment."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i)
            if end < 0:
                return -1  # unfinished: close() drops it
            self.removed[_RAW_HTML] += 1
            return end + 1

    def handle_comment(self, data: str) -> None:
        self.removed[_COMMENT_NAME] += 1

    def handle_pi(self, data: str) -> None:
        self.removed[_INSTRUCTION] += 1

    def close(self) -> None:
        if _UNFINISHED_HTML.match(self.rawdata):  # "<img src=…" cut off: no text, no tag
            self.removed[_UNFINISHED_TAG] += 1
            self.rawdata = ""
        super().close()
        self._flush()


def html_to_markdown(html: str) -> tuple[str, list[str]]:
    """Markdown with only headings, paragraphs, lists, bold and italic; and what was removed."""
    parser = _HtmlToMarkdown()
    parser.feed(html)
    parser.close()
    return _join(parser.blocks), _describe(parser.removed)


def _join(blocks: list[str]) -> str:
    """Blocks separated by blank lines; consecutive list items kept together."""
    groups: list[list[str]] = []
    previous_is_item = False
    for block in blocks:
        is_item = bool(_LIST_ITEM.match(block))
        if groups and is_item and previous_is_item:
            groups[-1].append(block)
        else:
            groups.append([block])
        previous_is_item = is_item
    return "\n\n".join("\n".join(group) for group in groups) + "\n" if groups else ""


def _describe(removed: Counter[str]) -> list[str]:
    return [
        Message(QT_TRANSLATE_NOOP("Messages", "{what} ×{count}"), what=what, count=count)
        if count > 1
        else what
        for what, count in sorted(removed.items())
    ]


# -- Markdown input -----------------------------------------------------------------------------
# Every pattern stops at the next character that could open another construct ("<", "[" or
# "("), so that no input makes them scan the text again and again (no quadratic blow-up).
_DROPPED_OPENING = re.compile(
    r"<(" + "|".join(sorted(DROPPED_WITH_CONTENT)) + r")\b[^<>]*>", re.IGNORECASE
)
_COMMENT = re.compile(r"<!--.*?(-->|\Z)", re.DOTALL)
_TAG = re.compile(
    r"</?[A-Za-z][A-Za-z0-9-]*(\s(?:[^<>\"']|\"[^\"<]*\"|'[^'<]*')*)?/?>|<[!?][^<>]*>"
)
_BRACKETED = r"\[(?:[^\[\]]|\[[^\[\]]*\])*\]"  # [text], with one level of nested [..] in it
_DESTINATION = r"\((?:[^()]|\([^()]*\))*\)"  # (url "title"), with one level of nested (..)
_IMAGE = re.compile(r"!" + _BRACKETED + r"(" + _DESTINATION + r"|\[[^\[\]]*\])?")
_INLINE_LINK = re.compile(r"(?<!\\)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]" + _DESTINATION)
_REFERENCE_LINK = re.compile(r"(?<!\\)\[([^\[\]]+)\]\[[^\[\]]*\]")
#: What is left of a link after the patterns above ("](" of an inline link or image, "]:" of
#: a definition), whatever its label holds (escaped brackets, say): the "(" or ":" is escaped,
#: so no reader can make a link of it (one rule under all the patterns, not one more of them).
_LINK_OPENER = re.compile(r"\]([(:])")
#: A definition, also inside block quotes and list items ("> [r]: url", "- [r]: url").
_REFERENCE_DEFINITION = re.compile(
    r"^((?:[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t])))*)[ \t]*\[[^\[\]\n]+\]:[ \t]*\n?[ \t]*\S.*$",
    re.MULTILINE,
)
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto|file):[^<>\s]*)>", re.IGNORECASE)
#: A tag that never ends with ">" on its line (cut off, or broken on purpose): dropped up to
#: the end of the line or the next "<".
_BROKEN_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:[ \t][^<>\n]*)?(?=<|$)", re.MULTILINE)
#: A "<" left over that a Markdown reader could take for the start of raw HTML.
_HTML_START = re.compile(r"(?<!\\)<(?=[A-Za-z/!?])")
#: Code spans and fenced code blocks: shown verbatim, so nothing is escaped inside them.
_CODE = re.compile(
    r"^ {0,3}(`{3,}|~{3,}).*?(?:^ {0,3}\1[ \t]*$|\Z)|(`+)[^`]*?\2", re.DOTALL | re.MULTILINE
)


def _drop_elements(text: str, removed: Counter[str]) -> str:
    """Remove each dropped element with its content; an unclosed one takes the rest."""
    kept: list[str] = []
    position = 0
    while (opening := _DROPPED_OPENING.search(text, position)) is not None:
        name = opening.group(1).lower()
        removed[f"<{name}>"] += 1
        kept.append(text[position : opening.start()])
        closing = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(text, opening.end())
        if closing is None:
            return "".join(kept)
        position = closing.end()
    kept.append(text[position:])
    return "".join(kept)


def _outside_code(text: str, change) -> str:
    """``change`` applied to the text outside code spans and fenced code blocks."""
    parts: list[str] = []
    position = 0
    for code in _CODE.finditer(text):
        parts.append(change(text[position : code.start()]))
        parts.append(code.group(0))
        position = code.end()
    parts.append(change(text[position:]))
    return "".join(parts)


def sanitise_markdown(text: str) -> tuple[str, list[str]]:
    """Markdown without raw HTML, images or link targets; and what was removed.

    Web and email addresses written out in the text stay, as plain text (never links).
    """
    removed: Counter[str] = Counter()

    def drop(pattern: re.Pattern[str], label, replacement: str = "") -> None:
        nonlocal text

        def replace(match: re.Match[str]) -> str:
            removed[label(match) if callable(label) else label] += 1
            return match.expand(replacement) if replacement else ""

        text = pattern.sub(replace, text)

    drop(_COMMENT, _COMMENT_NAME)
    text = _drop_elements(text, removed)
    drop(_AUTOLINK, _LINK_TARGET, r"\1")
    drop(_TAG, lambda m: _tag_label(m.group(0)))
    drop(_BROKEN_TAG, lambda m: _tag_label(m.group(0)))
    drop(_IMAGE, _IMAGE_NAME)
    drop(_INLINE_LINK, _LINK_TARGET, r"\1")
    drop(_REFERENCE_LINK, _LINK_TARGET, r"\1")
    drop(_REFERENCE_DEFINITION, _LINK_DEFINITION, r"\1")
    text = _outside_code(
        text,
        lambda part: _plain_addresses(_LINK_OPENER.sub(r"]\\\1", _HTML_START.sub(r"\\<", part))),
    )
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return (text + "\n" if text else ""), _describe(removed)


def _tag_label(tag: str) -> str:
    name = re.match(r"</?([A-Za-z][A-Za-z0-9-]*)", tag)
    if name is None:
        return _RAW_HTML
    lowered = name.group(1).lower()
    if lowered in DROPPED_EMPTY or lowered in DROPPED_WITH_CONTENT:
        return f"<{lowered}>"
    return _RAW_HTML_TAG

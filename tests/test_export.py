"""``zzsign export`` in every format, read back with the real readers (the commands run in this
process, ``support.cli.zzsign_here``; a real process's exit is tests/test_cli_records.py's)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.cli import cli_environment, zzsign_here
from support.exports import FORMULA_NAMES
from support.postgres_cluster import BOTH_BACKENDS
from support.store import HR_PASSWORD


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


@pytest.mark.slow
def test_csv_is_excel_ready_and_formulas_are_inert(cli_store_with_formula_names, tmp_path):
    from zzsign.services.export.rows import CSV_COLUMNS

    env, data, _root = cli_store_with_formula_names
    out = tmp_path / "records.csv"
    result = zzsign_here(env, "export", "--format", "csv", "--out", str(out), "--data-dir", data)
    assert result.returncode == 0, result.stderr
    assert "Exported 8 records" in result.stdout
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the names right
    assert raw.count(b"\r\n") == 9 and b"\n" not in raw.replace(b"\r\n", b"")
    assert out.stat().st_mode & 0o777 == 0o600
    rows = read_csv(out)
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    names = {row["full_name"] for row in rows}
    assert {"'" + name for name in FORMULA_NAMES} <= names
    assert not any(name.startswith(("=", "@", "+", "-")) for name in names)
    assert all(row["status"] == "signed" and len(row["record_sha256"]) == 64 for row in rows)
    assert any(row["employee_id"] == "E-7" for row in rows)
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.slow
def test_xlsx_cells_are_plain_text(cli_store_with_formula_names, tmp_path):
    from openpyxl import load_workbook

    env, data, _root = cli_store_with_formula_names
    out = tmp_path / "records.xlsx"
    result = zzsign_here(env, "export", "--format", "xlsx", "--out", str(out), "--data-dir", data)
    assert result.returncode == 0, result.stderr
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows())
    assert [c.value for c in rows[0]][:4] == [
        "record_id",
        "signed_at_utc",
        "signed_at_local",
        "full_name",
    ]
    assert len(rows) == 9
    name_cells = [row[3] for row in rows[1:]]
    formula_like = [c for c in name_cells if c.value.lstrip("'") in FORMULA_NAMES]
    assert len(formula_like) == 2
    for cell in formula_like:
        assert cell.value.startswith("'") and cell.data_type == "s"
    assert all(c.data_type == "s" for c in name_cells)
    assert all(row[8].value == 1 for row in rows[1:])  # agreement version stays a number


@pytest.mark.slow
def test_json_carries_hashes_signatures_and_keys(cli_store_with_formula_names, tmp_path):
    from zzsign.domain.canonical import canonical_json, sha256_hex
    from zzsign.security.chain import ChainLink
    from zzsign.security.installation_keys import SignatureChecker

    env, data, _root = cli_store_with_formula_names
    out = tmp_path / "records.json"
    result = zzsign_here(env, "export", "--format", "json", "--out", str(out), "--data-dir", data)
    assert result.returncode == 0, result.stderr
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported["format"] == "zzsign.export/1"
    (installation,) = exported["installations"]
    assert (
        len(installation["public_key"]) == 64
        and "BEGIN CERTIFICATE" in (installation["seal_certificate"])
    )
    checker = SignatureChecker({installation["id"]: installation["public_key"]})
    assert len(exported["records"]) == 8
    for entry in exported["records"]:
        assert sha256_hex(canonical_json(entry["public_record"])) == entry["record_sha256"]
        link = entry["chain_link"]
        assert link["payload_sha256"] == entry["record_sha256"]
        canonical = ChainLink(
            link["installation_id"],
            link["sequence"],
            link["kind"],
            link["subject"],
            link["payload_sha256"],
            link["prev_sha256"],
        ).canonical_bytes()
        assert checker.is_valid(installation["id"], link["signature"], canonical)
    names = {entry["record"]["signer"]["full_name"] for entry in exported["records"]}
    assert set(FORMULA_NAMES) <= names  # JSON is data, not a spreadsheet: kept exactly


@pytest.mark.slow
def test_filters_select_by_date_and_version(cli_store_with_formula_names, tmp_path):
    env, data, _root = cli_store_with_formula_names
    today = datetime.now(UTC).date()

    def exported(*filters: str) -> list[dict[str, str]]:
        out = tmp_path / "filtered.csv"
        result = zzsign_here(
            env, "export", "--format", "csv", "--out", str(out), "--data-dir", data, *filters
        )
        assert result.returncode == 0, result.stderr
        return read_csv(out)

    recent = exported("--since", (today - timedelta(days=1)).isoformat())
    assert {row["full_name"].lstrip("'") for row in recent} == set(FORMULA_NAMES)
    older = exported("--until", (today - timedelta(days=2)).isoformat())
    assert len(older) == 6 and all(row["work_email"].startswith("demo.") for row in older)
    assert exported("--agreement-version", "99") == []
    assert len(exported("--agreement-version", "1", "--until", today.isoformat())) == 8


@pytest.mark.slow
def test_merged_pdf_has_a_bookmark_per_signer(cli_store_with_formula_names, tmp_path):
    from pypdf import PdfReader

    env, data, _root = cli_store_with_formula_names
    out = tmp_path / "records.pdf"
    since = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
    result = zzsign_here(
        env, "export", "--format", "pdf", "--out", str(out), "--data-dir", data, "--since", since
    )
    assert result.returncode == 0, result.stderr
    reader = PdfReader(out)
    titles = [item.title for item in reader.outline]
    today = datetime.now(UTC).date()
    assert len(titles) == 2
    for title in titles:
        name, day = title.rsplit(" — ", 1)
        assert name in FORMULA_NAMES
        assert abs((datetime.fromisoformat(day).date() - today).days) <= 1
    pages = [reader.get_destination_page_number(item) for item in reader.outline]
    assert pages[0] == 0 and pages[1] > 0 and len(reader.pages) == 2 * pages[1]
    assert "Confidentiality" in reader.pages[0].extract_text()


@pytest.mark.slow
def test_evidence_package_verifies_anywhere_and_catches_tampering(
    cli_store_with_formula_names, tmp_path
):
    env, data, _root = cli_store_with_formula_names
    out = tmp_path / "evidence.zip"
    result = zzsign_here(
        env, "export", "--format", "evidence", "--out", str(out), "--data-dir", data
    )
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out) as package:
        names = set(package.namelist())
        manifest = json.loads(package.read("manifest.json"))
        assert manifest["format"] == "zzsign.evidence/2" and manifest["complete"] is True
        assert set(manifest["files"]) == names - {"manifest.json", "manifest.sig"}
        assert manifest["chain_head"]["sequence"] == 8  # the eighth signing's entry
        assert {"records.json", "chain.json", "hr_keys.json", "documents.json"} <= names
        assert len([n for n in names if n.endswith(".pdf")]) == 8
        members = {name: package.read(name) for name in names}
    assert len(json.loads(members["chain.json"])["links"]) == 8  # one entry a signing

    # Any machine: another keyring, another data folder, no HR password — given the laptop's
    # fingerprint, as `zzsign fingerprint` prints it there.
    fingerprint = zzsign_here(env, "fingerprint", "--data-dir", data).stdout.strip()
    elsewhere = {**cli_environment(tmp_path / "other-keyring.json")}
    del elsewhere["ZZSIGN_HR_PASSWORD"]
    checked = zzsign_here(
        elsewhere,
        "verify",
        str(out),
        "--expect",
        fingerprint,
        "--data-dir",
        str(tmp_path / "elsewhere"),
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Checked the evidence package evidence.zip: all intact." in checked.stdout

    # One changed name in records.json (the manifest left alone) is found.
    records = members["records.json"].decode("utf-8")
    victim = tmp_path / "tampered.zip"
    with zipfile.ZipFile(victim, "w") as package:
        for name, content in members.items():
            if name == "records.json":
                content = records.replace("@SUM(A1)", "@SUM(A2)", 1).encode("utf-8")
            package.writestr(name, content)
    checked = zzsign_here(
        elsewhere, "verify", str(victim), "--data-dir", str(tmp_path / "elsewhere")
    )
    assert checked.returncode == 1
    assert "records.json differs from its manifest" in checked.stdout
    assert "the name it shows differs from what was signed" in checked.stdout

    # A member that would escape the folder is refused before anything is read.
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as package:
        package.writestr("manifest.json", members["manifest.json"])
        package.writestr("../../etc/evil", b"x")
    checked = zzsign_here(elsewhere, "verify", str(evil), "--data-dir", str(tmp_path / "elsewhere"))
    assert checked.returncode == 2
    assert "unsafe name" in checked.stderr and checked.stderr.count("\n") == 1


def test_zip_bomb_is_refused_without_unpacking(tmp_path):
    from zzsign.services.evidence.reading import PackageReader
    from zzsign.services.verify import VerificationImpossibleError

    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", b"{}")
        package.writestr("records.json", b"\0" * (50 * 1024**2))
    with pytest.raises(VerificationImpossibleError, match="suspicious size"):
        PackageReader(bomb)


@pytest.mark.slow
def test_usage_errors_and_wrong_password_leave_no_file(cli_store_with_formula_names, tmp_path):
    env, data, _root = cli_store_with_formula_names
    out = tmp_path / "records.csv"
    wrong = {**env, "ZZSIGN_HR_PASSWORD": "not the HR password"}
    result = zzsign_here(wrong, "export", "--format", "csv", "--out", str(out), "--data-dir", data)
    assert result.returncode == 2
    assert result.stderr.strip() == "zzsign: The HR password is not correct."
    bad_date = zzsign_here(
        env,
        "export",
        "--format",
        "csv",
        "--out",
        str(out),
        "--since",
        "25/11/2026",
        "--data-dir",
        data,
    )
    assert bad_date.returncode == 2 and "not a date like 2026-11-25" in bad_date.stderr
    nowhere = zzsign_here(
        env,
        "export",
        "--format",
        "csv",
        "--out",
        str(tmp_path / "no" / "x.csv"),
        "--data-dir",
        data,
    )
    assert nowhere.returncode == 2 and nowhere.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
@pytest.mark.parametrize("failure", [RuntimeError("disk trouble"), KeyboardInterrupt()])
def test_a_failed_export_leaves_nothing_behind(
    cli_store_with_formula_names, tmp_path, monkeypatch, failure
):
    from zzsign.config import Settings
    from zzsign.services.export import rows as export_rows
    from zzsign.services.export.selection import ExportFilter
    from zzsign.services.export.table import export_table
    from zzsign.services.hr import HrAccess
    from zzsign.services.store import open_database

    _env, data, _root = cli_store_with_formula_names
    settings = Settings.resolve(data_dir=data, environ={})
    database = open_database(settings)
    try:
        hr_key = HrAccess(database.sessions).unlock(HR_PASSWORD)
    finally:
        database.close()
    calls = []
    real = export_rows.neutralise

    def failing(value: str) -> str:
        calls.append(value)
        if len(calls) > 40:  # midway: the header is written already
            raise failure
        return real(value)

    monkeypatch.setattr(export_rows, "neutralise", failing)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "old.csv").write_text("an earlier export")
    for kind in ("csv", "xlsx"):
        calls.clear()
        target = out_dir / ("old.csv" if kind == "csv" else "new.xlsx")
        with pytest.raises(type(failure)):
            export_table(settings.database_url, hr_key, ExportFilter(), kind, target)
    assert sorted(p.name for p in out_dir.iterdir()) == ["old.csv"]
    assert (out_dir / "old.csv").read_text() == "an earlier export"


def test_neutralise_covers_every_formula_start():
    from zzsign.services.export.rows import neutralise

    for text in (
        '=HYPERLINK("http://x","y")',
        "@SUM(A1)",
        "+1",
        "-2+3",
        "\t=1",
        "\r=1",
        "  =1+1",
        " @x",
    ):
        assert neutralise(text) == "'" + text
    for text in ("Zoë Ñúñez", "O'Brien", "محمد", "a=b", "", "1-2"):
        assert neutralise(text) == text


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=6)
    | st.sampled_from(["\u3000=1", "\x1f+2", "\x85@x", "\xa0-3", " \t\r=", "\u2028=x"])
)
def test_neutralise_is_the_documented_rule_for_any_text(text):
    from zzsign.services.export.rows import FORMULA_STARTS, neutralise

    formula_like = text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS)
    assert neutralise(text) == ("'" + text if formula_like else text)


def test_csv_writer_output_round_trips():
    from zzsign.services.export.rows import csv_text, neutralise
    from zzsign.services.export.table import write_csv

    out = io.StringIO(newline="")
    row = ["id", "x", "y", "=1", "a\r\nb", "", "d", "s", 1, "h", "k", "r", "signed"]
    cells = [neutralise(v) if isinstance(v, str) else v for v in row]
    assert write_csv([(1, csv_text([cells]))], out) == 1
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert rows[1][3] == "'=1" and rows[1][4] == "a\r\nb" and rows[1][8] == "1"


# -- progress and cancelling, in-process -------------------------------------------------------
@BOTH_BACKENDS
@pytest.mark.parametrize("kind", ["csv", "xlsx", "json", "pdf", "evidence"])
def test_every_kind_reports_progress_and_a_cancel_leaves_nothing(
    store_with_twelve_demo_records, hr_key, tmp_path, monkeypatch, kind
):
    import tempfile

    from zzsign.services.export.kinds import export_records
    from zzsign.services.export.output import ExportCancelled
    from zzsign.services.export.selection import ExportFilter

    scratch = tmp_path / "system-temp"  # where openpyxl would keep its scratch file
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    out = tmp_path / "out"
    out.mkdir()
    calls: list[tuple[int, int]] = []
    result = export_records(
        store_with_twelve_demo_records,
        hr_key,
        ExportFilter(),
        kind,
        out / f"all.{kind}",
        lambda done, total: calls.append((done, total)),
    )
    assert result.exported == 12 and result.left_out == 0
    assert calls == [(done, 12) for done in range(13)]

    def cancel_at_the_third(done: int, _total: int) -> None:
        if done == 3:
            raise ExportCancelled

    with pytest.raises(ExportCancelled):
        export_records(
            store_with_twelve_demo_records,
            hr_key,
            ExportFilter(),
            kind,
            out / f"cancelled.{kind}",
            cancel_at_the_third,
        )
    assert sorted(p.name for p in out.iterdir()) == [f"all.{kind}"]
    assert list(scratch.iterdir()) == []


def test_local_dates_follow_the_signers_clock_and_utc_dates_the_utc_day():
    from datetime import date, timezone

    from zzsign.domain.clock import Timestamp
    from zzsign.services.export.selection import ExportFilter

    late_in_california = Timestamp.from_local(
        datetime(2025, 6, 30, 23, 30, tzinfo=timezone(timedelta(hours=-8)))
    )  # 1 July UTC
    first_of_july = dict(since=date(2025, 7, 1), until=date(2025, 7, 1))
    assert ExportFilter(**first_of_july).matches(late_in_california, 1)
    assert not ExportFilter(**first_of_july, local_dates=True).matches(late_in_california, 1)
    assert ExportFilter(until=date(2025, 6, 30), local_dates=True).matches(late_in_california, 1)
    assert not ExportFilter(agreement_version=2).matches(late_in_california, 1)

"""Hostile command-line arguments: every verb answers junk with one clear line, never a traceback.

``zzsign.cli.main(argv)`` runs in this process (tests/support/cli.py), with stdout strict
UTF-8 and stderr ``backslashreplace`` as a real terminal has them, so that a path that is not
UTF-8 fails here as it would for IT. Junk is a table of what people and scripts get wrong
(paths with NUL, paths that are not UTF-8, folders, pipes, missing files, huge and negative
numbers, dates at the edge of the calendar) plus hypothesis over the free-text arguments.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.cli import CliRun, run_cli

NOT_UTF8 = os.fsdecode(b"\xff\xfe-not-utf8")
FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def assert_refused(run: CliRun, code: int, says: str = "") -> None:
    """Refused with ``code`` and one sentence: ours is one ``zzsign:`` line, argparse's a usage
    line and an error line."""
    assert run.code == code, (run.code, run.err)
    assert "Traceback" not in run.err and run.out == ""
    if run.err.startswith("zzsign: "):
        assert len(run.err_lines) == 1, run.err
        line = run.err_lines[0]
        assert line.endswith("."), line
    else:  # argparse: "usage: …" then "zzsign …: error: argument …: why"
        assert run.err.startswith("usage: zzsign"), run.err
        line = run.err_lines[-1]
        assert ": error: " in line, run.err
    assert says in line, line
    assert len(line) < 400, "an argument must never be echoed whole"
    assert line.isprintable(), "control and invisible characters are never echoed"


def tree(root: Path) -> dict[str, str]:
    """Every path under ``root`` but the store's data folder, and what it is (with file sizes)."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.relative_to(root).parts[0] == "data":
            continue
        mode = path.lstat().st_mode
        kind = (
            "dir"
            if stat.S_ISDIR(mode)
            else "fifo"
            if stat.S_ISFIFO(mode)
            else f"file {path.stat().st_size}"
            if stat.S_ISREG(mode)
            else "other"
        )
        found[str(path.relative_to(root))] = kind
    return found


# -- arguments checked before anything is opened ------------------------------------------------
VALID_ID = "3f1c2a9e-7b4d-4c1e-9a55-0d2e8f6b7c31"

USAGE_ERRORS = [
    # (argv after the verb's data folder is added, what the error line says)
    (["verify", "a\0b.pdf"], "NUL character"),
    (["import", "a\0b.zip"], "NUL character"),
    (["agreement", "publish", "a\0b.md", "--version", "2"], "NUL character"),
    (["export", "--format", "csv", "--out", "a\0b.csv"], "NUL character"),
    (["backup", "--out", "a\0b.sqlite3"], "NUL character"),
    (
        ["export", "--format", "csv", "--out", "x.csv", "--agreement-version", "9" * 40],
        "from 1 to 1,000,000",
    ),
    (
        ["export", "--format", "csv", "--out", "x.csv", "--agreement-version", "-3"],
        "from 1 to 1,000,000",
    ),
    (
        ["export", "--format", "csv", "--out", "x.csv", "--agreement-version", "1.5"],
        "not a whole number",
    ),
    (["export", "--format", "csv", "--out", "x.csv", "--until", "9999-12-31"], "too far ahead"),
    (
        ["export", "--format", "csv", "--out", "x.csv", "--since", "2026-02-30"],
        "not a date like 2026-11-25",
    ),
    (
        ["export", "--format", "csv", "--out", "x.csv", "--since", "x" * 5000],
        "not a date like 2026-11-25",
    ),
    (["export", "--format", "exe", "--out", "x.csv"], "invalid choice"),
    (["agreement", "publish", "v2.md", "--version", "0"], "from 1 to 1,000,000"),
    (["agreement", "publish", "v2.md", "--version", str(2**70)], "from 1 to 1,000,000"),
    (["demo", "--signatures", "1" * 40], "at most 1,000,000"),
    (["demo", "--signatures", "many"], "not a whole number"),
    (["void", "zzz", "--reason", "because"], "not a record ID"),
    (["void", "x" * 100_000, "--reason", "because"], "not a record ID"),
    (["void", "\x1b[2J" + VALID_ID, "--reason", "because"], "not a record ID"),
    (["void", NOT_UTF8, "--reason", "because"], "not a record ID"),
    (["void", "a\0b", "--reason", "because"], "not a record ID"),
]


@pytest.mark.parametrize(
    ("argv", "says"), USAGE_ERRORS, ids=[f"{a[0]}-{i}" for i, (a, _) in enumerate(USAGE_ERRORS)]
)
def test_bad_arguments_are_usage_errors_that_name_the_argument(
    cli_data_dir_from_empty_folder, tmp_path, argv, says
):
    before = tree(tmp_path)
    run = run_cli(*argv, "--data-dir", str(cli_data_dir_from_empty_folder))
    assert_refused(run, 2, says)
    assert tree(tmp_path) == before


@pytest.mark.parametrize("data_dir", ["a\0b", NOT_UTF8])
def test_a_data_folder_that_cannot_be_a_path_is_refused_before_anything_is_made(
    cli_data_dir_from_empty_folder, tmp_path, data_dir
):
    before = tree(tmp_path)
    run = run_cli("verify", "--data-dir", data_dir)
    assert_refused(run, 2, "--data-dir")
    assert tree(tmp_path) == before


# -- files that are not what the verb needs ---------------------------------------------------
def test_files_that_are_missing_folders_or_pipes_are_refused_in_one_line(
    cli_data_dir_from_empty_folder, tmp_path, named_pipe
):
    folder = tmp_path / "a folder"
    folder.mkdir()
    missing = tmp_path / "missing.zip"
    before = tree(tmp_path)
    cases = [
        (("verify", str(missing)), "No such file"),
        (("verify", str(folder)), "not a regular file"),
        (("verify", str(named_pipe)), "not a regular file"),
        (("verify", str(tmp_path / f"{NOT_UTF8}.pdf")), "No such file"),
        (("import", str(missing)), "There is no file missing.zip"),
        (("import", str(folder)), "not a regular file"),
        (("import", str(named_pipe)), "not a regular file"),
        (("agreement", "publish", str(folder), "--version", "2"), "not a regular file"),
        (("agreement", "publish", str(named_pipe), "--version", "2"), "not a regular file"),
        (
            ("agreement", "publish", str(missing.with_suffix(".md")), "--version", "2"),
            "No such file",
        ),
    ]
    for argv, says in cases:
        assert_refused(run_cli(*argv, "--data-dir", str(cli_data_dir_from_empty_folder)), 2, says)
    assert tree(tmp_path) == before


@pytest.mark.parametrize("verb", [("export", "--format", "json"), ("backup",)])
def test_output_that_is_a_pipe_a_folder_or_nowhere_is_refused_and_nothing_is_written(
    cli_data_dir_from_empty_folder, tmp_path, named_pipe, verb
):
    """A device, pipe or folder at --out is never replaced (as root, /dev/null would be)."""
    folder = tmp_path / "a folder"
    folder.mkdir()
    before = tree(tmp_path)
    for out in (named_pipe, folder, tmp_path / "no such folder" / "x.out"):
        run = run_cli(*verb, "--out", str(out), "--data-dir", str(cli_data_dir_from_empty_folder))
        assert run.code == 2 and run.out == "", run.err
        assert run.err.startswith("zzsign: ") and len(run.err_lines) == 1, run.err
        assert "Traceback" not in run.err
    assert tree(tmp_path) == before
    assert stat.S_ISFIFO(named_pipe.lstat().st_mode)


@pytest.mark.parametrize("verb", [("export", "--format", "csv"), ("backup",)])
def test_an_output_name_that_is_not_utf8_is_written_and_reported(
    cli_data_dir_from_empty_folder, tmp_path, verb
):
    target = tmp_path / f"{NOT_UTF8}.out"
    run = run_cli(*verb, "--out", str(target), "--data-dir", str(cli_data_dir_from_empty_folder))
    assert run.code == 0, run.err
    assert "\\udcff\\udcfe-not-utf8.out" in run.out  # shown escaped, never a crash
    assert target.is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_a_huge_pdf_is_refused_without_reading_it_whole(cli_data_dir_from_empty_folder, tmp_path):
    from zzsign.cli import MAX_SIGNED_COPY_BYTES

    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as file:
        file.write(b"%PDF-1.7\n")
        file.truncate(MAX_SIGNED_COPY_BYTES + 10)  # sparse: no disk, no time
    assert_refused(
        run_cli("verify", str(huge), "--data-dir", str(cli_data_dir_from_empty_folder)),
        2,
        "larger than any signed copy",
    )


# -- void: the reason, and record IDs that look right but are not here ------------------------
def test_void_of_an_unknown_record_and_unusable_reasons(cli_data_dir_from_empty_folder):
    assert_refused(
        run_cli(
            "void",
            VALID_ID,
            "--reason",
            "Signed by mistake",
            "--data-dir",
            str(cli_data_dir_from_empty_folder),
        ),
        1,
        f"There is no record {VALID_ID}",
    )
    for reason, says in (
        ("\0\x01", "control character (U+0000)"),
        ("  ", "at least 3"),
        ("\u202eesrever", "control character (U+202E)"),
        ("x" * 501, "at most 500"),
    ):
        assert_refused(
            run_cli(
                "void",
                VALID_ID,
                "--reason",
                reason,
                "--data-dir",
                str(cli_data_dir_from_empty_folder),
            ),
            2,
            says,
        )


# -- hypothesis: any text in the free-text arguments -------------------------------------------
JUNK = st.one_of(
    st.text(max_size=60),
    st.text(
        alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Po"]), max_size=20
    ),
    st.binary(max_size=30).map(os.fsdecode),  # what a non-UTF-8 file name becomes
    st.integers().map(str),
    st.sampled_from(["", "-", "--", "-1", "0", "1e9", "NaN", "9" * 30, "..", "/", "~"]),
).filter(lambda text: not text.startswith("-") or text in ("-1",))


@FUZZ
@given(junk=JUNK)
def test_junk_dates_and_versions_never_crash(cli_data_dir_from_empty_folder, junk):
    for option in ("--since", "--until", "--agreement-version"):
        run = run_cli(
            "export",
            "--format",
            "csv",
            "--out",
            "junk.csv",
            option,
            junk,
            "--data-dir",
            str(cli_data_dir_from_empty_folder),
        )
        if run.code == 0:  # a real date or version: the export ran
            Path("junk.csv").unlink()
            continue
        assert_refused(run, 2)


@FUZZ
@given(record_id=JUNK, reason=JUNK)
def test_junk_record_ids_and_reasons_never_crash(cli_data_dir_from_empty_folder, record_id, reason):
    run = run_cli(
        "void", record_id, "--reason", reason, "--data-dir", str(cli_data_dir_from_empty_folder)
    )
    assert run.code in (1, 2), run
    assert_refused(run, run.code)


@FUZZ
@given(path=JUNK)
def test_junk_paths_to_read_never_crash(cli_data_dir_from_empty_folder, path):
    for argv in (
        ("verify", path),
        ("import", path),
        ("agreement", "publish", path, "--version", "2"),
    ):
        run = run_cli(*argv, "--data-dir", str(cli_data_dir_from_empty_folder))
        assert run.code != 0 or (argv[0] == "verify" and path == ""), run
        if run.code:
            assert_refused(run, run.code)

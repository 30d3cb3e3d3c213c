"""Tampered and malformed evidence packages for ``zzsign verify PACKAGE`` and ``zzsign import``.

A real package is made once (two records signed through SigningService, exported with
export_evidence), then tampered with: zip bombs, lying sizes, unsafe and duplicate member names,
links, wrong hashes, missing and extra files, manifests that are not JSON or too deep, truncated
archives, files that are not archives at all, unknown compression, damaged data, junk PDFs.

Each is refused with one clear reason: ``verify`` exits 2 when the file cannot be read as a
package ("could not check") and 1 when a package was read and problems were found (each listed);
``import`` refuses either kind with exit 1 ("nothing was imported") and adds nothing. And
nothing is ever written outside the store: the folders around, the working folder and the
temporary folder are compared before and after, and the importing store's every row too.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import stat
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from support.cli import CliRun, run_cli

from zzsign.services.evidence import reading, verifying
from zzsign.services.verify import VerificationImpossibleError

MANIFEST = "manifest.json"
TABLES = (
    "installations",
    "documents",
    "signature_records",
    "audit_events",
    "ledger_entries",
    "record_voids",
    "hr_keys",
)


# -- the real package, and a laptop that could import it -----------------------------------
def store_rows(data_dir: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(data_dir / "zzsign.sqlite3") as raw:
        return {t: sorted(raw.execute(f"SELECT * FROM {t}").fetchall()) for t in TABLES}


def repack(
    made,
    path: Path,
    *,
    change: dict[str, bytes | None] | None = None,
    add: dict[str, bytes] | None = None,
    manifest: Callable[[dict], object] | None = None,
    order: Callable[[list[str]], list[str]] | None = None,
) -> Path:
    """The real package's members, some changed (None: left out), some added, the manifest
    rewritten by ``manifest``; written to ``path``."""
    members = dict(made["members"])
    for name, data in (change or {}).items():
        if data is None:
            members.pop(name)
        else:
            members[name] = data
    members.update(add or {})
    if manifest is not None:
        rewritten = manifest(json.loads(members[MANIFEST]))
        members[MANIFEST] = (
            rewritten if isinstance(rewritten, bytes) else json.dumps(rewritten).encode()
        )
    names = order(list(members)) if order else list(members)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            archive.writestr(name, members[name])
    return path


def patch_entry(path: Path, name: str, **fields: int) -> None:
    """Forge fields of ``name``'s central directory entry (sizes, method, attributes)."""
    offsets = {
        "method": (10, "<H"),
        "compress_size": (20, "<I"),
        "file_size": (24, "<I"),
        "external_attr": (38, "<I"),
    }
    data = bytearray(path.read_bytes())
    position = data.find(b"PK\x01\x02")
    while position >= 0:
        length = struct.unpack_from("<H", data, position + 28)[0]
        if data[position + 46 : position + 46 + length] == name.encode():
            for field, value in fields.items():
                offset, form = offsets[field]
                struct.pack_into(form, data, position + offset, value)
            path.write_bytes(bytes(data))
            return
        position = data.find(b"PK\x01\x02", position + 4)
    raise AssertionError(f"{name} is not in the central directory")


def verify(package: Path, tmp_path: Path, *expect: str) -> CliRun:
    """``zzsign verify PACKAGE`` on a machine that knows no laptop (``--expect`` if given)."""
    extra = ("--expect", *expect) if expect else ()
    return run_cli("verify", str(package), "--data-dir", str(tmp_path / "verifier"), *extra)


def import_into_copy(made, package: Path, tmp_path: Path) -> tuple[CliRun, Path]:
    laptop = tmp_path / "b"
    if not laptop.exists():
        shutil.copytree(made["laptop_b"], laptop)
    return run_cli(
        "import", str(package), "--data-dir", str(laptop), "--trust", made["trust"]
    ), laptop


def assert_one_line(run: CliRun, code: int, says: str) -> None:
    assert run.code == code, (run.code, run.out, run.err)
    assert "Traceback" not in run.err and run.out == ""
    assert run.err.startswith("zzsign: ") and len(run.err.splitlines()) == 1, run.err
    assert says in run.err, run.err
    assert run.err.strip().endswith(".") and run.err.strip().isprintable()


def assert_problems_listed(run: CliRun, *found: str) -> None:
    assert run.code == 1, (run.out, run.err)
    assert "Traceback" not in run.err
    lines = run.out.splitlines()
    assert lines[-1].startswith("Checked the evidence package") and "found." in lines[-1]
    for what in found:
        assert any(what in line for line in lines[:-1]), (what, run.out)


def assert_refused_and_untouched(
    made, package: Path, tmp_path: Path, snapshot, says: str, code: int
) -> None:
    """Import refuses the package in one line and the store keeps every row as it was."""
    laptop = tmp_path / "b"
    shutil.copytree(made["laptop_b"], laptop)
    rows = store_rows(laptop)
    before = snapshot()
    run, _ = import_into_copy(made, package, tmp_path)
    assert_one_line(run, code, says)
    assert "nothing was imported" in run.err.lower()
    assert store_rows(laptop) == rows
    assert snapshot() == before


# -- the untampered package: the control --------------------------------------------------------
def test_the_real_package_verifies_and_imports_once(
    laptop_a_package_and_laptop_b, tmp_path, escape_snapshot
):
    made = laptop_a_package_and_laptop_b
    before = escape_snapshot()
    unknown_maker = verify(made["package"], tmp_path)
    assert unknown_maker.code == 3, unknown_maker.out + unknown_maker.err
    assert unknown_maker.out.endswith(
        "Checked the evidence package a.zip: all intact, but who made it was not checked.\n"
    )
    assert "give --expect with the fingerprint" in unknown_maker.err
    checked = verify(made["package"], tmp_path, made["trust"])
    assert checked.code == 0, checked.out + checked.err
    assert checked.out.endswith("Checked the evidence package a.zip: all intact.\n")
    imported, laptop = import_into_copy(made, made["package"], tmp_path)
    assert imported.code == 0, imported.err
    assert "Imported 2 records" in imported.out
    assert len(store_rows(laptop)["signature_records"]) == 2
    known_here = run_cli("verify", str(made["package"]), "--data-dir", str(laptop))
    assert known_here.code == 0, known_here.out + known_here.err
    assert escape_snapshot() == before


def test_a_package_from_another_laptop_than_expected_is_a_problem(
    laptop_a_package_and_laptop_b, tmp_path
):
    """A package built from scratch anywhere is consistent in itself: only the laptop's
    fingerprint, given by the person, tells it apart (and a malformed one is refused)."""
    other = "SHA256:" + "0" * 64
    run = verify(laptop_a_package_and_laptop_b["package"], tmp_path, other)
    assert run.code == 1, run.out + run.err
    assert "it was made by the laptop SHA256:" in run.out and "not the one expected" in run.out
    malformed = verify(laptop_a_package_and_laptop_b["package"], tmp_path, "SHA256:abc")
    assert malformed.code == 2 and "64 hexadecimal digits" in malformed.err


def _newest_record_dropped(made) -> dict:
    """The newest record cut from records.json and the chain, its copy and sealed part
    removed, the manifest hashed again to match: what someone hiding a signing would do."""
    records = json.loads(made["members"]["records.json"])
    newest = records["records"].pop()
    record_id = newest["public_record"]["record_id"]
    chain = json.loads(made["members"]["chain.json"])
    cut = next(i for i, link in enumerate(chain["links"]) if link["subject"] == record_id)
    chain["links"] = chain["links"][:cut]
    new_records, new_chain = json.dumps(records).encode(), json.dumps(chain).encode()
    gone = [name for name in made["members"] if record_id in name]

    def rehashed(manifest: dict) -> dict:
        files = {k: v for k, v in manifest["files"].items() if k not in gone}
        manifest = _rehash({**manifest, "files": files}, "records.json", new_records)
        return _rehash(manifest, "chain.json", new_chain)

    return {
        "change": {"records.json": new_records, "chain.json": new_chain, **dict.fromkeys(gone)},
        "manifest": rehashed,
    }


@pytest.mark.parametrize(
    ("recipe", "found"),
    [
        (_newest_record_dropped, "its manifest is not the one its laptop signed"),
        (lambda made: {"change": {"manifest.sig": None}}, "is not the one its laptop signed"),
    ],
    ids=["newest record dropped, manifest hashed again", "manifest signature removed"],
)
def test_a_package_cut_short_or_unsigned_is_a_problem(
    laptop_a_package_and_laptop_b, tmp_path, recipe, found
):
    made = laptop_a_package_and_laptop_b
    package = repack(made, tmp_path / "cut.zip", **recipe(made))
    run = verify(package, tmp_path, made["trust"])
    assert_problems_listed(run, found)


# -- read, but wrong: problems listed, exit 1 ------------------------------------------------
def _first(made, prefix: str) -> str:
    return sorted(n for n in made["members"] if n.startswith(prefix))[0]


WRONG_SHAPE = b'{"format": "zzsign.export/1", "records": [{"public_record": {"record_id": [1]}}]}'
TAMPERED = {
    "wrong hash in the manifest": (
        lambda made: {"manifest": lambda m: {**m, "files": {**m["files"], "chain.json": "0" * 64}}},
        ["chain.json differs from its manifest"],
    ),
    "a sealed part changed": (
        lambda made: {"change": {_first(made, "sealed/"): b"\x00" * 64}},
        ["differs from its manifest", "its sealed parts differ from those that were signed"],
    ),
    "a signed copy missing": (
        lambda made: {"change": {_first(made, "records/"): None}},
        ["is listed in its manifest but missing", "its signed copy (PDF) is missing"],
    ),
    "an extra file": (
        lambda made: {"add": {"notes/\x1b[31mread me.txt": b"hello"}},
        ["'notes/\\x1b[31mread me.txt' is not listed in its manifest"],
    ),
    "a signed copy that is junk": (
        lambda made: {
            "change": {_first(made, "records/"): b"%PDF-1.7\n" + b"\xff" * 500},
            "manifest": lambda m: m,
        },
        ["differs from its manifest", "signed copy"],
    ),
    "records.json of the wrong shape, with its hash": (
        lambda made: {
            "change": {"records.json": WRONG_SHAPE},
            "manifest": lambda m: _rehash(m, "records.json", WRONG_SHAPE),
        },
        ["its contents are malformed"],
    ),
    "a chain entry with the wrong types, with its hash": (
        lambda made: _chain_of_wrong_types(made),
        ["a chain entry's position was edited"],
    ),
}


def _rehash(manifest: dict, name: str, data: bytes) -> dict:
    from zzsign.domain.canonical import sha256_hex

    return {**manifest, "files": {**manifest["files"], name: sha256_hex(data)}}


def _chain_of_wrong_types(made) -> dict:
    chain = json.loads(made["members"]["chain.json"])
    chain["links"][0]["sequence"] = {"not": "a number"}
    data = json.dumps(chain).encode()
    return {"change": {"chain.json": data}, "manifest": lambda m: _rehash(m, "chain.json", data)}


@pytest.mark.parametrize("kind", list(TAMPERED))
def test_a_tampered_package_lists_its_problems_and_is_not_imported(
    laptop_a_package_and_laptop_b, tmp_path, escape_snapshot, kind
):
    recipe, found = TAMPERED[kind]
    package = repack(
        laptop_a_package_and_laptop_b,
        tmp_path / "tampered.zip",
        **recipe(laptop_a_package_and_laptop_b),
    )
    before = escape_snapshot()
    assert_problems_listed(verify(package, tmp_path), *found)
    assert escape_snapshot() == before
    assert_refused_and_untouched(
        laptop_a_package_and_laptop_b, package, tmp_path, escape_snapshot, "did not verify", 1
    )


# -- not readable as a package: one reason, exit 2 --------------------------------------------
def _bomb_with_a_lying_size(made, path: Path) -> Path:
    """records.json inflates to 8 MB of zeros, but its entry says 100 bytes."""
    repack(made, path, change={"records.json": bytes(8 * 1024**2)})
    patch_entry(path, "records.json", file_size=100)
    return path


def _claims_a_huge_member(made, path: Path) -> Path:
    repack(made, path)
    patch_entry(path, MANIFEST, file_size=600 * 1024**2, compress_size=600 * 1024**2 // 100)
    return path


def _claims_more_than_two_gigabytes(made, path: Path) -> Path:
    repack(made, path)
    for name in sorted(made["members"])[:5]:
        patch_entry(path, name, file_size=500 * 1024**2, compress_size=5 * 1024**2)
    return path


def _link_member(made, path: Path) -> Path:
    repack(made, path, change={"records.json": None})
    with zipfile.ZipFile(path, "a") as archive:
        info = zipfile.ZipInfo("records.json")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, "/etc/passwd")
    return path


def _named(name: str) -> Callable[[object, Path], Path]:
    def make(made, path: Path) -> Path:
        return repack(made, path, add={name: b"x"})

    return make


def _duplicate(made, path: Path) -> Path:
    repack(made, path)
    with zipfile.ZipFile(path, "a") as archive, pytest.warns(UserWarning, match="Duplicate"):
        archive.writestr("records.json", b"{}")
    return path


def _truncated(made, path: Path) -> Path:
    data = made["package"].read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _unknown_compression(made, path: Path) -> Path:
    repack(made, path)
    patch_entry(path, "chain.json", method=99)  # 99: AES encryption (WinZip)
    return path


def _damaged_data(made, path: Path) -> Path:
    repack(made, path)
    data = bytearray(path.read_bytes())
    start = data.find(b"PK\x03\x04")  # the first member's local header
    name_length, extra_length = struct.unpack_from("<HH", data, start + 26)
    body = start + 30 + name_length + extra_length
    for offset in range(body + 2, body + 40):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


def _writes(data: bytes) -> Callable[[object, Path], Path]:
    def make(made, path: Path) -> Path:
        path.write_bytes(data)
        return path

    return make


UNREADABLE = {
    "zip bomb with a lying size": (_bomb_with_a_lying_size, "records.json"),
    "a member claiming 600 MB": (_claims_a_huge_member, "unpacks to a suspicious size"),
    "members claiming 2.5 GB": (_claims_more_than_two_gigabytes, "more than 2 GB"),
    "parent folder": (_named("../evil.txt"), "unsafe name ('../evil.txt')"),
    "deep parent folder": (_named("records/../../../etc/cron.d/x"), "unsafe name"),
    "absolute path": (_named("/etc/cron.d/evil"), "unsafe name ('/etc/cron.d/evil')"),
    "drive letter": (_named("C:\\Windows\\evil.dll"), "unsafe name"),
    "drive-relative": (_named("C:evil.dll"), "unsafe name"),
    "backslashes": (_named("records\\..\\..\\evil"), "unsafe name"),
    "a link": (_link_member, "a link or special file ('records.json')"),
    "a name twice": (_duplicate, "holds the file 'records.json' twice"),
    "manifest not JSON": (
        lambda made, path: repack(made, path, manifest=lambda m: b"{nope"),
        "manifest.json is not valid JSON",
    ),
    "manifest nested too deep": (
        lambda made, path: repack(made, path, manifest=lambda m: b"[" * 100_000 + b"]" * 100_000),
        "manifest.json is not valid JSON",
    ),
    "manifest of another kind": (
        lambda made, path: repack(made, path, manifest=lambda m: [m]),
        "format",
    ),
    "manifest without a file list": (
        lambda made, path: repack(made, path, manifest=lambda m: {**m, "files": "all"}),
        "lists no files",
    ),
    "no manifest": (
        lambda made, path: repack(made, path, change={MANIFEST: None}),
        "no manifest.json",
    ),
    "truncated": (_truncated, "not a readable .zip"),
    "PK and junk": (_writes(b"PK\x03\x04" + bytes(range(256)) * 8), "not a readable .zip"),
    "unknown compression": (_unknown_compression, "compressed in a way zzsign does not write"),
    "damaged compressed data": (_damaged_data, "is damaged"),
}


@pytest.mark.parametrize("kind", list(UNREADABLE))
def test_an_unreadable_package_is_refused_with_one_reason(
    laptop_a_package_and_laptop_b, tmp_path, escape_snapshot, kind
):
    make, says = UNREADABLE[kind]
    package = make(laptop_a_package_and_laptop_b, tmp_path / "hostile.zip")
    before = escape_snapshot()
    assert_one_line(verify(package, tmp_path), 2, says)
    assert escape_snapshot() == before
    assert_refused_and_untouched(
        laptop_a_package_and_laptop_b, package, tmp_path, escape_snapshot, says, 1
    )


def test_a_file_that_is_not_a_zip_is_refused_by_import(
    laptop_a_package_and_laptop_b, tmp_path, escape_snapshot
):
    package = tmp_path / "package.zip"
    package.write_bytes(b"%PDF-1.7 this is no package")
    assert_refused_and_untouched(
        laptop_a_package_and_laptop_b, package, tmp_path, escape_snapshot, "not a readable .zip", 1
    )


def test_too_many_members_is_refused_before_any_is_read(
    laptop_a_package_and_laptop_b, tmp_path, monkeypatch
):
    package = repack(
        laptop_a_package_and_laptop_b, tmp_path / "many.zip", add={f"x/{i}": b"" for i in range(20)}
    )
    monkeypatch.setattr(reading, "MAX_MEMBERS", 10)  # the real limit is 1,000,000
    read = []
    monkeypatch.setattr(reading.PackageReader, "read", lambda self, name: read.append(name))
    with pytest.raises(VerificationImpossibleError, match="too many files"):
        verifying.verify_package(package)
    assert read == []


def test_a_lying_member_is_never_inflated_past_its_declared_size(
    laptop_a_package_and_laptop_b, tmp_path, monkeypatch
):
    """The bomb's 8 MB are never held: its member is read one byte past its declared size."""
    package = _bomb_with_a_lying_size(laptop_a_package_and_laptop_b, tmp_path / "bomb.zip")
    asked: dict[str, list[int]] = {}
    real_read = zipfile.ZipExtFile.read

    def read(self, n=-1):
        asked.setdefault(self.name, []).append(n)
        return real_read(self, n)

    monkeypatch.setattr(zipfile.ZipExtFile, "read", read)
    with pytest.raises(VerificationImpossibleError, match=r"records\.json"):
        verifying.verify_package(package)
    assert asked["records.json"] == [101]

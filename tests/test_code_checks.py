"""The code keeps its own rules: ruff is clean, mypy is clean on domain, security and services,
and the layers of GUIDE.md §4 hold (domain is pure Python; domain, services, security, store, pdf
and drawing never import Qt widgets; views never reach the database; the command line reaches the
store and the keys only through services)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from support import TESTS

PROJECT = TESTS.parent
PACKAGE = PROJECT / "zzsign"

#: layer folder → module prefixes it must never import (at run time).
FORBIDDEN = {
    "domain": ("PySide6", "sqlalchemy", "zzsign.store", "zzsign.services", "zzsign.views"),
    "security": ("PySide6.QtWidgets", "zzsign.views", "zzsign.services"),
    "store": ("PySide6", "zzsign.views", "zzsign.services"),
    "pdf": ("PySide6.QtWidgets", "zzsign.views", "zzsign.store"),
    "drawing": ("PySide6.QtWidgets", "zzsign.views", "zzsign.store", "sqlalchemy"),
    "services": ("PySide6.QtWidgets", "zzsign.views"),
    "views": ("sqlalchemy", "zzsign.store"),
    "cli": ("sqlalchemy", "zzsign.store", "zzsign.security", "zzsign.views"),
}


def run_time_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import in ``path`` that runs (not under ``if TYPE_CHECKING``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for child in ast.walk(node))
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def test_each_layer_imports_only_what_it_may():
    broken = []
    for layer, forbidden in FORBIDDEN.items():
        for path in sorted((PACKAGE / layer).rglob("*.py")):
            for line, module in run_time_imports(path):
                if any(module == f or module.startswith(f + ".") for f in forbidden):
                    broken.append(f"{path.relative_to(PROJECT)}:{line} imports {module}")
    assert broken == []


def test_the_layer_check_notices_a_forbidden_import(tmp_path):
    """The check above can fail: a services module importing Qt widgets is caught."""
    module = tmp_path / "bad.py"
    module.write_text(
        "from PySide6.QtWidgets import QLabel\nif TYPE_CHECKING:\n    import sqlalchemy\n",
        encoding="utf-8",
    )
    assert (1, "PySide6.QtWidgets.QLabel") in run_time_imports(module)
    assert all(name != "sqlalchemy" for _line, name in run_time_imports(module))


#: Everything ruff reads: the package, the tests, the benchmarks, the docs' scripts, packaging.
CHECKED_PATHS = ("zzsign", "tests", "bench", "docs", "packaging", "main.py", "setup.py")


def _tool(name: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run a checker that comes with the test extras, beside this Python, in the project."""
    return subprocess.run(
        [str(Path(sys.executable).parent / name), *arguments],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_ruff_is_clean():
    result = _tool("ruff", "check", "--no-cache", *CHECKED_PATHS)
    assert result.returncode == 0, result.stdout[-4000:]


def test_ruff_format_leaves_every_file_as_it_is():
    result = _tool("ruff", "format", "--check", "--no-cache", *CHECKED_PATHS)
    assert result.returncode == 0, result.stdout[-4000:]


#: The layers the type checker holds to (pyproject.toml's [tool.mypy] names the same).
TYPED_PATHS = ("zzsign/domain", "zzsign/security", "zzsign/services")


def test_mypy_is_clean_on_domain_security_and_services():
    result = _tool("mypy", *TYPED_PATHS)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]

"""The test suite keeps its own rules: helpers in tests/support/, fixtures in conftest.py.

A test module that imports another runs that module's tests' set-up code and couples their
details; a fixture defined in a test module is found only there, or, imported, shadows others.
Shared code goes into ``tests/support/`` and fixtures into a ``conftest.py``.
"""

from __future__ import annotations

import ast
from pathlib import Path

from support import TESTS

TEST_MODULE_PREFIX = "test_"

#: Fixtures still defined in test modules (from before this rule), to be moved into conftest.py
#: files: this list only shrinks. Several share a name with a different meaning (``signed``,
#: ``window``, ``records``, ``cli``...), so each needs a distinct name when it moves.
FIXTURES_NOT_MOVED_YET = {}


def python_files() -> list[Path]:
    """Every Python file under tests/, except the fixture makers (run against old checkouts,
    with that checkout's own helpers)."""
    return sorted(
        path for path in TESTS.rglob("*.py") if "fixtures" not in path.relative_to(TESTS).parts
    )


def imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, top-level module name) of every import in ``tree``, at any depth."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
    return found


def is_fixture(decorator: ast.expr) -> bool:
    """True for ``@pytest.fixture``, ``@pytest.fixture(...)`` and ``@fixture``."""
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    if isinstance(target, ast.Attribute):
        return target.attr == "fixture"
    return isinstance(target, ast.Name) and target.id == "fixture"


def test_no_test_module_imports_another_or_conftest():
    wrong = [
        f"{path.relative_to(TESTS)}:{line} imports {module}"
        for path in python_files()
        for line, module in imported_modules(ast.parse(path.read_text(encoding="utf-8")))
        if module.startswith(TEST_MODULE_PREFIX) or module == "conftest"
    ]
    assert wrong == [], "import from tests/support/ instead: " + "; ".join(wrong)


def fixtures_outside_conftest() -> dict[str, set[str]]:
    """{file under tests/: the fixtures it defines}, for every file but the conftest.py ones."""
    found: dict[str, set[str]] = {}
    for path in python_files():
        if path.name == "conftest.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
                is_fixture(decorator) for decorator in node.decorator_list
            ):
                found.setdefault(str(path.relative_to(TESTS)), set()).add(node.name)
    return found


def test_fixtures_are_defined_only_in_conftest_files():
    found = fixtures_outside_conftest()
    new = {
        f"{module} {name}"
        for module, names in found.items()
        for name in names - FIXTURES_NOT_MOVED_YET.get(module, set())
    }
    assert not new, "define these fixtures in a conftest.py: " + ", ".join(sorted(new))


def test_the_list_of_fixtures_not_moved_yet_only_shrinks():
    found = fixtures_outside_conftest()
    moved = {
        f"{module} {name}"
        for module, names in FIXTURES_NOT_MOVED_YET.items()
        for name in names - found.get(module, set())
    }
    assert not moved, "take these off FIXTURES_NOT_MOVED_YET: " + ", ".join(sorted(moved))


def test_helpers_live_in_support_not_beside_the_tests():
    """Every Python file beside the tests is a test module or a conftest.py."""
    loose = [
        str(path.relative_to(TESTS))
        for path in python_files()
        if "support" not in path.relative_to(TESTS).parts
        and path.name != "conftest.py"
        and not path.name.startswith(TEST_MODULE_PREFIX)
    ]
    assert loose == [], "move these helpers into tests/support/: " + ", ".join(loose)


def test_the_rules_catch_what_they_forbid(tmp_path):
    """The checks above see a test module's import, a conftest import and a fixture."""
    tree = ast.parse(
        "import pytest\n"
        "from test_store import signed_session\n"
        "def helper():\n"
        "    import conftest\n"
        "@pytest.fixture(scope='module')\n"
        "def made(): ...\n"
    )
    assert [m for _, m in imported_modules(tree)] == ["pytest", "test_store", "conftest"]
    fixtures = [
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and any(map(is_fixture, node.decorator_list))
    ]
    assert fixtures == ["made"]

"""Build configuration that pyproject.toml cannot say: resources/ stays at the top of the
repository, and the wheel ships it as the data-only package ``zzsign.shipped`` (read with
importlib.resources, see zzsign/resources.py), so an installed zzsign runs from any folder.

The interface's translations are compiled here: resources/translations/*.ts (the sources kept
in the repository) become ``zzsign/shipped/translations/*.qm`` in the build, with PySide6's
``lrelease`` (PySide6-Essentials is a build requirement in pyproject.toml)."""

import importlib.util
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def _translation_build():
    """zzsign/translation_build.py, loaded by its path (the package need not import here)."""
    spec = importlib.util.spec_from_file_location(
        "translation_build", ROOT / "zzsign" / "translation_build.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildWithTranslations(build_py):
    """build_py, then the .qm catalogues compiled beside the shipped files."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "zzsign" / "shipped" / "translations"
        _translation_build().compile_all(ROOT / "resources" / "translations", target)


setup(
    packages=[*find_packages(include=["zzsign", "zzsign.*"]), "zzsign.shipped"],
    package_dir={"zzsign.shipped": "resources"},
    package_data={
        "zzsign.shipped": ["agreements/*", "disclosures/*", "fonts/*", "icons/*"],
        "zzsign.store": [
            "migrations/*.py",
            "migrations/versions/*.py",
            "migrations/script.py.mako",
        ],
    },
    cmdclass={"build_py": BuildWithTranslations},
)

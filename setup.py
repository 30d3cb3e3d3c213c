"""Build configuration that pyproject.toml cannot say: resources/ stays at the top of the
repository, and the wheel ships it as the data-only package ``zzsign.shipped`` (read with
importlib.resources, see zzsign/resources.py), so an installed zzsign runs from any folder."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["zzsign", "zzsign.*"]), "zzsign.shipped"],
    package_dir={"zzsign.shipped": "resources"},
    package_data={
        "zzsign.shipped": ["agreements/*", "disclosures/*", "fonts/*", "icons/*"],
        "zzsign.store": ["migrations/*.py", "migrations/versions/*.py",
                         "migrations/script.py.mako"],
    },
)

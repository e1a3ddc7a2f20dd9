"""The layers declared in pyproject.toml hold, and import-linter notices when they do not."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.conf import settings

PYPROJECT = settings.BASE_DIR / "pyproject.toml"
ROOT_PACKAGES = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["root_packages"]


def lint_imports(directory):
    """Run import-linter on the tree in directory, as `make lint` does."""
    command = [Path(sys.executable).with_name("lint-imports"), "--no-cache", "--no-logo"]
    return subprocess.run(command, cwd=directory, capture_output=True, text=True, timeout=120)


def copy_of_the_tree(tmp_path):
    shutil.copy(PYPROJECT, tmp_path)
    for package in ROOT_PACKAGES:
        shutil.copytree(
            settings.BASE_DIR / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
        )
    return tmp_path


@pytest.mark.parametrize(
    ("module", "imported", "said"),
    [
        # Upward: the domain calling an app built on it.
        ("profiles/models.py", "search", "profiles is not allowed to import search"),
        # Across: two apps in one layer.
        ("feedback/views.py", "search", "feedback is not allowed to import search"),
        # lib is below everything, and the second contract says so in as many words.
        ("lib/clients.py", "feedback", "lib imports no app of ours BROKEN"),
    ],
)
def test_an_import_against_the_layers_breaks_the_contracts(tmp_path, module, imported, said):
    tree = copy_of_the_tree(tmp_path)
    with (tree / module).open("a") as source:
        source.write(f"\nimport {imported}  # noqa: E402, F401\n")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert said in result.stdout
    importer = module.removesuffix(".py").replace("/", ".")
    assert f"{importer} -> {imported}" in result.stdout


def test_the_real_tree_keeps_every_contract():
    result = lint_imports(settings.BASE_DIR)
    assert result.returncode == 0, result.stdout

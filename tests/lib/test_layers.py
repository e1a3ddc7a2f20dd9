"""The layers declared in pyproject.toml hold, and import-linter notices when they do not."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

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


def test_an_upward_import_breaks_the_layers(tmp_path):
    tree = copy_of_the_tree(tmp_path)
    with (tree / "profiles" / "models.py").open("a") as models:
        models.write("\nimport search  # noqa: E402, F401\n")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "profiles is not allowed to import search" in result.stdout
    assert "profiles.models -> search" in result.stdout


def test_lib_may_import_no_app(tmp_path):
    tree = copy_of_the_tree(tmp_path)
    with (tree / "lib" / "clients.py").open("a") as clients:
        clients.write("\nimport feedback  # noqa: E402, F401\n")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "lib imports no app of ours BROKEN" in result.stdout
    assert "lib.clients -> feedback" in result.stdout


def test_sibling_apps_stay_out_of_each_other(tmp_path):
    tree = copy_of_the_tree(tmp_path)
    with (tree / "feedback" / "views.py").open("a") as views:
        views.write("\nimport search  # noqa: E402, F401\n")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "feedback is not allowed to import search" in result.stdout


def test_the_real_tree_keeps_every_contract():
    result = lint_imports(settings.BASE_DIR)
    assert result.returncode == 0, result.stdout

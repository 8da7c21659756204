"""The project package is the roof: the apps never import it. The layers it holds (the page
cache, the edge purge) listen to signals the apps send, so an app can be read, tested and
reused without them."""

import ast
from pathlib import Path

from django.apps import apps

from tests.processes import ROOT

ROOF = "newsroom"


def _our_apps() -> list[Path]:
    """The installed apps that live in this repository, the roof aside."""
    return [
        Path(config.path)
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(ROOT) and config.name != ROOF
    ]


def _imported(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    modules = []
    for node in ast.walk(tree):  # imports inside functions too
        if isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.append(node.module)
    return modules


def test_the_apps_are_the_ones_this_repository_holds():
    assert {path.name for path in _our_apps()} >= {"articles", "donations"}


def test_no_module_of_an_app_imports_the_project_package():
    offenders = [
        f"{path.relative_to(ROOT)} imports {module}"
        for app in _our_apps()
        for path in sorted(app.rglob("*.py"))
        for module in _imported(path)
        if module == ROOF or module.startswith(f"{ROOF}.")
    ]

    assert offenders == []

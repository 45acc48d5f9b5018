"""Dependencies run one way (docs/architecture.md).

Each app may import only from the apps below it; `regiohub/` is configuration
and imports no app at all. Imports of the portal's own modules stand at the
top of a module, so no cycle can hide inside a function.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# What each package may import from the portal's own packages (besides itself).
ALLOWED: dict[str, set[str]] = {
    "regiohub": set(),
    "core": set(),
    "notifications": {"core"},
    "partners": {"core", "notifications"},
    "projects": {"core", "notifications", "partners"},
    # The transfer marketplace sits between projects and community.
    "exchange": {"core", "notifications", "partners", "projects"},
    "loi": {"core", "notifications", "partners", "projects"},
    "community": {"core", "notifications", "partners", "projects", "exchange"},
    "insights": {"core", "notifications", "partners", "projects", "exchange", "loi", "community"},
    "office": {"core", "notifications", "partners", "projects", "exchange", "loi", "community"},
    "legal": {"core", "notifications"},
    # Operator tools (backup, restore, the benchmark) fill and measure every app;
    # nothing in the portal imports them.
    "ops": {"core", "notifications", "partners", "projects", "exchange", "loi", "community",
            "insights", "office", "legal", "regiohub"},
}  # fmt: skip
PACKAGES = set(ALLOWED)


def imported_modules(tree: ast.AST, package: str, module: str) -> list[tuple[int, str, bool]]:
    """(line, absolute module name, inside a function?) of every import in the tree."""
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                found.extend((child.lineno, alias.name, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:  # relative: resolve against the importing module
                    base = module.split(".")[: -child.level]
                    name = ".".join([*base, child.module] if child.module else base)
                else:
                    name = child.module or ""
                found.append((child.lineno, name, in_function))
            visit(child, nested)

    visit(tree, False)
    return found


def violations(source: str, *, package: str, module: str) -> list[str]:
    problems = []
    for line, name, in_function in imported_modules(ast.parse(source), package, module):
        target = name.split(".")[0]
        if target not in PACKAGES or target == package:
            if in_function and target in PACKAGES:
                problems.append(f"{module}:{line} imports {name} inside a function")
            continue
        if target not in ALLOWED[package]:
            problems.append(f"{module}:{line} imports {name}: {package} may not depend on {target}")
        elif in_function:
            problems.append(f"{module}:{line} imports {name} inside a function")
    return problems


def python_modules(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        relative = path.relative_to(ROOT).with_suffix("")
        yield path, ".".join(relative.parts).removesuffix(".__init__")


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_a_package_imports_only_from_the_packages_below_it(package):
    problems = []
    for path, module in python_modules(package):
        problems += violations(path.read_text(encoding="utf-8"), package=package, module=module)
    assert not problems, "\n".join(problems)


def test_every_app_of_the_portal_has_its_place_in_the_graph():
    from django.conf import settings

    ours = {app for app in settings.INSTALLED_APPS if (ROOT / app.split(".")[0]).is_dir()}
    assert {app.split(".")[0] for app in ours} <= PACKAGES


def test_installed_apps_list_the_apps_bottom_up():
    """INSTALLED_APPS shows the order too (it is also the order of real and demo data)."""
    from django.conf import settings

    order = [app for app in settings.INSTALLED_APPS if app in PACKAGES]
    for position, app in enumerate(order):
        assert ALLOWED[app] <= set(order[:position]) | {"regiohub"}, app


@pytest.mark.parametrize(
    ("package", "source"),
    [
        ("core", "from projects.models import Project"),
        ("notifications", "import community.services"),
        ("partners", "from loi import services"),
        ("regiohub", "from core import views"),
        ("legal", "from partners.rules import is_superuser"),
        ("projects", "def f():\n    from community.models import Event\n"),
        ("loi", "def f():\n    from partners.models import Partner\n"),
        ("insights", "from office import cockpit"),
    ],
)
def test_the_check_catches_a_wrong_import(package, source):
    assert violations(source, package=package, module=f"{package}.example")


def test_the_check_accepts_the_imports_the_graph_allows():
    assert not violations("from partners.models import Partner", package="projects", module="x")
    assert not violations("from .models import Project", package="projects", module="projects.x")
    assert not violations("def f():\n    import openpyxl\n", package="office", module="office.x")


# Names that meant "the person who acts" before every service said `acting_user`.
ACTOR_NAMES = {"actor", "by", "invited_by", "changed_by", "removed_by", "sent_by", "decided_by"}


def test_every_service_names_the_acting_person_acting_user():
    problems = []
    for package in sorted(PACKAGES):
        path = ROOT / package / "services.py"
        if not path.exists():
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                arguments = node.args.args + node.args.kwonlyargs
                problems += [
                    f"{package}/services.py:{node.lineno} {node.name}({argument.arg}=…)"
                    for argument in arguments
                    if argument.arg in ACTOR_NAMES
                ]
    assert not problems, "call the acting person acting_user:\n" + "\n".join(problems)

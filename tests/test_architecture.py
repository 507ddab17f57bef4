"""The apps form one-way layers: a module may import its own layer and those below, never above.

Read from the source with ``ast``, so a new import that points up (or hides inside a function to
dodge a cycle) fails here before it becomes a tangle. The README draws the same picture.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Bottom first. Packages on one line share a layer and may not import each other.
LAYERS = [
    {"paginacache"},  # the content version and the cache of public pages (domain-free)
    # domain-free: writers for CSV, Excel and JSON; the search engine (stemming, synonyms, index)
    {"exports", "zoeken"},
    {"werven"},  # the four werven, their targets and the arithmetic on a target
    {"offers"},  # supporters, memberships and roles, offers, inspiration projects
    # municipalities, who serves them, their share of the targets, coverage; and keeping the
    # portal current: link checks, review reminders, the admin start page
    {"gemeenten", "upkeep"},
    # e-mail alerts for a filtered offer list (which may filter on municipality); a municipality's
    # own policy plan, its actions and their werf tags
    {"meldingen", "plannen"},
    {"seeding"},  # loads the seed files of every layer below it
    {"lekp_portal"},  # settings, URLs, the home page and other site-wide pages
]
RANK = {package: rank for rank, packages in enumerate(LAYERS) for package in packages}


def project_package(module_name):
    top = module_name.split(".")[0]
    return top if top in RANK else None


def imports_of(tree):
    """(imported top-level project package, line, inside a function?) for every import in a module."""
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if isinstance(child, ast.Import):
                found.extend((project_package(alias.name), child.lineno, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                found.append((project_package(child.module), child.lineno, in_function))
            visit(child, nested)

    visit(tree, False)
    return [(package, line, in_function) for package, line, in_function in found if package]


def model_references_of(tree):
    """ "app.Model" strings, as in ForeignKey("offers.Supporter"), with their line."""
    references = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            label, dot, model = node.value.partition(".")
            if dot and label in RANK and model[:1].isupper() and model.isidentifier():
                references.append((label, node.lineno))
    return references


def modules():
    for package in RANK:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield package, path


@pytest.mark.parametrize("package", sorted(RANK))
def test_every_layer_exists(package):
    assert (ROOT / package / "__init__.py").is_file()


def test_every_project_package_has_a_layer():
    packages = {path.parent.name for path in ROOT.glob("*/__init__.py")} - {"tests", "bench"}
    assert packages <= set(RANK), f"Geef {sorted(packages - set(RANK))} een plaats in LAYERS (en in de README)."


def test_no_module_imports_a_layer_above_its_own():
    wrong = []
    for package, path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for imported, line, _in_function in imports_of(tree):
            if imported != package and RANK[imported] >= RANK[package]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} importeert {imported}")
        # Migrations name other apps' models by string; they follow the history, not today's layers.
        if "migrations" not in path.parts:
            for label, line in model_references_of(tree):
                if label != package and RANK[label] >= RANK[package]:
                    wrong.append(f"{path.relative_to(ROOT)}:{line} verwijst naar een model van {label}")
    assert wrong == []


def test_no_project_import_hides_inside_a_function():
    hidden = []
    for _package, path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for imported, line, in_function in imports_of(tree):
            if in_function:
                hidden.append(f"{path.relative_to(ROOT)}:{line} importeert {imported} binnen een functie")
    assert hidden == []


def test_the_checker_sees_an_upward_import_and_a_hidden_one():
    # Guards the guard: if the ast walk broke, the two tests above would pass on anything.
    tree = ast.parse(
        "from werven.models import Werf\n"
        "def counts():\n"
        "    from offers.models import Offer\n"
        "class Target:\n"
        "    supporter = ForeignKey('offers.Supporter')\n"
    )
    assert imports_of(tree) == [("werven", 1, False), ("offers", 3, True)]
    assert model_references_of(tree) == [("offers", 5)]

"""The API conventions of issue #16, checked on every public function and every module.

The model is scanpy's ``tests/test_package_structure.py``: the rules live in one place, as a
test, so that a new function that breaks them fails here rather than in a reviewer's head.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from pathlib import Path

import pytest

import netzwerk

PACKAGE = Path(netzwerk.__file__).parent
#: The longest a module may be ("about 1,000 lines"; a little slack for a docstring's growth).
MAX_LINES = 1100
#: Names for "how many" that the house replaced by ``top``.
OLD_COUNT_NAMES = {"top_n", "n_top", "label_top", "topn"}
#: Functions that compare two graphs name them by their role (``before``, ``after``).
TWO_GRAPHS = {"compare_graphs"}
#: Tie counts by definition (DESIGN: a gap is a number of ties, not of tie strength): their
#: ``weight`` is off unless asked for; every weighted measure defaults to ``"weight"``.
COUNTS_TIES = {"sector_gaps"}


def _public_functions():
    seen = set()
    for module_name in netzwerk._PUBLIC_MODULES:
        module = importlib.import_module(f"netzwerk.{module_name}")
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj) and id(obj) not in seen:
                seen.add(id(obj))
                yield pytest.param(obj, id=f"{module_name}.{name}")


FUNCTIONS = list(_public_functions())


def _annotation(param: inspect.Parameter) -> str:
    annotation = param.annotation
    return annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")


@pytest.mark.parametrize("func", FUNCTIONS)
def test_first_argument_is_G_or_city(func):
    params = list(inspect.signature(func).parameters.values())
    if not params:
        return
    first = params[0]
    kind = _annotation(first)
    if func.__name__ in TWO_GRAPHS:
        assert [p.name for p in params[:2]] == ["before", "after"]
        return
    if "nx.Graph" in kind or "nx.DiGraph" in kind or kind in {"Graph", "DiGraph"}:
        assert first.name == "G", f"{func.__qualname__}: a graph comes first and is called G"
    if kind.startswith("City") or kind in {"City", "City | None"}:
        assert first.name == "city", f"{func.__qualname__}: a city comes first and is 'city'"
    for p in params[1:]:
        if p.name in {"G", "city"}:
            assert p is not params[0], f"{func.__qualname__}: {p.name} must come first"


@pytest.mark.parametrize("func", FUNCTIONS)
def test_seed_is_keyword_only_int_zero(func):
    p = inspect.signature(func).parameters.get("seed")
    if p is None:
        return
    assert p.kind is p.KEYWORD_ONLY, f"{func.__qualname__}: seed must be keyword-only"
    assert p.default == 0 and type(p.default) is int, f"{func.__qualname__}: seed defaults to 0"


@pytest.mark.parametrize("func", FUNCTIONS)
def test_one_default_for_weight(func):
    p = inspect.signature(func).parameters.get("weight")
    if p is None:
        return
    expected = None if func.__name__ in COUNTS_TIES else "weight"
    assert p.default == expected, f"{func.__qualname__}: weight defaults to {expected!r}"


@pytest.mark.parametrize("func", FUNCTIONS)
def test_how_many_is_called_top(func):
    params = inspect.signature(func).parameters
    for name in OLD_COUNT_NAMES & set(params):
        # only as the deprecated spelling of ``top``, kept for one release
        p = params[name]
        assert "top" in params, f"{func.__qualname__}: call it 'top', not {name!r}"
        assert p.kind is p.KEYWORD_ONLY and p.default is None, f"{func.__qualname__}: {name}"
        doc = inspect.getdoc(func) or ""
        assert re.search(rf"{name}\b[^\n]*(?:\n[^\n]*)?[Dd]eprecated", doc), (
            f"{func.__qualname__}: the old keyword {name!r} is documented as deprecated"
        )


@pytest.mark.parametrize("func", FUNCTIONS)
def test_plots_take_ax_none(func):
    if not func.__name__.startswith("plot_"):
        return
    p = inspect.signature(func).parameters.get("ax")
    assert p is not None and p.default is None, f"{func.__qualname__}: plots take ax=None"


@pytest.mark.parametrize("func", FUNCTIONS)
def test_docstring_has_see_also(func):
    doc = inspect.getdoc(func) or ""
    assert "See Also" in doc, f"{func.__qualname__}: numpydoc 'See Also' section missing"


MODULE_FILES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULE_FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_is_small_and_says_what_it_owns(path):
    text = path.read_text(encoding="utf-8")
    n_lines = text.count("\n")
    assert n_lines <= MAX_LINES, f"{path.name}: {n_lines} lines, more than about 1,000"
    if path.name == "__main__.py":
        return
    doc = ast.get_docstring(ast.parse(text))
    assert doc and doc.splitlines()[0].strip(), f"{path.name}: no opening docstring line"


@pytest.mark.parametrize("package", ["report", "gaps", "brokers", "plot", "io", "importers"])
def test_large_concepts_are_packages(package):
    assert (PACKAGE / package / "__init__.py").is_file()


def test_brokers_is_the_module_and_the_old_function_warns():
    import networkx as nx

    from netzwerk import brokers as module

    assert inspect.ismodule(module)
    assert netzwerk.broker_table is module.broker_table
    G = nx.path_graph(3)
    nx.set_node_attributes(G, {0: "a", 1: "b", 2: "a"}, "sector")
    with pytest.warns(DeprecationWarning, match="broker_table"):
        old = module.brokers(G)
    new = module.broker_table(G)
    assert old.equals(new)
    # the middle of a path of three is the only broker: betweenness 1 (normalised)
    assert new.loc[1, "betweenness"] == pytest.approx(1.0)

"""Package structure and API conventions (house style, after scanpy's test_package_structure)."""

from __future__ import annotations

import importlib
import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest

import netzwerk

MODULES = [*netzwerk._PUBLIC_MODULES, "config", "cli", "bench"]


def _public_functions():
    for name in netzwerk.__all__:
        obj = getattr(netzwerk, name)
        if inspect.isfunction(obj):
            yield name, obj


@pytest.mark.parametrize("module", MODULES)
def test_module_has_explicit_all(module):
    mod = importlib.import_module(f"netzwerk.{module}")
    assert isinstance(mod.__all__, list)
    for name in mod.__all__:
        assert hasattr(mod, name), f"netzwerk.{module}.__all__ names missing {name!r}"


def test_public_api_reexported():
    for module in netzwerk._PUBLIC_MODULES:
        mod = importlib.import_module(f"netzwerk.{module}")
        for name in mod.__all__:
            if name in netzwerk._MODULES:  # netzwerk.brokers is the module, not brokers.brokers
                continue
            assert getattr(netzwerk, name) is getattr(mod, name), name


def test_every_module_is_an_attribute_on_first_access():
    # a fresh interpreter: netzwerk.<module> imports the module, also where the module has a
    # public name equal to its own (brokers.brokers) and for packages (report, survey)
    code = (
        "import sys, types, netzwerk\n"
        "names = netzwerk._MODULES\n"
        "before = [n for n in names if f'netzwerk.{n}' in sys.modules]\n"
        "ok = [isinstance(getattr(netzwerk, n), types.ModuleType) for n in names]\n"
        "same = [getattr(netzwerk, n) is sys.modules[f'netzwerk.{n}'] for n in names]\n"
        "print(before, all(ok), all(same), 'report' in dir(netzwerk))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] True True True"
    assert set(netzwerk._PUBLIC_MODULES) <= set(netzwerk._MODULES)


def test_static_all_reads_modules_and_packages():
    # the literal __all__ is read without importing: a module file and a package's __init__
    assert netzwerk._static_all("report") == importlib.import_module("netzwerk.report").__all__
    assert netzwerk._static_all("io") == importlib.import_module("netzwerk.io").__all__
    assert netzwerk._static_all("no_such_module") is None
    for name in netzwerk._PUBLIC_MODULES:
        assert netzwerk._static_all(name) is not None, f"netzwerk.{name} has no literal __all__"


def test_report_notebook_helpers_are_public():
    # every public-looking name of the report package is in its __all__ (none left half-public)
    report = importlib.import_module("netzwerk.report")
    for sub in (
        "_results",
        "_params",
        "_run",
        "_background",
        "_html",
        "_tables",
        "_text",
        "_text_robustness",
    ):
        mod = importlib.import_module(f"netzwerk.report.{sub}")
        own = [
            n
            for n, v in vars(mod).items()
            if not n.startswith("_")
            and (inspect.isfunction(v) or inspect.isclass(v))
            and v.__module__ == mod.__name__
        ]
        for name in own:
            assert name in report.__all__, f"netzwerk.report.{sub}.{name} is not in __all__"
    assert not hasattr(report, "available")


@pytest.mark.parametrize("name,func", list(_public_functions()))
def test_public_function_conventions(name, func):
    doc = inspect.getdoc(func) or ""
    assert doc, f"{name} has no docstring"
    summary = doc.splitlines()[0]
    assert summary.endswith("."), f"{name}: docstring summary should be one sentence: {summary!r}"
    sig = inspect.signature(func)
    for p in sig.parameters.values():
        # no positional booleans: a flag must be passed by keyword
        if isinstance(p.default, bool):
            assert p.kind is p.KEYWORD_ONLY, f"{name}({p.name}=...) boolean must be keyword-only"
    if len(sig.parameters) > 1:
        assert "Parameters" in doc, f"{name}: numpydoc 'Parameters' section missing"


def test_import_defers_heavy_libraries():
    # a fresh interpreter: importing netzwerk loads no plotting, notebook or optional backend
    # library; the first use of a name imports its module (regression: 3-7 s per import)
    code = (
        "import sys, netzwerk\n"
        "heavy = ['matplotlib', 'pyvis', 'papermill', 'igraph', 'leidenalg', 'networkit',\n"
        "         'openpyxl', 'rapidfuzz', 'nbconvert']\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
        "netzwerk.plot_network\n"
        "print('matplotlib' in sys.modules, callable(netzwerk.brokerage_roles))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["[]", "True True"]
    assert set(netzwerk.__all__) <= set(dir(netzwerk))
    with pytest.raises(AttributeError, match="no_such_name"):
        netzwerk.no_such_name  # noqa: B018


def test_py_typed_shipped():
    assert (Path(netzwerk.__file__).parent / "py.typed").exists()


def test_every_command_has_a_handler():
    from netzwerk import cli

    for command in cli.COMMANDS:
        add_arguments, run = cli._handlers(command)
        assert callable(add_arguments), f"netzwerk {command}: no _cli_..._arguments"
        assert callable(run), f"netzwerk {command}: no _cli_... handler"


def test_cli_help_lists_subcommands():
    out = subprocess.run(
        [sys.executable, "-m", "netzwerk", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for command in ["validate", "synth", "report", "reproduce", "bench", "template", "import"]:
        assert re.search(rf"^\s+{command}\b", out, re.M), f"{command} missing from --help"


def test_readme_commands_are_what_ci_runs(repo_root):
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    ci = (repo_root / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in readme and "<!-- main-command -->" in readme
    assert "README.md" in ci  # .ci/run reads the test command from the README itself


def _report_functions():
    report = importlib.import_module("netzwerk.report")
    for name in report.__all__:
        obj = getattr(report, name)
        # glossary_markdown lives in _terms (another owner): checked once it has See Also
        if inspect.isfunction(obj) and obj.__module__ != "netzwerk._terms":
            yield name, obj


@pytest.mark.parametrize("name,func", list(_report_functions()))
def test_report_function_conventions(name, func):
    # issue #16 item 5 for the report layer: See Also, type hints, seed keyword-only int = 0,
    # "how many" is top (top_n only as the deprecated old keyword, default None), plots ax=None
    doc = inspect.getdoc(func) or ""
    assert "See Also" in doc, f"{name}: no See Also section"
    sig = inspect.signature(func)
    assert sig.return_annotation is not inspect.Signature.empty, f"{name}: no return type"
    for p in sig.parameters.values():
        assert p.annotation is not inspect.Parameter.empty, f"{name}({p.name}): no type hint"
        if p.name == "seed":
            assert p.kind is p.KEYWORD_ONLY and p.default == 0, f"{name}: seed: int = 0, by keyword"
        if p.name == "top_n":
            assert p.default is None, f"{name}: top_n is only the deprecated alias of top"
            assert "top" in sig.parameters
        if p.name == "ax":
            assert p.default is None
        assert p.name not in ("n_top", "label_top"), f"{name}: use top"


def test_static_all_survives_a_bracket_in_a_comment(tmp_path, monkeypatch):
    # a package whose __all__ has a comment with "]" (the quick pattern stops there)
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text(
        '"""Doc."""\n\n__all__ = [\n    # tables [csv]\n    "a",\n    "b",\n]\n', encoding="utf-8"
    )
    (tmp_path / "mod.py").write_text("__all__ = ('x',)\n", encoding="utf-8")
    monkeypatch.setattr(netzwerk, "_SOURCE", tmp_path)
    assert netzwerk._static_all("pkg") == ["a", "b"]
    assert netzwerk._static_all("mod") is None  # a tuple is no literal list: imported instead

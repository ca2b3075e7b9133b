"""The report notebook's ``parameters`` cell: reading the declared values, checking and parsing values."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netzwerk import config

if TYPE_CHECKING:
    pass


#: The report notebook that :func:`run_report` executes.
REPORT_NOTEBOOK = config.NOTEBOOKS_DIR / "city_report.ipynb"


def notebook_parameters(notebook: str | Path = REPORT_NOTEBOOK) -> dict[str, Any]:
    """The parameters a notebook declares in its cell tagged ``parameters``, with defaults.

    Parameters
    ----------
    notebook : str or Path
        The notebook (default ``notebooks/city_report.ipynb``).

    Returns
    -------
    dict
        Name → default value (the literal of the parameters cell, evaluated with
        :func:`parse_parameter_value` rules: ``None``, numbers, quoted text).

    Raises
    ------
    FileNotFoundError
        If the notebook does not exist.
    ValueError
        If it has no cell tagged ``parameters``.

    See Also
    --------
    check_parameters : Checks values against these names.
    parse_parameter_value : Reads one value.

    Examples
    --------
    >>> sorted(notebook_parameters())[:3]
    ['alpha', 'city', 'data_dir']
    """
    import ast
    import json

    path = Path(notebook)
    if not path.is_file():
        raise FileNotFoundError(f"notebook {str(path)!r} not found")
    # read as papermill does (its first cell tagged "parameters"), without importing papermill
    # and nbformat: a parameter error is reported before anything heavy is loaded
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    tagged = [
        c
        for c in cells
        if c.get("cell_type") == "code" and "parameters" in c.get("metadata", {}).get("tags", [])
    ]
    if not tagged:
        raise ValueError(f"notebook {str(path)!r} has no cell tagged 'parameters'")
    source = tagged[0]["source"]
    source = "".join(source) if isinstance(source, list) else source
    out = {}
    for statement in ast.parse(source).body:
        if not isinstance(statement, ast.Assign | ast.AnnAssign):
            continue
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        if len(targets) != 1 or not isinstance(targets[0], ast.Name) or statement.value is None:
            continue
        text = ast.get_source_segment(source, statement.value) or ""
        try:
            out[targets[0].id] = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            out[targets[0].id] = text
    return out


def check_parameters(
    parameters: Mapping[str, Any], notebook: str | Path = REPORT_NOTEBOOK
) -> dict[str, Any]:
    """Check parameter names against the notebook's parameters cell; return the full set.

    Parameters
    ----------
    parameters : mapping
        Name → value, e.g. from ``-p NAME VALUE`` on the command line.
    notebook : str or Path
        The notebook (default ``notebooks/city_report.ipynb``).

    Returns
    -------
    dict
        The notebook's defaults, overridden by :data:`netzwerk.config.DEFAULT_PARAMETERS` where
        those name the same parameter, overridden by ``parameters``.

    Raises
    ------
    ValueError
        If a name is not declared in the notebook's parameters cell (the message lists the
        names that are), or a value is not allowed (``weighting`` and ``lang`` outside their
        choices, a count below its minimum, ``alpha`` outside (0, 1), a ``period`` that
        :func:`netzwerk.graph.period_bounds` cannot read); the message names the allowed
        values. Checked before any kernel starts.

    See Also
    --------
    notebook_parameters : The names and defaults.
    run_report : Checks before the kernel starts.

    Examples
    --------
    >>> check_parameters({"seed": 3})["seed"]
    3
    >>> check_parameters({"seeed": 3})
    Traceback (most recent call last):
    ...
    ValueError: unknown parameter 'seeed' for city_report.ipynb; expected one of: alpha, ...
    >>> check_parameters({"weighting": "quatsch"})
    Traceback (most recent call last):
    ...
    ValueError: parameter weighting: 'quatsch' is not allowed; expected one of: count, newman, jaccard
    """
    if not isinstance(parameters, Mapping):
        raise TypeError(f"parameters must be a mapping, got {type(parameters).__name__}")
    declared = notebook_parameters(notebook)
    for name in parameters:
        if name not in declared:
            raise ValueError(
                f"unknown parameter {name!r} for {Path(notebook).name}; "
                f"expected one of: {', '.join(sorted(declared))}"
            )
    full = dict(declared)
    full.update({k: v for k, v in config.DEFAULT_PARAMETERS.items() if k in declared})
    full.update(parameters)
    for name in parameters:
        _check_parameter_value(name, full[name])
    return full


#: Allowed values of the report's choice parameters.
_CHOICES: dict[str, tuple[str, ...]] = {"lang": ("de", "en")}


#: Integer parameters and their smallest allowed value.
_MINIMA: dict[str, int] = {
    "n_permutations": 1,
    "n_resamples": 0,
    "seed": 0,
    "top_n": 1,
    "suppress_below": 0,
}


def _check_parameter_value(name: str, value: Any) -> None:
    """Raise a one-line ValueError naming ``name``, the bad ``value`` and what is allowed."""
    from netzwerk.graph import WEIGHTINGS, period_bounds

    choices = {**_CHOICES, "weighting": WEIGHTINGS}
    if name in choices and value not in choices[name]:
        raise ValueError(
            f"parameter {name}: {value!r} is not allowed; expected one of: "
            f"{', '.join(choices[name])}"
        )
    if name in _MINIMA and (
        isinstance(value, bool) or not isinstance(value, int) or value < _MINIMA[name]
    ):
        raise ValueError(
            f"parameter {name}: {value!r} is not allowed; expected a whole number "
            f">= {_MINIMA[name]}"
        )
    if name == "alpha" and (
        isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 1
    ):
        raise ValueError(
            f"parameter alpha: {value!r} is not allowed; expected a number between 0 and 1"
        )
    if name == "period" and value is not None:
        try:
            period_bounds(value)
        except (TypeError, ValueError) as exc:
            raise ValueError(
                f"parameter period: {value!r} is not allowed; expected a year (2019), a "
                f"partial date ('2019-Q2', '2019-06') or None ({exc})"
            ) from None


def parse_parameter_value(text: str) -> Any:
    """Read a command-line parameter value as YAML-ish: null, boolean, integer, float or text.

    Parameters
    ----------
    text : str
        The value as typed.

    Returns
    -------
    None, bool, int, float or str
        ``none``/``null``/``~`` (any case) → None; ``true``/``false`` → bool; an integer
        literal → int; a float literal (``0.01``, ``1e-3``) → float; text in single or double
        quotes → the text inside (so ``"2020"`` stays text); anything else → the text.

    Raises
    ------
    TypeError
        If ``text`` is not a string.

    See Also
    --------
    check_parameters : Checks the parsed value.
    notebook_parameters : Reads the defaults with these rules.

    Examples
    --------
    >>> [parse_parameter_value(v) for v in ["500", "0.01", "None", "true", "newman", "'2020'"]]
    [500, 0.01, None, True, 'newman', '2020']
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    s = text.strip()
    if s.lower() in {"none", "null", "~"}:
        return None
    if s.lower() in {"true", "false"}:
        return s.lower() == "true"
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "'\"":
        return s[1:-1]
    if re.fullmatch(r"[+-]?\d+", s):
        return int(s)
    if re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?", s):
        return float(s)
    return text

"""Controlled vocabularies: sectors, levels, roles, event kinds and statuses, fields, topics,
survey scales.

Each vocabulary is a CSV file in ``data/vocabulary/`` with the columns ``code``, ``label_de``,
``label_en`` and ``description`` (``roles.csv`` also has the default ``weight`` of a role in the
cooperation graph). Users extend a vocabulary by putting a CSV file of the same name and columns in
a city's ``vocabulary/`` folder; its rows are added to the bundled ones for that city.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from netzwerk.config import VOCABULARY_DIR

__all__ = ["VOCABULARY_NAMES", "Vocabulary", "label", "load_vocabulary", "suggest"]

#: Vocabulary name → file stem in ``data/vocabulary``.
VOCABULARY_NAMES: tuple[str, ...] = (
    "sectors",
    "levels",
    "roles",
    "event_kinds",
    "event_statuses",
    "fields",
    "topics",
    "attributions",
    "resource_kinds",
    "cooperation_levels",
    "frequencies",
    "survey_scale",
)


@dataclass(frozen=True)
class Vocabulary:
    """One controlled vocabulary.

    Attributes
    ----------
    name : str
        The vocabulary's name, e.g. ``"sectors"``.
    table : pandas.DataFrame
        One row per code, indexed by ``code``, with ``label_de``, ``label_en``, ``description``.
    """

    name: str
    table: pd.DataFrame = field(repr=False)

    @property
    def codes(self) -> list[str]:
        """The allowed codes, in file order."""
        return list(self.table.index)

    def __contains__(self, code: object) -> bool:
        return code in self.table.index

    def label(self, code: str, lang: str = "de") -> str:
        """Human-readable label of ``code`` in ``lang`` (``"de"`` or ``"en"``); the code if unknown."""
        if lang not in ("de", "en"):
            raise ValueError(f"lang must be 'de' or 'en', got {lang!r}")
        if code in self.table.index:
            return str(self.table.at[code, f"label_{lang}"])
        return str(code)

    def labels(self, lang: str = "de") -> dict[str, str]:
        """Mapping code → label in ``lang``."""
        return {code: self.label(code, lang) for code in self.codes}

    def suggest(self, value: str) -> str | None:
        """The closest allowed code or label to a misspelt ``value`` (did-you-mean), or None."""
        return _closest(value, self.codes, self.table)


def _closest(value: str, codes: Iterable[str], table: pd.DataFrame) -> str | None:
    value_norm = str(value).strip().lower()
    candidates: dict[str, str] = {}
    for code in codes:
        candidates[code.lower()] = code
        for col in ("label_de", "label_en"):
            candidates[str(table.at[code, col]).lower()] = code
    if value_norm in candidates:
        return candidates[value_norm]
    match = difflib.get_close_matches(value_norm, list(candidates), n=1, cutoff=0.6)
    return candidates[match[0]] if match else None


def _read_vocabulary_csv(path: Path) -> pd.DataFrame:
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = {"code", "label_de", "label_en"} - set(table.columns)
    if missing:
        raise ValueError(
            f"{path}: vocabulary file lacks column(s) {sorted(missing)}; "
            "expected code,label_de,label_en,description"
        )
    if "description" not in table.columns:
        table["description"] = ""
    return table


def load_vocabulary(name: str, extra_dir: str | Path | None = None) -> Vocabulary:
    """Load the vocabulary ``name``, extended by ``extra_dir/<name>.csv`` where that exists.

    Parameters
    ----------
    name : str
        One of :data:`VOCABULARY_NAMES`.
    extra_dir : path, optional
        A folder (usually a city's ``vocabulary/``) whose ``<name>.csv`` adds codes.

    Returns
    -------
    Vocabulary

    See Also
    --------
    label : The German or English label of one code.
    suggest : The nearest code for a misspelled value.

    Examples
    --------
    >>> sectors = load_vocabulary("sectors")
    >>> "wohlfahrt" in sectors
    True
    >>> sectors.label("mso", "en")
    'Migrant organisations'
    """
    if name not in VOCABULARY_NAMES:
        raise ValueError(
            f"unknown vocabulary {name!r}; expected one of {', '.join(VOCABULARY_NAMES)}"
        )
    table = _read_vocabulary_csv(VOCABULARY_DIR / f"{name}.csv")
    if extra_dir is not None:
        extra = Path(extra_dir) / f"{name}.csv"
        if extra.exists():
            table = pd.concat([table, _read_vocabulary_csv(extra)], ignore_index=True)
            table = table.drop_duplicates("code", keep="first")
    return Vocabulary(name=name, table=table.set_index("code", drop=True))


def label(name: str, code: str, lang: str = "de") -> str:
    """Label of ``code`` in vocabulary ``name``.

    Parameters
    ----------
    name : str
        Vocabulary name, one of :data:`VOCABULARY_NAMES`.
    code : str
        The code to label; an unknown code is returned unchanged.
    lang : {"de", "en"}
        Language of the label.

    Returns
    -------
    str

    See Also
    --------
    load_vocabulary : The whole vocabulary with its labels.
    suggest : The nearest code for a misspelled value.

    Examples
    --------
    >>> label("fields", "deutscherwerb")
    'Deutscherwerb'
    """
    return load_vocabulary(name).label(code, lang)


def suggest(name: str, value: str) -> str | None:
    """Did-you-mean: the code of vocabulary ``name`` closest to ``value``.

    Codes and German and English labels are compared case-insensitively (``difflib`` ratio ≥ 0.6).

    Parameters
    ----------
    name : str
        Vocabulary name, one of :data:`VOCABULARY_NAMES`.
    value : str
        The misspelt value.

    Returns
    -------
    str or None
        The closest code, or None when nothing is close.

    See Also
    --------
    load_vocabulary : The codes suggestions are drawn from.
    label : The label of a code.

    Examples
    --------
    >>> suggest("sectors", "Wohlfahrtsverband")
    'wohlfahrt'
    >>> suggest("roles", "speeker")
    'speaker'
    """
    return load_vocabulary(name).suggest(value)

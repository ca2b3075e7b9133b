"""The network survey (Netzwerkbefragung): how organisations see their own cooperation.

Events and referrals show that organisations met or passed on clients; a roster survey asks each
member organisation whom it works with, how closely (``level`` 0–4: none, awareness,
cooperation, coordination, integration), how often, and how much it values and trusts each
partner (three value and three trust items on 1–4 scales, as in the PARTNER tool). The answers
live in the optional tables ``survey_respondents`` and ``survey_ties`` of a city folder.

* :func:`survey_graph` — the directed graph of reports; ``"survey"`` is also a layer of
  :func:`netzwerk.cooperation_graph`;
* :func:`survey_summary`, :func:`partner_scores`, :func:`evidence_agreement`,
  :func:`survey_change` — the measures;
* :func:`write_survey_template`, :func:`write_codebook`, :func:`import_survey` — the
  questionnaire and the import of answers (``netzwerk survey template``,
  ``netzwerk import survey``);
* :func:`synthetic_survey` — a survey for a synthetic city;
* :func:`plot_survey_scores`, :func:`plot_survey_levels`, :func:`published_scores` and the
  ``*_markdown`` texts — the survey section of the city report.
"""

from __future__ import annotations

from netzwerk.survey._graph import SYMMETRISATIONS, survey_graph, survey_waves, symmetrise_survey
from netzwerk.survey._import import SurveyImportResult, import_survey
from netzwerk.survey._measures import (
    MIN_RATERS,
    evidence_agreement,
    evidence_crosstab,
    partner_scores,
    survey_change,
    survey_summary,
)
from netzwerk.survey._questionnaire import write_codebook, write_survey_template
from netzwerk.survey._report import (
    agreement_markdown,
    agreement_table,
    change_markdown,
    has_survey,
    published_scores,
    response_markdown,
    scores_markdown,
    survey_figures,
    unnamed_partners,
)
from netzwerk.survey._synth import synthetic_survey, write_survey_tables

#: Names imported on first use: the figures need matplotlib, which checking a city folder
#: (``netzwerk.io.validate`` runs the survey's table rules) does not.
_LAZY = {"plot_survey_levels": "_plot", "plot_survey_scores": "_plot"}

__all__ = [
    "MIN_RATERS",
    "SYMMETRISATIONS",
    "SurveyImportResult",
    "agreement_markdown",
    "agreement_table",
    "change_markdown",
    "has_survey",
    "plot_survey_levels",
    "plot_survey_scores",
    "published_scores",
    "response_markdown",
    "scores_markdown",
    "survey_figures",
    "evidence_agreement",
    "evidence_crosstab",
    "import_survey",
    "partner_scores",
    "survey_change",
    "survey_graph",
    "survey_summary",
    "survey_waves",
    "symmetrise_survey",
    "synthetic_survey",
    "unnamed_partners",
    "write_codebook",
    "write_survey_tables",
    "write_survey_template",
]


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module 'netzwerk.survey' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"netzwerk.survey.{_LAZY[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

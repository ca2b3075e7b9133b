"""Tests of netzwerk._fold: the one German folding rule and the slug built on it.

Expected values are worked by hand from the rule (NFKC, case folding, ä→ae ö→oe ü→ue ß→ss,
other accents dropped).
"""

from __future__ import annotations

import unicodedata

import pytest

from netzwerk._fold import fold, slug
from netzwerk.importers import normalise_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Müller", "mueller"),
        ("Mu\u0308ller", "mueller"),  # NFD: u + combining diaeresis, as macOS writes it
        ("MÜLLER", "mueller"),
        ("Ärger Öl Übung", "aerger oel uebung"),
        ("Straße", "strasse"),
        ("STRAẞE", "strasse"),  # capital sharp s
        ("Café", "cafe"),  # other accents dropped, not spelt out
        ("Cafe\u0301", "cafe"),
        ("ﬁnanzamt", "finanzamt"),  # ligature: a compatibility form
        ("Caritas OF e.V.", "caritas of e.v."),
        (12, "12"),
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected


def test_fold_is_the_same_for_composed_and_decomposed_text():
    composed = "Größe Übersetzung Bärbel"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert fold(composed) == fold(decomposed) == "groesse uebersetzung baerbel"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Verein Größe", "verein-groesse"),
        ("Mu\u0308ller-Straße 5", "mueller-strasse-5"),
        ("  Caritasverband Offenbach e.V. ", "caritasverband-offenbach-e-v"),
        ("of_Caritas", "of-caritas"),
        ("---", ""),
    ],
)
def test_slug(text, expected):
    assert slug(text) == expected


def test_name_matching_folds_decomposed_umlauts():
    # the bug of #16: before the one rule, the NFD spelling lost its umlaut in some modules
    assert normalise_name("Mu\u0308ller Stiftung") == normalise_name("Müller Stiftung")
    assert normalise_name("Müller Stiftung") == "mueller stiftung"

"""The one German text-folding rule (``Müller`` → ``mueller``) and the slug built on it.

Every comparison of German words in netzwerk folds both sides with :func:`fold`: names in
attendance lists, headers of exports, person names in sources, ids suggested for bad values.
Before this module the ä → ae table existed in five places, and some of them did not normalise
first, so that ``"Mu\\u0308ller"`` (u followed by a combining diaeresis, as macOS file names and
some PDF exports write it) folded to ``muller`` while ``"Müller"`` folded to ``mueller``.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "slug"]

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def fold(text: object) -> str:
    """Text as German words are compared: composed, case-folded, umlauts and ß spelt out.

    Steps: Unicode NFKC (composes ``u`` + combining diaeresis into ``ü`` *before* anything else
    and maps compatibility forms such as ligatures and full-width letters to plain ones), case
    folding (``Ä`` → ``ä``, ``ẞ`` → ``ss``), ``ä`` → ``ae``, ``ö`` → ``oe``, ``ü`` → ``ue``,
    ``ß`` → ``ss``, and finally every other accent dropped (``é`` → ``e``). Spaces and
    punctuation stay as they are.

    Parameters
    ----------
    text : object
        The text; anything else is taken as ``str(text)``.

    Returns
    -------
    str
        The folded text.

    See Also
    --------
    slug : the folded text as an id-like slug.

    Examples
    --------
    >>> fold("Müller"), fold("Mu\\u0308ller"), fold("MÜLLER")
    ('mueller', 'mueller', 'mueller')
    >>> fold("Straße"), fold("STRASSE"), fold("Café Öz")
    ('strasse', 'strasse', 'cafe oez')
    """
    text = unicodedata.normalize("NFKC", str(text)).casefold().translate(_UMLAUTS)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slug(text: object) -> str:
    """The folded text as a slug: each run of anything but ``a-z`` and ``0-9`` becomes one ``-``.

    Leading and trailing ``-`` are dropped, so the result fits the id pattern of the tables
    (``^[a-z0-9][a-z0-9_-]*$``) or is empty; it is also how text is cut into words for a
    containment test (``f"-{slug(name)}-" in f"-{slug(cell)}-"``).

    Parameters
    ----------
    text : object
        The text; anything else is taken as ``str(text)``.

    Returns
    -------
    str
        The slug; empty when the text has no letter or digit.

    See Also
    --------
    fold : the folding rule the slug is built on.

    Examples
    --------
    >>> slug("Caritasverband Offenbach e.V."), slug("Mu\\u0308ller-Straße 5")
    ('caritasverband-offenbach-e-v', 'mueller-strasse-5')
    >>> slug("of_Caritas"), slug(" -- ")
    ('of-caritas', '')
    """
    return _NOT_SLUG.sub("-", fold(text)).strip("-")

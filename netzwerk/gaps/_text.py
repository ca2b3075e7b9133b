"""Text similarity of Ressourcenbörse cards: folded words, character n-grams, TF-IDF cosine."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from netzwerk._fold import fold

# ---------------------------------------------------------------------------------------------
# Ressourcenbörse: matching need cards with offer cards
# ---------------------------------------------------------------------------------------------

#: Cosine similarity of the card texts (TF-IDF of character 3- to 5-grams) from which a need and
#: an offer of different topics still match.
TEXT_THRESHOLD = 0.3

_STOPWORDS = frozenset(
    """aber als am an auch auf aus bei bei bis bzw das dass dem den der des die dir du ein eine
    einem einen einer eines es etc fuer gibt hat ich ihr im in ist ja kann mit nach nicht noch
    oder sich sie sind so suche suchen ueber um und uns unter vom von vor was wer wie wir z zu
    zum zur biete bieten""".split()
    # words that stand on almost every card of a Börse and say nothing about what is meant
    + "unterstuetzung bereich bereichen themen".split()
)


def _words(text: str) -> list[str]:
    """Lower-case words of a German card text: umlauts folded, hyphenation and stop words gone."""
    text = re.sub(r"(\w)-\s+(\w)", r"\1\2", fold(str(text)))  # "Sprach- mittlung" -> one word
    return [w for w in re.findall(r"[a-z0-9]+", text) if len(w) > 1 and w not in _STOPWORDS]


def _char_ngrams(text: str, sizes: tuple[int, ...] = (3, 4, 5)) -> list[str]:
    grams = []
    for word in _words(text):
        padded = f" {word} "
        for size in sizes:
            grams.extend(padded[i : i + size] for i in range(max(1, len(padded) - size + 1)))
    return grams


def text_similarity(texts: Sequence[str]) -> np.ndarray:
    r"""Pairwise cosine similarity of German short texts (TF-IDF of character n-grams).

    Each text is lower-cased, umlauts are folded (ä → ae, ß → ss), words broken by a hyphen and
    a line break are joined, and German stop words and card boilerplate ("Unterstützung",
    "Bereich") are dropped. Every remaining word, padded with a
    space on each side, is cut into character 3-, 4- and 5-grams, so that "Sprachmittler" and
    "Sprachmittlung" share most of their grams. With :math:`\mathrm{tf}` the count of gram
    :math:`t` in text :math:`d`, :math:`N` texts and :math:`\mathrm{df}_t` texts containing
    :math:`t`,

    .. math::

        x_{dt} = (1 + \ln \mathrm{tf}_{dt}) \left(1 + \ln \frac{1 + N}{1 + \mathrm{df}_t}\right),
        \qquad s(d, e) = \frac{x_d \cdot x_e}{\lVert x_d \rVert \, \lVert x_e \rVert}.

    Parameters
    ----------
    texts : sequence of str
        The texts; the IDF weights are estimated from them.

    Returns
    -------
    numpy.ndarray
        Symmetric ``len(texts) × len(texts)`` matrix in [0, 1], 1 on the diagonal except for
        texts without words (row of zeros).

    See Also
    --------
    unmet_needs : matches need and offer cards with it.

    References
    ----------
    .. [1] Manning, C. D., Raghavan, P. & Schütze, H. (2008). *Introduction to Information
       Retrieval*, ch. 6 (tf-idf, cosine) and 3.2.2 (character n-grams).

    Examples
    --------
    >>> s = text_similarity(["Sprachmittler für Arabisch", "Sprachmittlung Arabisch",
    ...                      "Räume für Treffen"])
    >>> bool(s[0, 1] > 0.5), bool(s[0, 2] < 0.1)
    (True, True)
    """
    grams = [_char_ngrams(t) for t in texts]
    vocabulary: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for d, doc in enumerate(grams):
        counts: dict[int, int] = {}
        for g in doc:
            j = vocabulary.setdefault(g, len(vocabulary))
            counts[j] = counts.get(j, 0) + 1
        for j, c in counts.items():
            rows.append(d)
            cols.append(j)
            vals.append(1.0 + math.log(c))
    n = len(texts)
    X = sp.csr_matrix((vals, (rows, cols)), shape=(n, max(len(vocabulary), 1)))
    df = np.bincount(np.asarray(cols, dtype=np.int64), minlength=X.shape[1])
    idf = 1.0 + np.log((1.0 + n) / (1.0 + df))
    X = X.multiply(idf[None, :]).tocsr()
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    X = sp.diags(np.where(norms > 0, 1.0 / np.where(norms > 0, norms, 1.0), 0.0)) @ X
    return np.clip((X @ X.T).toarray(), 0.0, 1.0)

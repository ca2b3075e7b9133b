"""Escaping of text from data for every HTML output: report text, tables, the map, page policy.

Data files travel between organisations, and a report is opened by people who did not make it,
so every string that comes from a city folder (actor names, event titles, notes, quotes, the
``datapackage.json`` title, vocabulary labels) is text, never markup. The rules live here once:

* :func:`html_text` for HTML (tables, headings, attributes),
* :func:`md_text` for the German Markdown sentences of :mod:`netzwerk.report`, which nbconvert
  turns into HTML (the report renders Markdown with raw HTML escaped as well, see
  :func:`netzwerk.report.render_html`),
* :func:`script_json` for data inside a ``<script>`` element (JSON, with ``<``, ``>``, ``&``
  escaped),
* :func:`csp_meta` for the Content-Security-Policy of ``report.html`` and ``network.html``: no
  script runs unless its SHA-256 hash is listed, nothing is fetched from anywhere.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import string
from collections.abc import Iterable
from typing import Any

__all__ = ["csp_meta", "html_text", "md_text", "script_hash", "script_json"]

# CommonMark lets a backslash escape every ASCII punctuation character: it is then literal text,
# never syntax (emphasis, links, raw HTML, entities, code, nbconvert's $…$ and \\[…\\] math).
_PUNCTUATION = frozenset(string.punctuation)


def html_text(value: Any) -> str:
    """``value`` as HTML text: ``&``, ``<``, ``>``, ``"`` and ``'`` escaped.

    Parameters
    ----------
    value : Any
        Converted with ``str``.

    Returns
    -------
    str

    Examples
    --------
    >>> html_text("<b>AWO & Caritas</b>")
    '&lt;b&gt;AWO &amp; Caritas&lt;/b&gt;'
    """
    return html.escape(str(value), quote=True)


def md_text(value: Any) -> str:
    """``value`` as Markdown text that renders as exactly these characters, never as markup.

    Every ASCII punctuation character (``* _ [ ] ( ) < > & ` # | ! ~ $ \\ …``) gets a
    backslash, which makes it literal text in CommonMark (and in mistune, which nbconvert
    uses); line breaks become spaces, so a value cannot start a heading, list or code block.
    Letters, digits, spaces and non-ASCII text stay as they are.

    Parameters
    ----------
    value : Any
        Converted with ``str``.

    Returns
    -------
    str

    Examples
    --------
    >>> md_text("AWO Kreisverband")
    'AWO Kreisverband'
    >>> print(md_text("<b>x</b> [Klick](javascript:alert(1))"))
    \\<b\\>x\\<\\/b\\> \\[Klick\\]\\(javascript\\:alert\\(1\\)\\)
    >>> import mistune
    >>> mistune.create_markdown(escape=True)("**" + md_text("*a* <i>b</i> `c` &amp;") + "**")
    '<p><strong>*a* &lt;i&gt;b&lt;/i&gt; `c` &amp;amp;</strong></p>\\n'
    """
    text = " ".join(str(value).splitlines())
    return "".join(f"\\{c}" if c in _PUNCTUATION else c for c in text)


def script_json(value: Any) -> str:
    """JSON that can sit inside a ``<script>`` element: no ``<``, ``>``, ``&`` or line separators.

    Parameters
    ----------
    value : Any
        JSON-serialisable (keys sorted, no NaN).

    Returns
    -------
    str

    Examples
    --------
    >>> script_json({"name": "</script><script>alert(1)</script>"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)  # fmt: skip
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):  # fmt: skip
        text = text.replace(char, escape)
    return text


def script_hash(body: str) -> str:
    """The CSP source expression that allows exactly one inline script.

    Parameters
    ----------
    body : str
        The text between ``<script>`` and ``</script>``, byte for byte.

    Returns
    -------
    str
        ``'sha256-<base64>'``.

    Examples
    --------
    >>> script_hash("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def csp_meta(scripts: Iterable[str] = ()) -> str:
    """A restrictive Content-Security-Policy ``<meta>`` element for an offline page.

    Nothing may be fetched from any address (``default-src 'none'``); images and fonts only as
    ``data:`` URIs inside the page; inline style sheets are allowed (nbconvert's and
    vis-network's); scripts only where their hash is listed: an injected ``<script>``, event
    handler attribute or ``javascript:`` address does not run. Frames are limited to inline
    documents (``srcdoc``), which inherit this policy. No ``<base>``, no form submission, no
    plugins.

    Parameters
    ----------
    scripts : iterable of str
        The exact bodies of the page's own inline scripts (see :func:`script_hash`).

    Returns
    -------
    str
        The element, to be placed at the start of ``<head>``.

    Examples
    --------
    >>> csp_meta()[:60]
    '<meta http-equiv="Content-Security-Policy" content="default-'
    >>> "script-src 'none'" in csp_meta(), "'unsafe-inline'" in csp_meta().split("style-src")[0]
    (True, False)
    """
    hashes = sorted({script_hash(body) for body in scripts})
    script_src = " ".join(hashes) if hashes else "'none'"
    policy = (
        f"default-src 'none'; script-src {script_src}; style-src 'unsafe-inline'; "
        "img-src data:; font-src data:; frame-src 'self'; child-src 'self'; "
        "base-uri 'none'; form-action 'none'; object-src 'none'"
    )
    # the policy holds no quote or angle bracket (hashes are base64), so it needs no escaping
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'

"""The offline HTML report: nbconvert exporter without code, Content-Security-Policy, external references."""

from __future__ import annotations

import functools
import html as _html
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netzwerk._escape import csp_meta, html_text
from netzwerk._map_page import map_scripts

if TYPE_CHECKING:
    pass


_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block data_png scoped -%}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}"
{%- set width = output | get_metadata('width', 'image/png') %}
{%- if width is not none %} width={{ width | escape_html }}{% endif %}
 alt="{{ (output | get_metadata('alt', 'image/png') or 'Abbildung') | escape_html }}">
</div>
{%- endblock data_png -%}
"""


#: What precedes the ``//`` of an address that makes a browser fetch something, read backwards
#: from the ``//``: an attribute (``src="https:``, ``xlink:href=``, …), ``url(`` or ``@import "``.
#: Forwards, the three constructs are
#: ``\b(src|href|srcset|action|poster|data|formaction|background|xlink:href)\s*=\s*["']?\s*``,
#: ``url\(\s*["']?\s*`` and ``@import\s+["']\s*``, each followed by an optional ``http:`` or
#: ``https:``. Longer names come first, so that ``xlink:href`` is not read as ``href``.
_BEFORE = re.compile(
    r"""(?::s?ptth)?\s*
        (?: ["']?\s*=\s*
            (?:ferh:knilx|noitcamrof|dnuorgkcab|tescrs|retsop|noitca|atad|ferh|crs)\b
          | (?P<url>["']?\s*\(lru)
          | ["']\s+tropmi@ )""",
    re.IGNORECASE | re.VERBOSE,
)
#: The host after the ``//`` (at least one character; a ``)`` ends it inside ``url(…)``).
_HOST = re.compile(r"""[^\s"'<>/]+""")
_URL_HOST = re.compile(r"""[^\s"'<>/)]+""")


def _fetching(doc: str) -> list[str]:
    """The fetching references of one document, in document order (see external_references).

    Every such reference contains exactly one ``//``; the document is searched for ``//`` (a
    fast string search) and what precedes each is matched backwards (:data:`_BEFORE`, on the
    reversed text), instead of trying a pattern with a dozen alternatives at every position.
    """
    found = []
    reverse = None
    at = doc.find("//")
    while at >= 0:
        if reverse is None:
            reverse = doc[::-1]
        before = _BEFORE.match(reverse, len(doc) - at)
        if before is not None:
            host = (_URL_HOST if before.group("url") else _HOST).match(doc, at + 2)
            if host is not None:
                start = at - (before.end() - before.start())
                found.append(doc[start : host.end()].strip())
        at = doc.find("//", at + 1)
    return found


_SRCDOC = re.compile(r"""srcdoc\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)


def external_references(html: str) -> list[str]:
    """Every reference in an HTML document that would make a browser contact another host.

    Looks for ``src``, ``href``, ``srcset``, ``action``, ``poster``, ``data``, ``background``
    and ``xlink:href`` attributes and CSS ``url(…)`` and ``@import`` that point to
    ``http://``, ``https://`` or ``//`` addresses, also inside ``<iframe srcdoc="…">``
    documents (after HTML-unescaping). URLs in plain text, in comments of inline style sheets
    and XML namespaces (``xmlns="http://www.w3.org/…"``) fetch nothing and are not listed.

    Parameters
    ----------
    html : str
        The document.

    Returns
    -------
    list of str
        The matching snippets, in document order; empty when the page works offline.

    Raises
    ------
    TypeError
        If ``html`` is not a string.

    See Also
    --------
    render_html : Refuses a page with such a reference.

    Examples
    --------
    >>> external_references('<a href="https://example.org">x</a> https://plain.text')
    ['href="https://example.org']
    >>> external_references('<iframe srcdoc="&lt;script src=&quot;//cdn.x/y.js&quot;&gt;">')
    ['src="//cdn.x']
    >>> external_references('<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    []
    """
    if not isinstance(html, str):
        raise TypeError(f"html must be a string, got {type(html).__name__}")
    documents = [html] + [_unescape(m.group(2)) for m in _SRCDOC.finditer(html)]
    return [snippet for doc in documents for snippet in _fetching(doc)]


#: A character reference other than the five that :func:`html.escape` writes.
_OTHER_REFERENCE = re.compile(r"&(?!(?:quot|amp|lt|gt|#x27);)")


def _unescape(text: str) -> str:
    """:func:`html.unescape`, fast for text escaped by :func:`html.escape` (the map's srcdoc).

    Where only ``&quot;``, ``&lt;``, ``&gt;``, ``&#x27;`` and ``&amp;`` occur, replacing them in
    this order (``&amp;`` last, so ``&amp;lt;`` stays ``&lt;``) is what ``html.unescape`` does,
    without a Python call per reference (the 1,000-actor map holds 260,000 of them); any other
    reference goes through ``html.unescape``.

    >>> _unescape("&lt;a href=&quot;x&quot;&gt;&amp;lt;&#x27;") == _html.unescape(
    ...     "&lt;a href=&quot;x&quot;&gt;&amp;lt;&#x27;")
    True
    >>> _unescape("&#47;&#47;evil.org")
    '//evil.org'
    """
    if _OTHER_REFERENCE.search(text):
        return _html.unescape(text)
    for reference, character in (("&quot;", '"'), ("&lt;", "<"), ("&gt;", ">"), ("&#x27;", "'")):
        text = text.replace(reference, character)
    return text.replace("&amp;", "&")


def _strip_style_comments(html: str) -> str:
    """Drop ``/* … */`` comments inside ``<style>`` elements (nbconvert's CSS cites URLs there)."""

    def strip(match: re.Match[str]) -> str:
        return re.sub(r"/\*.*?\*/", "", match.group(0), flags=re.DOTALL)

    return re.sub(r"<style[^>]*>.*?</style>", strip, html, flags=re.DOTALL | re.IGNORECASE)


def _strip_external_hrefs(html: str) -> str:
    """Turn links to other hosts into plain text that keeps the address readable."""
    pattern = re.compile(
        r"""<a\b[^>]*\bhref\s*=\s*["']\s*((?:https?:)?//[^"']*)["'][^>]*>(.*?)</a>""",
        re.IGNORECASE | re.DOTALL,
    )

    def plain(match: re.Match[str]) -> str:
        url, text = match.group(1), match.group(2)
        shown = text if _html.unescape(text).strip() == _html.unescape(url) else f"{text} ({url})"
        return f"<span class='netzwerk-link'>{shown}</span>"

    return pattern.sub(plain, html)


def _safe_exporter() -> type:
    """nbconvert's HTML exporter with Markdown rendered as text where it holds raw HTML.

    nbconvert passes HTML inside Markdown (cells and ``text/markdown`` outputs) through
    unchanged and writes the code of a ``mermaid`` block raw; here both are escaped, so markup
    that reached a Markdown string shows as text. The report's own Markdown uses no raw HTML.
    """
    import jinja2
    from nbconvert import HTMLExporter
    from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

    class _Renderer(IPythonRenderer):
        def block_mermaidjs(self, code: str) -> str:
            return f"<pre><code>{html_text(code)}</code></pre>"

    class _Exporter(HTMLExporter):
        @jinja2.pass_context
        def markdown2html(self, context: Any, source: str) -> str:
            renderer = _Renderer(
                escape=True,
                attachments=context.get("cell", {}).get("attachments", {}),
                embed_images=self.embed_images,
                path=context.get("resources", {}).get("metadata", {}).get("path", ""),
                anchor_link_text=self.anchor_link_text,
                exclude_anchor_links=self.exclude_anchor_links,
                **self.lexer_options,
            )
            return MarkdownWithMath(renderer=renderer).render(source)

    return _Exporter


def _add_policy(page: str) -> str:
    """Put the Content-Security-Policy first into ``<head>``: only the map's scripts may run.

    nbconvert's template (with require.js, MathJax, mermaid and widgets left out) has no
    script of its own; the embedded map's ``srcdoc`` document inherits this policy, so its two
    scripts are listed by hash (:func:`netzwerk._escape.csp_meta`).
    """
    head = re.search(r"<head[^>]*>", page, flags=re.IGNORECASE)
    if head is None:  # pragma: no cover - nbconvert's templates always have a head
        raise RuntimeError("rendered report has no <head>")
    meta = csp_meta(map_scripts())
    return page[: head.end()] + "\n" + meta + page[head.end() :]


#: Tag of a Markdown cell that belongs to the code cell after it: the report shows it only when
#: that cell displays something (a section for optional data, such as the network survey).
OPTIONAL_SECTION_TAG = "optional-section"


def _optional_sections(cells: list[Any]) -> list[Any]:
    """The cells without each tagged Markdown cell whose following code cell showed nothing."""
    kept = []
    for i, cell in enumerate(cells):
        tagged = OPTIONAL_SECTION_TAG in cell.get("metadata", {}).get("tags", [])
        after = cells[i + 1] if i + 1 < len(cells) else None
        if tagged and cell.get("cell_type") == "markdown" and not (after and after.get("outputs")):
            continue
        kept.append(cell)
    return kept


@functools.cache
def _exporter() -> Any:
    """The report's exporter, built once per process (its template is compiled on first use)."""
    import jinja2

    return _safe_exporter()(
        extra_loaders=[jinja2.DictLoader({"netzwerk_report.html.j2": _TEMPLATE})],
        template_file="netzwerk_report.html.j2",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        mathjax_url="",
        require_js_url="",
        jquery_url="",
        mermaid_js_url="",
        mermaid_layout_elk_js_url="",
        language_code="de",
    )


@functools.cache
def _warm_renderer() -> None:
    """Import nbconvert and compile its template and Markdown patterns (about 1 s; once).

    :func:`netzwerk.report.run_report` calls this while the kernel is still importing, so
    that :func:`render_html` after the notebook takes only the rendering itself.
    """
    from netzwerk import _imports

    nbformat = _imports.nbformat()
    cells = [
        nbformat.v4.new_markdown_cell(
            "*Warm-up* mit `Code`, [Link](#a) und Tabelle\n\n|a|\n|-|\n|1|"
        )
    ]
    _exporter().from_notebook_node(nbformat.v4.new_notebook(cells=cells), resources={})
    map_scripts()  # reads the vendored script (half a megabyte) once


def render_html(
    notebook: str | Path,
    html_path: str | Path,
    *,
    title: str | None = None,
) -> Path:
    """Render an executed report notebook as offline German HTML with the code hidden.

    Parameters
    ----------
    notebook : str or Path
        The executed notebook.
    html_path : str or Path
        The HTML file to write.
    title : str, optional
        Page title (default: the notebook's file name).

    Returns
    -------
    Path
        ``html_path``.

    Raises
    ------
    FileNotFoundError
        If the notebook does not exist.
    RuntimeError
        If the page would still contact another host (:func:`external_references`).

    See Also
    --------
    run_report : Runs the notebook first.
    external_references : The offline check.

    Notes
    -----
    nbconvert's ``lab`` template with input cells and prompts excluded, ``lang="de"``, and the
    blocks that load require.js, MathJax, mermaid and the widget manager from a CDN left
    empty. Comments of the inline style sheets (which cite URLs) are removed and links to
    other hosts become plain text, so nothing in the file refers to another host.

    Examples
    --------
    >>> import tempfile, pathlib, nbformat
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
    ...     "Siehe [Quelle](https://example.org)")])
    >>> nbformat.write(nb, tmp / "r.ipynb")
    >>> page = render_html(tmp / "r.ipynb", tmp / "r.html").read_text(encoding="utf-8")
    >>> "https://example.org" in page, external_references(page)
    (True, [])
    """
    from netzwerk import _imports

    nbformat = _imports.nbformat()
    path = Path(notebook)
    if not path.is_file():
        raise FileNotFoundError(f"notebook {str(path)!r} not found")
    nb = nbformat.read(path, as_version=4)
    nb.cells = _optional_sections(nb.cells)
    exporter = _exporter()
    name = html_text(title or path.stem)  # the template puts it into <title> unescaped
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}})
    body = _strip_external_hrefs(_strip_style_comments(body))
    body = _add_policy(body)
    leftovers = external_references(body)
    if leftovers:
        raise RuntimeError(f"report {str(path)!r} refers to other hosts: {leftovers[:3]}")
    out = Path(html_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(body, encoding="utf-8")
    return out

"""HTML outputs as docutils nodes, for the printable edition (used by ``_ext/latex_edition.py``).

The notebooks store some results only as HTML: 5.1.2's tables (``utils.report.render_table(..., fmt="html")``,
``render_budget_grid``) and Keras' ``summary()`` (a ``<pre>`` block from rich). The LaTeX writer drops raw HTML,
so these are parsed with the standard library's ``html.parser`` and rebuilt as a docutils table (header rows,
caption as the table's title) or a literal block (the ``<pre>`` text without its ``<span>`` styling).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from docutils import nodes


@dataclass
class ParsedTable:
    """One ``<table>``: header rows (``<thead>``, or rows made only of ``<th>``), body rows, caption."""

    caption: str = ""
    head: list[list[str]] = field(default_factory=list)
    body: list[list[str]] = field(default_factory=list)


@dataclass
class ParsedHtml:
    """What :func:`parse_html` found: tables, ``<pre>`` texts, and the text outside both."""

    tables: list[ParsedTable] = field(default_factory=list)
    pres: list[str] = field(default_factory=list)
    text: str = ""


class _Collector(HTMLParser):
    """Walks the tags once; cells keep their text content only (entities decoded by ``convert_charrefs``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result = ParsedHtml()
        self._table: ParsedTable | None = None
        self._row: list[str] | None = None
        self._row_all_th = True
        self._in_head = False
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None
        self._pre: list[str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = ParsedTable()
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and self._table is not None:
            self._row, self._row_all_th = [], True
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
            self._row_all_th &= tag == "th"
        elif tag == "caption" and self._table is not None:
            self._caption = []
        elif tag == "pre":
            self._pre = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            is_head = self._in_head or (self._row_all_th and not self._table.body)
            (self._table.head if is_head else self._table.body).append(self._row)
            self._row = None
        elif tag == "thead":
            self._in_head = False
        elif tag == "caption" and self._caption is not None and self._table is not None:
            self._table.caption = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag == "table" and self._table is not None:
            self.result.tables.append(self._table)
            self._table = None
        elif tag == "pre" and self._pre is not None:
            self.result.pres.append("".join(self._pre).rstrip("\n"))
            self._pre = None

    def handle_data(self, data: str) -> None:
        if self._caption is not None:
            self._caption.append(data)
        elif self._cell is not None:
            self._cell.append(data)
        elif self._pre is not None:
            self._pre.append(data)
        elif self._table is None:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        self.result.text = " ".join("".join(self._text).split())


def parse_html(html: str) -> ParsedHtml:
    """Tables, ``<pre>`` blocks and loose text of one stored HTML output."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.result


def _row(cells: list[str], width: int) -> nodes.row:
    row = nodes.row()
    for text in cells + [""] * (width - len(cells)):
        entry = nodes.entry()
        if text:
            entry += nodes.paragraph(text, text)
        row += entry
    return row


def text_width(text: str) -> int:
    """Width in Latin letters: Hangul and other wide characters count twice."""
    return sum(2 if ord(ch) >= 0x1100 else 1 for ch in text)


def table_node(table: ParsedTable) -> nodes.table:
    """A docutils table with the same header and body rows; column widths from the cells' text.

    ``colwidths-given`` makes Sphinx's LaTeX writer use these widths (tabulary would squeeze numeric columns).
    """
    rows = table.head + table.body
    width = max((len(r) for r in rows), default=1)
    # a header may wrap between words; body cells (numbers, ranges) should not
    words = [
        max((text_width(w) for r in table.head if i < len(r) for w in r[i].split()), default=1) for i in range(width)
    ]
    cells = [max((text_width(r[i]) for r in table.body if i < len(r)), default=1) for i in range(width)]
    # the first (label) column wraps rather than squeezing the numbers; + 3 for the cell's padding
    caps = [16] + [24] * (width - 1)
    longest = [max(word, min(cell, cap)) + 3 for word, cell, cap in zip(words, cells, caps, strict=True)]
    node = nodes.table(classes=["output", "html-table", "colwidths-given"])
    if table.caption:
        node += nodes.title(table.caption, table.caption)
    group = nodes.tgroup(cols=width)
    node += group
    for chars in longest:
        group += nodes.colspec(colwidth=max(chars, 3))
    if table.head:
        group += nodes.thead("", *(_row(r, width) for r in table.head))
    group += nodes.tbody("", *(_row(r, width) for r in table.body))
    return node


def html_to_nodes(html: str) -> list[nodes.Element]:
    """Docutils nodes standing for one HTML output: tables (footnote size), ``<pre>`` texts, else its text."""
    parsed = parse_html(html)
    out: list[nodes.Element] = []
    for table in parsed.tables:
        out += [nodes.raw("", "\\begingroup\\footnotesize\n", format="latex"), table_node(table)]
        out.append(nodes.raw("", "\\endgroup\n", format="latex"))
    out += [nodes.literal_block(text, text, classes=["output", "text_plain"]) for text in parsed.pres]
    if not out and parsed.text:
        out.append(nodes.paragraph(parsed.text, parsed.text))
    return out

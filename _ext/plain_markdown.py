"""Sphinx extension (``_config.yml`` → ``sphinx.local_extensions``): the site from plain notebook markdown.

The chapters' markdown cells are plain CommonMark, so that Colab, Binder and a JupyterLab with no
extension show the same lesson as the site (issue 29). Three things the site needs are written there
in forms every renderer already shows well, and this extension gives them their site form:

* **anchors**: ``<a id="def-max-pooling"></a>`` right before a term (invisible everywhere) becomes a
  Sphinx target, so the glossary's ``{ref}`` links, ``[…](#def-…)`` links and the PDF land on it;
* **notes**: a block quote whose first paragraph is all bold (``> **책의 코드와 다른 점**``) is drawn
  as an admonition with that title; a folded aside is plain HTML ``<details>`` and passes through;
* **links to the published site** (``html_baseurl``, from ``_config.yml``'s ``html.baseurl``): a
  learner in Colab follows them to the site; in the book a link to a page (``….html``, or ``….html#…``
  for an anchor) becomes an internal reference, checked by the strict build and working offline and in
  the PDF. Links to other files the site serves (the PDF) stay links.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

ANCHOR = re.compile(r'^<a id="([A-Za-z][\w-]*)">(</a>)?$')


class HtmlAnchors(SphinxTransform):
    """``<a id="x"></a>`` (raw HTML, one or two inline nodes) -> an explicit inline target ``x``."""

    default_priority = 200

    def apply(self, **kwargs: Any) -> None:
        for raw in list(self.document.findall(nodes.raw)):
            found = ANCHOR.match(raw.astext().strip()) if "html" in raw.get("format", "").split() else None
            if not found or raw.parent is None:
                continue
            name = found.group(1)
            following = raw.parent.children[raw.parent.index(raw) + 1 :]
            closing = following[0] if following and isinstance(following[0], nodes.raw) else None
            if not found.group(2) and closing is not None and closing.astext().strip() == "</a>":
                raw.parent.remove(closing)
            target = nodes.target("", "", ids=[name], names=[name])
            raw.replace_self(target)
            self.document.note_explicit_target(target, target)


class QuotedNotes(SphinxTransform):
    """A block quote that opens with an all-bold paragraph -> ``admonition note`` titled by that text."""

    default_priority = 210

    def apply(self, **kwargs: Any) -> None:
        for quote in list(self.document.findall(nodes.block_quote)):
            first = quote.children[0] if quote.children else None
            if not isinstance(first, nodes.paragraph):
                continue
            shown = [c for c in first.children if not (isinstance(c, nodes.Text) and not c.strip())]
            if len(shown) != 1 or not isinstance(shown[0], nodes.strong):
                continue
            title = nodes.title("", "", *shown[0].children)
            note = nodes.admonition("", title, *quote.children[1:], classes=["admonition", "note"])
            quote.replace_self(note)


class SiteLinks(SphinxTransform):
    """Links to the published book (``html_baseurl``) -> internal references, resolved and checked by Sphinx."""

    default_priority = 220

    def apply(self, **kwargs: Any) -> None:
        base = (self.config.html_baseurl or "").rstrip("/") + "/"
        if base == "/":
            return
        for ref in list(self.document.findall(nodes.reference)):
            uri = ref.get("refuri", "")
            if not uri.startswith(base):
                continue
            page, _, anchor = uri[len(base) :].partition("#")
            if page and not page.endswith(".html"):  # a file the site serves (the PDF): stays a link
                continue
            docname = posixpath.splitext(page)[0] if page else self.env.docname
            if anchor:
                xref = addnodes.pending_xref("", refdomain="std", reftype="ref", reftarget=anchor, refexplicit=True)
            else:
                xref = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget="/" + docname)
                xref["refexplicit"] = True
            xref["refdoc"] = self.env.docname
            xref["refwarn"] = True
            xref += nodes.inline("", "", *ref.children, classes=["xref"])
            ref.replace_self(xref)


def setup(app) -> dict[str, Any]:
    app.add_transform(HtmlAnchors)
    app.add_transform(QuotedNotes)
    app.add_transform(SiteLinks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

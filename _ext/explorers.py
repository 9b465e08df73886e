"""Sphinx extension (``_config.yml`` → ``sphinx.local_extensions``): the site's in-page explorers (issue 18).

A notebook code cell asks for one in its metadata, which JupyterLab and Colab never render::

    "explorer": {"kind": "convolution", "initial": {"input": 7, "padding": "same", "stride": 2},
                 "replaces_output": true}

On HTML builds only, a ``<div class="cnn-explorer-mount">`` is added at the end of that cell, and the page
loads ``_static/explorer/cnn-explorer.mjs`` (an ES module), which builds the explorer there; for the kind
``"model"`` (the trained 5.1 model, issue 32) it also loads ``model-explorer.mjs``, ``model-forward.mjs`` and
the model's weights. The cell's stored output stays in the page: with ``replaces_output`` the module hides it
once the explorer is built, so a reader without JavaScript keeps the figure. Other builders (the PDF) see the
notebook as it is.
"""

from __future__ import annotations

import html
import json
from typing import Any

from docutils import nodes

KINDS = ("convolution", "pooling", "receptive-field", "model")
MODULE = "explorer/cnn-explorer.mjs"
MOUNT_CLASS = "cnn-explorer-mount"


def mount_html(spec: dict[str, Any]) -> str:
    """The placeholder the module fills in; its fallback text says what the page offers without JavaScript."""
    kind = spec.get("kind")
    if kind not in KINDS:
        raise ValueError(f"explorer kind must be one of {KINDS}, got {kind!r}")
    attrs = {
        "class": MOUNT_CLASS,
        "data-explorer": kind,
        "data-initial": json.dumps(spec.get("initial", {}), sort_keys=True),
        "data-replaces-output": "true" if spec.get("replaces_output") else "false",
    }
    text = " ".join(f'{name}="{html.escape(value, quote=True)}"' for name, value in attrs.items())
    return f"<div {text}></div>"


def add_mounts(app, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    for cell in doctree.findall(nodes.container):
        spec = (cell.get("cell_metadata") or {}).get("explorer")
        if spec is None or cell.get("nb_element") != "cell_code":
            continue
        cell.append(nodes.raw("", mount_html(spec), format="html"))


def add_module(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is None or app.builder.format != "html":
        return
    if any(MOUNT_CLASS in node.astext() for node in doctree.findall(nodes.raw)):
        app.add_js_file(MODULE, type="module")


def setup(app) -> dict[str, Any]:
    app.connect("doctree-resolved", add_mounts)
    app.connect("html-page-context", add_module)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

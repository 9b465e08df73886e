"""Sphinx extension (``_config.yml`` → ``sphinx.local_extensions``): one ``<script>`` tag per script.

Two duplicates appear with jupyter-book 1.0.4 / Sphinx 7.4, each a JavaScript error in the browser:

* jupyter-book adds every ``*.js`` under ``_static/`` to ``html_js_files``, so the vendored
  ``_static/mathjax/tex-chtml.js`` is loaded a second time next to ``sphinx.ext.mathjax``'s
  deferred tag ("Cannot set property Package of #<Object> which has only a getter").
* sphinx-thebe registers its inline configuration after the builder started; Sphinx then emits
  it twice ("Identifier 'THEBE_JS_URL' has already been declared").

On each page the script list is reduced to the first tag (by priority) for each file or inline body.
"""

from __future__ import annotations

import os
from typing import Any


def _key(script: Any) -> tuple[str, str]:
    filename = os.fspath(getattr(script, "filename", script) or "")
    if filename:
        return ("file", filename)
    return ("inline", getattr(script, "attributes", {}).get("body", ""))


def dedupe_scripts(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    seen: set[tuple[str, str]] = set()
    unique = []
    for script in sorted(scripts, key=lambda s: getattr(s, "priority", 500)):
        key = _key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique


def setup(app) -> dict[str, Any]:
    # After every other html-page-context handler (sphinx.ext.mathjax adds its tag there).
    app.connect("html-page-context", dedupe_scripts, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

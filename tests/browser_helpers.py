"""Shared by test_browser.py, test_explorer.py and test_model_explorer.py (and benchmarks/model_explorer.py): the
built site served locally, Debian's Chromium, axe-core.

The ``site_url`` fixture (conftest.py) uses :func:`serve_site`; the files open pages in :func:`chromium_context`
and audit them with :data:`AXE_RUN_JS` (the explorers: :func:`serious_axe_violations`).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from site_helpers import REPO, build_book, html_dir

# axe-core's browser bundle, from tools/axe/package-lock.json (scripts/setup_node_tools.sh).
AXE_JS = REPO / "tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
AXE_FAILING_IMPACTS = {"serious", "critical"}

# Debian's Chromium (scripts/setup_system.sh); CHROMIUM_PATH points elsewhere.
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Runs axe on the page (or on `context`, a selector) and removes the `exclusions` matches from the
# violations (kept in "excluded"). dark: switch pydata-sphinx-theme to dark mode first (the attribute
# its CSS keys on).
AXE_RUN_JS = """
async ({options, exclusions, dark, context}) => {
  if (dark) {
    document.documentElement.dataset.theme = 'dark';
    document.documentElement.dataset.mode = 'dark';
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  }
  const results = await axe.run(context || document, options);
  results.excluded = [];
  for (const v of results.violations) {
    const rules = exclusions.filter(e => e.rule === v.id);
    if (!rules.length) continue;
    v.nodes = v.nodes.filter(n => {
      const el = n.target.length === 1 && typeof n.target[0] === 'string' ? document.querySelector(n.target[0]) : null;
      const hit = el && rules.find(e => el.matches(e.selector));
      if (hit) results.excluded.push({rule: v.id, target: n.target, html: n.html, reason: hit.reason});
      return !hit;
    });
  }
  results.violations = results.violations.filter(v => v.nodes.length);
  return results;
}
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # the base class names it `format`
        pass


@contextmanager
def serve_site() -> Iterator[str]:
    """Build the book (once per process) and serve ``_build/html`` on a free local port; yields its URL."""
    build = build_book()  # warnings are test_book.py's concern; here the pages only have to exist
    if not (html_dir() / "index.html").exists():
        pytest.fail(f"the book did not build (exit {build.returncode}); see artifacts/book-build.log", pytrace=False)
    handler = functools.partial(_QuietHandler, directory=str(html_dir()))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium_context() -> Iterator[object]:
    """A fresh headless Chromium profile (Korean locale, 1280×900, no service workers), closed afterwards."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}; run scripts/setup_system.sh"
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
            locale="ko-KR",
            service_workers="block",
        )
        try:
            yield context
        finally:
            context.close()


def serious_axe_violations(page, context: str, *, dark: bool) -> list[str]:
    """axe-core (WCAG 2.1 AA and best practice) on the ``context`` selector of ``page``, in light or ``dark`` mode:
    one line per serious or critical violation. The page is switched back to light mode afterwards."""
    if not AXE_JS.exists():
        pytest.fail(f"axe-core is not installed ({AXE_JS.relative_to(REPO)} missing); run scripts/setup_node_tools.sh")
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}}
    results = page.evaluate(AXE_RUN_JS, {"options": options, "exclusions": [], "dark": dark, "context": context})
    page.evaluate(
        "() => { document.documentElement.dataset.theme = 'light'; document.documentElement.dataset.mode = 'light'; }"
    )
    return [
        f"{v['impact']} {v['id']}: {node['html'][:100]!r}"
        for v in results["violations"]
        if v["impact"] in AXE_FAILING_IMPACTS
        for node in v["nodes"]
    ]


def keep_offline(page, origin: str, blocked: list[str]) -> None:
    """Let the page load only from ``origin`` (and data:/blob:); every other request is aborted and recorded."""

    def route(route) -> None:
        request_url = route.request.url
        if urlsplit(request_url).netloc == origin or request_url.startswith(("data:", "blob:")):
            route.continue_()
        else:  # nothing may leave the machine: the book must work offline
            blocked.append(request_url)
            route.abort()

    page.route("**/*", route)

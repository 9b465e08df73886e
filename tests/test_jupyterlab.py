"""A plain JupyterLab shows the lesson as the site does: the README's way to open the notebooks (issue 29).

A real JupyterLab from the lock (no MyST extension; windowing off, since JupyterLab 4 otherwise renders
only the cells in view) serves a copy of the chapters, so nothing it saves can touch the committed
ones, and the Chromium the suite already drives opens each notebook. Checked positively: every markdown
cell rendered, numbers the prose cites (tests/cited_numbers.py) visible, every solution present and
folded with no output, the glossary's anchors in the page, folded asides (``<details>``) closed and
quoted notes shown as quotes; negatively: no raw MyST text. Screenshots go to ``artifacts/jupyterlab/``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_helpers import chromium_context
from cited_numbers import CITED, normalized, rendered
from notebooks import load, source, tags
from site_helpers import artifacts_dir

from scripts.glossary import targets
from scripts.paths import chapter_notebooks

pytestmark = pytest.mark.slow
TOKEN = "course-test"
#: JupyterLab's user settings for the check: every cell rendered, nothing saved, nothing fetched.
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
}
RAW_MYST = re.compile(r"\{glue|\{ref\}|\(def-[\w-]+\)=|^:::|```\{|:class:", re.M)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """JupyterLab on a free local port over a copy of chapters/; yields its base URL."""
    root, settings = tmp_path_factory.mktemp("lab-root"), tmp_path_factory.mktemp("lab-settings")
    for path in chapter_notebooks():
        shutil.copy2(path, root / path.name)
    for name, values in SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(values), encoding="utf-8")
    port = _free_port()
    env = os.environ | {
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path_factory.mktemp("lab-workspaces")),
        "JUPYTER_RUNTIME_DIR": str(tmp_path_factory.mktemp("lab-runtime")),
    }
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--ServerApp.port={port}"]
    command += ["--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root}"]
    log = (artifacts_dir() / "jupyterlab.log").open("w", encoding="utf-8")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=1)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"JupyterLab stopped (exit {server.returncode}); see artifacts/jupyterlab.log")
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not answer in 60 s; see artifacts/jupyterlab.log")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def browser_page(lab: str) -> Iterator[object]:
    with chromium_context() as context:
        yield context.new_page()


def screenshots(page, stem: str, most: int = 12) -> None:
    """The notebook screen by screen (its panel scrolls, not the page) into artifacts/jupyterlab/STEM-NN.png."""
    folder = artifacts_dir() / "jupyterlab"
    folder.mkdir(exist_ok=True)
    for old in folder.glob(f"{stem}-*.png"):
        old.unlink()
    scroller = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer")
    height, screen = scroller.evaluate("e => [e.scrollHeight, e.clientHeight]")
    for k in range(min(most, -(-height // screen))):
        scroller.evaluate("(e, top) => { e.scrollTop = top; }", k * screen)
        page.wait_for_timeout(100)
        page.screenshot(path=str(folder / f"{stem}-{k + 1:02d}.png"))
    scroller.evaluate("e => { e.scrollTop = 0; }")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("path", chapter_notebooks(), ids=lambda p: p.stem)
def test_a_plain_jupyterlab_shows_the_lesson(path: Path, lab: str, browser_page) -> None:
    page, nb = browser_page, load(path)
    page.goto(f"{lab}/lab/tree/{path.name}?token={TOKEN}&reset")
    markdown = [c for c in nb["cells"] if c["cell_type"] == "markdown"]
    page.wait_for_function(
        "n => document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell.jp-mod-rendered')"
        ".length >= n",
        arg=len(markdown),
        timeout=60_000,
    )
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")
    screenshots(page, path.stem)

    cells = panel.locator(".jp-Cell")
    assert cells.count() == len(nb["cells"]), "every cell is in the page (windowing off)"
    assert panel.locator(".jp-MarkdownCell.jp-mod-rendered").count() == len(markdown), "every markdown cell rendered"
    text = panel.inner_text()
    raw = RAW_MYST.findall(text)
    assert not raw, f"{path.name}: MyST syntax shows as text: {raw[:5]}"

    folded = "".join(re.findall(r"<details>.*?</details>", "\n".join(source(c) for c in markdown), re.S))
    cited = [
        rendered(c.text)
        for c in CITED.get(path.stem, lambda: [])()
        if rendered(c.text) is not None and normalized(c.text) not in normalized(folded)  # <details> closed
    ]
    missing = [piece for piece in cited if _squeeze(piece) not in _squeeze(text)]
    assert not missing, f"{path.name}: numbers of the prose not shown: {missing}"

    for i, cell in enumerate(nb["cells"]):
        if "hide-cell" not in tags(cell):
            continue
        shown = cells.nth(i)
        assert shown.locator(".jp-InputPlaceholder").count() == 1, f"cell {i}: the solution's code is not folded"
        assert not shown.locator(".jp-InputArea-editor").is_visible(), f"cell {i}: the solution's code is visible"
        assert shown.locator(".jp-OutputArea-output").count() == 0, f"cell {i}: the solution shows an output"
        assert source(cell).splitlines()[-1].strip() not in text, f"cell {i}: the solution's code is in view"

    for anchor in targets(path):  # JupyterLab keeps an id as data-jupyter-id, which its #links look up
        found = panel.locator(f'.jp-RenderedMarkdown [data-jupyter-id="{anchor}"], .jp-RenderedMarkdown #{anchor}')
        assert found.count() == 1, f"{path.name}: anchor {anchor} is not in the page"
    asides = panel.locator(".jp-MarkdownCell details")
    assert all(not asides.nth(k).evaluate("d => d.open") for k in range(asides.count())), "a <details> opens unasked"
    quotes = sum(source(c).lstrip().startswith("> **") or "\n> **" in source(c) for c in markdown)
    assert panel.locator(".jp-MarkdownCell blockquote").count() >= quotes, "a quoted note is not a quote"

"""The book builds without a single warning, its pages carry no stray logs or machine paths,
and every internal link resolves (offline; external links are only listed).

Run alone: ``.venv/bin/python -m pytest tests/test_book.py -o addopts="" -q``.
Another copy of the book: ``BOOK_ROOT=/path/to/book``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from site_helpers import artifacts_dir, build_book, html_dir

pytestmark = pytest.mark.slow

BAD_TEXT = {
    "TensorFlow/absl log line": re.compile(r"\b[IWEF]0000 |oneDNN custom operations|absl::|cuda_|TF_CPP"),
    "missing glyph warning": re.compile(r"Glyph \d+ .*missing|missing from (?:current )?font"),
    "Python traceback": re.compile(r"Traceback \(most recent call last\)"),
    "Python warning": re.compile(r"\b\w*Warning: "),
    "machine path": re.compile(r"(?<![\w./-])/(?:work|tmp|root|home)/|site-packages|file://"),
}
# English labels of the show/hide toggles (myst-nb's hide-input/hide-output cells, sphinx-togglebutton)
# and of the theme buttons overridden in _templates/: the book is Korean (see _ext/book_ui_ko.py).
ENGLISH_TOGGLE_LABELS = re.compile(
    r"(?:Show|Hide) code cell|Toggle hidden content|Click to (?:show|hide)|Toggle (?:primary|secondary) sidebar"
    r"|\bColor mode\b"
)
TOGGLE_PROMPT = re.compile(r'<p class="(collapsed|expanded) admonition-title">(.*?)</p>', re.S)
# Classes myst-nb gives outputs that must never be published.
BAD_CLASSES = {"stderr": "stderr output block", "traceback": "error output (traceback)"}
SKIP_SCHEMES = ("mailto:", "javascript:", "data:", "tel:")


class PageParser(HTMLParser):
    """Collects a page's ids, links, visible text and the classes of its elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag.attr, url)
        self.classes: list[str] = []
        self.text_parts: list[str] = []
        self.refresh: str | None = None
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        if "class" in a:
            self.classes.append(a["class"])
        for attr in ("href", "src"):
            if a.get(attr):
                self.links.append((f"{tag}.{attr}", a[attr].strip()))
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            self.refresh = a.get("content", "").split("url=", 1)[-1].strip()
        if tag in {"script", "style"}:
            self._skip_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._skip_depth:
            self._skip_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)


@pytest.fixture(scope="session")
def build():
    return build_book()


@pytest.fixture(scope="session")
def parsed(build) -> dict[str, PageParser]:
    out = html_dir()
    if not out.is_dir():
        pytest.fail(f"no built site at {out}; build output:\n{build.output[-3000:]}")
    pages = {}
    for path in sorted(out.rglob("*.html")):
        rel = path.relative_to(out).as_posix()
        if rel.startswith(("_static/", "_sources/")):
            continue
        parser = PageParser()
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        pages[rel] = parser
    assert pages, f"no HTML pages in {out}"
    return pages


def test_build_has_no_warnings(build) -> None:
    lines = build.output.splitlines()
    warnings = list(dict.fromkeys(line for line in lines if "WARNING" in line or "ERROR" in line))  # once each
    detail = "\n".join(warnings[:60]) if warnings else build.output[-3000:]
    assert build.returncode == 0 and not warnings, (
        f"`{' '.join(build.command)}` exited {build.returncode} with {len(warnings)} warning(s)"
        f" (full log: artifacts/book-build.log):\n{detail}"
    )


def test_pages_have_no_logs_tracebacks_or_paths(parsed) -> None:
    problems = []
    for rel, page in parsed.items():
        for cls in page.classes:
            for token, what in BAD_CLASSES.items():
                if token in cls.split():
                    problems.append(f"{rel}: {what} (class={cls!r})")
        text = page.text
        for what, pattern in BAD_TEXT.items():
            for m in pattern.finditer(text):
                context = text[max(0, m.start() - 60) : m.end() + 60].replace("\n", " ")
                problems.append(f"{rel}: {what}: ...{context}...")
        for where, url in page.links:
            if re.match(r"(?:file:|/(?:work|tmp|root|home)/)", url) or "site-packages" in url:
                problems.append(f"{rel}: machine path in {where}: {url}")
    assert not problems, "published pages contain output that must not be there:\n" + "\n".join(problems)


def test_links_resolve(parsed) -> None:
    out = html_dir()
    problems = []
    external: dict[str, set[str]] = defaultdict(set)
    for rel, page in parsed.items():
        links = list(page.links)
        if page.refresh:
            links.append(("meta.refresh", page.refresh))
        for where, url in links:
            if url.startswith(SKIP_SCHEMES):
                continue
            parts = urlsplit(url)
            if parts.scheme in {"http", "https"} or url.startswith("//"):
                external[url].add(rel)
                continue
            if parts.scheme:
                problems.append(f"{rel}: unexpected URL scheme in {where}: {url}")
                continue
            target_rel = urlsplit(urljoin(rel, parts.path)).path if parts.path else rel
            target = (out / unquote(target_rel)).resolve()
            if not target.is_relative_to(out.resolve()):
                problems.append(f"{rel}: {where} leaves the site: {url}")
                continue
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{rel}: broken {where}: {url}")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html":
                target_key = target.relative_to(out.resolve()).as_posix()
                target_page = parsed.get(target_key)
                if target_page is None:
                    target_page = PageParser()
                    target_page.feed(target.read_text(encoding="utf-8"))
                if fragment not in target_page.ids:
                    problems.append(f"{rel}: {where} points to a missing anchor: {url}")
    report = artifacts_dir() / "external-links.txt"
    report.write_text("".join(f"{url}\n" for url in sorted(external)), encoding="utf-8")
    assert not problems, f"{len(problems)} broken internal link(s):\n" + "\n".join(sorted(set(problems)))


def test_toggle_labels_are_korean(build) -> None:
    """No English show/hide label anywhere in the built HTML, and the cell toggles read in Korean."""
    out = html_dir()
    problems, prompts = [], []
    for path in sorted(out.rglob("*.html")):
        rel = path.relative_to(out).as_posix()
        if rel.startswith(("_static/", "_sources/")):
            continue
        html = path.read_text(encoding="utf-8")
        problems += [f"{rel}: English label {m.group(0)!r}" for m in ENGLISH_TOGGLE_LABELS.finditer(html)]
        for kind, text in TOGGLE_PROMPT.findall(html):
            prompts.append(text)
            if not re.search(r"[\uac00-\ud7a3]", text) or re.search(r"[A-Za-z]", text):
                problems.append(f"{rel}: {kind} toggle prompt is not Korean: {text!r}")
    assert prompts, "no hide-input/hide-output toggle found (the chapters' solutions are hidden cells)"
    assert not problems, "English toggle labels in the built book:\n" + "\n".join(problems)

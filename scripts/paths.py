"""Where things are in the repository: its root and the book's chapters, defined once (scripts, benchmarks, tests)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def toc_files(root: Path = REPO) -> list[str]:
    """Every document named in ``root``'s _toc.yml (root first), in order, as written there, without suffix.

    The one reader of the table of contents: chapters, parts and sections at any depth.
    """
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    found: list[str] = [toc["root"]]

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "file" in node:
                found.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in toc.items() if k != "root"})
    return [str(Path(f).with_suffix("")) if Path(f).suffix in {".md", ".ipynb"} else f for f in found]


def chapter_notebooks(root: Path = REPO) -> list[Path]:
    """The book's notebooks (``chapters/*.ipynb``), in _toc.yml order."""
    return [root / f"{entry}.ipynb" for entry in toc_files(root) if (root / f"{entry}.ipynb").exists()]

"""5.1.2's results as what a cell prints or shows: one line per run, and tables over seeds. No sentences (5.1.2)."""

import html
import unicodedata
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from utils.checks import choice

if TYPE_CHECKING:
    from utils.training import TrainResult

Summary = Sequence[Mapping[str, Any]]
Labels = Mapping[str, str] | None
#: Column headers of every table, by the quantity of ``utils.stats.summarize`` they show.
HEADERS = {
    "params": "파라미터 수",
    "evaluated_train_acc": "훈련 정확도",
    "test_acc": "테스트 정확도",
    "gap": "훈련−테스트 차이",
    "seconds_per_epoch": "에포크당 초",
}
#: What a run prints: the columns of :func:`format_progress`, with their widths in display columns.
PROGRESS = (
    ("모델", 24),
    ("파라미터 수", 11),
    ("훈련 정확도", 11),
    ("테스트 정확도", 13),
    ("차이(%p)", 8),
    ("에포크당 초", 11),
)


def _width(text: str) -> int:
    """Display columns in a monospace font: a Korean syllable takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cells(cells: Sequence[str]) -> str:
    """Left-align the first cell, right-align the rest, to :data:`PROGRESS`'s widths, two spaces apart."""
    out = []
    for i, (text, (_, width)) in enumerate(zip(cells, PROGRESS, strict=True)):
        pad = " " * max(0, width - _width(text))
        out.append(text + pad if i == 0 else pad + text)
    return "  ".join(out).rstrip()


def progress_header() -> str:
    """The header line above :func:`format_progress`'s lines (5.1.2)."""
    return _cells([name for name, _ in PROGRESS])


class ProgressTable:
    """``progress=ProgressTable(labels)`` for ``run_comparison``: the header before the first run, then a row per run
    (5.1.2). The header comes after the time estimate, which ``run_comparison`` prints before training."""

    def __init__(self, labels: Labels = None) -> None:
        self.labels, self.started = labels, False

    def __call__(self, record: "TrainResult") -> None:
        if not self.started:
            print(progress_header())
            self.started = True
        print(format_progress(record, self.labels))


def format_progress(record: "TrainResult", labels: Labels = None) -> str:
    """One run as a row under :func:`progress_header`: e.g. ``progress=lambda r: print(format_progress(r))`` (5.1.2).

    The training accuracy is the finished model's on the training images it was evaluated on; the gap
    is that minus the test accuracy, in percentage points.
    """
    return _cells(
        [
            (labels or {}).get(record.name, record.name),
            f"{record.params:,}",
            f"{record.evaluated_train_acc:.4f}",
            f"{record.test_acc:.4f}",
            f"{100 * record.gap:.2f}",
            f"{record.seconds_per_epoch:.1f}",
        ]
    )


def render_table(
    summary: Summary,
    labels: Labels = None,
    metrics: Sequence[str] = ("params", "test_acc", "gap", "seconds_per_epoch"),
    fmt: str = "html",
) -> str:
    """Rows of ``utils.stats.summarize`` as an HTML or Markdown table: mean (min–max over seeds) per cell (5.1.2).

    Accuracies are in %, the gap in percentage points, both to two decimals; seconds to one.
    """
    body = []
    for row in summary:
        cells = [(labels or {}).get(row["name"], row["name"])]
        for metric in metrics:
            if metric == "params":
                cells.append(f"{row['params']:,}")
                continue
            scale, digits = (1, 1) if metric == "seconds_per_epoch" else (100, 2)
            mean, low, high = (f"{scale * row[f'{metric}_{stat}']:.{digits}f}" for stat in ("mean", "min", "max"))
            cells.append(mean if row["n_seeds"] == 1 else f"{mean} ({low}–{high})")
        body.append(cells)
    header = ["모델", *(HEADERS[m] + ("" if m in ("params", "seconds_per_epoch") else unit(m)) for m in metrics)]
    if choice(fmt, "fmt", ("markdown", "html")) == "html":
        return html_table(header, body)
    lines = ["| " + " | ".join(cells) + " |" for cells in [header, *body]]
    return "\n".join([lines[0], "|:---" + "|---:" * (len(header) - 1) + "|", *lines[1:]])


def html_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """An HTML table, the first column left-aligned and the rest right (5.1.2's results, the appendix's tables)."""

    def tr(tag: str, cells: Sequence[str]) -> str:
        aligned = zip(["left"] + ["right"] * len(cells), cells, strict=False)
        return "<tr>" + "".join(f'<{tag} style="text-align:{a}">{html.escape(c)}</{tag}>' for a, c in aligned) + "</tr>"

    return f"<table><thead>{tr('th', header)}</thead><tbody>{''.join(tr('td', c) for c in rows)}</tbody></table>"


def unit(metric: str) -> str:
    """The unit a table writes after a metric's header: `` (%)`` or `` (%p)``."""
    return " (%p)" if metric == "gap" else " (%)"

"""The comparison of 5.1.2 in Korean: progress lines, the results table and the sentences of the prose.

Every sentence is computed from the numbers (``utils.stats``), so the text the notebook glues
into its prose stays true whatever the runs come out; the Korean particles (과/와, 이/가, 은/는)
follow the word before them.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from utils.checks import one_of
from utils.stats import summary_row, within_noise

if TYPE_CHECKING:
    from utils.training import TrainResult

Summary = Sequence[Mapping[str, Any]]

#: The table's columns: Korean title and the metric of ``utils.stats.METRICS`` it shows.
COLUMNS = (
    ("모델", None),
    ("파라미터 수", None),
    ("훈련 정확도", "evaluated_train_acc"),
    ("테스트 정확도", "test_acc"),
    ("훈련−테스트 차이", "gap"),
    ("에포크당 초", "seconds_per_epoch"),
)


def format_progress(record: TrainResult, labels: Mapping[str, str] | None = None) -> str:
    """One Korean line per run, e.g. for ``progress=lambda r: print(format_progress(r, labels))`` (5.1.2)."""
    name = (labels or {}).get(record.name, record.name)
    return (
        f"{name} (시드 {record.seed}): 훈련 정확도 {record.evaluated_train_acc:.4f}, "
        f"테스트 정확도 {record.test_acc:.4f}, 에포크당 {record.seconds_per_epoch:.1f}초"
    )


def _cell(row: Mapping[str, Any], metric: str) -> str:
    """``mean (min–max)`` of one metric, accuracies in %; the mean alone for a single seed."""
    scale, digits = (1, 1) if metric == "seconds_per_epoch" else (100, 2)
    mean, low, high = (scale * row[f"{metric}_{stat}"] for stat in ("mean", "min", "max"))
    text = f"{mean:.{digits}f}"
    return text if row["n_seeds"] == 1 else f"{text} ({low:.{digits}f}–{high:.{digits}f})"


def render_table(summary: Summary, labels: Mapping[str, str] | None = None, fmt: str = "markdown") -> str:
    """The summary as a table: accuracies in %, each cell as mean (min–max over seeds) (5.1.2).

    ``fmt="markdown"`` gives a Markdown table; ``fmt="html"`` an HTML ``<table>`` (what a
    notebook should display: Jupyter Book renders HTML outputs, not Markdown tables).
    """
    one_of(fmt, "fmt", ("markdown", "html"))
    labels = labels or {}
    header = [title for title, _ in COLUMNS]
    body = []
    for row in summary:
        cells = [labels.get(row["name"], row["name"]), f"{row['params']:,}"]
        body.append(cells + [_cell(row, metric) for _, metric in COLUMNS[2:]])
    if fmt == "html":

        def html_row(tag: str, cells: list[str]) -> str:
            return "".join(
                f'<{tag} style="text-align:{"left" if i == 0 else "right"}">{html.escape(c)}</{tag}>'
                for i, c in enumerate(cells)
            )

        rows = "".join(f"<tr>{html_row('td', cells)}</tr>" for cells in body)
        return f"<table><thead><tr>{html_row('th', header)}</tr></thead><tbody>{rows}</tbody></table>"
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join([":---"] + ["---:"] * (len(header) - 1)) + "|"]
    lines += ["| " + " | ".join(cells) + " |" for cells in body]
    return "\n".join(lines)


def korean_particle(word: str, after_consonant: str, after_vowel: str) -> str:
    """The Korean particle that fits ``word`` (e.g. 과/와, 이/가): the first after a final consonant (5.1.2)."""
    last = word.rstrip()[-1:]
    if "가" <= last <= "힣":
        return after_consonant if (ord(last) - ord("가")) % 28 else after_vowel
    return after_vowel


def describe_difference(
    summary: Summary,
    name: str,
    other: str,
    labels: Mapping[str, str] | None = None,
    metric: str = "test_acc",
    words: tuple[str, str] = ("높았", "낮았"),
) -> str:
    """A Korean fragment comparing ``name`` with ``other`` on ``metric`` (an accuracy or the gap) (5.1.2).

    Example: ``"평균 풀링보다 평균 0.12%p 높았습니다. 다만 이 차이는 시드 간 편차 안에 있습니다"``.
    ``words`` are the stems for "more" and "less" (``("컸", "작았")`` suits the gap). The
    verdict on noise follows ``utils.stats.within_noise``.
    """
    labels = labels or {}
    a, b = summary_row(summary, name), summary_row(summary, other)
    diff = 100 * (a[f"{metric}_mean"] - b[f"{metric}_mean"])
    other_label = labels.get(other, other)
    if round(diff, 2) == 0:
        text = f"{other_label}{korean_particle(other_label, '과', '와')} 평균이 같았습니다(차이 0.005%p 미만)"
    else:
        text = f"{other_label}보다 평균 {abs(diff):.2f}%p {words[0] if diff > 0 else words[1]}습니다"
    noise = within_noise(a, b, metric)
    if noise is None:
        return text + ". 다만 시드가 하나뿐이라 이 차이가 시드 간 편차보다 큰지는 알 수 없습니다"
    if noise:
        return text + ". 다만 이 차이는 시드 간 편차 안에 있습니다(시드별 범위가 겹칩니다)"
    return text + ". 이 차이는 시드 간 편차보다 큽니다(시드별 범위가 겹치지 않습니다)"


def describe_ranking(
    summary: Summary,
    name: str,
    others: Sequence[str],
    labels: Mapping[str, str] | None = None,
    metric: str = "test_acc",
) -> str:
    """A Korean fragment saying whether ``name`` had the highest mean ``metric`` among ``others``
    and whether its lead is larger than the spread over seeds (5.1.2)."""
    labels = labels or {}
    label = labels.get(name, name)
    rows = {n: summary_row(summary, n) for n in (name, *others)}
    best = max(rows, key=lambda n: rows[n][f"{metric}_mean"])
    if best != name:
        best_label = labels.get(best, best)
        text = (
            f"{label}의 평균은 가장 높지 않았고, {best_label}{korean_particle(best_label, '이', '가')} 가장 높았습니다"
        )
        noise = within_noise(rows[name], rows[best], metric)
        if noise is None:
            return text + "(시드가 하나뿐이라 편차와 비교할 수 없습니다)"
        return text + ("(그 차이는 시드 간 편차 안에 있습니다)" if noise else "(그 차이는 시드 간 편차보다 큽니다)")
    text = f"{label}의 평균이 가장 높았습니다"
    verdicts = {other: within_noise(rows[name], rows[other], metric) for other in others}
    if any(v is None for v in verdicts.values()):
        return text + ". 다만 시드가 하나뿐이라 이 순서가 시드 간 편차보다 확실한지는 알 수 없습니다"
    close = [labels.get(o, o) for o, v in verdicts.items() if v]
    if not close:
        return text + ". 나머지와의 차이는 모두 시드 간 편차보다 컸습니다"
    joined = ", ".join(close)
    return text + f". 다만 {joined}{korean_particle(joined, '과', '와')}의 차이는 시드 간 편차 안에 있습니다"


def describe_overfitting(summary: Summary, name: str, reference: str, labels: Mapping[str, str] | None = None) -> str:
    """A Korean sentence (without the final period) on whether ``name`` overfits more than ``reference``
    (a larger train−test gap beyond the spread over seeds) and whether that cost test accuracy (5.1.2)."""
    labels = labels or {}
    a, b = summary_row(summary, name), summary_row(summary, reference)
    label, ref = labels.get(name, name), labels.get(reference, reference)
    topic = f"{label}{korean_particle(label, '은', '는')}"
    gap_noise, test_noise = within_noise(a, b, "gap"), within_noise(a, b, "test_acc")
    if gap_noise is None:
        return "시드가 하나뿐이라 과대적합의 차이가 시드 간 편차보다 큰지 알 수 없습니다"
    if gap_noise or a["gap_mean"] <= b["gap_mean"]:
        return (
            f"{topic} {ref}보다 훈련−테스트 차이가 뚜렷하게 크지 않았습니다. 이 예산에서는 과대적합이 더 심하다는 "
            "책의 설명을 확인하지 못했습니다"
        )
    if a["test_acc_mean"] < b["test_acc_mean"] and not test_noise:
        return f"{topic} 과대적합이 더 컸고 테스트 정확도도 {ref}보다 뚜렷하게 낮았습니다. 책의 설명과 맞는 결과입니다"
    after = (
        "테스트 정확도의 차이는 시드 간 편차 안에 있습니다" if test_noise else "오히려 테스트 정확도가 더 높았습니다"
    )
    return (
        f"{topic} 훈련 데이터에 더 많이 맞춰졌지만(과대적합의 방향), 이 예산에서는 그것이 {ref}보다 낮은 "
        f"테스트 정확도로 이어지지 않았습니다. {after}"
    )

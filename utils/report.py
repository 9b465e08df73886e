"""5.1.2's results in Korean, computed from the numbers so the glued prose stays true: progress, table, sentences."""

import html
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from utils.checks import choice
from utils.stats import METRICS, summary_row, within_noise

if TYPE_CHECKING:
    from utils.training import TrainResult

Summary = Sequence[Mapping[str, Any]]
Labels = Mapping[str, str] | None
Words = tuple[str, str]
MORE_LESS: Words = ("높았", "낮았")  # describe_difference's default stems
HEADER = ("모델", "파라미터 수", "훈련 정확도", "테스트 정확도", "훈련−테스트 차이", "에포크당 초")  # then METRICS


def format_progress(record: "TrainResult", labels: Labels = None) -> str:
    """One Korean line per run, e.g. for ``progress=lambda r: print(format_progress(r, labels))`` (5.1.2)."""
    return (
        f"{(labels or {}).get(record.name, record.name)} (시드 {record.seed}): "
        f"훈련 정확도 {record.evaluated_train_acc:.4f}, 테스트 정확도 {record.test_acc:.4f}, "
        f"에포크당 {record.seconds_per_epoch:.1f}초"
    )


def render_table(summary: Summary, labels: Labels = None, fmt: str = "markdown") -> str:
    """The summary as a Markdown or HTML table (Jupyter Book renders HTML outputs): mean (min–max) per cell (5.1.2)."""
    body = []
    for row in summary:
        cells = [(labels or {}).get(row["name"], row["name"]), f"{row['params']:,}"]
        for metric in METRICS:
            scale, digits = (1, 1) if metric == "seconds_per_epoch" else (100, 2)
            mean, low, high = (f"{scale * row[f'{metric}_{stat}']:.{digits}f}" for stat in ("mean", "min", "max"))
            cells.append(mean if row["n_seeds"] == 1 else f"{mean} ({low}–{high})")
        body.append(cells)
    if choice(fmt, "fmt", ("markdown", "html")) == "html":

        def tr(tag: str, cells: Sequence[str]) -> str:
            aligned = zip(["left"] + ["right"] * len(cells), cells, strict=False)
            row = "".join(f'<{tag} style="text-align:{a}">{html.escape(c)}</{tag}>' for a, c in aligned)
            return f"<tr>{row}</tr>"

        return f"<table><thead>{tr('th', HEADER)}</thead><tbody>{''.join(tr('td', c) for c in body)}</tbody></table>"
    lines = ["| " + " | ".join(cells) + " |" for cells in [HEADER, *body]]
    return "\n".join([lines[0], "|:---" + "|---:" * (len(HEADER) - 1) + "|", *lines[1:]])


def korean_particle(word: str, after_consonant: str, after_vowel: str) -> str:
    """The Korean particle that fits ``word`` (e.g. 과/와, 이/가): the first after a final consonant (5.1.2)."""
    last = word.rstrip()[-1:]
    return after_consonant if "가" <= last <= "힣" and (ord(last) - ord("가")) % 28 else after_vowel


def describe_difference(
    summary: Summary, name: str, other: str, labels: Labels = None, metric: str = "test_acc", words: Words = MORE_LESS
) -> str:
    """``name`` against ``other``, e.g. ``"평균 풀링보다 평균 0.12%p 높았습니다. 다만 ..."`` (5.1.2)."""
    a, b, label = summary_row(summary, name), summary_row(summary, other), (labels or {}).get(other, other)
    diff = 100 * (a[f"{metric}_mean"] - b[f"{metric}_mean"])
    if round(diff, 2) == 0:
        text = f"{label}{korean_particle(label, '과', '와')} 평균이 같았습니다(차이 0.005%p 미만)"
    else:
        text = f"{label}보다 평균 {abs(diff):.2f}%p {words[0] if diff > 0 else words[1]}습니다"
    if (noise := within_noise(a, b, metric)) is None:
        return text + ". 다만 시드가 하나뿐이라 이 차이가 시드 간 편차보다 큰지는 알 수 없습니다"
    if noise:
        return text + ". 다만 이 차이는 시드 간 편차 안에 있습니다(시드별 범위가 겹칩니다)"
    return text + ". 이 차이는 시드 간 편차보다 큽니다(시드별 범위가 겹치지 않습니다)"


def describe_ranking(
    summary: Summary, name: str, others: Sequence[str], labels: Labels = None, metric: str = "test_acc"
) -> str:
    """A Korean fragment: did ``name`` have the highest mean ``metric`` among ``others``, beyond the spread? (5.1.2)"""
    labels = labels or {}
    rows = {n: summary_row(summary, n) for n in (name, *others)}
    best = max(rows, key=lambda n: rows[n][f"{metric}_mean"])
    label, top = labels.get(name, name), labels.get(best, best)
    if best != name:
        text = f"{label}의 평균은 가장 높지 않았고, {top}{korean_particle(top, '이', '가')} 가장 높았습니다"
        if (noise := within_noise(rows[name], rows[best], metric)) is None:
            return text + "(시드가 하나뿐이라 편차와 비교할 수 없습니다)"
        return text + ("(그 차이는 시드 간 편차 안에 있습니다)" if noise else "(그 차이는 시드 간 편차보다 큽니다)")
    verdicts = {other: within_noise(rows[name], rows[other], metric) for other in others}
    close = ", ".join(labels.get(o, o) for o, v in verdicts.items() if v)
    text = f"{label}의 평균이 가장 높았습니다. "
    if None in verdicts.values():
        return text + "다만 시드가 하나뿐이라 이 순서가 시드 간 편차보다 확실한지는 알 수 없습니다"
    if not close:
        return text + "나머지와의 차이는 모두 시드 간 편차보다 컸습니다"
    return text + f"다만 {close}{korean_particle(close, '과', '와')}의 차이는 시드 간 편차 안에 있습니다"


def describe_overfitting(summary: Summary, name: str, reference: str, labels: Labels = None) -> str:
    """Does ``name`` overfit more than ``reference`` beyond the seeds' spread, and did it cost test accuracy? (5.1.2)"""
    a, b = summary_row(summary, name), summary_row(summary, reference)
    label, ref = (labels or {}).get(name, name), (labels or {}).get(reference, reference)
    topic = f"{label}{korean_particle(label, '은', '는')}"
    gap_noise, test_noise = within_noise(a, b, "gap"), within_noise(a, b, "test_acc")
    if gap_noise is None:
        return "시드가 하나뿐이라 과대적합의 차이가 시드 간 편차보다 큰지 알 수 없습니다"
    if gap_noise or a["gap_mean"] <= b["gap_mean"]:
        return (
            f"{topic} {ref}보다 훈련−테스트 차이가 뚜렷하게 크지 않았습니다. "
            "이 예산에서는 과대적합이 더 심하다는 책의 설명을 확인하지 못했습니다"
        )
    if a["test_acc_mean"] < b["test_acc_mean"] and not test_noise:
        return f"{topic} 과대적합이 더 컸고 테스트 정확도도 {ref}보다 뚜렷하게 낮았습니다. 책의 설명과 맞는 결과입니다"
    after = (
        "테스트 정확도의 차이는 시드 간 편차 안에 있습니다" if test_noise else "오히려 테스트 정확도가 더 높았습니다"
    )
    return (
        f"{topic} 훈련 데이터에 더 많이 맞춰졌지만(과대적합의 방향), "
        f"이 예산에서는 그것이 {ref}보다 낮은 테스트 정확도로 이어지지 않았습니다. {after}"
    )

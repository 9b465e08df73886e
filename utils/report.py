"""5.1.2's results in Korean, computed from the numbers so the glued prose stays true: progress, table, sentences."""

import html
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from utils.checks import choice
from utils.stats import METRICS, summary_row, verdict, within_noise

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


#: The book's claims that 5.1.2's comparison tests: model, against, metric (larger is the book's way round).
CLAIMS: dict[str, tuple[str, str, str]] = {
    "overfit": ("no_pool", "max", "gap"),
    "avg": ("max", "avg", "test_acc"),
    "strided": ("max", "strided", "test_acc"),
    "dense": ("max", "dense", "test_acc"),
}
METRIC_NAMES = {"gap": "훈련−테스트 차이", "test_acc": "테스트 정확도"}
VERDICTS = {
    "decided": "책의 주장대로입니다(시드별 범위가 겹치지 않습니다)",
    "reversed": "책의 주장과 반대입니다(시드별 범위가 겹치지 않습니다)",
    "open": "이 예산으로는 가려지지 않습니다(시드별 범위가 겹칩니다)",
    None: "시드가 하나뿐이라 시드 간 편차와 견줄 수 없습니다",
}


def claim_verdict(summary: Summary, claim: str) -> str | None:
    """:func:`utils.stats.verdict` of one of :data:`CLAIMS` (5.1.2)."""
    name, other, metric = CLAIMS[choice(claim, "claim", tuple(CLAIMS))]
    return verdict(summary_row(summary, name), summary_row(summary, other), metric)


def describe_claim(summary: Summary, claim: str, labels: Labels = None) -> str:
    """One claim's means and verdict: ``"훈련−테스트 차이는 풀링 없는 모델 2.10%p, ...입니다. 책의 ..."`` (5.1.2)."""
    name, other, metric = CLAIMS[choice(claim, "claim", tuple(CLAIMS))]
    unit = "%p" if metric == "gap" else "%"
    means = {n: 100 * summary_row(summary, n)[f"{metric}_mean"] for n in (name, other)}
    values = [f"{(labels or {}).get(n, n)} {mean:.2f}{unit}" for n, mean in means.items()]
    return f"{METRIC_NAMES[metric]}는 {values[0]}, {values[1]}입니다. {VERDICTS[claim_verdict(summary, claim)]}"


def describe_paired(lowest: float, highest: float, n_seeds: int, labels: tuple[str, str]) -> str:
    """Seed by seed, one gap minus the other over ``n_seeds`` seeds: which was larger, and the range (5.1.2)."""
    span = f"{100 * lowest:.2f}~{100 * highest:.2f}%p"
    if lowest > 0 or highest < 0:
        larger = labels[0] if lowest > 0 else labels[1]
        return f"시드 {n_seeds}개 모두에서 {larger}의 차이가 더 컸습니다(시드마다 뺀 값 {span})"
    return f"시드에 따라 어느 쪽의 차이가 더 큰지 달랐습니다(시드마다 뺀 값 {span})"


def describe_wins(difference: Mapping[str, Any], labels: tuple[str, str]) -> str:
    """Seed by seed, the first model's accuracy minus the second's (a ``summary.json`` range with
    ``n_positive``): in how many seeds each was more accurate, and the range (5.1.1)."""
    n, wins = difference["n_seeds"], difference["n_positive"]
    span = f"{100 * difference['min']:.2f}~{100 * difference['max']:.2f}%p"
    first, second = (label + korean_particle(label, "이", "가") for label in labels)
    if wins in (0, n):
        return f"시드 {n}개 모두에서 {first if wins else second} 더 정확했습니다(시드마다 뺀 값 {span})"
    return f"시드 {n}개 중 {wins}개에서는 {first}, {n - wins}개에서는 {second} 더 정확했습니다(시드마다 뺀 값 {span})"


def describe_small_data() -> dict[str, str]:
    """5.1.1's two sentences on the small training set, from the committed seed-spread job (utils/measured)."""
    from utils.measurements import spread_rows, summary

    names = {"max": "컨브넷", "dense": "완전 연결 네트워크"}
    rows = spread_rows("small_data", {"max": "convnet", "dense": "dense"})
    difference = summary()["ranges"]["small_data"]["quantities"]["convnet_minus_dense"]
    return {
        "small_claim": describe_claim(rows, "dense", names),
        "small_paired": describe_wins(difference, (names["max"], names["dense"])),
    }


#: Each of :data:`CLAIMS` as the book states it (5.1.2's summary)
CLAIM_NAMES = {
    "overfit": "풀링 없는 모델이 더 과대적합한다",
    "avg": "최대 풀링이 평균 풀링보다 정확하다",
    "strided": "최대 풀링이 스트라이드 합성곱보다 정확하다",
    "dense": "컨브넷이 완전 연결 네트워크보다 정확하다",
}
_OUTCOMES = {
    "decided": "책의 주장대로 가려졌",
    "reversed": "책과 반대로 가려졌",
    "open": "가려지지 않았",
    None: "시드가 하나뿐이라 판정할 수 없었",
}


def describe_decided(summary: Summary, claims: Sequence[str]) -> str:
    """Which of ``claims`` this run decided, grouped by verdict: ``"'...'는 책의 주장대로 가려졌고, ..."`` (5.1.2)."""
    groups: dict[str | None, list[str]] = {}
    for claim in claims:
        groups.setdefault(claim_verdict(summary, claim), []).append(f"‘{CLAIM_NAMES[claim]}’")
    parts = [
        f"{', '.join(names)}{korean_particle(names[-1][:-1], '은', '는')} {_OUTCOMES[outcome]}"
        for outcome, names in groups.items()
    ]
    return "고, ".join(parts) + "습니다"


#: (this budget's verdict, the book budget's) -> what that says about the effect (5.1.2)
BUDGET_EFFECTS = {
    ("decided", "decided"): "책의 예산에서도 그대로 남습니다",
    ("decided", "open"): "짧은 훈련에서만 나타나는 차이입니다. 책의 예산에서는 시드별 범위가 겹칩니다",
    ("open", "decided"): "책의 예산으로 오래 훈련해야 드러납니다. 이 예산에서는 범위가 겹칩니다",
    ("open", "open"): "어느 예산에서도 가려지지 않았습니다",
}


def describe_budget_effect(short: Summary, book: Summary, claim: str) -> str:
    """Whether a claim's result at a short budget holds at the book's, from both verdicts (5.1.2)."""
    pair = (claim_verdict(short, claim), claim_verdict(book, claim))
    if pair in BUDGET_EFFECTS:
        return BUDGET_EFFECTS[pair]
    words = {"decided": "책의 주장대로", "reversed": "책과 반대", "open": "가려지지 않음", None: "판정할 수 없음"}
    return f"이 예산에서는 {words[pair[0]]}, 책의 예산에서는 {words[pair[1]]}입니다"


#: benchmarks/budget_grid.py's claims, in the table's column order, with their Korean headers (5.1.2)
GRID_CLAIMS = {
    "no_pool_overfits_more": "풀링 없음이 더 과대적합",
    "max_beats_avg": "최대 > 평균 풀링",
    "max_beats_strided": "최대 > 스트라이드 합성곱",
    "max_beats_strided_late": "최대 > 이전 스트라이드 모델",
}
GRID_WORDS = {"decided": "가려짐", "reversed": "반대로 가려짐", "open": "겹침", None: "—"}


def render_budget_grid(grid: Mapping[str, Any], chosen: tuple[int, int]) -> str:
    """The measured budgets as an HTML table, fastest first, the ``chosen`` (images, epochs) row marked (5.1.2).

    Two times per budget: the grid machine's, and the slower machine's (measured, or "약" and scaled).
    """
    header = ("예산 (이미지 × 에포크)", "비교 실험 시간", "느린 CPU에서", *GRID_CLAIMS.values())
    rows = []
    for row in sorted(grid["rows"], key=lambda r: r["seconds"]):
        budget = f"{row['train_size']:,} × {row['epochs']}"
        if (row["train_size"], row["epochs"]) == tuple(chosen):
            budget += " (이 페이지의 CPU 예산)"
        verdicts = [GRID_WORDS[row["verdicts"].get(claim)] for claim in GRID_CLAIMS]
        slow = f"{row['slow_seconds']:.0f}초" if row["slow_measured"] else f"약 {row['slow_seconds']:.0f}초"
        rows.append([budget, f"{row['seconds']:.0f}초", slow, *verdicts])
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>" for cells in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

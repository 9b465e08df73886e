"""The appendix's tables ("부록: 측정 방법"), read from ``measured/summary.json``: numbers only, no sentences.

Each function returns an HTML table (:func:`utils.report.html_table`) that the appendix displays.
"""

from __future__ import annotations

from utils.measurements import LABELS, summary
from utils.report import html_table
from utils.stats import needed_leads, sign_test_chance

#: Row names for the quantities the appendix shows, in Korean.
NAMES = LABELS | {
    "convnet_train_acc": "컨브넷의 훈련 정확도 (마지막 에포크)",
    "error_drop": "에러율 감소 비율 (컨브넷 대 완전 연결)",
}
#: The breakages of benchmarks/seed_spread.py, in Korean.
BREAKAGE_NAMES = {
    "half_labels_shuffled": "훈련 레이블 절반 뒤섞음",
    "labels_misaligned": "훈련 레이블이 한 칸 밀림",
    "unscaled": "255로 나누지 않음",
    "test_unscaled": "테스트만 255로 나누지 않음",
}
#: 5.1.2's model names, as its ``LABELS`` cell writes them (tests/test_chapters.py holds the two together).
MODEL_LABELS = {
    "max": "최대 풀링 (5.1 모델)",
    "avg": "평균 풀링",
    "strided": "스트라이드 합성곱",
    "no_pool": "풀링 없음 + Dense(512)",
    "dense": "완전 연결 네트워크 (2장)",
}
#: The book's claims of 5.1.2 as the rows of :func:`book_claims_table`: model minus other.
CLAIM_PAIRS = {"gap": "훈련−테스트 차이 (%p)", "test_acc": "테스트 정확도 (%p)"}


def spread_table(experiment: str, quantities: tuple[str, ...]) -> str:
    """Mean, standard deviation and range over seeds at an experiment's default settings (appendix, first table)."""
    job = summary()["ranges"][experiment]
    rows = []
    for quantity in quantities:
        q = job["quantities"][quantity]
        stats = [f"{q[k]:.4f}" for k in ("mean", "sd", "min", "max")]
        rows.append([NAMES[quantity], *stats, str(q["n_seeds"])])
    return html_table(["값", "평균", "표준편차", "최솟값", "최댓값", "시드 수"], rows)


def sign_test_table(seeds: range = range(3, 13)) -> str:
    """For each number of seeds, the leads the sign test needs and their chance under a coin toss (appendix)."""
    rows = []
    for n in seeds:
        k = needed_leads(n)
        rows.append([str(n), str(k) if k else "-", f"{sign_test_chance(k, n):.3f}" if k else "-"])
    return html_table(["시드 수", "앞서야 할 시드 수", "우연히 그만큼 앞설 확률"], rows)


def budget_grid_table() -> str:
    """The validation-split budget grid: time here, estimated time on the slow CPU, validation accuracy (appendix)."""
    grid = summary()["budget_grid"]
    rows = []
    for row in grid["rows"]:
        chosen = "✓" if row["budget"] == grid["chosen"] else ""
        cells = [f"{row['train_size']:,}×{row['epochs']}", f"{row['seconds']:.0f}", f"{row['slow_seconds']:.0f}"]
        rows.append([*cells, f"{100 * row['max_val_acc']:.2f}", str(row["n_seeds"]), chosen])
    header = ["이미지×에포크", "측정한 CPU (초)", "느린 CPU 추정 (초)", "검증 정확도 (%)", "시드 수", "선택"]
    return html_table(header, rows)


def book_claims_table(labels: dict[str, str] = MODEL_LABELS) -> str:
    """Each book claim of 5.1.2 as paired differences over the book-budget seeds (appendix): no verdict words."""
    rows = []
    for claim in summary()["book_budget"]["claims"].values():
        pair = f"{labels[claim['model']]} − {labels[claim['other']]}"
        spread = f"{100 * claim['min']:+.2f} ~ {100 * claim['max']:+.2f}"
        leads = f"{claim['n_positive']}/{claim['n_seeds']}"
        rows.append([pair, CLAIM_PAIRS[claim["metric"]], f"{100 * claim['mean']:+.2f}", spread, leads])
    return html_table(["비교 (앞 − 뒤)", "값", "평균 차이", "시드별 차이", "앞이 큰 시드"], rows)


def breakage_table(experiment: str, quantities: tuple[str, ...]) -> str:
    """The seeds' range next to what each measured breakage scored at the same settings (appendix, last table)."""
    job = summary()["ranges"][experiment]
    rows = []
    for quantity in quantities:
        q = job["quantities"][quantity]
        rows.append([NAMES[quantity], "정상", f"{q['min']:.4f} ~ {q['max']:.4f}", str(q["n_seeds"])])
        for name, found in job.get("breakages", {}).items():
            b = found[quantity]
            rows.append(["", BREAKAGE_NAMES[name], f"{b['min']:.4f} ~ {b['max']:.4f}", str(b["n_seeds"])])
    return html_table(["값", "데이터", "최솟값 ~ 최댓값", "시드 수"], rows)

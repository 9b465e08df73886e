"""The README's measured tables, rendered from the committed measurement files.

    python -m benchmarks.readme          print the tables
    python -m benchmarks.readme --write  replace the block between the markers in README.md

The README quotes no typed number: its block between ``<!-- measured:start -->`` and
``<!-- measured:end -->`` is this output, and tests/test_consistency.py checks that it is current.
Sources: benchmarks/results.json (``make bench``), benchmarks/seed_spread.json (``make spread``),
benchmarks/results-gpu.json (benchmarks/gpu_run.sh), benchmarks/book-budget.json (benchmarks/book_budget.py,
through utils/measured/summary.json), benchmarks/suite-times.json (``make bench-suite``),
benchmarks/memory.json (``make execute``).
"""

from __future__ import annotations

import argparse
import json

from scripts.paths import REPO

README = REPO / "README.md"
START, END = "<!-- measured:start -->", "<!-- measured:end -->"
NAMES = {"5_1_intro_convnets": "5.1", "5_1_1_convolution": "5.1.1", "5_1_2_max_pooling": "5.1.2"}
#: pages that train nothing (timed by no benchmark) but whose kernel memory is recorded
PAGES = NAMES | {"appendix_method": "부록"}


def _load(name: str) -> dict:
    return json.loads((REPO / "benchmarks" / name).read_text(encoding="utf-8"))


def cpu_table() -> list[str]:
    bench = _load("results.json")
    machine, results = bench["machine"], bench["results"]
    cpu = f"{machine.get('cpu', 'CPU')} {machine['cpus']}코어"
    head = f"CPU 실행 시간 (`benchmarks/results.json`, {bench['measured_at'][:10]} 측정, {cpu}, 중앙값, 초):"
    backends = [b for b in results if b != "book_build"]
    lines = [
        head,
        "",
        "| 노트북 | " + " | ".join(f"{b} 작은 설정 | {b} 전체 설정" for b in backends) + " |",
        "|---|" + "---:|" * (2 * len(backends)),
    ]
    entries = {
        stem: [results[backend].get(profile, {}).get(stem) for backend in backends for profile in ("smoke", "full")]
        for stem in NAMES
    }
    for stem, label in NAMES.items():
        cells = [f"{entry['median_s']:.0f}" if entry else "–" for entry in entries[stem]]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    if any(entry is None for row in entries.values() for entry in row):
        lines += ["", "–: 이 측정에서는 재지 않았습니다."]
    if "book_build" in results:
        lines += ["", f"책 빌드(저장된 출력에서): {results['book_build']['median_s']:.1f}초."]
    from utils.settings import BUDGETS

    now = [BUDGETS["cpu"].train_size, BUDGETS["cpu"].epochs]
    if bench.get("cpu_budget") != now:
        stale = f"이 표는 5.1.2절의 CPU 설정을 지금의 {now[0]:,}×{now[1]}로 바꾸기 전의 코드로 잰 것입니다"
        lines += ["", stale + "(`make bench`로 다시 잽니다)."]
    return lines


def spread_lines() -> list[str]:
    spread = _load("seed_spread.json")
    full, cpu = spread["jobs"]["tf-full"]["quantities"], spread["jobs"]["tf-full"]["cpu"]
    conv, dense = full["convnet_test_acc"], full["dense_test_acc"]
    n = len(conv["per_seed"])
    return [
        f"시드 {n}개로 잰 5.1절의 테스트 정확도 (`benchmarks/seed_spread.json`, {cpu}, TensorFlow):",
        f"컨브넷 {conv['min']:.4f}~{conv['max']:.4f} (평균 {conv['mean']:.4f}, 표준편차 {conv['sd']:.4f}), "
        f"완전 연결 네트워크 {dense['min']:.4f}~{dense['max']:.4f} (평균 {dense['mean']:.4f}).",
    ]


def gpu_lines() -> list[str]:
    gpu = _load("results-gpu.json")
    name = gpu["gpu"].split(",")[0].strip()
    lines = [
        f"GPU 실행 (`benchmarks/results-gpu.json`, {name}, 작업 여러 개를 한 GPU에서 동시에 실행, 초; "
        "5.1.2절의 실행은 지금 모델과 다른 모델을 훈련해서 뺐습니다):",
        "",
        "| 노트북 | 백엔드 | 노트북 전체 | 5.1 훈련 |",
        "|---|---|---:|---:|",
    ]
    for key, entry in gpu["notebooks"].items():
        backend, stem = key.split("/")
        fit = f"{entry['fit_seconds']:.0f}" if "fit_seconds" in entry else "–"
        lines.append(f"| {NAMES.get(stem, stem)} | {backend} | {entry['seconds']:.0f} | {fit} |")
    repeats = []
    for backend, run in gpu["determinism"].items():
        moved = "동일" if run["identical"] else f"최대 차이 {run['max_weight_difference']:.1g}"
        repeats.append(f"{backend} {moved}")
    lines += ["", "같은 시드로 두 번 훈련한 가중치: " + ", ".join(repeats) + "."]
    return lines


def book_budget_lines() -> list[str]:
    from utils.measurements import summary

    book = summary()["book_budget"]
    rows = ", ".join(
        f"{r['name']} {100 * r['test_acc_mean']:.2f}% (훈련−테스트 {100 * r['gap_mean']:.2f}%p)" for r in book["rows"]
    )
    return [
        f"5.1.2절의 책 설정 비교 (`benchmarks/book-budget.json`, {book['cpu']}, {book['backend']}, 시드 "
        f"{len(book['seeds'])}개, 시드 하나에 약 {book['minutes_per_seed']:.0f}분): {rows}."
    ]


def memory_lines() -> list[str]:
    memory = _load("memory.json")
    machine = f"{memory['machine']['cpu']} {memory['machine']['cpus']}코어"
    peaks = ", ".join(
        f"{PAGES[stem]} {run['peak_private_mb']:,} MB (공유 라이브러리까지 {run['peak_rss_mb']:,} MB)"
        for stem, run in memory["notebooks"].items()
    )
    lines = [
        f"커널의 최대 전용(anonymous) 메모리 (`benchmarks/memory.json`, 저장된 설정, 책 순서, {memory['backend']}, "
        f"{machine}): {peaks}. 한도 {memory['limit_mb']:,} MB는 전용 메모리에 적용합니다. 괄호 안의 최대 RSS에는 "
        "TensorFlow 공유 라이브러리의 파일 페이지가 들어 있고, 이 페이지는 메모리가 모자라면 "
        "운영체제가 버렸다가 다시 읽습니다."
    ]
    if under := memory.get("under_limit"):
        runs = ", ".join(
            f"{NAMES[stem]} {'끝까지 실행' if run['finished'] else '중단'}"
            + (f" {run['seconds']:.0f}초" if run["finished"] else "")
            + (f" (강제 종료 {run['oom_kills']}번)" if run["oom_kills"] else "")
            for stem, run in under["notebooks"].items()
        )
        lines.append(
            f"Binder처럼 메모리를 {under['limit_mb']:,} MB로 묶은 cgroup 안에서 (`--under-limit`, "
            f"{under['machine']['cpu']} {under['machine']['cpus']}코어): {runs}."
        )
    return lines


def suite_lines() -> list[str]:
    runs = _load("suite-times.json")["runs"]
    lines = ["전체 테스트 시간 (`benchmarks/suite-times.json`, 벽시계 시간의 중앙값):", ""]
    for run in (runs[0], runs[-1]) if len(runs) > 1 else runs:
        machine = f"{run['machine']['cpu']} {run['machine']['cpus']}코어"
        workers = f"작업자 {run['workers']}개" if run["workers"] else "한 프로세스"
        where = f"커밋 {run['commit']}, {workers}, {machine}, {run['measured_at'][:10]}"
        lines.append(f"- {run['label']}: {run['median_wall_s'] / 60:.1f}분 ({where})")
    return lines


def render() -> str:
    parts = [*cpu_table(), "", *spread_lines(), "", *book_budget_lines(), "", *memory_lines(), "", *gpu_lines()]
    parts += ["", *suite_lines()]
    return "\n".join([START, *parts, END])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    block = render()
    if not args.write:
        print(block)
        return
    text = README.read_text(encoding="utf-8")
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    README.write_text(before + block + after, encoding="utf-8")


if __name__ == "__main__":
    main()

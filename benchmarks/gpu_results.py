"""Turn a GPU run's output folder (benchmarks/gpu_run.sh) into the committed measurement files.

    python -m benchmarks.gpu_results RUN_DIR

Writes ``benchmarks/results-gpu.json`` (and, through ``benchmarks/summary.py``, what the pages quote of
it, ``utils/measured/summary.json``): per backend and notebook the seconds, whether it finished, the
training time 5.1's log printed and 5.1.2's comparison as its cell printed it (``tests/chapter_checks.py``
reads both), the determinism check, the GPU's name and the library versions. The executed notebooks
are copied to ``benchmarks/gpu/`` as they came back; ``tests/chapter_checks.py`` checks them there.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import sys
from pathlib import Path

from benchmarks import summary
from benchmarks.machine import write_json
from scripts.paths import REPO

OUT = REPO / "benchmarks" / "results-gpu.json"
NOTEBOOKS = REPO / "benchmarks" / "gpu"


def fit_seconds(nb: dict) -> float | None:
    """5.1's training time as Keras's log printed it (``938/938 - 5s - ...``, one line per epoch), if it trained."""
    from tests.notebooks import cell_with, printed

    try:
        log = printed(cell_with(nb, "history = model.fit("))
    except AssertionError:  # not 5.1
        return None
    return float(sum(int(s) for s in re.findall(r"^\d+/\d+ - (\d+)s - ", log, flags=re.M)))


def notebook_entry(path: Path) -> dict:
    nb = json.loads(path.read_text(encoding="utf-8"))
    meta = nb["metadata"].get("papermill", {})
    entry = {
        "seconds": round(float(meta.get("duration") or 0.0), 1),
        "finished": not meta.get("exception"),
        "parameters": meta.get("parameters", {}),
    }
    if (seconds := fit_seconds(nb)) is not None:
        entry["fit_seconds"] = seconds
    if "max_pooling" in path.stem and entry["finished"]:
        from tests.chapter_checks import comparison_rows

        entry["records"] = comparison_rows(nb)
    return entry


def book_budget(entries: dict[str, dict]) -> dict:
    """5.1.2 at the book's budget: one notebook per seed, merged into per-model means and ranges."""
    runs = [r for name, e in entries.items() if "-book-" in name for r in e.get("records", [])]
    models: dict[str, dict] = {}
    for name in dict.fromkeys(r["name"] for r in runs):
        mine = [r for r in runs if r["name"] == name]
        summary = {}
        for metric in ("test_acc", "evaluated_train_acc", "gap", "seconds_per_epoch"):
            values = [r[metric] for r in mine]
            summary[metric] = {"mean": statistics.fmean(values), "min": min(values), "max": max(values)}
        models[name] = summary
    return {"backend": "jax", "runs": runs, "models": models}  # gpu_run.sh runs the book budget on JAX


def main(run_dir: str) -> None:
    src = Path(run_dir)
    result: dict = {
        "about": "GPU run of every notebook (benchmarks/gpu_run.sh); jobs ran side by side on one GPU.",
        "gpu": (src / "gpu.txt").read_text().strip(),
        "versions": json.loads((src / "versions.json").read_text()),
        "notebooks": {},
        "determinism": {},
    }
    NOTEBOOKS.mkdir(parents=True, exist_ok=True)
    for backend_dir in sorted(p for p in src.iterdir() if p.is_dir() and not p.name.startswith(".")):
        backend = backend_dir.name
        for nb_path in sorted(backend_dir.glob("*.ipynb")):
            key = f"{backend}/{nb_path.stem}"
            result["notebooks"][key] = notebook_entry(nb_path)
            shutil.copy2(nb_path, NOTEBOOKS / f"{backend}-{nb_path.name}")
        det = backend_dir / "determinism.json"
        if det.exists() and det.read_text().strip():
            result["determinism"][backend] = json.loads(det.read_text())
    jax_entries = {k.split("/", 1)[1]: v for k, v in result["notebooks"].items() if k.startswith("jax/")}
    result["book_budget"] = book_budget(jax_entries)
    done = (src / "done.txt").read_text() if (src / "done.txt").exists() else ""
    result["exit_codes"] = dict(re.findall(r"^(\S+ \S+) rc=(\d+)", done, flags=re.M))
    write_json(OUT, result)
    print(f"wrote {OUT.relative_to(REPO)}: {len(result['notebooks'])} notebooks")
    summary.main([])


if __name__ == "__main__":
    main(sys.argv[1])

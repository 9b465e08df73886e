"""Peak kernel memory of every notebook at its stored settings, run in book order as a reader runs them.

    python -m benchmarks.memory [--in-place] [--backend tensorflow] [--out FILE]
    python -m benchmarks.memory --under-limit     # Binder's case: a hard 1,500 MB limit (root)

Each notebook runs in a fresh kernel started by a child process of its own, so the child's
``RUSAGE_CHILDREN`` peak resident set is that kernel's alone. That peak counts about 540 MB of
TensorFlow's shared libraries, clean file-backed pages the kernel can drop and reread under a
memory limit; the private (anonymous) memory, sampled every 0.2 s from ``/proc``, is what a
container's limit cannot reclaim, and is what :data:`LIMIT_MB` holds. The notebooks share one fresh model
cache, so 5.1.1 loads what 5.1 trained, as on a reader's machine. ``--in-place`` saves the executed
notebooks over the committed ones (``make execute``: the stored outputs and the memory record come
from the same run); otherwise they go to a temporary folder. Binder gives a user 1-2 GB; the
suite's ``tests/test_measurements.py`` holds every private peak under :data:`LIMIT_MB`. Results:
``benchmarks/memory.json``.

``--under-limit`` runs each notebook whose resident peak reached the limit again, the way Binder
holds a user: its kernel (and the process that drives it, as Jupyter's server would be) inside
a memory cgroup capped at :data:`LIMIT_MB`, where the kernel can reclaim file pages but not private memory. It records,
beside the peaks, whether each notebook ran to the end there, in how many seconds, and how many
processes the limit killed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import resource
import tempfile
import threading
from pathlib import Path

from benchmarks.machine import machine, write_json
from scripts.execute_notebooks import chapter_notebooks, execute_in_place, execute_with_papermill
from scripts.paths import REPO

OUT = REPO / "benchmarks" / "memory.json"
LIMIT_MB = 1500
POLL_S = 0.2


def _private_mb(pid: int) -> float:
    """The process's anonymous (private) resident memory now, in MB; 0 once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("RssAnon:")), 0.0)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "stat").read_text().rsplit(")", 1)[1].split()[1] == str(pid):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _run(path: Path, out_dir: Path | None, results: multiprocessing.Queue, cgroup: Path | None) -> None:
    if cgroup is not None:  # join it first: the kernel started below inherits it
        (cgroup / "cgroup.procs").write_text(str(os.getpid()))
    peak_private, done = [0.0], threading.Event()

    def poll() -> None:  # the kernel is this process's child; sample its private memory
        while not done.wait(POLL_S):
            peak_private[0] = max([peak_private[0], *map(_private_mb, _children(os.getpid()))])

    sampler = threading.Thread(target=poll, daemon=True)
    sampler.start()
    seconds = execute_in_place(path) if out_dir is None else execute_with_papermill(path, out_dir)
    done.set()
    sampler.join()
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # Linux: kilobytes, this child's kernel only
    results.put((seconds, peak_kb / 1024, peak_private[0]))


def measure(path: Path, out_dir: Path | None, cgroup: Path | None = None) -> tuple[float, float, float]:
    """Seconds, peak resident MB and peak private MB of one notebook's kernel, in a child process of its own.

    With ``cgroup``, the child (and so the kernel it starts) runs inside that memory cgroup.
    """
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(target=_run, args=(path, out_dir, results, cgroup))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise RuntimeError(f"{path.name} failed to execute (exit code {child.exitcode})")
    return results.get()


def limited_cgroup(limit_mb: int) -> tuple[Path, Path]:
    """A fresh memory cgroup capped at ``limit_mb`` (cgroup v1, else v2), and the file that counts its OOM kills."""
    v1, v2 = Path("/sys/fs/cgroup/memory"), Path("/sys/fs/cgroup")
    if (v1 / "memory.limit_in_bytes").exists():
        root, limit_file, events = v1, "memory.limit_in_bytes", "memory.oom_control"
    elif "memory" in ((v2 / "cgroup.controllers").read_text() if (v2 / "cgroup.controllers").exists() else ""):
        root, limit_file, events = v2, "memory.max", "memory.events"
    else:
        raise SystemExit("--under-limit needs the cgroup memory controller under /sys/fs/cgroup")
    group = root / f"dlp-course-memory-{os.getpid()}"
    try:
        group.mkdir(exist_ok=True)
        (group / limit_file).write_text(str(limit_mb * 1024 * 1024))
    except OSError as exc:
        raise SystemExit(f"--under-limit needs a writable memory cgroup, as root ({group}: {exc})") from exc
    return group, group / events


def oom_kills(events: Path) -> int:
    """How many processes the cgroup's limit has killed (v1 memory.oom_control, v2 memory.events)."""
    counts = dict(line.split() for line in events.read_text().splitlines() if line.strip())
    return int(counts.get("oom_kill", 0))


def run_under_limit(out: Path) -> None:
    """Run each notebook whose resident peak reached :data:`LIMIT_MB` in a cgroup capped there; record what happened."""
    result = json.loads(out.read_text(encoding="utf-8"))
    group, events = limited_cgroup(LIMIT_MB)
    under = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ.update(KERAS_BACKEND=result["backend"], DLP_COURSE_CACHE=str(Path(tmp) / "cache"))
            over = [p for p in chapter_notebooks() if result["notebooks"][p.stem]["peak_rss_mb"] >= LIMIT_MB]
            for path in over:  # in book order; the earlier notebooks fit without it
                before = oom_kills(events)
                try:
                    seconds, finished = measure(path, Path(tmp) / "executed", group)[0], True
                except RuntimeError:
                    seconds, finished = None, False
                under[path.stem] = {"finished": finished, "seconds": seconds and round(seconds, 1)}
                under[path.stem]["oom_kills"] = oom_kills(events) - before
                print(f"{path.name} under {LIMIT_MB:,} MB: {under[path.stem]}", flush=True)
    finally:
        with contextlib.suppress(OSError):  # a killed kernel's group may still be draining
            group.rmdir()
    result["under_limit"] = {"limit_mb": LIMIT_MB, "machine": machine(), "notebooks": under}
    write_json(out, result)
    print(f"wrote {out.relative_to(REPO)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--in-place", action="store_true", help="save the executed notebooks over the committed ones")
    parser.add_argument("--backend", default="tensorflow")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--under-limit", action="store_true", help=f"run again inside a {LIMIT_MB} MB memory cgroup")
    args = parser.parse_args(argv)
    if args.under_limit:
        run_under_limit(args.out)
        return 0
    notebooks = {}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(KERAS_BACKEND=args.backend, DLP_COURSE_CACHE=str(Path(tmp) / "cache"))
        for path in chapter_notebooks():
            seconds, peak, private = measure(path, None if args.in_place else Path(tmp) / "executed")
            notebooks[path.stem] = {"seconds": round(seconds, 1), "peak_rss_mb": round(peak)}
            notebooks[path.stem]["peak_private_mb"] = round(private)
            print(f"{path.name}: {seconds:.1f} s, peak {peak:,.0f} MB, private {private:,.0f} MB", flush=True)
    result = {
        "about": "Peak resident and private (anonymous) memory of each notebook's kernel at its stored "
        "settings, in book order (python -m benchmarks.memory)",
        "backend": args.backend,
        "limit_mb": LIMIT_MB,
        "machine": machine(),
        "notebooks": notebooks,
    }
    write_json(args.out, result)
    print(f"wrote {args.out.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The locks stay in step with the ranges, and every install uses them (fast, no network).

``make lock`` (scripts/lock.py) makes requirements.lock, requirements-dev.lock and
requirements-oldest.lock from the ranges in requirements*.txt; scripts/setup_env.sh, Binder
(binder/), ``make test-oldest`` and the weekly workflow (.github/workflows/newest.yml) install them.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from site_helpers import REPO

from scripts import lock
from scripts.lock import LOCKS, problems, read_freeze, read_lock


@pytest.mark.parametrize("name", list(LOCKS))
def test_lock_is_in_step_with_its_ranges(name: str) -> None:
    """Input hash, every direct requirement pinned inside its range, lowest bounds, runtime inside dev."""
    found = problems(name)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("name", list(LOCKS))
def test_lock_header_names_the_platform_and_the_install(name: str) -> None:
    path = REPO / LOCKS[name].path
    head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert "CPython 3.11" in head and "linux x86_64" in head, head
    assert f"--require-hashes -r {path.name}" in head and "--no-deps -e ." in head, head
    assert "make lock" in head


def test_runtime_and_oldest_locks_are_the_runtime_set() -> None:
    runtime, dev = read_lock(REPO / "requirements.lock"), read_lock(REPO / "requirements-dev.lock")
    assert set(runtime) < set(dev), "the dev set is the runtime set and more"
    assert {"pytest", "nbval", "jax"} <= set(dev) - set(runtime)
    oldest = read_lock(REPO / "requirements-oldest.lock")
    assert {"tensorflow-cpu", "keras", "papermill", "ipykernel"} <= set(oldest) and "pytest" not in oldest


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the ranges and locks that scripts/lock.py reads instead of the repository's."""
    for name in ["requirements.txt", "requirements-dev.txt", "pyproject.toml", *(x.path for x in LOCKS.values())]:
        shutil.copy2(REPO / name, tmp_path / name)
    monkeypatch.setattr(lock, "REPO", tmp_path)
    assert not problems("dev")
    return tmp_path


def test_a_changed_range_makes_the_lock_stale(sandbox: Path) -> None:
    pinned = read_lock(sandbox / "requirements-dev.lock")["pytest"][0]
    text = (sandbox / "requirements-dev.txt").read_text(encoding="utf-8")
    (sandbox / "requirements-dev.txt").write_text(text.replace("pytest>=8,<10", f"pytest>{pinned}"), encoding="utf-8")
    found = "\n".join(problems("dev"))
    assert "other ranges" in found and f"pytest=={pinned}, outside pytest>{pinned}" in found, found


def test_a_comment_does_not_make_the_lock_stale(sandbox: Path) -> None:
    with (sandbox / "requirements.txt").open("a", encoding="utf-8") as f:
        f.write("# a new comment\n")
    assert not problems("runtime") and not problems("dev")


def test_a_missing_or_torch_or_unhashed_pin_is_found(sandbox: Path) -> None:
    path = sandbox / "requirements.lock"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^keras==.*?(?=^\S)", "", text, count=1, flags=re.MULTILINE | re.DOTALL)
    text += "torch==2.4.0\n"
    path.write_text(text, encoding="utf-8")
    found = "\n".join(problems("runtime"))
    assert "requirements.lock lacks keras" in found and "torch, which stays out" in found, found
    assert "torch has no hash" in found


def test_an_oldest_pin_above_the_lower_bound_is_found(sandbox: Path) -> None:
    path = sandbox / "requirements-oldest.lock"
    path.write_text(path.read_text(encoding="utf-8").replace("\nkeras==3.6.0 ", "\nkeras==3.6.1 "), encoding="utf-8")
    assert any("keras==3.6.1, not the lowest" in p for p in problems("oldest")), problems("oldest")


def test_readme_versions_come_from_the_locks() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text[text.index(lock.START) : text.index(lock.END) + len(lock.END)]
    assert block == lock.render_readme(), "stale: run `make lock` (or `python -m scripts.lock readme --write`)"
    dev = read_lock(REPO / "requirements-dev.lock")
    assert f"keras {dev['keras'][0]}" in block and f"tensorflow-cpu {dev['tensorflow-cpu'][0]}" in block


def test_diff_names_every_package_that_moved() -> None:
    locked = {"keras": "3.15.1", "numpy": "2.4.6", "rich": "15.0.0"}
    freeze = read_freeze("Keras==3.16.0\nnumpy==2.4.6\n-e /work/main\npip==26.3\nnew_pkg==1.0\n")
    assert lock.moved(locked, freeze) == [
        ("keras", "3.15.1", "3.16.0"),
        ("new-pkg", "-", "1.0"),
        ("rich", "15.0.0", "-"),
    ]
    report = lock.diff_report(lock.moved(locked, freeze), "requirements-dev.lock")
    assert "| keras | 3.15.1 | 3.16.0 |" in report
    assert "Every installed package" in lock.diff_report([], "requirements-dev.lock")


def non_comment_lines(path: Path) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def test_setup_env_installs_the_locks_and_hashes_them() -> None:
    text = (REPO / "scripts" / "setup_env.sh").read_text(encoding="utf-8")
    assert '--require-hashes -r "$lock"' in text and "--no-deps -e ." in text
    hashed = re.search(r"hash=\$\(cat ([^|]+)\|", text.replace("\\\n", " "))
    assert hashed, "setup_env.sh hashes its inputs into the .installed-* marker"
    assert {"requirements.txt", "requirements-dev.txt", "pyproject.toml", *(x.path for x in LOCKS.values())} <= set(
        hashed.group(1).split()
    )


def test_binder_installs_the_runtime_lock_then_the_course() -> None:
    """repo2docker reads binder/ (and only binder/) when it exists: requirements.txt, then postBuild."""
    assert non_comment_lines(REPO / "binder" / "requirements.txt") == ["-r ../requirements.lock"]
    post_build = REPO / "binder" / "postBuild"
    assert os.access(post_build, os.X_OK), "repo2docker runs binder/postBuild as a program"
    assert "pip install --no-cache-dir --no-deps -e ." in post_build.read_text(encoding="utf-8")
    assert (REPO / "binder" / "runtime.txt").read_text(encoding="utf-8").strip() == "python-3.11"


def test_ci_runs_the_oldest_versions_after_make_test() -> None:
    steps = non_comment_lines(REPO / ".ci" / "run")
    assert "make test-oldest" in steps and steps.index("make test") < steps.index("make test-oldest")
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^lock:.*\n(\t.*\n)*\t\$\(PY\) -m scripts\.lock compile", makefile, re.MULTILINE)
    assert re.search(
        r"^test-oldest:\n\tscripts/setup_env.sh --oldest\n\t.*-m scripts\.run_oldest", makefile, re.MULTILINE
    )


def test_weekly_workflow_runs_the_newest_versions_and_names_what_moved() -> None:
    data = yaml.safe_load((REPO / ".github" / "workflows" / "newest.yml").read_text(encoding="utf-8"))
    on = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    assert on["schedule"] and "workflow_dispatch" in on
    (job,) = data["jobs"].values()
    assert job["env"]["SETUP_ENV_NEWEST"] == "1"
    runs = [str(step.get("run", "")) for step in job["steps"]]
    assert any(run.strip() == "make test" for run in runs)
    (diff,) = [s for s in job["steps"] if "scripts.lock diff" in str(s.get("run", ""))]
    assert diff.get("if") in {"always()", "failure()"}, "it must run when the suite fails"

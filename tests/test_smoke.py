"""Every notebook runs with papermill: on each Keras backend, at settings a learner might pick, and bad ones.

Each run does work no other run does, so no notebook is executed twice for the same check:

- TensorFlow at the committed (full) settings is nbval's run of ``chapters/`` (in book order,
  comparing the stored outputs; the hidden checks enforce the full-settings bands).
- Smoke runs at the test suite's small settings, whose seed spread was measured (so the hidden
  checks enforce their bands), on the other backends: JAX, and PyTorch where it is installed.
- Runs on TensorFlow at settings nobody measured: they must finish and explain a low accuracy
  in Korean.
- Bad parameters: the set-up call stops the notebook at the top with a Korean message, before
  Keras starts.

Every papermill run goes against the course installed as Colab installs it (a plain,
non-editable ``pip install``, here into a folder put first on ``PYTHONPATH``) and checks the
glued numbers that do not depend on training.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from site_helpers import REPO

from scripts.execute_notebooks import SMOKE_PARAMETERS, chapter_notebooks, execute_with_papermill
from utils.glue import glued_values

NOTEBOOKS = {p.stem: p for p in chapter_notebooks()}
# Small parameters per notebook (their spread is in utils/measured/seed_spread.json), and
# glued numbers that do not depend on training, checked exactly in every papermill run.
SMOKE = {
    "5_1_intro_convnets": {
        "parameters": SMOKE_PARAMETERS["5_1_intro_convnets"],
        "exact": {"base_params": 55_744, "total_params": 93_322},
    },
    "5_1_1_convolution": {
        "parameters": SMOKE_PARAMETERS["5_1_1_convolution"],
        "exact": {"positions_valid": 9, "positions_same": 25, "positions_stride2": 4},
        "below": {"conv_diff": 1e-4},  # utils.ops.conv2d agrees with Keras whatever the training
    },
    "5_1_2_max_pooling": {
        "parameters": SMOKE_PARAMETERS["5_1_2_max_pooling"],
        "exact": {"n_coefficients": 30_976, "dense512_weights": 15_860_224, "model_params": 93_322},
    },
}
# Settings whose spread nobody measured: nothing may fail, a low accuracy gets a Korean note.
UNMEASURED = {
    "5_1_intro_convnets": {"EPOCHS": 1, "TRAIN_SIZE": 500},
    "5_1_1_convolution": {"EPOCHS": 1, "TRAIN_SIZE": 500},
    "5_1_2_max_pooling": {"EPOCHS": 1, "TRAIN_SIZE": 300, "SEEDS": [1], "BUDGET": "cpu"},
}
# A bad value for each kind of parameter, spread over the notebooks, and what the message says.
BAD = [
    ("5_1_intro_convnets", {"EPOCHS": 0}, "EPOCHS는 1 이상 100 이하의 정수여야 합니다. 받은 값: 0"),
    ("5_1_intro_convnets", {"TRAIN_SIZE": "abc"}, "TRAIN_SIZE는 1 이상 60,000 이하의 정수 또는 None"),
    ("5_1_1_convolution", {"TRAIN_SIZE": -5}, "받은 값: -5 (int)"),
    ("5_1_1_convolution", {"BACKEND": "gpu"}, "BACKEND는 'tensorflow', 'jax', 'torch' 중 하나여야 합니다"),
    ("5_1_2_max_pooling", {"BUDGET": "fast"}, "BUDGET은 'auto', 'cpu', 'book' 중 하나여야 합니다"),
    ("5_1_2_max_pooling", {"SEEDS": "(0,"}, "SEEDS는 0 이상"),
]
TORCH = pytest.param(
    "torch",
    marks=pytest.mark.skipif(
        importlib.util.find_spec("torch") is None,
        reason="torch is not installed here (its CUDA wheels are several GB); the torch path runs where torch is, "
        "e.g. the GPU machine (benchmarks/gpu_run.sh)",
    ),
)


@pytest.fixture(scope="session")
def installed_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course package from a plain, non-editable install, as Colab's first cell makes it."""
    source, target = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("site-packages")
    shutil.copy2(REPO / "pyproject.toml", source)
    shutil.copytree(REPO / "utils", source / "utils", ignore=shutil.ignore_patterns("__pycache__"))
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--target"]
    subprocess.run([*pip, str(target), str(source)], check=True)
    return target


@pytest.fixture
def course_env(installed_course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Kernels import ``utils`` from the plain install and keep trained models in one cache per test session."""
    monkeypatch.setenv("PYTHONPATH", str(installed_course))
    monkeypatch.setenv("DLP_COURSE_CACHE", str(installed_course.parent / "model-cache"))
    return tmp_path


def test_the_plain_install_is_what_kernels_import(installed_course: Path, course_env: Path) -> None:
    code = "import utils.calibration as c, utils; print(utils.__file__); print(len(c.load_spread()['jobs']))"
    found = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO / "chapters", capture_output=True, text=True, check=True
    ).stdout.split()
    assert Path(found[0]).is_relative_to(installed_course), found
    assert int(found[1]) >= 4, "the seed-spread file must ship as package data"


def glued_values_of(path: Path) -> dict[str, str]:
    return glued_values(json.loads(path.read_text(encoding="utf-8")))


def _number(text: str) -> float:
    text = text.replace(",", "").strip()
    return float(text[:-1]) / 100 if text.endswith("%") else float(text)


def _outputs(nb: dict, stream: str) -> list[str]:
    return [
        "".join(o.get("text", ""))
        for c in nb["cells"]
        for o in c.get("outputs", [])
        if o.get("name") == stream and "".join(o.get("text", "")).strip()
    ]


def run_notebook(name: str, parameters: dict, out: Path, backend: str, monkeypatch: pytest.MonkeyPatch) -> dict:
    """Execute one notebook and check what every run must satisfy; return the executed notebook."""
    monkeypatch.setenv("KERAS_BACKEND", backend)
    execute_with_papermill(NOTEBOOKS[name], out, parameters)
    nb = json.loads((out / NOTEBOOKS[name].name).read_text(encoding="utf-8"))
    assert [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    stderr = _outputs(nb, "stderr")
    assert not stderr, f"stderr in outputs: {stderr[:3]}"
    assert set(glued_values_of(NOTEBOOKS[name])) <= set(glued_values_of(out / NOTEBOOKS[name].name))
    assert any(f"백엔드: {backend}" in text for text in _outputs(nb, "stdout")), "the set-up call names the backend"
    values = glued_values_of(out / NOTEBOOKS[name].name)
    for key, expected in SMOKE[name]["exact"].items():
        assert _number(values[key]) == expected, (key, values[key])
    for key, bound in SMOKE[name].get("below", {}).items():
        assert _number(values[key]) < bound, (key, values[key])
    return nb


def test_every_notebook_has_settings_for_each_kind_of_run() -> None:
    assert sorted(NOTEBOOKS) == sorted(SMOKE) == sorted(UNMEASURED)
    assert {name for name, _, _ in BAD} == set(NOTEBOOKS)


@pytest.mark.parametrize("backend", ["jax", TORCH])
@pytest.mark.parametrize("name", list(SMOKE))  # in book order: 5.1 stores the models 5.1.1 reuses
def test_smoke_run(name: str, backend: str, course_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run_notebook(name, SMOKE[name]["parameters"], course_env, backend, monkeypatch)


@pytest.mark.parametrize("name", list(UNMEASURED))
def test_unmeasured_settings_finish_and_explain(name: str, course_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nb = run_notebook(name, UNMEASURED[name], course_env, "tensorflow", monkeypatch)
    notes = [text for text in _outputs(nb, "stdout") if text.startswith("참고:")]
    assert notes and all("오류가 아닙니다" in note for note in notes), notes


@pytest.mark.parametrize(("name", "parameters", "message"), BAD)
def test_bad_parameters_stop_at_the_top(
    name: str, parameters: dict, message: str, course_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import papermill

    monkeypatch.setenv("KERAS_BACKEND", "tensorflow")
    with pytest.raises(papermill.PapermillExecutionError) as info:
        execute_with_papermill(NOTEBOOKS[name], course_env, parameters)
    assert message in str(info.value.evalue), info.value.evalue
    nb = json.loads((course_env / NOTEBOOKS[name].name).read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    failed = next(i for i, c in enumerate(code) if any(o["output_type"] == "error" for o in c.get("outputs", [])))
    assert "setup_notebook(" in "".join(code[failed]["source"]), "the error must come from the set-up call"
    assert failed <= 3, "the set-up call must come right after the parameters"

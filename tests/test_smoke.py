"""Every notebook runs with papermill: on each Keras backend, at settings a learner might pick, and bad ones.

Each run does work no other run does, so no notebook is executed twice for the same check:

- TensorFlow at the committed (full) settings is nbval's run of ``chapters/`` (tests/test_chapters.py).
- Every notebook on PyTorch where it is installed, at the suite's small settings (``SMOKE``).
- Each notebook once at the small settings with other choices (``SMALL``): it finishes and explains an
  accuracy below the default settings' range. 5.1 runs there on TensorFlow, and the seed-spread job retrains
  it, which must give the page's numbers; 5.1.1 runs on JAX on a fresh runtime, so it trains 5.1's two models
  itself on JAX; 5.1.2 runs through ``BUDGET="book"`` on TensorFlow. JAX on a CPU trains 5.1.2's five models
  about four times slower than TensorFlow (benchmarks/seed_spread.json's fit times), so its JAX path runs where
  JAX is fast: the GPU workflow (benchmarks/gpu_run.sh), held to the JAX bands of tests/chapter_checks.py.
- Bad parameters: the set-up call stops the notebook at the top, before Keras starts.

Every setting a run uses was measured over seeds (benchmarks/seed_spread.py), so tests/chapter_checks.py
holds each run's trained numbers to their bands; there is no run that checks nothing. In every run that
finishes, a learner has solved every exercise (``SOLVED``), every parameter is set to a value other than
its default, ``BACKEND`` names the backend while ``KERAS_BACKEND`` names another one, and in the ``SMALL``
runs the settings the pages invite changing are changed (``INVITED``). Runs go against the course installed
as Colab installs it (a plain, non-editable ``pip install``, here into a folder put first on ``PYTHONPATH``).
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from chapter_checks import check, printed_number
from notebooks import cell_with, code_cells, load, printed, shown, source
from site_helpers import REPO

from scripts.execute_notebooks import SMOKE_PARAMETERS, execute_with_papermill, lesson_notebooks
from utils.measurements import WHY_LOW
from utils.settings import BACKEND_NAMES

NOTEBOOKS = {p.stem: p for p in lesson_notebooks()}
#: What a learner who solves every exercise types: (line as committed, line as solved).
SOLVED = {
    "5_1_intro_convnets": [
        ("answer_1 = None  # TODO: (높이, 너비, 채널)", "answer_1 = (4, 4, 64)"),
        ("answer_2 = None  # TODO: 정수 하나", "answer_2 = (3 * 3 * 3 + 1) * 32"),
    ],
    "5_1_1_convolution": [
        ('answer_1 = None  # TODO: "컨브넷" 또는 "완전 연결 네트워크"', 'answer_1 = "완전 연결 네트워크"'),
        ("answer_2 = None  # TODO: (높이, 너비, 깊이)", "answer_2 = (12, 12, 8)"),
        ("answer_3 = None  # TODO: 정수 하나", "answer_3 = 5 * 5 * 3 * 16 + 16"),
        (
            "    return None  # TODO",
            "    return inputs[i * strides : i * strides + 3, j * strides : j * strides + 3, :]",
        ),
        ("answer_4 = None  # TODO: 함수를 완성한 뒤 answer_4 = extract_patch", "answer_4 = extract_patch"),
        ("answer_5 = None  # TODO: 정수 하나", "answer_5 = 9"),
        (
            "answer_6 = None  # TODO: [(높이, 너비, 채널), ...] 층마다 하나씩 다섯 개",
            "answer_6 = [(13, 13, 32), (6, 6, 32), (6, 6, 64), (3, 3, 64), (1, 1, 64)]",
        ),
        (
            "    height, width = None, None  # TODO: 출력의 높이와 너비",
            "    kh, kw = kernel.shape[:2]; height, width = inputs.shape[0] - kh + 1, inputs.shape[1] - kw + 1",
        ),
        (
            "            outputs[i, j] = None  # TODO: 위치 [i, j]의 패치와 kernel의 텐서 곱셈",
            "            outputs[i, j] = np.tensordot(inputs[i : i + kh, j : j + kw], kernel, axes=3)",
        ),
        ("answer_7 = None  # TODO: 함수를 완성한 뒤 answer_7 = conv2d_loops", "answer_7 = conv2d_loops"),
    ],
    "5_1_2_max_pooling": [
        ('answer_1 = None  # TODO: "풀링 없음" 또는 "최대 풀링"', 'answer_1 = "풀링 없음"'),
        ("answer_2 = None  # 예: [[?, ?], [?, ?]]", "answer_2 = [[6, 8], [3, 4]]"),
        ("answer_3 = None  # 정수 하나", "answer_3 = 576 * 512 + 512"),
        ("answer_4 = None  # 정수 하나 (예: 7)", "answer_4 = 15"),
    ],
}
#: Settings the pages invite a learner to change, changed: (line as committed, line as changed).
INVITED = {
    "5_1_intro_convnets": [],
    "5_1_1_convolution": [
        ("DIGIT_INDEX = 1  # 테스트 세트의 두 번째 이미지", "DIGIT_INDEX = 7"),
        ("SHIFTS = list(range(7))  # 테스트 숫자를 오른쪽으로 옮길 픽셀 수", "SHIFTS = [0, 2, 3]"),
        ("SHIFT = 4", "SHIFT = 2"),
        (
            'EXPLORER = {"input_size": 7, "window": 3, "padding": "same", "strides": 2}  # 처음 그림',
            'EXPLORER = {"input_size": 9, "window": 5, "padding": "valid", "strides": 1}',
        ),
    ],
    "5_1_2_max_pooling": [],
}
OTHER = {"tensorflow": "jax", "jax": "tensorflow", "torch": "tensorflow"}
#: Every parameter away from its default, at the suite's small (measured) settings.
SMOKE = {
    name: {**params, "SEED": 7, "BUDGET": "cpu", "SEEDS": [3]} if "BUDGET" in params else {**params, "SEED": 7}
    for name, params in SMOKE_PARAMETERS.items()
}
#: The small settings once more, with other choices, and the backend each notebook runs them on.
_POOLING = SMOKE_PARAMETERS["5_1_2_max_pooling"]
SMALL = {
    "5_1_intro_convnets": ("tensorflow", {**SMOKE_PARAMETERS["5_1_intro_convnets"], "SEED": 3}),
    "5_1_1_convolution": ("jax", {**SMOKE_PARAMETERS["5_1_1_convolution"], "SEED": 4}),  # a fresh runtime
    "5_1_2_max_pooling": (
        "tensorflow",
        {"SEED": 3, "EPOCHS": _POOLING["EPOCHS"], "TRAIN_SIZE": _POOLING["TRAIN_SIZE"], "SEEDS": [1], "BUDGET": "book"},
    ),
}

#: A bad value for each kind of parameter, spread over the notebooks (their messages: test_settings.py).
BAD = [
    ("5_1_intro_convnets", {"EPOCHS": 0}),
    ("5_1_intro_convnets", {"TRAIN_SIZE": "abc"}),
    ("5_1_1_convolution", {"SEED": -5}),
    ("5_1_1_convolution", {"BACKEND": "gpu"}),
    ("5_1_2_max_pooling", {"BUDGET": "fast"}),
    ("5_1_2_max_pooling", {"SEEDS": "(0,"}),
]
BACKEND_LOGS = re.compile(r"oneDNN|absl|TF_ENABLE|cuda|E0000|W0000|I0000|Unable to register")
NEEDS_TORCH = pytest.mark.skipif(
    importlib.util.find_spec("torch") is None,
    reason="torch is not installed here (its CUDA wheels are several GB); the torch path runs where torch is, "
    "e.g. the GPU machine (benchmarks/gpu_run.sh)",
)
#: The measured small settings, as (notebook, backend), in book order: 5.1 stores the models 5.1.1 reuses.
SMOKE_RUNS = [pytest.param(name, "torch", marks=NEEDS_TORCH) for name in SMOKE]


@pytest.fixture(scope="session")
def installed_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course package from a plain, non-editable install, as Colab's first cell makes it."""
    source_dir, target = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("site-packages")
    shutil.copy2(REPO / "pyproject.toml", source_dir)
    shutil.copytree(REPO / "utils", source_dir / "utils", ignore=shutil.ignore_patterns("__pycache__"))
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--target"]
    subprocess.run([*pip, str(target), str(source_dir)], check=True)
    return target


@pytest.fixture
def course_env(installed_course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Kernels import ``utils`` from the plain install and keep trained models in one cache per test session."""
    monkeypatch.setenv("PYTHONPATH", str(installed_course))
    monkeypatch.setenv("DLP_COURSE_CACHE", str(installed_course.parent / "model-cache"))
    return tmp_path


def test_the_plain_install_is_what_kernels_import(installed_course: Path, course_env: Path) -> None:
    code = "import utils.measurements as m, utils; print(utils.__file__); print(len(m.summary()['ranges']))"
    found = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO / "chapters", capture_output=True, text=True, check=True
    ).stdout.split()
    assert Path(found[0]).is_relative_to(installed_course), found
    assert int(found[1]) == 3, "the measured summary must ship as package data"


def edited(name: str, edits: list[tuple[str, str]], folder: Path) -> Path:
    """A copy of the notebook with each committed line replaced, as a learner would type it."""
    nb = load(NOTEBOOKS[name])
    for old, new in edits:
        cells = [c for c in code_cells(nb) if old in source(c).split("\n")]
        assert len(cells) == 1, f"{name}: {len(cells)} cells have the line {old!r}"
        cells[0]["source"] = source(cells[0]).replace(old, new)
    path = folder / "edited" / NOTEBOOKS[name].name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    return path


def run_notebook(name: str, parameters: dict, out: Path, backend: str, invited: bool = False) -> dict:
    """Execute one notebook, exercises solved, as a learner with ``parameters`` would; check what every run must."""
    path = edited(name, SOLVED[name] + (INVITED[name] if invited else []), out)
    execute_with_papermill(path, out, {**parameters, "BACKEND": backend})
    nb = load(out / path.name)
    stdout = "".join(printed(c) for c in code_cells(nb))
    stderr = [printed(c, "stderr") for c in code_cells(nb) if printed(c, "stderr").strip()]
    assert not stderr, f"stderr in outputs: {stderr[:3]}"
    assert not BACKEND_LOGS.search(stdout), BACKEND_LOGS.search(stdout)
    assert f"백엔드: {BACKEND_NAMES[backend]} ·" in printed(cell_with(nb, "setup_notebook(")), (
        "the parameters cell's BACKEND is obeyed"
    )
    answers = [c for c in code_cells(nb) if re.search(r"check_\w+\(answer_\d+\)", source(c))]
    assert all("correct=True" in shown(c) for c in answers), [shown(c)[:120] for c in answers]
    return nb


def test_every_notebook_has_settings_for_each_kind_of_run() -> None:
    assert list(NOTEBOOKS) == list(SMOKE) == list(SMALL) == list(SOLVED) == list(INVITED)
    assert {name for name, _ in BAD} == set(NOTEBOOKS)


@pytest.mark.parametrize(("name", "backend"), SMOKE_RUNS)
def test_smoke_run(name: str, backend: str, course_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KERAS_BACKEND", OTHER[backend])
    nb = run_notebook(name, SMOKE[name], course_env, backend)
    check(name, nb)


def assert_the_spread_job_reproduces_the_page(nb: dict, job: str, parameters: dict, folder: Path) -> None:
    """The seed-spread job trains what 5.1 trains, in its order: the page's seed gives the job's values for it."""
    from benchmarks.seed_spread import JOBS

    backend, _, *settings, _ = JOBS[job]
    assert settings == [parameters["TRAIN_SIZE"], parameters["EPOCHS"]], (JOBS[job], parameters)
    part = folder / "spread-part.json"
    worker = [sys.executable, "-m", "benchmarks.seed_spread", "--worker", job, "--seeds", str(parameters["SEED"])]
    env = {**os.environ, "KERAS_BACKEND": backend, "PYTHONPATH": str(REPO)}
    subprocess.run([*worker, "--part", str(part)], cwd=REPO, env=env, check=True, capture_output=True)
    values = json.loads(part.read_text(encoding="utf-8"))["per_seed"][str(parameters["SEED"])]
    said = r"테스트 정확도: ([\d.]+)"
    page = {
        "convnet_test_acc": printed_number(nb, "test_loss, test_acc = model.evaluate(", said),
        "dense_test_acc": printed_number(nb, "dense_loss, dense_acc = dense_model.evaluate(", said),
    }
    for quantity, shown_value in page.items():
        assert f"{values[quantity]:.4f}" == f"{shown_value:.4f}", (quantity, values[quantity], shown_value)


@pytest.mark.parametrize(("name", "backend"), [(name, backend) for name, (backend, _) in SMALL.items()])
def test_small_settings_finish_and_explain(
    name: str, backend: str, course_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KERAS_BACKEND", OTHER[backend])
    nb = run_notebook(name, SMALL[name][1], course_env, backend, invited=True)
    check(name, nb)  # exact values, the bands of the small settings, each training said its time
    lines = [line for c in code_cells(nb) for line in printed(c).splitlines()]
    reasons = [after for line, after in itertools.pairwise(lines) if line.startswith("참고:")]
    assert reasons and all(reason == WHY_LOW["settings"] for reason in reasons), reasons
    if name == "5_1_intro_convnets":
        assert_the_spread_job_reproduces_the_page(nb, "tf-small", SMALL[name][1], course_env)
    if name == "5_1_1_convolution":  # on its own, as on Colab's fresh runtime: it trained both models itself
        trained = [printed(c) for c in code_cells(nb) if "trained_model(" in source(c)]
        assert len(trained) == 2 and all("저장된 모델이 없어" in t for t in trained), trained


@pytest.mark.parametrize(("name", "parameters"), BAD)
def test_bad_parameters_stop_at_the_top(
    name: str, parameters: dict, course_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import papermill

    monkeypatch.setenv("KERAS_BACKEND", "tensorflow")
    with pytest.raises(papermill.PapermillExecutionError) as info:
        execute_with_papermill(NOTEBOOKS[name], course_env, parameters)
    (parameter,) = parameters
    assert info.value.ename == "ParameterError" and f"{parameter}에는" in info.value.evalue, info.value.evalue
    nb = load(course_env / NOTEBOOKS[name].name)
    code = code_cells(nb)
    failed = next(i for i, c in enumerate(code) if any(o["output_type"] == "error" for o in c.get("outputs", [])))
    assert "setup_notebook(" in source(code[failed]), "the error must come from the set-up call"
    assert failed <= 3, "the set-up call must come right after the parameters"

"""Shared pytest set-up: quiet TensorFlow, nbval items marked slow, fixtures several test files use."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterator

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
# Trained models (utils.cache) go to a fresh folder per test session: nbval's 5.1 stores the
# models its 5.1.1 reuses, and nothing an earlier run left behind is read.
if "DLP_COURSE_CACHE" not in os.environ:
    os.environ["DLP_COURSE_CACHE"] = tempfile.mkdtemp(prefix="dlp-course-cache-")
    atexit.register(shutil.rmtree, os.environ["DLP_COURSE_CACHE"], ignore_errors=True)


#: Work that must run in one process, in the order the units start: longest first (``make
#: bench-suite``'s per-unit seconds), so that under ``pytest -n 2`` (make test) the short ones fill
#: the other worker. Within a unit, order matters: 5.1 stores the trained models 5.1.1 reuses
#: (utils.cache). Keyed by node id, which is all the xdist controller sees (it collects nothing
#: itself); the first unit whose rule matches takes the test.
NBVAL = "tests/test_chapters.py::test_nbval_run_passes_its_checks["


def _small(stem: str) -> Callable[[str], bool]:
    """The rule for one notebook's second run at the small settings: a fresh runtime, so a unit of its own."""
    return lambda nodeid: f"::test_small_settings_finish_and_explain[{stem}-" in nodeid


UNITS = {
    "nbval-5.1-5.1.1": lambda nodeid: nodeid.startswith(
        (
            "chapters/5_1_intro_convnets.ipynb::",
            "chapters/5_1_1_convolution.ipynb::",
            NBVAL + "5_1_intro",
            NBVAL + "5_1_1",
        )
    ),
    "nbval-5.1.2": lambda nodeid: nodeid.startswith(("chapters/5_1_2_max_pooling.ipynb::", NBVAL + "5_1_2")),
    "site": lambda nodeid: nodeid.startswith(  # one book build
        (
            "tests/test_book.py::",
            "tests/test_browser.py::",
            "tests/test_explorer.py::",
            "tests/test_model_explorer.py::",
        )
    ),
    "small-5.1.1": _small("5_1_1_convolution"),
    "small-5.1.2": _small("5_1_2_max_pooling"),
    "small-5.1": _small("5_1_intro_convnets"),
    "smoke-torch": lambda nodeid: "::test_smoke_run[" in nodeid and nodeid.endswith("-torch]"),
}


def unit_of(nodeid: str) -> str:
    """The unit of work a test belongs to: one of :data:`UNITS`, else its file (module fixtures run once)."""
    return next((name for name, member in UNITS.items() if member(nodeid)), nodeid.split("::")[0])


def _notebook_of(item: pytest.Item) -> str:
    """The notebook an nbval cell or a check of nbval's run belongs to (its stem), else ''."""
    if item.path.suffix == ".ipynb":
        return item.path.stem
    callspec = getattr(item, "callspec", None)
    return callspec.params.get("stem", "") if callspec and item.name.startswith("test_nbval_run") else ""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Longest units first, each unit's tests together, notebooks in book order; nbval cells marked slow.

    Book order, not file-name order (5_1_1 < 5_1_2 < 5_1_intro): 5.1 stores the trained models
    that 5.1.1 reuses (utils.cache), so 5.1 must run first. Each notebook's check of nbval's run
    (tests/test_chapters.py) comes right after the notebook's last cell.
    """
    from site_helpers import toc_files

    order = {name.removeprefix("chapters/"): i for i, name in enumerate(toc_files())}
    units = list(UNITS)
    rank: dict[int, tuple[int, str, int, int, int]] = {}
    for i, item in enumerate(items):
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)
        unit, notebook = unit_of(item.nodeid), _notebook_of(item)
        leading = units.index(unit) if unit in units else len(units)
        after_cells = int(item.path.suffix != ".ipynb")
        rank[id(item)] = (leading, "" if unit in units else unit, order.get(notebook, 0), after_cells, i)
    items.sort(key=lambda item: rank[id(item)])


@pytest.fixture(scope="module")
def site_url() -> Iterator[str]:
    """The built book served on a local port (tests/browser_helpers.py), for test_browser and test_explorer."""
    from browser_helpers import serve_site

    with serve_site() as url:
        yield url


class _KeepNbvalOutputs:
    """Keeps what each nbval cell produced (tests/notebooks.EXECUTED), for tests/test_chapters.py.

    A plugin, not a conftest hook: this conftest's per-item hooks reach only items under tests/.
    """

    @staticmethod
    def pytest_runtest_teardown(item: pytest.Item) -> None:
        outputs = getattr(item, "test_outputs", None)
        if item.path.suffix == ".ipynb" and outputs is not None:
            from notebooks import EXECUTED

            cell = {"cell_type": "code", "source": item.cell.source, "metadata": dict(item.cell.metadata)}
            EXECUTED.setdefault(item.path.stem, {"cells": []})["cells"].append(cell | {"outputs": outputs})


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(_KeepNbvalOutputs(), "keep-nbval-outputs")


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: plain `pytest` runs without it
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """Under ``pytest -n N``, send whole units (:func:`unit_of`) to workers, in collection order."""
    from xdist.scheduler import LoadScopeScheduling

    class UnitScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return unit_of(nodeid)

    config.option.loadscopereorder = False  # keep the longest-first order above
    return UnitScheduling(config, log)


@pytest.fixture(scope="session")
def stack_5_1() -> list[tuple[int, int]]:
    """``(window size, stride)`` of the 5.1 model's layers: conv 3, pool 2/2, conv 3, pool 2/2, conv 3.

    test_receptive_field checks that ``utils.receptive_fields.spatial_steps`` reads exactly this from
    ``build_convnet_base()``.
    """
    return [(3, 1), (2, 2), (3, 1), (2, 2), (3, 1)]


@pytest.fixture
def figure_style() -> Iterator[None]:
    """The notebooks' figure style (Korean fonts); afterwards, no figure may be left registered with pyplot."""
    import matplotlib.pyplot as plt

    from utils.notebook import set_figure_style

    set_figure_style()
    yield
    assert not plt.get_fignums(), "figures must not be registered with pyplot"


@pytest.fixture
def draw() -> Callable:
    """Render a figure once, so layout errors and missing glyphs (warnings) surface in the test."""
    from matplotlib.figure import Figure

    def render(fig: Figure) -> Figure:
        assert isinstance(fig, Figure)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.canvas.draw()
        assert not caught, [str(w.message) for w in caught]
        return fig

    return render


@pytest.fixture
def make_run() -> Callable:
    """A factory of ``utils.training.TrainResult`` runs with given accuracies, as ``run_comparison`` returns them."""
    from utils.training import TrainResult

    def make(name: str, seed: int, train_acc: float, test_acc: float, params: int = 10) -> TrainResult:
        return TrainResult(
            name=name,
            params=params,
            history={"accuracy": [0.5, train_acc]},
            test_loss=0.2,
            test_acc=test_acc,
            epoch_seconds=[3.0, 1.0, 2.0],
            seed=seed,
            evaluated_train_loss=0.1,
            evaluated_train_acc=train_acc,
        )

    return make

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


#: Work that must run in one process, in this order, first: the longest units lead, so that
#: under ``pytest -n 2 --dist loadgroup`` (make test) the short ones fill the other worker.
#: Within a unit, order matters: 5.1 stores the trained models 5.1.1 reuses (utils.cache).
GROUPS = {
    "nbval-5.1.2": lambda item: item.path.name == "5_1_2_max_pooling.ipynb",
    "nbval-5.1-5.1.1": lambda item: item.path.suffix == ".ipynb",
    "smoke-jax": lambda item: item.name.startswith("test_smoke_run[") and item.name.endswith("-jax]"),
    "smoke-torch": lambda item: item.name.startswith("test_smoke_run[") and item.name.endswith("-torch]"),
    "unmeasured": lambda item: item.name.startswith("test_unmeasured_settings"),
    "site": lambda item: item.path.name in {"test_book.py", "test_browser.py"},  # one build, one server
}


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Put every test in a unit of work for xdist, longest units first, notebooks in book order.

    nbval re-executes notebooks at full settings (marked slow) in book order, not file-name
    order (5_1_1 < 5_1_2 < 5_1_intro). A test outside :data:`GROUPS` forms a unit with the rest
    of its file, so module fixtures are set up once.
    """
    from site_helpers import toc_files

    order = {f"{name}.ipynb": i for i, name in enumerate(toc_files())}
    rank: dict[int, tuple[int, int, int]] = {}
    for i, item in enumerate(items):
        group = next((name for name, member in GROUPS.items() if member(item)), None)
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)
        item.add_marker(pytest.mark.xdist_group(group or item.path.stem))
        leading = list(GROUPS).index(group) if group else len(GROUPS)
        rank[id(item)] = (leading, order.get(f"chapters/{item.path.name}", len(order)), i)
    items.sort(key=lambda item: rank[id(item)])


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

"""The chapters' own checks (tests/chapter_checks.py) on the committed notebooks and on nbval's run.

nbval re-executes every notebook on TensorFlow at the committed settings and compares the
outputs; ``tests/conftest.py`` keeps what each cell produced, and the checks here read that same
execution, so no notebook runs twice for them. The committed notebooks are checked too: a
stored baseline that its own checks reject is stale.
"""

from __future__ import annotations

import pytest
from chapter_checks import CHECKS, check
from notebooks import EXECUTED, load
from site_helpers import REPO
from strict import skip_unless_strict


@pytest.mark.parametrize("stem", list(CHECKS))
def test_committed_notebook_passes_its_checks(stem: str) -> None:
    check(stem, load(REPO / "chapters" / f"{stem}.ipynb"))


@pytest.mark.slow
@pytest.mark.parametrize("stem", list(CHECKS))
def test_nbval_run_passes_its_checks(stem: str, request: pytest.FixtureRequest) -> None:
    """Runs after the notebook's cells, in the same process (tests/conftest.py's units)."""
    ran = [item for item in request.session.items if item.path.suffix == ".ipynb" and item.path.stem == stem]
    if not ran:
        skip_unless_strict(f"nbval does not execute {stem} in this session")
    assert stem in EXECUTED, f"nbval's cells of {stem} ran in another process, or not before this test"
    assert len(EXECUTED[stem]["cells"]) == len(ran), "every cell of the notebook must have run"
    check(stem, EXECUTED[stem])


def _configs(model) -> list[tuple[str, dict]]:
    return [
        (type(layer).__name__, {k: v for k, v in layer.get_config().items() if k != "name"}) for layer in model.layers
    ]


def _run_listing(stem: str, *markers: str) -> dict:
    """Run the visible cells holding the book's listing, as the page shows them."""
    import keras
    from keras import layers
    from notebooks import cell_with, source

    namespace = {"keras": keras, "layers": layers}
    nb = load(REPO / "chapters" / f"{stem}.ipynb")
    for marker in markers:
        exec(source(cell_with(nb, marker)), namespace)
    return namespace


def test_the_listings_on_the_pages_are_the_models_utils_trains(capsys: pytest.CaptureFixture[str]) -> None:
    from utils.models import build_convnet, build_no_pooling_base

    shown = _run_listing("5_1_intro_convnets", "model = keras.Sequential(", "model.add(layers.Flatten())")
    assert _configs(shown["model"]) == _configs(build_convnet())
    shown = _run_listing("5_1_2_max_pooling", "no_pool_base = keras.Sequential(")
    assert _configs(shown["no_pool_base"]) == _configs(build_no_pooling_base())
    assert [tuple(layer.output.shape[1:]) for layer in shown["no_pool_base"].layers] == [
        (26, 26, 32),
        (24, 24, 64),
        (22, 22, 64),
    ]


def test_the_spread_job_trains_5_1_2s_models_in_the_pages_order() -> None:
    """benchmarks.seed_spread and the budget grid build what the page's MODELS cell builds, in its order."""
    import keras
    from notebooks import cell_with, source

    from benchmarks.seed_spread import pooling_builders
    from utils import models

    namespace = {"keras": keras, **{name: getattr(models, name) for name in dir(models) if name.startswith("build_")}}
    exec(source(cell_with(load(REPO / "chapters" / "5_1_2_max_pooling.ipynb"), "MODELS = {")), namespace)
    page, job = namespace["MODELS"], pooling_builders()
    assert list(page) == list(job)
    assert all(_configs(page[name]()) == _configs(job[name]()) for name in page)


def test_the_appendix_names_5_1_2s_models_as_the_page_does() -> None:
    """utils.method_tables.MODEL_LABELS is 5.1.2's LABELS cell, so the appendix's table and the page agree."""
    from notebooks import cell_with, source

    from utils.method_tables import MODEL_LABELS

    namespace: dict = {}
    exec(source(cell_with(load(REPO / "chapters" / "5_1_2_max_pooling.ipynb"), "LABELS = {")), namespace)
    assert namespace["LABELS"] == MODEL_LABELS

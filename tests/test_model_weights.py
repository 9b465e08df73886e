"""The committed weights of the site's model explorer (issue 32): ``_static/explorer/model-weights.json``.

``scripts/export_model_weights.py`` trains the 5.1 model as the 5.1 page does and writes the file. Here: the file
is small enough to ship (400 KB at most), it records the run of 5.1's parameters cell, its layers are
``utils.models.build_convnet()``'s, and Keras given its float16 weights exactly as the page reads them scores the
recorded test accuracy on MNIST's 10,000 test images. The script fails with a clear message and writes nothing
when MNIST cannot be read. tests/test_model_explorer.py checks the page's forward pass against the same model.
"""

from __future__ import annotations

import base64
import json

import pytest

from scripts import export_model_weights as export

DATA = json.loads(export.OUTPUT.read_text(encoding="utf-8"))


def test_the_file_is_small_enough_to_ship() -> None:
    size = export.OUTPUT.stat().st_size
    assert size <= export.MAX_BYTES, f"{export.OUTPUT.name} is {size:,} bytes, more than {export.MAX_BYTES:,}"


def test_the_file_records_the_run_of_the_5_1_page() -> None:
    """Seed, epochs and images as 5.1's parameters cell sets them; batch, optimizer and loss as 5.1 trains."""
    page = export.page_settings()
    run = DATA["run"]
    assert (run["seed"], run["epochs"]) == (page["SEED"], page["EPOCHS"]), "rerun scripts.export_model_weights"
    assert run["train_size"] == (page["TRAIN_SIZE"] or 60_000)
    assert (run["batch_size"], run["optimizer"], run["loss"]) == (64, "rmsprop", "categorical_crossentropy")
    assert run["backend"] and run["versions"]["keras"] and run["cpu"]
    assert DATA["dtype"] == "float16" and DATA["byte_order"] == "little"


def test_the_weights_are_float16_in_keras_layout() -> None:
    weights = export.read_weights(DATA)
    assert [w.shape for w in weights] == [tuple(s) for layer in DATA["layers"] for s in layer["weights"]]
    assert export.pack(weights) == DATA["data"], "float16 values survive the round trip exactly"
    assert len(base64.b64decode(DATA["data"])) == 2 * sum(w.size for w in weights)


@pytest.mark.slow
def test_keras_with_the_float16_weights_scores_the_recorded_accuracy() -> None:
    model = export.model_with(DATA)  # raises unless the layers are build_convnet()'s
    accuracy, correct = export.test_accuracy(model)
    recorded = DATA["test"]
    assert (recorded["images"], recorded["weights"]) == (10_000, "float16")
    assert correct == recorded["correct"] and accuracy == pytest.approx(recorded["accuracy"])
    assert abs(accuracy - DATA["run"]["test_accuracy_float32"]) < 0.002, "rounding to float16 changed the model"


def test_a_file_of_another_model_is_refused() -> None:
    other = json.loads(json.dumps(DATA))
    other["layers"][0]["kernel_size"] = [5, 5]
    with pytest.raises(ValueError, match=r"not the 5\.1 model"):
        export.model_with(other)
    short = {**DATA, "data": base64.b64encode(base64.b64decode(DATA["data"])[:-2]).decode()}
    with pytest.raises(ValueError, match="weights"):
        export.read_weights(short)


def test_without_mnist_the_export_says_why_and_writes_nothing(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("MNIST_NPZ", str(tmp_path / "missing.npz"))
    out = tmp_path / "model-weights.json"
    assert export.main(["--epochs", "1", "--train-size", "100", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "가중치를 내보내지 못했습니다" in err and "MNIST" in err, err
    assert not list(tmp_path.iterdir()), "nothing written"


def test_a_file_too_large_is_refused(monkeypatch) -> None:
    monkeypatch.setattr(export, "MAX_BYTES", 1000)
    with pytest.raises(ValueError, match="more than 1,000"):
        export.render(DATA)

"""Train the 5.1 convnet as the 5.1 page does and write its weights for the site's model explorer (5.1, 5.1.1).

The model explorer (``_static/explorer/model-explorer.mjs``, its arithmetic in ``model-forward.mjs``) runs the
trained 5.1 model in the reader's browser, with no kernel and nothing fetched from outside, so the weights are
exported once and committed: ``_static/explorer/model-weights.json`` holds the layers (class, window, stride,
activation, weight shapes), the weights as little-endian float16 (base64), which run made them (seed, settings,
backend, Keras version, CPU) and the test accuracy that the float16 weights themselves score on the 10,000 test
images.

The run is the page's, cell for cell: the settings of ``chapters/5_1_intro_convnets.ipynb``'s parameters cell
(seed 42, 5 epochs, all 60,000 training images) through ``setup_notebook``, the listing 5-1 and 5-2 model
(``build_convnet()``), pixels scaled to [0, 1], RMSprop, categorical cross-entropy, batch 64 (the same model
and test accuracy as ``benchmarks/seed_spread.py::measure_convnet_dense`` for that seed). On one machine the
run is repeatable to the bit. ``tests/test_model_weights.py`` checks the committed file;
``tests/test_model_explorer.py`` checks the page's forward pass against Keras.

Run: ``.venv/bin/python -m scripts.export_model_weights`` (about a minute on 2 quiet cores; reads MNIST through
``utils.data``, ``MNIST_NPZ``). ``--train-size`` and ``--epochs`` make a quick trial file (with ``--out``).
"""

from __future__ import annotations

import argparse
import ast
import base64
import json
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.machine import cpu_model, versions, write_text
from scripts.export_explorer_data import render as render_json
from scripts.paths import REPO

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUTPUT = REPO / "_static" / "explorer" / "model-weights.json"
NOTEBOOK = REPO / "chapters" / "5_1_intro_convnets.ipynb"
BATCH_SIZE, OPTIMIZER, LOSS = 64, "rmsprop", "categorical_crossentropy"  # listing 5-3, as the 5.1 page trains
DTYPE = np.dtype("<f2")  # float16, little-endian: what the page decodes
MAX_BYTES = 400_000
#: What each layer class keeps of its Keras config: what the page's forward pass needs to know.
CONFIG_KEYS = {
    "Conv2D": ("kernel_size", "strides", "padding", "activation"),
    "MaxPooling2D": ("pool_size", "strides", "padding"),
    "Flatten": (),
    "Dense": ("units", "activation"),
}


def page_settings(notebook: Path = NOTEBOOK) -> dict[str, Any]:
    """``SEED``, ``EPOCHS``, ``TRAIN_SIZE`` and ``BACKEND`` as 5.1's parameters cell sets them."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    (cell,) = [c for c in cells if "parameters" in c["metadata"].get("tags", [])]
    values = {}
    for node in ast.parse("".join(cell["source"])).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            values[node.targets[0].id] = ast.literal_eval(node.value)
    return values


def train(seed: int, epochs: int, train_size: int | None, backend: str | None) -> tuple[Any, dict[str, Any]]:
    """The 5.1 model trained as the page's cells train it, and the run's record (settings, versions, machine).

    Step for step as 5.1's cells: set-up (seeds), the model, the data, compile, the time estimate (it trains a
    throwaway copy; kept so that nothing the page runs before ``fit`` is left out), fit, evaluate.
    """
    from utils.notebook import setup_notebook

    settings = setup_notebook(seed, epochs=epochs, train_size=train_size, backend=backend, show=False)
    import keras

    from utils.data import load_mnist
    from utils.models import build_convnet
    from utils.timing import estimate_seconds
    from utils.training import prepare_images

    model = build_convnet()  # listings 5-1 and 5-2, the layers the page builds, in its order
    (train_images, train_labels), (test_images, test_labels) = load_mnist()
    train_x, test_x = prepare_images(train_images[: settings.train_size]), prepare_images(test_images)
    train_y = keras.utils.to_categorical(train_labels[: settings.train_size])
    test_y = keras.utils.to_categorical(test_labels)
    model.compile(optimizer=OPTIMIZER, loss=LOSS, metrics=["accuracy"])
    estimate_seconds(model, train_x, epochs=settings.epochs, batch_size=BATCH_SIZE, evaluated=len(test_x))
    model.fit(train_x, train_y, epochs=settings.epochs, batch_size=BATCH_SIZE, verbose=2)
    _, test_acc = model.evaluate(test_x, test_y, verbose=0)
    backend_name = keras.backend.backend()
    run = {
        "seed": settings.seed,
        "epochs": settings.epochs,
        "train_size": settings.n_train,
        "batch_size": BATCH_SIZE,
        "optimizer": OPTIMIZER,
        "loss": LOSS,
        "backend": backend_name,
        "versions": versions(backend_name),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "test_accuracy_float32": float(test_acc),  # the trained weights before rounding, as the page prints it
    }
    return model, run


def layer_specs(model: Any) -> list[dict[str, Any]]:
    """Each layer's class, the config the page needs and its weight shapes, in ``model.get_weights()`` order."""
    specs = []
    for layer in model.layers:
        kind = type(layer).__name__
        if kind not in CONFIG_KEYS:
            raise ValueError(f"the page's forward pass does not know {kind} ({layer.name})")
        config = layer.get_config()
        spec = {"class": kind, "name": layer.name} | {key: config[key] for key in CONFIG_KEYS[kind]}
        spec["weights"] = [list(w.shape) for w in layer.get_weights()]
        specs.append(json.loads(json.dumps(spec)))  # tuples as lists, as the file stores them
    return specs


def pack(weights: list[np.ndarray]) -> str:
    """The weights, each C-ordered (Keras's layout: kernels ``(height, width, in, out)``), as base64 float16."""
    return base64.b64encode(b"".join(np.asarray(w, dtype=DTYPE).tobytes(order="C") for w in weights)).decode()


def read_weights(data: dict[str, Any]) -> list[np.ndarray]:
    """The file's weights as float32 arrays in ``model.get_weights()`` order, exactly as the page reads them."""
    flat = np.frombuffer(base64.b64decode(data["data"]), dtype=DTYPE)
    shapes = [shape for layer in data["layers"] for shape in layer["weights"]]
    sizes = [int(np.prod(shape)) for shape in shapes]
    if sum(sizes) != flat.size:
        raise ValueError(f"the file holds {flat.size} weights, its layers name {sum(sizes)}")
    parts = np.split(flat, np.cumsum(sizes)[:-1])
    return [part.astype(np.float32).reshape(shape) for part, shape in zip(parts, shapes, strict=True)]


def model_with(data: dict[str, Any]) -> Any:
    """``build_convnet()`` holding the file's (float16) weights; the file's layers must be the 5.1 model's."""
    from utils.models import build_convnet

    model = build_convnet()
    expected = [{k: v for k, v in spec.items() if k != "name"} for spec in layer_specs(model)]
    found = [{k: v for k, v in spec.items() if k != "name"} for spec in data["layers"]]
    if found != expected:
        raise ValueError("the weights file's layers are not the 5.1 model's (utils.models.build_convnet)")
    model.set_weights(read_weights(data))
    return model


def test_accuracy(model: Any) -> tuple[float, int]:
    """Accuracy and number right on MNIST's 10,000 test images (pixels scaled to [0, 1])."""
    from utils.data import load_mnist
    from utils.training import prepare_images

    _, (x_test, y_test) = load_mnist()
    predicted = model.predict(prepare_images(x_test), batch_size=500, verbose=0).argmax(axis=1)
    correct = int((predicted == y_test).sum())
    return correct / len(y_test), correct


def export(seed: int, epochs: int, train_size: int | None, backend: str | None) -> dict[str, Any]:
    """Train, round to float16 and score the rounded weights: the file's content."""
    model, run = train(seed, epochs, train_size, backend)
    data = {
        "generated_by": "scripts/export_model_weights.py",
        "about": "5.1절 컨브넷(utils.models.build_convnet)을 5.1절 페이지와 같은 설정으로 훈련한 가중치",
        "run": run,
        "dtype": "float16",
        "byte_order": "little",
        "layers": layer_specs(model),
        "data": pack(model.get_weights()),
    }
    accuracy, correct = test_accuracy(model_with(data))
    data["test"] = {"images": 10_000, "correct": correct, "accuracy": accuracy, "weights": "float16"}
    return data


def render(data: dict[str, Any]) -> str:
    """The file's text: the metadata readable (number lists on one line), the weights on one line."""
    text = render_json(data)
    if len(text.encode()) > MAX_BYTES:
        raise ValueError(f"the weights file would be {len(text.encode()):,} bytes, more than {MAX_BYTES:,}")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    defaults = page_settings()
    parser.add_argument("--seed", type=int, default=defaults["SEED"])
    parser.add_argument("--epochs", type=int, default=defaults["EPOCHS"])
    parser.add_argument("--train-size", type=int, default=defaults["TRAIN_SIZE"])
    parser.add_argument("--out", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    from utils.checks import ParameterError
    from utils.data import MnistDataError

    try:
        text = render(export(args.seed, args.epochs, args.train_size, defaults.get("BACKEND")))
    except (MnistDataError, ParameterError) as exc:
        print(f"가중치를 내보내지 못했습니다: {exc}", file=sys.stderr)
        return 1
    path = write_text(args.out, text, mode=0o644)
    data = json.loads(text)
    print(f"wrote {path} ({path.stat().st_size:,} bytes): test accuracy {data['test']['accuracy']:.4f} (float16)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

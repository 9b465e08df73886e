"""Does the same seed give the same trained model twice on this backend and device?

    KERAS_BACKEND=jax python -m benchmarks.determinism [--train-size N] [--epochs E] > result.json

Trains the 5.1 convnet twice in one process, each time after the notebooks' own set-up call
with the same seed, and prints (JSON) the largest weight difference and both test accuracies.
Run on the GPU machine for each backend (benchmarks/gpu_run.sh); the 5.1.2 prose quotes it.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np


def train_once(seed: int, train_size: int, epochs: int) -> tuple[list[np.ndarray], float, float]:
    """Weights and test accuracy of the 5.1 convnet trained from ``seed``; and the seconds it took."""
    from utils.models import build_convnet
    from utils.notebook import setup_notebook
    from utils.training import load_prepared_mnist, train_and_evaluate

    setup_notebook(seed, epochs=epochs, train_size=train_size, show=False)
    train, test = load_prepared_mnist(train_size)
    model = build_convnet()
    start = time.perf_counter()
    result = train_and_evaluate(model, train, test, epochs=epochs, batch_size=64, verbose=0)
    return model.get_weights(), result.test_acc, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--train-size", type=int, default=60_000)
    parser.add_argument("--epochs", type=int, default=1)
    args = parser.parse_args()
    first, acc1, sec1 = train_once(args.seed, args.train_size, args.epochs)
    second, acc2, sec2 = train_once(args.seed, args.train_size, args.epochs)
    import keras

    from utils.backend import accelerator

    diff = max(float(np.abs(a - b).max()) for a, b in zip(first, second, strict=True))
    print(
        json.dumps(
            {
                "backend": keras.backend.backend(),
                "device": accelerator() or "CPU",
                "seed": args.seed,
                "train_size": args.train_size,
                "epochs": args.epochs,
                "max_weight_difference": diff,
                "identical": diff == 0.0,
                "test_acc": [acc1, acc2],
                "seconds": [sec1, sec2],
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()

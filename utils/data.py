"""Loading MNIST for every chapter (5.1, 5.1.1, 5.1.2).

``load_mnist()`` returns exactly what ``keras.datasets.mnist.load_data()`` returns.
When the ``MNIST_NPZ`` environment variable names a file, that file is read with
NumPy (no network, nothing written); otherwise Keras downloads and caches the data.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import numpy as np

ENV_VAR = "MNIST_NPZ"

#: key -> (shape, dtype) of the Keras layout.
EXPECTED = {
    "x_train": ((60000, 28, 28), np.dtype("uint8")),
    "y_train": ((60000,), np.dtype("uint8")),
    "x_test": ((10000, 28, 28), np.dtype("uint8")),
    "y_test": ((10000,), np.dtype("uint8")),
}

MnistSplits = tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]

HOW_TO_SUPPLY = (
    "MNIST을 구할 수 있는 방법은 두 가지입니다 (two ways to supply MNIST):\n"
    f"  1. 오프라인 사본: Keras 형식의 mnist.npz 파일 경로를 환경 변수 {ENV_VAR}에 지정하세요\n"
    f"     (e.g. export {ENV_VAR}=/path/to/mnist.npz).\n"
    "  2. 온라인: 인터넷에 연결된 상태에서 keras.datasets.mnist.load_data()가\n"
    "     ~/.keras/datasets/mnist.npz로 내려받게 하세요."
)


class MnistDataError(RuntimeError):
    """MNIST could not be loaded; the message says why and how to fix it."""


def load_mnist(path: str | os.PathLike[str] | None = None) -> MnistSplits:
    """Return ``((x_train, y_train), (x_test, y_test))`` as uint8 arrays (used in 5.1-5.1.2).

    ``path`` overrides ``$MNIST_NPZ``; with neither, Keras' own download and cache is used.
    """
    if path is not None and not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or os.PathLike, got {type(path).__name__}")
    source = "argument 'path'"
    if path is None:
        env = os.environ.get(ENV_VAR)
        if env is not None and not env.strip():
            raise MnistDataError(f"환경 변수 {ENV_VAR}가 비어 있습니다 ({ENV_VAR} is set but empty).\n" + HOW_TO_SUPPLY)
        path, source = env, f"환경 변수 {ENV_VAR}"
    if path is None:
        return _load_with_keras()
    return _read_npz(Path(path), source)


def _read_npz(path: Path, source: str) -> MnistSplits:
    if not path.is_file():
        what = "디렉터리입니다 (is a directory)" if path.is_dir() else "존재하지 않습니다 (does not exist)"
        raise MnistDataError(f"{source}가 가리키는 경로 '{path}'가 {what}.\n" + HOW_TO_SUPPLY)
    try:
        loaded = np.load(path, allow_pickle=False)
        if not isinstance(loaded, np.lib.npyio.NpzFile):
            raise ValueError("it holds a single .npy array, not an .npz archive")
        with loaded as npz:
            found = set(npz.files)
            missing = sorted(set(EXPECTED) - found)
            if missing:
                raise MnistDataError(
                    f"'{path}'에 MNIST 키가 없습니다: missing {missing}; "
                    f"expected keys {sorted(EXPECTED)}, found {sorted(found)}."
                )
            arrays = {key: npz[key] for key in EXPECTED}
    except MnistDataError:
        raise
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        raise MnistDataError(
            f"'{path}'는 읽을 수 있는 .npz 파일이 아니거나 잘려 있습니다 "
            f"(not a readable .npz archive, or truncated): {exc}"
        ) from exc
    _check_layout(arrays, str(path))
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def _check_layout(arrays: dict[str, np.ndarray], where: str) -> None:
    problems = [
        f"{key}: expected shape {shape} dtype {dtype}, found shape {arrays[key].shape} dtype {arrays[key].dtype}"
        for key, (shape, dtype) in EXPECTED.items()
        if arrays[key].shape != shape or arrays[key].dtype != dtype
    ]
    if problems:
        raise MnistDataError(f"'{where}'의 배열이 Keras의 MNIST 형식과 다릅니다:\n  " + "\n  ".join(problems))


def _keras_cache_file() -> Path:
    base = Path(os.environ.get("KERAS_HOME", Path.home() / ".keras"))
    return base / "datasets" / "mnist.npz"


def _load_with_keras() -> MnistSplits:
    """Fall back to Keras' download; remove a partial cache file if the download fails."""
    import keras

    cache = _keras_cache_file()
    existed = cache.exists()
    try:
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    except Exception as exc:  # network errors come in many types (URLError, OSError, ...)
        if not existed and cache.exists():
            cache.unlink()  # never leave a half-written download behind
        raise MnistDataError(
            f"{ENV_VAR}가 설정되지 않았고 Keras가 MNIST를 내려받지 못했습니다 "
            f"(no local copy and no network: {type(exc).__name__}: {exc}).\n" + HOW_TO_SUPPLY
        ) from exc
    arrays = {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}
    _check_layout(arrays, str(cache))
    return (x_train, y_train), (x_test, y_test)

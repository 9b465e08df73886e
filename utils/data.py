"""MNIST as ``keras.datasets.mnist.load_data()`` returns it: from ``$MNIST_NPZ``'s file, else via Keras (5.1-5.1.2)."""

import os
import zipfile
from pathlib import Path

import numpy as np

ENV_VAR = "MNIST_NPZ"
EXPECTED = {  # key -> (shape, dtype) of the Keras layout
    "x_train": ((60000, 28, 28), np.dtype("uint8")),
    "y_train": ((60000,), np.dtype("uint8")),
    "x_test": ((10000, 28, 28), np.dtype("uint8")),
    "y_test": ((10000,), np.dtype("uint8")),
}
MnistSplits = tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]
HOW_TO_SUPPLY = (
    "MNIST을 구하는 방법은 두 가지입니다 (two ways to supply MNIST):\n"
    f"  1. 오프라인 사본: Keras 형식 mnist.npz 파일의 경로를 환경 변수 {ENV_VAR}에 지정하세요 (export {ENV_VAR}=...).\n"
    "  2. 온라인: 인터넷에 연결한 채 keras.datasets.mnist.load_data()가 ~/.keras/datasets/mnist.npz로 내려받게 하세요."
)


class MnistDataError(RuntimeError):
    """MNIST could not be loaded; the Korean message says why and how to fix it."""


def load_mnist(path: str | os.PathLike[str] | None = None) -> MnistSplits:
    """From ``path``, else ``$MNIST_NPZ``, else Keras; a failed download leaves no half-written file (5.1-5.1.2)."""
    path = os.environ.get(ENV_VAR) if path is None else path
    if path is not None and not str(path).strip():
        raise MnistDataError(f"환경 변수 {ENV_VAR}가 비어 있습니다 ({ENV_VAR} is set but empty).\n" + HOW_TO_SUPPLY)
    if path is None:
        import keras

        where = Path(os.environ.get("KERAS_HOME", Path.home() / ".keras")) / "datasets" / "mnist.npz"
        existed = where.exists()
        try:
            (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        except Exception as exc:  # network errors come in many types (URLError, OSError, ...)
            if not existed:
                where.unlink(missing_ok=True)  # never leave a half-written download behind
            why = f"{ENV_VAR}가 없고 Keras도 MNIST를 내려받지 못했습니다 (no local copy, no network: {exc!r})"
            raise MnistDataError(f"{why}.\n{HOW_TO_SUPPLY}") from exc
        arrays = {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}
    elif not (where := Path(path)).is_file():
        what = "디렉터리입니다 (is a directory)" if where.is_dir() else "존재하지 않습니다 (does not exist)"
        raise MnistDataError(f"MNIST 경로 '{where}'({ENV_VAR} 또는 path)가 {what}.\n" + HOW_TO_SUPPLY)
    else:
        try:
            with np.load(where, allow_pickle=False) as npz:  # a single .npy array is no context manager: TypeError
                if missing := sorted(set(EXPECTED) - set(npz.files)):
                    raise MnistDataError(f"'{where}'에 MNIST 키 {missing}가 없습니다 (found {sorted(npz.files)}).")
                arrays = {key: npz[key] for key in EXPECTED}
        except (OSError, ValueError, TypeError, EOFError, zipfile.BadZipFile) as exc:
            raise MnistDataError(f"'{where}'는 읽을 수 있는 .npz 파일이 아니거나 잘렸습니다: {exc}") from exc
    problems = [
        f"{key}: 기대한 모양 {shape}·dtype {dtype}, 받은 값 {arrays[key].shape}·{arrays[key].dtype}"
        for key, (shape, dtype) in EXPECTED.items()
        if arrays[key].shape != shape or arrays[key].dtype != dtype
    ]
    if problems:
        raise MnistDataError(f"'{where}'의 배열이 Keras의 MNIST 형식과 다릅니다:\n  " + "\n  ".join(problems))
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])

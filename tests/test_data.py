"""utils.data.load_mnist: the shared copy, the Keras fallback, and every bad-input case."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from strict import skip_unless_strict

from utils import data
from utils.data import ENV_VAR, MnistDataError, load_mnist

SHARED = Path(os.environ.get(ENV_VAR) or Path(__file__).resolve().parents[2] / "shared/data/mnist/mnist.npz")


def _write_npz(path: Path, **overrides: np.ndarray) -> Path:
    arrays = {key: np.zeros(shape, dtype) for key, (shape, dtype) in data.EXPECTED.items()}
    arrays.update(overrides)
    np.savez(path, **arrays)
    return path


def _files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_shared_copy_matches_keras_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    if not SHARED.is_file():
        skip_unless_strict(f"shared MNIST copy not found at {SHARED}")
    monkeypatch.setenv(ENV_VAR, str(SHARED))
    (x_train, y_train), (x_test, y_test) = load_mnist()
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert y_train.shape == (60000,) and y_test.shape == (10000,)
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype("uint8")}
    # The README's published statistics of the real data set.
    assert x_train.mean() == pytest.approx(33.3184, abs=1e-4)
    assert np.bincount(y_test).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def test_explicit_path_wins_over_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = _write_npz(tmp_path / "m.npz", y_test=np.full(10000, 7, np.uint8))
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "elsewhere.npz"))
    (_, _), (_, y_test) = load_mnist(good)
    assert set(y_test) == {7}


def test_missing_path_names_variable_and_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "nope" / "mnist.npz"
    monkeypatch.setenv(ENV_VAR, str(missing))
    with pytest.raises(MnistDataError) as err:
        load_mnist()
    assert ENV_VAR in str(err.value) and str(missing) in str(err.value)
    assert not missing.parent.exists()  # nothing was created


def test_directory_instead_of_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    with pytest.raises(MnistDataError, match=r"MNIST 경로 .*가 디렉터리입니다"):
        load_mnist()


def test_empty_variable_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "  ")
    with pytest.raises(MnistDataError, match=f"환경 변수 {ENV_VAR}가 비어 있습니다"):
        load_mnist()


@pytest.mark.parametrize("content", [b"", b"not a zip file at all", b"PK\x03\x04truncated"])
def test_unreadable_file_is_named(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.npz"
    bad.write_bytes(content)
    before = _files(tmp_path)
    with pytest.raises(MnistDataError) as err:
        load_mnist(bad)
    assert str(bad) in str(err.value) and "읽을 수 있는 .npz 파일이 아니거나 잘렸습니다" in str(err.value)
    assert _files(tmp_path) == before


def test_truncated_real_archive(tmp_path: Path) -> None:
    whole = _write_npz(tmp_path / "whole.npz")
    cut = tmp_path / "cut.npz"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    with pytest.raises(MnistDataError, match="파일이 아니거나 잘렸습니다"):
        load_mnist(cut)


def test_single_array_npy_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "one.npz"
    with path.open("wb") as fh:
        np.save(fh, np.zeros(3))
    with pytest.raises(MnistDataError, match=r"\.npz 파일이 아니거나"):
        load_mnist(path)


def test_pickled_object_arrays_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "pickled.npz"
    arrays = {key: np.zeros(shape, dtype) for key, (shape, dtype) in data.EXPECTED.items()}
    arrays["x_train"] = np.array([object()] * 3, dtype=object)
    np.savez(path, **arrays)
    with pytest.raises(MnistDataError, match=str(path)):
        load_mnist(path)


def test_missing_keys_are_listed(tmp_path: Path) -> None:
    path = tmp_path / "keys.npz"
    np.savez(path, x_train=np.zeros((60000, 28, 28), np.uint8), images=np.zeros(3))
    with pytest.raises(MnistDataError) as err:
        load_mnist(path)
    message = str(err.value)
    assert "MNIST 키" in message and "y_test" in message and "images" in message  # missing and found


@pytest.mark.parametrize(
    ("key", "array", "found"),
    [
        ("x_train", np.zeros((60000, 28, 28), np.float32), "float32"),
        ("x_test", np.zeros((10000, 784), np.uint8), "(10000, 784)"),
        ("y_train", np.zeros((60000, 1), np.uint8), "(60000, 1)"),
    ],
)
def test_wrong_shapes_or_dtypes_say_expected_and_found(tmp_path: Path, key: str, array: np.ndarray, found: str) -> None:
    path = _write_npz(tmp_path / "wrong.npz", **{key: array})
    with pytest.raises(MnistDataError) as err:
        load_mnist(path)
    message = str(err.value)
    assert key in message and found in message and "기대한 모양" in message and "MNIST 형식과 다릅니다" in message


def test_no_copy_and_no_network_explains_both_ways(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Keras fallback fails mid-download: the partial file is removed, both remedies are named."""
    import keras

    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    partial = tmp_path / "datasets" / "mnist.npz"

    def failing_download():
        partial.parent.mkdir(parents=True)
        partial.write_bytes(b"PK\x03\x04half")  # what an interrupted download leaves
        raise OSError("URL fetch failure: network is unreachable")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", failing_download)
    with pytest.raises(MnistDataError) as err:
        load_mnist()
    message = str(err.value)
    assert ENV_VAR in message and "keras.datasets.mnist.load_data" in message and "network" in message
    assert not partial.exists()


def test_fallback_uses_keras_when_variable_unset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import keras

    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    arrays = {key: np.ones(shape, dtype) for key, (shape, dtype) in data.EXPECTED.items()}
    fake = ((arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"]))
    monkeypatch.setattr(keras.datasets.mnist, "load_data", lambda: fake)
    (x_train, _), _ = load_mnist()
    assert x_train.shape == (60000, 28, 28) and x_train.dtype == np.uint8

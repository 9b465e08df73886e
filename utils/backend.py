"""Which Keras backend and device a notebook runs on, and making its runs repeatable (all chapters).

Keras 3 runs the same model code on TensorFlow, JAX or PyTorch, chosen by the environment
variable ``KERAS_BACKEND`` before ``keras`` is first imported. Each backend makes training
repeatable in its own way; :func:`prepare` sets what must be set before the import and
:func:`make_repeatable` what can only be set after it. Used by ``utils.notebook``.
"""

from __future__ import annotations

import importlib.util
import os
import platform
import sys
from pathlib import Path

BACKENDS = ("tensorflow", "jax", "torch")
DEFAULT_BACKEND = "tensorflow"


def chosen_backend(requested: object = None) -> str:
    """The backend to run: ``requested`` (a notebook's ``BACKEND``), else ``KERAS_BACKEND``, else TensorFlow.

    Keras reads the choice once, when it is first imported: asking for another backend after
    that is an error that says to restart the kernel.
    """
    name = requested if requested is not None else os.environ.get("KERAS_BACKEND", "").strip() or DEFAULT_BACKEND
    if name not in BACKENDS:
        raise ValueError(f"BACKEND는 {', '.join(map(repr, BACKENDS))} 중 하나여야 합니다. 받은 값: {name!r}")
    if importlib.util.find_spec(name) is None:
        raise ModuleNotFoundError(
            f"백엔드 {name}을(를) 쓰려면 {name} 패키지가 필요합니다. "
            f"`pip install {name}`으로 설치하거나 BACKEND를 바꾸세요."
        )
    keras = sys.modules.get("keras")
    if keras is not None and keras.backend.backend() != name:
        raise RuntimeError(
            f"Keras가 이미 {keras.backend.backend()} 백엔드로 시작되었습니다. {name}(으)로 바꾸려면 "
            "커널을 다시 시작한 뒤(Kernel > Restart) 처음부터 실행하세요."
        )
    return name


def prepare(backend: str, *, deterministic: bool) -> None:
    """Environment variables each backend reads when it starts (call before importing keras)."""
    os.environ["KERAS_BACKEND"] = backend
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"  # TensorFlow's C++ logs, also when JAX or torch import it
    if not deterministic:
        return
    if backend == "tensorflow":
        os.environ["TF_DETERMINISTIC_OPS"] = "1"
    elif backend == "torch":
        os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")  # deterministic cuBLAS
    # JAX: XLA's flag for deterministic GPU kernels refuses to compile max pooling's gradient
    # (select-and-scatter has no deterministic kernel), so JAX runs as it is; on a CPU it is
    # deterministic anyway, and benchmarks/determinism.py measures what a GPU does.


def make_repeatable(seed: int, *, deterministic: bool) -> None:
    """Seed Python, NumPy and the backend; where the backend needs it, ask for deterministic kernels."""
    import keras

    backend = keras.backend.backend()
    if deterministic and backend == "tensorflow":
        import tensorflow as tf

        tf.config.experimental.enable_op_determinism()
    elif deterministic and backend == "torch":
        import torch

        torch.backends.cudnn.deterministic = True  # cuDNN's deterministic convolution kernels
        torch.backends.cudnn.benchmark = False
    keras.utils.set_random_seed(seed)


def accelerator() -> str | None:
    """The name of the GPU the backend computes on (e.g. 'NVIDIA H200'), or None on the CPU."""
    import keras

    backend = keras.backend.backend()
    if backend == "tensorflow":
        import tensorflow as tf

        gpus = tf.config.list_physical_devices("GPU")
        if gpus:
            return tf.config.experimental.get_device_details(gpus[0]).get("device_name", "GPU")
    elif backend == "jax":
        import jax

        device = jax.devices()[0]
        if device.platform == "gpu":
            return str(device.device_kind)
    elif backend == "torch":
        import torch

        if torch.cuda.is_available():
            return torch.cuda.get_device_name(0)
    return None


def cpu_model() -> str:
    """The processor's model name, e.g. 'AMD EPYC' (from /proc/cpuinfo on Linux)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def device_description() -> str:
    """Where this run computes, in Korean: 'GPU (NVIDIA H200)' or 'CPU 2코어 (AMD EPYC)' (for the prose)."""
    gpu = accelerator()
    return f"GPU ({gpu})" if gpu else f"CPU {os.cpu_count()}코어 ({cpu_model()})"

"""Which Keras backend and device a notebook runs on, and making its runs repeatable (all chapters).

Keras 3 runs the same model code on TensorFlow, JAX or PyTorch, chosen by the environment
variable ``KERAS_BACKEND`` before ``keras`` is first imported. Each backend makes training
repeatable in its own way; :func:`prepare` sets what must be set before the import and
:func:`make_repeatable` what can only be set after it. Used by ``utils.notebook``.
"""

from __future__ import annotations

import importlib.util
import os

BACKENDS = ("tensorflow", "jax", "torch")
DEFAULT_BACKEND = "tensorflow"


def chosen_backend() -> str:
    """The backend ``KERAS_BACKEND`` asks for (TensorFlow when unset), checked against :data:`BACKENDS`."""
    name = os.environ.get("KERAS_BACKEND", DEFAULT_BACKEND).strip() or DEFAULT_BACKEND
    if name not in BACKENDS:
        raise ValueError(f"KERAS_BACKEND는 {', '.join(BACKENDS)} 중 하나여야 합니다. 받은 값: {name!r}")
    if importlib.util.find_spec(name) is None:
        raise ModuleNotFoundError(
            f"KERAS_BACKEND={name}인데 {name} 패키지가 설치되어 있지 않습니다. "
            f"`pip install {name}`으로 설치하거나 KERAS_BACKEND를 바꾸세요."
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
    elif backend == "jax":
        flag = "--xla_gpu_deterministic_ops=true"
        if flag not in os.environ.get("XLA_FLAGS", ""):
            os.environ["XLA_FLAGS"] = f"{os.environ.get('XLA_FLAGS', '')} {flag}".strip()
    elif backend == "torch":
        os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")  # deterministic cuBLAS


def make_repeatable(seed: int, *, deterministic: bool) -> None:
    """Seed Python, NumPy and the backend; where the backend needs it, ask for deterministic kernels."""
    import keras

    backend = keras.backend.backend()
    if deterministic and backend == "tensorflow":
        import tensorflow as tf

        tf.config.experimental.enable_op_determinism()
    elif deterministic and backend == "torch":
        import torch

        torch.use_deterministic_algorithms(True, warn_only=True)
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

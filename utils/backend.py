"""Which Keras backend and device a notebook runs on, and repeatable runs (5.1, 5.1.1, 5.1.2).

Keras 3 runs the same code on TensorFlow, JAX or PyTorch, chosen by ``KERAS_BACKEND`` before
``keras`` is first imported: :func:`prepare` sets what a backend reads at start-up,
:func:`make_repeatable` what can only be set after it.
"""

import importlib.util
import os
import platform
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from utils import checks
from utils.settings import BACKEND_NAMES

if TYPE_CHECKING:
    import keras


def chosen_backend(requested: object = None, running: str | None = None) -> str:
    """``requested`` (``BACKEND``), else ``KERAS_BACKEND``, else TensorFlow: checked, installed, startable."""
    name = requested if requested is not None else os.environ.get("KERAS_BACKEND", "").strip() or "tensorflow"
    checks.choice(name, "BACKEND", ("tensorflow", "jax", "torch"))
    if importlib.util.find_spec(name) is None:
        raise ModuleNotFoundError(f"백엔드 {name}을(를) 쓰려면 `pip install {name}`으로 설치하거나 BACKEND를 바꾸세요.")
    running = running or ("keras" in sys.modules and sys.modules["keras"].backend.backend()) or name
    if running != name:
        raise RuntimeError(
            f"Keras가 이미 {running} 백엔드로 시작되었습니다. {name}(으)로 바꾸려면 "
            "커널을 다시 시작한 뒤(Kernel > Restart) 처음부터 실행하세요."
        )
    return name


def prepare(backend: str, *, deterministic: bool) -> None:
    """Environment variables each backend reads when it starts (before ``import keras``)."""
    os.environ["KERAS_BACKEND"] = backend
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"  # TensorFlow's C++ logs, also when JAX or torch import it
    if deterministic and backend == "tensorflow":
        os.environ["TF_DETERMINISTIC_OPS"] = "1"
    elif deterministic and backend == "torch":
        os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")  # deterministic cuBLAS
    # JAX: XLA's deterministic flag refuses max pooling's gradient (no deterministic select-and-scatter),
    # so JAX runs as it is; it is deterministic on a CPU, and benchmarks/determinism.py measures a GPU.


def make_repeatable(seed: int, *, deterministic: bool) -> None:
    """Seed Python, NumPy and the backend; ask for deterministic kernels where the backend needs it."""
    import keras

    if deterministic and keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        tf.config.experimental.enable_op_determinism()
    elif deterministic and keras.backend.backend() == "torch":
        import torch

        torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark = True, False
    keras.utils.set_random_seed(seed)


def accelerator() -> str | None:
    """The name of the GPU the backend computes on (e.g. 'NVIDIA H200'), or None on a CPU."""
    import keras

    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        gpus = tf.config.list_physical_devices("GPU")
        return tf.config.experimental.get_device_details(gpus[0]).get("device_name", "GPU") if gpus else None
    if keras.backend.backend() == "jax":
        import jax

        return str(jax.devices()[0].device_kind) if jax.devices()[0].platform == "gpu" else None
    import torch

    return torch.cuda.get_device_name(0) if torch.cuda.is_available() else None


def device_description() -> str:
    """Where this run computes, for the prose: 'CPU 2코어 (AMD EPYC 7B13), TensorFlow 백엔드' (5.1, 5.1.1, 5.1.2)."""
    import keras

    backend = BACKEND_NAMES[keras.backend.backend()]
    info = Path("/proc/cpuinfo")
    lines = info.read_text().splitlines() if info.exists() else []
    names = [line.split(":")[1].strip() for line in lines if line.startswith("model name")]
    device = f"CPU {os.cpu_count()}코어 ({names[0] if names else platform.machine()})"
    return f"{f'GPU ({gpu})' if (gpu := accelerator()) else device}, {backend} 백엔드"


def release_trained(model: "keras.Model") -> None:
    """Free a trained model's weights and optimizer state before it is dropped (5.1.2).

    On TensorFlow, every ``fit`` leaves its traced training step behind (Keras nests it in a second
    ``tf.function``, and TensorFlow never dismantles the inner graph; tensorflow/tensorflow#61791),
    and that graph keeps the model's variables alive after the model is gone: about 130 MB per run
    for 5.1.2's model without pooling (benchmarks/memory.json). Replacing each variable's value
    with an empty one frees it. The model is unusable afterwards. Other backends free it themselves.
    """
    import keras

    if keras.backend.backend() != "tensorflow":
        return
    import tensorflow as tf

    optimizer = getattr(model, "optimizer", None)
    # No public API changes a variable's shape: Keras's ``assign`` and TensorFlow's ``Variable.assign`` both
    # refuse another shape. ``tf.raw_ops`` is TensorFlow's public low-level op set, and ``value.handle`` is
    # the resource handle every TensorFlow variable exposes.
    for variable in [*model.variables, *(optimizer.variables if optimizer is not None else [])]:
        empty = tf.zeros([0], dtype=variable.dtype)
        tf.raw_ops.AssignVariableOp(resource=variable.value.handle, value=empty, validate_shape=False)

"""The settings a learner may change at the top of each notebook, checked and resolved (all chapters).

Every notebook's parameters cell (``SEED``, ``EPOCHS``, ``TRAIN_SIZE``, and in 5.1.2 ``BUDGET``
and ``SEEDS``) goes through :func:`resolve_settings` before anything trains, so a bad value
stops the notebook at the top with a Korean message that names the parameter, the value and
what is allowed, instead of deep inside Keras. 5.1.2 picks its training budget from the
hardware it finds: the book's budget on a GPU, a smaller one on a CPU.
"""

from __future__ import annotations

from dataclasses import dataclass

from utils.checks import is_int

N_TRAIN = 60_000  # MNIST's training images
MAX_EPOCHS = 100
MAX_SEED = 2**32 - 1
BUDGET_CHOICES = ("auto", "cpu", "book")


@dataclass(frozen=True)
class Budget:
    """How much 5.1.2's comparison trains: images, epochs and seeds for each of the five models."""

    train_size: int | None
    epochs: int
    seeds: tuple[int, ...]


#: 5.1.2's budgets: the book's (all images, 5 epochs) and one that fits a 2-core CPU.
BUDGETS = {"book": Budget(None, 5, (0, 1, 2)), "cpu": Budget(10_000, 3, (0, 1, 2))}


class ParameterError(ValueError):
    """A notebook parameter is out of range; the message (Korean) says which, what arrived and what is allowed."""


@dataclass(frozen=True)
class Settings:
    """What a notebook runs with, after checking: the values of its parameters cell, resolved."""

    seed: int
    epochs: int
    train_size: int | None  # None: all 60,000 training images
    backend: str
    accelerator: str | None = None  # the GPU's name, None on a CPU
    seeds: tuple[int, ...] = ()
    budget: str | None = None  # 5.1.2 only: "book" or "cpu" (or "custom" when overridden)

    @property
    def n_train(self) -> int:
        """How many training images are used."""
        return N_TRAIN if self.train_size is None else self.train_size

    def describe(self) -> str:
        """One Korean line: backend, device and budget, as the set-up call prints it."""
        device = f"GPU ({self.accelerator})" if self.accelerator else "CPU"
        parts = [f"훈련 이미지 {self.n_train:,}개", f"{self.epochs} 에포크"]
        if self.seeds:
            parts.append(f"시드 {len(self.seeds)}개")
        labels = {"book": " (책의 설정)", "cpu": " (CPU에 맞게 줄인 예산)", "custom": " (직접 정한 값)"}
        budget = labels.get(self.budget or "", "")
        if self.budget is None and self.train_size is None and self.epochs == 5:
            budget = " (책의 설정)"
        return f"백엔드: {self.backend} · 장치: {device}\n설정: {', '.join(parts)}{budget}"


def _shown(value: object) -> str:
    return f"{value!r} ({type(value).__name__})"


def check_int(value: object, name: str, low: int, high: int, *, none_means: str | None = None) -> int | None:
    """``value`` if it is an int from ``low`` to ``high`` (or None where ``none_means`` says what None means)."""
    if value is None and none_means is not None:
        return None
    if is_int(value) and low <= value <= high:
        return int(value)
    allowed = f"{low:,} 이상 {high:,} 이하의 정수"
    if none_means is not None:
        allowed += f" 또는 None({none_means})"
    raise ParameterError(f"{name}는 {allowed}여야 합니다. 받은 값: {_shown(value)}")


def check_seeds(value: object, name: str = "SEEDS") -> tuple[int, ...]:
    """A non-empty list of seeds (ints from 0 to 2**32 - 1); papermill's text form is accepted.

    Parsing is ``utils.experiments.as_seeds``'s; this adds the upper bound and the Korean message.
    """
    from utils.experiments import as_seeds

    try:
        seeds = as_seeds(value)
    except ValueError:
        seeds = ()
    if seeds and max(seeds) <= MAX_SEED:
        return seeds
    raise ParameterError(
        f"{name}는 0 이상 {MAX_SEED:,} 이하의 정수를 하나 이상 담은 리스트여야 합니다(예: [0, 1, 2]). "
        f"받은 값: {_shown(value)}"
    )


def check_budget(value: object) -> str:
    """One of :data:`BUDGET_CHOICES`."""
    if isinstance(value, str) and value in BUDGET_CHOICES:
        return value
    raise ParameterError(
        f"BUDGET은 {', '.join(map(repr, BUDGET_CHOICES))} 중 하나여야 합니다. 받은 값: {_shown(value)}"
    )


def resolve_settings(
    *,
    seed: object,
    epochs: object,
    train_size: object,
    backend: str,
    accelerator: str | None,
    budget: object = None,
    seeds: object = None,
) -> Settings:
    """Check every parameter and fill in what the budget decides (5.1, 5.1.1, 5.1.2).

    With ``budget`` (5.1.2), ``epochs``, ``train_size`` and ``seeds`` may be None, meaning
    "what the budget says"; ``"auto"`` is the book's budget on a GPU and the CPU budget otherwise.
    """
    seed_ = check_int(seed, "SEED", 0, MAX_SEED)
    if budget is None:
        epochs_ = check_int(epochs, "EPOCHS", 1, MAX_EPOCHS)
        train_size_ = check_int(train_size, "TRAIN_SIZE", 1, N_TRAIN, none_means=f"{N_TRAIN:,}개 전부")
        return Settings(seed_, epochs_, train_size_, backend, accelerator)
    name = check_budget(budget)
    if name == "auto":
        name = "book" if accelerator else "cpu"
    chosen = BUDGETS[name]
    epochs_ = check_int(epochs, "EPOCHS", 1, MAX_EPOCHS, none_means="예산이 정한 값")
    train_size_ = check_int(train_size, "TRAIN_SIZE", 1, N_TRAIN, none_means="예산이 정한 값")
    seeds_ = chosen.seeds if seeds is None else check_seeds(seeds)
    overridden = (epochs_, train_size_) != (None, None) or seeds is not None
    return Settings(
        seed_,
        chosen.epochs if epochs_ is None else epochs_,
        chosen.train_size if train_size_ is None else train_size_,
        backend,
        accelerator,
        seeds_,
        "custom" if overridden else name,
    )

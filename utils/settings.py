"""The parameters cell of every notebook, checked before Keras starts, with 5.1.2's budget (5.1, 5.1.1, 5.1.2)."""

from dataclasses import dataclass

from utils import checks

N_TRAIN = 60_000  # MNIST's training images
#: How the pages write each backend's name (the parameter takes the lowercase one).
BACKEND_NAMES = {"tensorflow": "TensorFlow", "jax": "JAX", "torch": "PyTorch"}


@dataclass(frozen=True)
class Budget:
    """How much 5.1.2's comparison trains: images (None: all), epochs and seeds per model, and on how many of
    its training images the training accuracy (for the train-test gap) is evaluated (None: all)."""

    train_size: int | None
    epochs: int
    seeds: tuple[int, ...]
    gap_images: int | None = None


#: 5.1.2's budgets: the book's (all images, 5 epochs; the seeds of the stored book-budget results,
#: benchmarks/book_budget.py) and the CPU's, chosen by benchmarks/budget_grid.py (the 5.1 model's best
#: validation accuracy among those whose comparison takes at most 3 minutes on the slower 2-core CPU).
BUDGETS = {"book": Budget(None, 5, (0, 1, 2, 3, 4)), "cpu": Budget(15_000, 2, (0,), gap_images=5_000)}
#: 5.1.2's comparison logs the running training accuracy this many times per epoch (its learning curves).
CURVE_POINTS = 5
_BUDGET_NAMES = {"book": "책의 설정", "cpu": "CPU에 맞춘 짧은 훈련", "custom": "직접 정한 값"}


@dataclass(frozen=True)
class Settings:
    """What a notebook runs with: its parameters cell, checked, with the budget filled in."""

    seed: int
    epochs: int
    train_size: int | None  # None: all 60,000 training images
    backend: str
    accelerator: str | None = None  # the GPU's name, None on a CPU
    seeds: tuple[int, ...] = ()
    budget: str | None = None  # 5.1.2 only: "book", "cpu" or "custom"
    gap_images: int | None = None  # 5.1.2 only: training images the train-test gap is measured on (None: all)

    @property
    def n_train(self) -> int:
        """How many training images are used."""
        return N_TRAIN if self.train_size is None else self.train_size

    def describe(self) -> str:
        """The two Korean lines the set-up call prints: backend and device, then the settings."""
        parts = [f"훈련 이미지 {self.n_train:,}개", f"{self.epochs} 에포크"] + [f"시드 {len(self.seeds)}개"] * bool(
            self.seeds
        )
        budget = self.budget or ("book" if (self.train_size, self.epochs) == (None, 5) else "")
        label = f" ({_BUDGET_NAMES[budget]})" if budget else ""
        device = f"GPU ({self.accelerator})" if self.accelerator else "CPU"
        return f"백엔드: {BACKEND_NAMES[self.backend]} · 장치: {device}\n설정: {', '.join(parts)}{label}"


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

    With ``budget`` (5.1.2), None for ``epochs``, ``train_size`` or ``seeds`` means "what the
    budget says"; ``"auto"`` is the book's budget on a GPU and the CPU budget otherwise.
    """
    seed_ = checks.integer(seed, "SEED", 0, 2**32 - 1)
    if budget is None:
        epochs_ = checks.integer(epochs, "EPOCHS", 1, 100)
        train_size_ = checks.integer(train_size, "TRAIN_SIZE", 1, N_TRAIN, none_means=f"{N_TRAIN:,}개 전부")
        return Settings(seed_, epochs_, train_size_, backend, accelerator)
    name = checks.choice(budget, "BUDGET", ("auto", "cpu", "book"))
    chosen = BUDGETS[("book" if accelerator else "cpu") if name == "auto" else name]
    epochs_ = checks.integer(epochs, "EPOCHS", 1, 100, none_means="BUDGET이 정한 값")
    train_size_ = checks.integer(train_size, "TRAIN_SIZE", 1, N_TRAIN, none_means="BUDGET이 정한 값")
    seeds_ = chosen.seeds if seeds is None else checks.seeds(seeds)
    overridden = (epochs_, train_size_, seeds) != (None, None, None)
    return Settings(
        seed_,
        chosen.epochs if epochs_ is None else epochs_,
        chosen.train_size if train_size_ is None else train_size_,
        backend,
        accelerator,
        seeds_,
        "custom" if overridden else ("book" if chosen is BUDGETS["book"] else "cpu"),
        chosen.gap_images,
    )

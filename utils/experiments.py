"""Training the downsampling alternatives side by side under one shared budget (5.1.2).

``run_comparison`` trains every model of a ``name -> builder`` dict on the same data with
the same optimizer, batch size and number of epochs, once per seed, and returns one
:class:`RunRecord` per run. ``summarize`` turns the records into one row per model (plain
dicts, no pandas): mean and spread over seeds of train and test accuracy, their gap and
the seconds per epoch. ``render_table`` shows the rows as a Markdown table and
``describe_difference`` writes the Korean sentence fragment that the notebook's prose
glues in, so the text stays true whatever the numbers come out.
"""

from __future__ import annotations

import ast
import html
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import keras
import numpy as np

from utils.checks import is_int, positive_int
from utils.training import train_and_evaluate

Split = tuple[np.ndarray, np.ndarray]
Builder = Callable[[], keras.Model]

#: The quantities ``summarize`` aggregates over seeds, in table order.
METRICS = ("train_acc", "test_acc", "gap", "seconds_per_epoch")


@dataclass(frozen=True)
class RunRecord:
    """One model trained with one seed: what it scored and how long it took."""

    name: str
    seed: int
    params: int
    train_acc: float  # accuracy on the whole training subset, measured after training
    test_acc: float
    train_loss: float
    test_loss: float
    history: dict[str, list[float]] = field(default_factory=dict)
    epoch_seconds: list[float] = field(default_factory=list)

    @property
    def gap(self) -> float:
        """Train accuracy minus test accuracy: how much better the model does on data it has seen."""
        return self.train_acc - self.test_acc

    @property
    def seconds_per_epoch(self) -> float:
        """Median epoch time; the median keeps the first epoch's graph tracing from dominating."""
        return float(statistics.median(self.epoch_seconds)) if self.epoch_seconds else float("nan")


def fit_inputs(model: keras.Model, images: np.ndarray) -> np.ndarray:
    """Reshape ``images`` to the model's input shape: (N, 28, 28, 1) for convnets, (N, 784) for dense nets.

    The pixels are the same; only the layout the first layer expects differs.
    """
    target = tuple(model.input_shape[1:])
    if images.shape[1:] == target:
        return images
    if int(np.prod(images.shape[1:])) != int(np.prod(target)):
        raise ValueError(f"cannot reshape images of shape {images.shape[1:]} to the model's input {target}")
    return images.reshape((len(images), *target))


def as_seeds(value: Any) -> tuple[int, ...]:
    """Seeds as a tuple of ints, from an int, a sequence, or the text of one such as ``"(0, 1)"``.

    papermill passes a tuple parameter (``-p "SEEDS=(0,)"``) to the notebook as a string.
    """
    if isinstance(value, str):
        try:
            value = ast.literal_eval(value.strip())
        except (ValueError, SyntaxError) as exc:
            raise ValueError(f"seeds must look like 0 or (0, 1, 2), got {value!r}") from exc
    if is_int(value):
        value = (value,)
    if not isinstance(value, Iterable):
        raise ValueError(f"seeds must be an int or a sequence of ints, got {value!r}")
    seeds = tuple(value)
    if not seeds or any(not is_int(s) or s < 0 for s in seeds):
        raise ValueError(f"seeds must be a non-empty sequence of non-negative ints, got {seeds!r}")
    return seeds


def run_comparison(
    builders: Mapping[str, Builder],
    train: Split,
    test: Split,
    *,
    epochs: int,
    batch_size: int = 64,
    seeds: Iterable[int] = (0,),
    optimizer: str = "rmsprop",
    progress: Callable[[RunRecord], None] | None = None,
) -> list[RunRecord]:
    """Train every model once per seed under the same budget; return one record per run.

    ``keras.utils.set_random_seed(seed)`` is called before each model is built, so a
    model's initial weights and the shuffling of its batches depend only on the seed.
    ``progress`` (e.g. ``print``-ing a line) is called after each run.
    """
    if not builders:
        raise ValueError("builders is empty: give at least one name -> builder")
    positive_int(epochs, "epochs")
    positive_int(batch_size, "batch_size")
    seeds = as_seeds(seeds)
    (x_train, y_train), (x_test, y_test) = train, test
    records = []
    for seed in seeds:
        for name, build in builders.items():
            keras.utils.set_random_seed(seed)
            model = build()
            xs_train, xs_test = fit_inputs(model, x_train), fit_inputs(model, x_test)
            result = train_and_evaluate(
                model,
                (xs_train, y_train),
                (xs_test, y_test),
                epochs=epochs,
                batch_size=batch_size,
                optimizer=optimizer,
                verbose=0,
            )
            train_loss, train_acc = model.evaluate(xs_train, y_train, batch_size=512, verbose=0)
            record = RunRecord(
                name=name,
                seed=seed,
                params=result.params,
                train_acc=float(train_acc),
                test_acc=result.test_acc,
                train_loss=float(train_loss),
                test_loss=result.test_loss,
                history=result.history,
                epoch_seconds=list(result.epoch_seconds),
            )
            records.append(record)
            if progress is not None:
                progress(record)
            keras.backend.clear_session()
    return records


def format_progress(record: RunRecord, labels: Mapping[str, str] | None = None) -> str:
    """One Korean line per run, e.g. for ``progress=lambda r: print(format_progress(r, labels))``."""
    name = (labels or {}).get(record.name, record.name)
    return (
        f"{name} (시드 {record.seed}): 훈련 정확도 {record.train_acc:.4f}, "
        f"테스트 정확도 {record.test_acc:.4f}, 에포크당 {record.seconds_per_epoch:.1f}초"
    )


def _spread(values: Sequence[float]) -> dict[str, float]:
    return {
        "mean": float(np.mean(values)),
        "std": float(np.std(values, ddof=1)) if len(values) > 1 else 0.0,
        "min": float(np.min(values)),
        "max": float(np.max(values)),
    }


def group_by_model(records: Sequence[RunRecord]) -> dict[str, list[RunRecord]]:
    """The runs of each model (one per seed), models in the order they first appear."""
    by_name: dict[str, list[RunRecord]] = {}
    for record in records:
        by_name.setdefault(record.name, []).append(record)
    return by_name


def summarize(records: Sequence[RunRecord]) -> list[dict[str, Any]]:
    """One row per model, in the order the models first appear.

    Each row holds ``name``, ``params``, ``n_seeds`` and, for every metric in
    :data:`METRICS`, the keys ``<metric>_mean``, ``<metric>_std`` (sample standard
    deviation over seeds, 0 for a single seed), ``<metric>_min`` and ``<metric>_max``.
    """
    if not records:
        raise ValueError("no records to summarize")
    rows = []
    for name, runs in group_by_model(records).items():
        params = {run.params for run in runs}
        if len(params) != 1:
            raise ValueError(f"runs of {name!r} disagree on the parameter count: {sorted(params)}")
        row: dict[str, Any] = {"name": name, "params": params.pop(), "n_seeds": len(runs)}
        for metric in METRICS:
            for stat, value in _spread([getattr(run, metric) for run in runs]).items():
                row[f"{metric}_{stat}"] = value
        rows.append(row)
    return rows


def row_for(summary: Sequence[Mapping[str, Any]], name: str) -> Mapping[str, Any]:
    """The summary row of model ``name``."""
    for row in summary:
        if row["name"] == name:
            return row
    raise KeyError(f"no model named {name!r} in the summary; have {[row['name'] for row in summary]}")


def mean_curve(records: Sequence[RunRecord], name: str, key: str = "accuracy") -> np.ndarray:
    """Per-epoch ``history[key]`` of model ``name``, averaged over its seeds."""
    curves = [record.history[key] for record in records if record.name == name]
    if not curves:
        raise KeyError(f"no runs of {name!r}")
    return np.mean(np.asarray(curves, dtype=float), axis=0)


COLUMNS = (
    ("모델", None),
    ("파라미터 수", None),
    ("훈련 정확도", "train_acc"),
    ("테스트 정확도", "test_acc"),
    ("훈련−테스트 차이", "gap"),
    ("에포크당 초", "seconds_per_epoch"),
)


def _cell(row: Mapping[str, Any], metric: str) -> str:
    mean, lo, hi = row[f"{metric}_mean"], row[f"{metric}_min"], row[f"{metric}_max"]
    if metric == "seconds_per_epoch":
        text = f"{mean:.1f}"
        return text if row["n_seeds"] == 1 else f"{text} ({lo:.1f}–{hi:.1f})"
    text = f"{100 * mean:.2f}"
    return text if row["n_seeds"] == 1 else f"{text} ({100 * lo:.2f}–{100 * hi:.2f})"


def render_table(
    summary: Sequence[Mapping[str, Any]], labels: Mapping[str, str] | None = None, fmt: str = "markdown"
) -> str:
    """The summary as a table: accuracies in %, each cell as mean (min–max over seeds).

    ``fmt="markdown"`` gives a Markdown table; ``fmt="html"`` an HTML ``<table>`` (what a
    notebook should display: Jupyter Book renders HTML outputs, not Markdown tables).
    """
    if fmt not in ("markdown", "html"):
        raise ValueError(f"fmt must be 'markdown' or 'html', got {fmt!r}")
    labels = labels or {}
    header = [title for title, _ in COLUMNS]
    body = []
    for row in summary:
        cells = [labels.get(row["name"], row["name"]), f"{row['params']:,}"]
        body.append(cells + [_cell(row, metric) for _, metric in COLUMNS[2:]])
    if fmt == "html":
        head = "".join(
            f'<th style="text-align:{"left" if i == 0 else "right"}">{html.escape(t)}</th>'
            for i, t in enumerate(header)
        )
        rows = "".join(
            "<tr>"
            + "".join(
                f'<td style="text-align:{"left" if i == 0 else "right"}">{html.escape(c)}</td>'
                for i, c in enumerate(cells)
            )
            + "</tr>"
            for cells in body
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join([":---"] + ["---:"] * (len(header) - 1)) + "|"]
    lines += ["| " + " | ".join(cells) + " |" for cells in body]
    return "\n".join(lines)


def within_noise(a: Mapping[str, Any], b: Mapping[str, Any], metric: str = "test_acc") -> bool | None:
    """Whether two rows' min–max ranges over seeds overlap (``None`` when either has one seed)."""
    if a["n_seeds"] < 2 or b["n_seeds"] < 2:
        return None
    return a[f"{metric}_min"] <= b[f"{metric}_max"] and b[f"{metric}_min"] <= a[f"{metric}_max"]


def _particle(word: str, after_consonant: str, after_vowel: str) -> str:
    """The Korean particle that fits ``word`` (e.g. 과/와, 이/가): the first after a final consonant."""
    last = word.rstrip()[-1:]
    if "가" <= last <= "힣":
        return after_consonant if (ord(last) - ord("가")) % 28 else after_vowel
    return after_vowel


def describe_difference(
    summary: Sequence[Mapping[str, Any]],
    name: str,
    other: str,
    labels: Mapping[str, str] | None = None,
    metric: str = "test_acc",
    words: tuple[str, str] = ("높았", "낮았"),
) -> str:
    """A Korean fragment comparing ``name`` with ``other`` on ``metric`` (an accuracy or the gap).

    Example: ``"평균 풀링보다 평균 0.12%p 높았습니다. 다만 이 차이는 시드 간 편차 안에 있습니다"``.
    ``words`` are the stems for "more" and "less" (``("컸", "작았")`` suits the gap). The
    verdict on noise follows :func:`within_noise`.
    """
    labels = labels or {}
    a, b = row_for(summary, name), row_for(summary, other)
    diff = 100 * (a[f"{metric}_mean"] - b[f"{metric}_mean"])
    other_label = labels.get(other, other)
    if round(diff, 2) == 0:
        text = f"{other_label}{_particle(other_label, '과', '와')} 평균이 같았습니다(차이 0.005%p 미만)"
    else:
        text = f"{other_label}보다 평균 {abs(diff):.2f}%p {words[0] if diff > 0 else words[1]}습니다"
    noise = within_noise(a, b, metric)
    if noise is None:
        return text + ". 다만 시드가 하나뿐이라 이 차이가 시드 간 편차보다 큰지는 알 수 없습니다"
    if noise:
        return text + ". 다만 이 차이는 시드 간 편차 안에 있습니다(시드별 범위가 겹칩니다)"
    return text + ". 이 차이는 시드 간 편차보다 큽니다(시드별 범위가 겹치지 않습니다)"


def describe_ranking(
    summary: Sequence[Mapping[str, Any]],
    name: str,
    others: Sequence[str],
    labels: Mapping[str, str] | None = None,
    metric: str = "test_acc",
) -> str:
    """A Korean fragment saying whether ``name`` had the highest mean ``metric`` among ``others``
    and whether its lead is larger than the spread over seeds (see :func:`within_noise`)."""
    labels = labels or {}
    label = labels.get(name, name)
    rows = {n: row_for(summary, n) for n in (name, *others)}
    best = max(rows, key=lambda n: rows[n][f"{metric}_mean"])
    if best != name:
        best_label = labels.get(best, best)
        text = f"{label}의 평균은 가장 높지 않았고, {best_label}{_particle(best_label, '이', '가')} 가장 높았습니다"
        noise = within_noise(rows[name], rows[best], metric)
        if noise is None:
            return text + "(시드가 하나뿐이라 편차와 비교할 수 없습니다)"
        return text + ("(그 차이는 시드 간 편차 안에 있습니다)" if noise else "(그 차이는 시드 간 편차보다 큽니다)")
    text = f"{label}의 평균이 가장 높았습니다"
    verdicts = {other: within_noise(rows[name], rows[other], metric) for other in others}
    if any(v is None for v in verdicts.values()):
        return text + ". 다만 시드가 하나뿐이라 이 순서가 시드 간 편차보다 확실한지는 알 수 없습니다"
    close = [labels.get(o, o) for o, v in verdicts.items() if v]
    if not close:
        return text + ". 나머지와의 차이는 모두 시드 간 편차보다 컸습니다"
    joined = ", ".join(close)
    return text + f". 다만 {joined}{_particle(joined, '과', '와')}의 차이는 시드 간 편차 안에 있습니다"


def describe_overfitting(
    summary: Sequence[Mapping[str, Any]], name: str, reference: str, labels: Mapping[str, str] | None = None
) -> str:
    """A Korean sentence (without the final period) on whether ``name`` overfits more than ``reference``
    (a larger train−test gap beyond the spread over seeds) and whether that cost test accuracy."""
    labels = labels or {}
    a, b = row_for(summary, name), row_for(summary, reference)
    label, ref = labels.get(name, name), labels.get(reference, reference)
    topic = f"{label}{_particle(label, '은', '는')}"
    gap_noise, test_noise = within_noise(a, b, "gap"), within_noise(a, b, "test_acc")
    if gap_noise is None:
        return "시드가 하나뿐이라 과대적합의 차이가 시드 간 편차보다 큰지 알 수 없습니다"
    if gap_noise or a["gap_mean"] <= b["gap_mean"]:
        return (
            f"{topic} {ref}보다 훈련−테스트 차이가 뚜렷하게 크지 않았습니다. 이 예산에서는 과대적합이 더 심하다는 "
            "책의 설명을 확인하지 못했습니다"
        )
    if a["test_acc_mean"] < b["test_acc_mean"] and not test_noise:
        return f"{topic} 과대적합이 더 컸고 테스트 정확도도 {ref}보다 뚜렷하게 낮았습니다. 책의 설명과 맞는 결과입니다"
    after = (
        "테스트 정확도의 차이는 시드 간 편차 안에 있습니다" if test_noise else "오히려 테스트 정확도가 더 높았습니다"
    )
    return (
        f"{topic} 훈련 데이터에 더 많이 맞춰졌지만(과대적합의 방향), 이 예산에서는 그것이 {ref}보다 낮은 "
        f"테스트 정확도로 이어지지 않았습니다. {after}"
    )

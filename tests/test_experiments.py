"""utils.experiments: the shared-budget comparison of 5.1.2, on tiny models and data (fast)."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from utils import experiments as ex
from utils.experiments import RunRecord


def _tiny_convnet() -> keras.Model:
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            keras.layers.Conv2D(2, (3, 3), activation="relu"),
            keras.layers.MaxPooling2D((4, 4)),
            keras.layers.Flatten(),
            keras.layers.Dense(10, activation="softmax"),
        ],
        name="tiny_conv",
    )


def _tiny_dense() -> keras.Model:
    return keras.Sequential(
        [keras.Input(shape=(784,)), keras.layers.Dense(10, activation="softmax")],
        name="tiny_dense",
    )


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    x = rng.random((96, 28, 28, 1), dtype=np.float32)
    y = keras.utils.to_categorical(rng.integers(0, 10, 96), 10).astype("float32")
    return (x[:64], y[:64]), (x[64:], y[64:])


@pytest.fixture(scope="module")
def records(data):
    train, test = data
    seen = []
    out = ex.run_comparison(
        {"conv": _tiny_convnet, "dense": _tiny_dense},
        train,
        test,
        epochs=2,
        batch_size=16,
        seeds=(0, 1),
        progress=seen.append,
    )
    return out, seen


def test_one_record_per_model_and_seed(records) -> None:
    out, seen = records
    assert [(r.name, r.seed) for r in out] == [("conv", 0), ("dense", 0), ("conv", 1), ("dense", 1)]
    assert seen == out  # progress is called once per run, in order
    for r in out:
        assert r.params == {"conv": _tiny_convnet, "dense": _tiny_dense}[r.name]().count_params()
        assert len(r.history["accuracy"]) == len(r.epoch_seconds) == 2
        assert 0.0 <= r.train_acc <= 1.0 and 0.0 <= r.test_acc <= 1.0
        assert r.gap == pytest.approx(r.train_acc - r.test_acc)
        assert r.seconds_per_epoch > 0


def test_same_seed_gives_the_same_run(data) -> None:
    train, test = data
    first, second = (
        ex.run_comparison({"dense": _tiny_dense}, train, test, epochs=1, batch_size=16, seeds=(3,)) for _ in range(2)
    )
    assert first[0].history == second[0].history
    assert first[0].test_acc == second[0].test_acc


def test_fit_inputs_reshapes_for_dense_models() -> None:
    x = np.zeros((5, 28, 28, 1), "float32")
    assert ex.fit_inputs(_tiny_dense(), x).shape == (5, 784)
    assert ex.fit_inputs(_tiny_convnet(), x) is x
    with pytest.raises(ValueError, match="cannot reshape"):
        ex.fit_inputs(_tiny_dense(), np.zeros((5, 10, 10, 1)))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"builders": {}}, "builders is empty"),
        ({"epochs": 0}, "epochs"),
        ({"batch_size": True}, "batch_size"),
        ({"seeds": ()}, "seeds"),
        ({"seeds": (-1,)}, "seeds"),
    ],
)
def test_run_comparison_rejects_bad_arguments(data, kwargs, match) -> None:
    train, test = data
    args = {"builders": {"dense": _tiny_dense}, "epochs": 1, "seeds": (0,)} | kwargs
    with pytest.raises(ValueError, match=match):
        ex.run_comparison(args.pop("builders"), train, test, **args)


def _record(name: str, seed: int, train_acc: float, test_acc: float, params: int = 10) -> RunRecord:
    return RunRecord(name, seed, params, train_acc, test_acc, 0.1, 0.2, {"accuracy": [0.5, train_acc]}, [3.0, 1.0, 2.0])


def _summary(a_tests, b_tests):
    recs = [_record("a", s, 0.99, t) for s, t in enumerate(a_tests)]
    recs += [_record("b", s, 0.98, t) for s, t in enumerate(b_tests)]
    return ex.summarize(recs)


def test_summarize_means_spreads_and_order() -> None:
    rows = ex.summarize([_record("b", 0, 0.9, 0.8), _record("a", 0, 1.0, 0.9), _record("b", 1, 0.8, 0.6)])
    assert [r["name"] for r in rows] == ["b", "a"]
    b = rows[0]
    assert b["n_seeds"] == 2 and b["params"] == 10
    assert b["test_acc_mean"] == pytest.approx(0.7)
    assert b["test_acc_min"] == pytest.approx(0.6) and b["test_acc_max"] == pytest.approx(0.8)
    assert b["test_acc_std"] == pytest.approx(np.std([0.8, 0.6], ddof=1))
    assert b["gap_mean"] == pytest.approx(0.15)
    assert b["seconds_per_epoch_mean"] == pytest.approx(2.0)  # median of (3, 1, 2)
    assert rows[1]["test_acc_std"] == 0.0  # one seed
    assert ex.row_for(rows, "a") is rows[1]
    with pytest.raises(KeyError):
        ex.row_for(rows, "c")


def test_summarize_rejects_inconsistent_or_empty_input() -> None:
    with pytest.raises(ValueError, match="parameter count"):
        ex.summarize([_record("a", 0, 1, 1, params=1), _record("a", 1, 1, 1, params=2)])
    with pytest.raises(ValueError, match="no records"):
        ex.summarize([])


def test_render_table_in_percent_with_ranges() -> None:
    rows = _summary([0.97, 0.98], [0.95, 0.96])
    table = ex.render_table(rows, {"a": "최대 풀링"})
    lines = table.splitlines()
    assert lines[0].startswith("| 모델 | 파라미터 수 | 훈련 정확도 | 테스트 정확도")
    assert len(lines) == 4
    assert "| 최대 풀링 | 10 | 99.00 (99.00–99.00) | 97.50 (97.00–98.00) |" in lines[2]
    assert lines[3].startswith("| b |")
    single = ex.render_table(ex.summarize([_record("a", 0, 0.99, 0.97)]))
    assert "| 97.00 |" in single and "–" not in single.splitlines()[2]


def test_describe_difference_is_computed_from_the_numbers() -> None:
    overlap = _summary([0.97, 0.98], [0.965, 0.975])
    assert ex.within_noise(ex.row_for(overlap, "a"), ex.row_for(overlap, "b")) is True
    text = ex.describe_difference(overlap, "a", "b", {"b": "평균 풀링"})
    assert text.startswith("평균 풀링보다 평균 0.50%p 높았습니다")
    assert "편차 안에" in text

    apart = _summary([0.97, 0.98], [0.99, 0.995])
    text = ex.describe_difference(apart, "a", "b", {"b": "스트라이드 합성곱"})
    assert "1.75%p 낮았습니다" in text and "편차보다 큽니다" in text

    gap = ex.describe_difference(apart, "b", "a", metric="gap", words=("컸", "작았"))
    assert "작았습니다" in gap  # b: 0.98 - 0.9925 < a: 0.99 - 0.975

    single = ex.summarize([_record("a", 0, 0.99, 0.97), _record("b", 0, 0.99, 0.96)])
    assert ex.within_noise(single[0], single[1]) is None
    assert "알 수 없습니다" in ex.describe_difference(single, "a", "b")

    same = _summary([0.97, 0.98], [0.97, 0.98])
    assert "평균 풀링과 평균이 같았습니다" in ex.describe_difference(same, "a", "b", {"b": "평균 풀링"})
    assert "완전 연결 네트워크와 평균이" in ex.describe_difference(same, "a", "b", {"b": "완전 연결 네트워크"})


def test_mean_curve_and_progress_line() -> None:
    recs = [_record("a", 0, 0.9, 0.8), _record("a", 1, 0.7, 0.6)]
    np.testing.assert_allclose(ex.mean_curve(recs, "a"), [0.5, 0.8])
    with pytest.raises(KeyError):
        ex.mean_curve(recs, "b")
    line = ex.format_progress(recs[0], {"a": "최대 풀링"})
    assert line == "최대 풀링 (시드 0): 훈련 정확도 0.9000, 테스트 정확도 0.8000, 에포크당 2.0초"


def test_describe_ranking_names_the_leader_and_the_noise() -> None:
    recs = [_record("max", s, 0.99, t) for s, t in enumerate([0.98, 0.985])]
    recs += [_record("avg", s, 0.99, t) for s, t in enumerate([0.975, 0.982])]
    recs += [_record("strided", s, 0.99, t) for s, t in enumerate([0.96, 0.965])]
    rows = ex.summarize(recs)
    labels = {"max": "최대 풀링", "avg": "평균 풀링", "strided": "스트라이드 합성곱"}
    text = ex.describe_ranking(rows, "max", ["avg", "strided"], labels)
    assert text == "최대 풀링의 평균이 가장 높았습니다. 다만 평균 풀링과의 차이는 시드 간 편차 안에 있습니다"
    assert ex.describe_ranking(rows, "max", ["strided"], labels).endswith("모두 시드 간 편차보다 컸습니다")
    behind = ex.describe_ranking(rows, "strided", ["max"], labels)
    assert behind.startswith("스트라이드 합성곱의 평균은 가장 높지 않았고, 최대 풀링이 가장 높았습니다")
    assert "편차보다 큽니다" in behind
    single = ex.summarize([_record("max", 0, 0.99, 0.98), _record("avg", 0, 0.99, 0.97)])
    assert "알 수 없습니다" in ex.describe_ranking(single, "max", ["avg"])
    assert "비교할 수 없습니다" in ex.describe_ranking(single, "avg", ["max"])


@pytest.mark.parametrize(
    ("value", "expected"),
    [((0, 1, 2), (0, 1, 2)), ([3], (3,)), (5, (5,)), ("(0,)", (0,)), (" (0, 1) ", (0, 1)), ("[2, 4]", (2, 4))],
)
def test_as_seeds_accepts_what_papermill_passes(value, expected) -> None:
    assert ex.as_seeds(value) == expected


@pytest.mark.parametrize("value", ["", "zero", "()", (), (-1,), (True,), 1.5, "(0.5,)"])
def test_as_seeds_rejects_non_seeds(value) -> None:
    with pytest.raises(ValueError, match="seeds"):
        ex.as_seeds(value)


def _rows_for_overfitting(no_pool, ref):
    """no_pool / ref: lists of (train_acc, test_acc) per seed."""
    recs = [_record("no_pool", s, tr, te) for s, (tr, te) in enumerate(no_pool)]
    recs += [_record("max", s, tr, te) for s, (tr, te) in enumerate(ref)]
    return ex.summarize(recs)


def test_describe_overfitting_covers_each_outcome() -> None:
    labels = {"no_pool": "풀링 없는 모델", "max": "최대 풀링 모델"}
    ref = [(0.98, 0.97), (0.981, 0.972)]  # gap ~0.01
    worse = _rows_for_overfitting([(0.999, 0.95), (0.998, 0.952)], ref)
    text = ex.describe_overfitting(worse, "no_pool", "max", labels)
    assert text.startswith("풀링 없는 모델은 과대적합이 더 컸고") and "맞는 결과" in text
    same_test = _rows_for_overfitting([(0.999, 0.971), (0.998, 0.969)], ref)
    assert "편차 안에" in ex.describe_overfitting(same_test, "no_pool", "max", labels)
    better = _rows_for_overfitting([(0.999, 0.98), (0.998, 0.981)], ref)
    assert "오히려" in ex.describe_overfitting(better, "no_pool", "max", labels)
    no_sign = _rows_for_overfitting([(0.98, 0.97), (0.981, 0.971)], ref)
    assert "확인하지 못했습니다" in ex.describe_overfitting(no_sign, "no_pool", "max", labels)
    single = _rows_for_overfitting([(0.999, 0.95)], [(0.98, 0.97)])
    assert "알 수 없습니다" in ex.describe_overfitting(single, "no_pool", "max", labels)


def test_render_table_as_html() -> None:
    rows = _summary([0.97, 0.98], [0.95, 0.96])
    table = ex.render_table(rows, {"a": "최대 <풀링>"}, fmt="html")
    assert table.startswith("<table><thead><tr>") and table.endswith("</tbody></table>")
    assert table.count("<tr>") == 3
    assert "최대 &lt;풀링&gt;" in table  # labels are escaped
    assert ">97.50 (97.00–98.00)</td>" in table
    with pytest.raises(ValueError, match="fmt"):
        ex.render_table(rows, fmt="latex")

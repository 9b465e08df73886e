"""utils.report: 5.1.2's table and Korean sentences are computed from the numbers (no training)."""

from __future__ import annotations

import pytest

from utils.checks import ParameterError
from utils.report import (
    describe_difference,
    describe_overfitting,
    describe_ranking,
    format_progress,
    korean_particle,
    render_table,
)
from utils.stats import summarize, summary_row, within_noise


def _summary(make_run, a_tests, b_tests):
    recs = [make_run("a", s, 0.99, t) for s, t in enumerate(a_tests)]
    recs += [make_run("b", s, 0.98, t) for s, t in enumerate(b_tests)]
    return summarize(recs)


def test_render_table_in_percent_with_ranges(make_run) -> None:
    rows = _summary(make_run, [0.97, 0.98], [0.95, 0.96])
    table = render_table(rows, {"a": "최대 풀링"})
    lines = table.splitlines()
    assert lines[0].startswith("| 모델 | 파라미터 수 | 훈련 정확도 | 테스트 정확도")
    assert len(lines) == 4
    assert "| 최대 풀링 | 10 | 99.00 (99.00–99.00) | 97.50 (97.00–98.00) |" in lines[2]
    assert lines[3].startswith("| b |")
    single = render_table(summarize([make_run("a", 0, 0.99, 0.97)]))
    assert "| 97.00 |" in single and "–" not in single.splitlines()[2]


def test_describe_difference_is_computed_from_the_numbers(make_run) -> None:
    overlap = _summary(make_run, [0.97, 0.98], [0.965, 0.975])
    assert within_noise(summary_row(overlap, "a"), summary_row(overlap, "b")) is True
    text = describe_difference(overlap, "a", "b", {"b": "평균 풀링"})
    assert text.startswith("평균 풀링보다 평균 0.50%p 높았습니다")
    assert "편차 안에" in text

    apart = _summary(make_run, [0.97, 0.98], [0.99, 0.995])
    text = describe_difference(apart, "a", "b", {"b": "스트라이드 합성곱"})
    assert "1.75%p 낮았습니다" in text and "편차보다 큽니다" in text

    gap = describe_difference(apart, "b", "a", metric="gap", words=("컸", "작았"))
    assert "작았습니다" in gap  # b: 0.98 - 0.9925 < a: 0.99 - 0.975

    single = summarize([make_run("a", 0, 0.99, 0.97), make_run("b", 0, 0.99, 0.96)])
    assert within_noise(single[0], single[1]) is None
    assert "알 수 없습니다" in describe_difference(single, "a", "b")

    same = _summary(make_run, [0.97, 0.98], [0.97, 0.98])
    assert "평균 풀링과 평균이 같았습니다" in describe_difference(same, "a", "b", {"b": "평균 풀링"})
    assert "완전 연결 네트워크와 평균이" in describe_difference(same, "a", "b", {"b": "완전 연결 네트워크"})


def test_progress_line(make_run) -> None:
    line = format_progress(make_run("a", 0, 0.9, 0.8), {"a": "최대 풀링"})
    assert line == "최대 풀링 (시드 0): 훈련 정확도 0.9000, 테스트 정확도 0.8000, 에포크당 2.0초"


def test_describe_ranking_names_the_leader_and_the_noise(make_run) -> None:
    recs = [make_run("max", s, 0.99, t) for s, t in enumerate([0.98, 0.985])]
    recs += [make_run("avg", s, 0.99, t) for s, t in enumerate([0.975, 0.982])]
    recs += [make_run("strided", s, 0.99, t) for s, t in enumerate([0.96, 0.965])]
    rows = summarize(recs)
    labels = {"max": "최대 풀링", "avg": "평균 풀링", "strided": "스트라이드 합성곱"}
    text = describe_ranking(rows, "max", ["avg", "strided"], labels)
    assert text == "최대 풀링의 평균이 가장 높았습니다. 다만 평균 풀링과의 차이는 시드 간 편차 안에 있습니다"
    assert describe_ranking(rows, "max", ["strided"], labels).endswith("모두 시드 간 편차보다 컸습니다")
    behind = describe_ranking(rows, "strided", ["max"], labels)
    assert behind.startswith("스트라이드 합성곱의 평균은 가장 높지 않았고, 최대 풀링이 가장 높았습니다")
    assert "편차보다 큽니다" in behind
    single = summarize([make_run("max", 0, 0.99, 0.98), make_run("avg", 0, 0.99, 0.97)])
    assert "알 수 없습니다" in describe_ranking(single, "max", ["avg"])
    assert "비교할 수 없습니다" in describe_ranking(single, "avg", ["max"])


def _rows_for_overfitting(make_run, no_pool, ref):
    """no_pool / ref: lists of (train_acc, test_acc) per seed."""
    recs = [make_run("no_pool", s, tr, te) for s, (tr, te) in enumerate(no_pool)]
    recs += [make_run("max", s, tr, te) for s, (tr, te) in enumerate(ref)]
    return summarize(recs)


def test_describe_overfitting_covers_each_outcome(make_run) -> None:
    labels = {"no_pool": "풀링 없는 모델", "max": "최대 풀링 모델"}
    ref = [(0.98, 0.97), (0.981, 0.972)]  # gap ~0.01
    worse = _rows_for_overfitting(make_run, [(0.999, 0.95), (0.998, 0.952)], ref)
    text = describe_overfitting(worse, "no_pool", "max", labels)
    assert text.startswith("풀링 없는 모델은 과대적합이 더 컸고") and "맞는 결과" in text
    same_test = _rows_for_overfitting(make_run, [(0.999, 0.971), (0.998, 0.969)], ref)
    assert "편차 안에" in describe_overfitting(same_test, "no_pool", "max", labels)
    better = _rows_for_overfitting(make_run, [(0.999, 0.98), (0.998, 0.981)], ref)
    assert "오히려" in describe_overfitting(better, "no_pool", "max", labels)
    no_sign = _rows_for_overfitting(make_run, [(0.98, 0.97), (0.981, 0.971)], ref)
    assert "확인하지 못했습니다" in describe_overfitting(no_sign, "no_pool", "max", labels)
    single = _rows_for_overfitting(make_run, [(0.999, 0.95)], [(0.98, 0.97)])
    assert "알 수 없습니다" in describe_overfitting(single, "no_pool", "max", labels)


def test_render_table_as_html(make_run) -> None:
    rows = _summary(make_run, [0.97, 0.98], [0.95, 0.96])
    table = render_table(rows, {"a": "최대 <풀링>"}, fmt="html")
    assert table.startswith("<table><thead><tr>") and table.endswith("</tbody></table>")
    assert table.count("<tr>") == 3
    assert "최대 &lt;풀링&gt;" in table  # labels are escaped
    assert ">97.50 (97.00–98.00)</td>" in table
    with pytest.raises(ParameterError, match="fmt에는 'markdown' 또는 'html'만 쓸 수 있습니다"):
        render_table(rows, fmt="latex")


@pytest.mark.parametrize(
    ("word", "particle"), [("평균 풀링", "과"), ("완전 연결 네트워크", "와"), ("모델", "과"), ("max", "와")]
)
def test_korean_particle_follows_the_last_syllable(word: str, particle: str) -> None:
    assert korean_particle(word, "과", "와") == particle

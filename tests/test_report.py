"""utils.report: 5.1.2's table and Korean sentences are computed from the numbers (no training)."""

from __future__ import annotations

import pytest

from utils.checks import ParameterError
from utils.report import (
    VERDICTS,
    describe_budget_effect,
    describe_claim,
    describe_decided,
    describe_difference,
    describe_paired,
    format_progress,
    korean_particle,
    render_table,
)
from utils.stats import summarize, summary_row, verdict, within_noise


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


def _rows(make_run, runs: dict[str, list[tuple[float, float]]]):
    """Per model, (train_acc, test_acc) per seed."""
    return summarize([make_run(name, s, tr, te) for name, seeds in runs.items() for s, (tr, te) in enumerate(seeds)])


LABELS = {"no_pool": "풀링 없는 모델", "max": "최대 풀링 모델", "avg": "평균 풀링 모델"}
APART = {"max": [(0.99, 0.985), (0.99, 0.987)], "avg": [(0.98, 0.975), (0.98, 0.977)]}
OVERLAP = {"max": [(0.99, 0.985), (0.99, 0.987)], "avg": [(0.99, 0.984), (0.99, 0.986)]}


def test_verdict_is_the_page_separation_test_with_a_direction(make_run) -> None:
    apart, overlap = _rows(make_run, APART), _rows(make_run, OVERLAP)
    assert verdict(summary_row(apart, "max"), summary_row(apart, "avg")) == "decided"
    assert verdict(summary_row(apart, "avg"), summary_row(apart, "max")) == "reversed"
    assert verdict(summary_row(overlap, "max"), summary_row(overlap, "avg")) == "open"
    single = _rows(make_run, {"max": [(0.99, 0.98)], "avg": [(0.99, 0.97)]})
    assert verdict(single[0], single[1]) is None


def test_describe_claim_gives_both_means_and_one_verdict(make_run) -> None:
    text = describe_claim(_rows(make_run, APART), "avg", LABELS)
    assert text == "테스트 정확도는 최대 풀링 모델 98.60%, 평균 풀링 모델 97.60%입니다. " + VERDICTS["decided"]
    assert describe_claim(_rows(make_run, OVERLAP), "avg", LABELS).endswith(VERDICTS["open"])
    overfit = {"no_pool": [(0.999, 0.95), (0.998, 0.952)], "max": [(0.98, 0.97), (0.981, 0.972)]}
    text = describe_claim(_rows(make_run, overfit), "overfit", LABELS)
    assert text.startswith("훈련−테스트 차이는 풀링 없는 모델 4.75%p, 최대 풀링 모델 0.95%p입니다")
    assert "심한" not in text and "맞는" not in text  # the size is the reader's to judge from the numbers
    with pytest.raises(ParameterError, match="claim에는"):
        describe_claim(_rows(make_run, APART), "pooling", LABELS)


def test_budget_effect_says_which_results_are_short_training(make_run) -> None:
    apart, overlap = _rows(make_run, APART), _rows(make_run, OVERLAP)
    assert describe_budget_effect(apart, overlap, "avg").startswith("짧은 훈련에서만")
    assert describe_budget_effect(apart, apart, "avg") == "책의 예산에서도 그대로 남습니다"
    assert describe_budget_effect(overlap, apart, "avg").startswith("책의 예산으로 오래 훈련해야")
    reversed_ = _rows(make_run, {"max": APART["avg"], "avg": APART["max"]})
    both = "이 예산에서는 책과 반대, 책의 예산에서는 책의 주장대로입니다"
    assert describe_budget_effect(reversed_, apart, "avg") == both


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


def test_describe_paired_says_which_gap_was_larger_in_every_seed() -> None:
    labels = ("풀링 없는 모델", "최대 풀링 모델")
    assert describe_paired(0.005, 0.039, 11, labels) == (
        "시드 11개 모두에서 풀링 없는 모델의 차이가 더 컸습니다(시드마다 뺀 값 0.50~3.90%p)"
    )
    assert "최대 풀링 모델의 차이가 더 컸습니다" in describe_paired(-0.03, -0.01, 4, labels)
    assert describe_paired(-0.01, 0.02, 5, labels).startswith("시드에 따라 어느 쪽의")


def test_describe_decided_groups_the_claims_by_verdict(make_run) -> None:
    runs = [
        make_run(n, seed, 0.99, acc + 0.001 * seed)
        for seed in range(3)
        for n, acc in [("max", 0.98), ("avg", 0.97), ("strided", 0.9805), ("no_pool", 0.975)]
    ]
    said = describe_decided(summarize(runs), ("avg", "strided"))
    assert said == (
        "‘최대 풀링이 평균 풀링보다 정확하다’는 책의 주장대로 가려졌고, "
        "‘최대 풀링이 스트라이드 합성곱보다 정확하다’는 가려지지 않았습니다"
    )
    one_seed = [r for r in runs if r.seed == 0]
    assert describe_decided(summarize(one_seed), ("avg",)).endswith("판정할 수 없었습니다")


def test_describe_wins_counts_the_seeds_each_model_won() -> None:
    from utils.report import describe_wins

    names = ("컨브넷", "완전 연결 네트워크")
    mixed = {"n_seeds": 11, "n_positive": 10, "min": -0.0274, "max": 0.0636}
    assert describe_wins(mixed, names) == (
        "시드 11개 중 10개에서는 컨브넷이, 1개에서는 완전 연결 네트워크가 더 정확했습니다(시드마다 뺀 값 -2.74~6.36%p)"
    )
    assert describe_wins(mixed | {"n_positive": 11, "min": 0.01}, names).startswith("시드 11개 모두에서 컨브넷이 더")
    assert "모두에서 완전 연결 네트워크가 더" in describe_wins(mixed | {"n_positive": 0, "max": -0.01}, names)

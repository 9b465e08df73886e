"""utils.report: what 5.1.2's cells print and show, one line per run and tables over seeds (no training)."""

from __future__ import annotations

import pytest

from utils.checks import ParameterError
from utils.report import ProgressTable, _width, format_progress, progress_header, render_table
from utils.stats import summarize


def _summary(make_run, a_tests, b_tests):
    recs = [make_run("a", s, 0.99, t) for s, t in enumerate(a_tests)]
    recs += [make_run("b", s, 0.98, t) for s, t in enumerate(b_tests)]
    return summarize(recs)


def test_render_table_in_percent_with_ranges(make_run) -> None:
    rows = _summary(make_run, [0.97, 0.98], [0.95, 0.96])
    table = render_table(rows, {"a": "최대 풀링"}, fmt="markdown")
    lines = table.splitlines()
    assert lines[0] == "| 모델 | 파라미터 수 | 테스트 정확도 (%) | 훈련−테스트 차이 (%p) | 에포크당 초 |"
    assert len(lines) == 4
    assert lines[2] == "| 최대 풀링 | 10 | 97.50 (97.00–98.00) | 1.50 (1.00–2.00) | 2.0 (2.0–2.0) |"
    assert lines[3].startswith("| b |")
    single = render_table(summarize([make_run("a", 0, 0.99, 0.97)]), fmt="markdown")
    assert "| 97.00 |" in single and "–" not in single.splitlines()[2]
    html = render_table(rows, {"a": "<최대>"})
    assert html.startswith("<table><thead>") and "&lt;최대&gt;" in html and html.count("<tr>") == 3
    with pytest.raises(ParameterError):
        render_table(rows, fmt="latex")


def test_progress_lines_line_up_under_their_header(make_run) -> None:
    run = make_run("no_pool", 0, 0.9972, 0.9898, params=15_921_098)
    header, line = progress_header(), format_progress(run, {"no_pool": "풀링 없음 + Dense(512)"})
    assert line.split()[-5:] == ["15,921,098", "0.9972", "0.9898", "0.74", "2.0"]
    ends = [_width(header[: header.index(word) + len(word)]) for word in ("파라미터 수", "에포크당 초")]
    assert ends == [_width(line[: line.index(v) + len(v)]) for v in ("15,921,098", "2.0")]  # right-aligned


def test_the_progress_table_prints_its_header_once_before_the_first_row(make_run, capsys) -> None:
    table = ProgressTable({"max": "최대 풀링"})
    table(make_run("max", 0, 0.99, 0.98))
    table(make_run("avg", 0, 0.99, 0.97))
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == progress_header() and lines[1].startswith("최대 풀링") and lines[2].startswith("avg")
    assert len(lines) == 3

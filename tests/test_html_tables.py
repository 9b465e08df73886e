"""_ext/html_tables.py: the stored HTML outputs the printable edition (``make pdf``) rebuilds as docutils nodes."""

from __future__ import annotations

import sys

from docutils import nodes
from site_helpers import REPO

sys.path.insert(0, str(REPO / "_ext"))
from html_tables import html_to_nodes, parse_html, table_node

RESULT_TABLE = (
    '<table><caption>시드별 <b>요약</b></caption><thead><tr><th style="text-align:left">모델</th>'
    "<th>훈련−테스트 차이</th></tr></thead><tbody><tr><td>최대 풀링 (5.1 모델)</td><td>4.06 (3.41–5.17)</td></tr>"
    "<tr><td>평균 &amp; 풀링</td><td>2.90</td></tr></tbody></table>"
)


def test_table_keeps_header_body_and_caption():
    (table,) = parse_html(RESULT_TABLE).tables
    assert table.caption == "시드별 요약"
    assert table.head == [["모델", "훈련−테스트 차이"]]
    assert table.body == [["최대 풀링 (5.1 모델)", "4.06 (3.41–5.17)"], ["평균 & 풀링", "2.90"]]


def test_rows_of_th_only_before_the_body_are_the_header():
    (table,) = parse_html("<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>").tables
    assert table.head == [["a", "b"]] and table.body == [["1", "2"]]


def test_table_node_has_a_title_a_thead_and_padded_rows():
    node = table_node(parse_html(RESULT_TABLE.replace("<td>2.90</td>", "")).tables[0])
    assert node[0].astext() == "시드별 요약"
    group = node[1]
    assert group["cols"] == 2 and len(list(group.findall(nodes.colspec))) == 2
    assert [len(row) for row in group.findall(nodes.row)] == [2, 2, 2]
    assert next(group.findall(nodes.thead)).astext().split("\n\n") == ["모델", "훈련−테스트 차이"]


def test_keras_summary_pre_becomes_a_literal_block_without_styling():
    html = '<pre style="white-space:pre"><span style="font-weight: bold">Model: "convnet"</span>\n</pre>\n'
    (block,) = html_to_nodes(html)
    assert isinstance(block, nodes.literal_block) and block.astext() == 'Model: "convnet"'


def test_other_html_keeps_its_text():
    (para,) = html_to_nodes("<div><p>측정 <i>결과</i></p></div>")
    assert isinstance(para, nodes.paragraph) and para.astext() == "측정 결과"

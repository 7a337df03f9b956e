"""The SVG charts printed in PDFs and shown on dashboards."""

from __future__ import annotations

import re
from decimal import Decimal

from reports.charts import column_chart

STAGES = ("reminder", "call", "formal demand", "legal", "claim filed", "closed")


def _labels(svg: str) -> list[str]:
    return [" ".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", text))
            for text in re.findall(r"<text[^>]*>(.*?)</text>", svg)]


def test_column_labels_are_printed_whole_on_two_lines_where_one_is_too_short() -> None:
    svg = column_chart([(stage, Decimal(n)) for n, stage in enumerate(STAGES, 1)], width=300)
    assert _labels(svg) == list(STAGES)
    assert "…" not in svg


def test_a_label_longer_than_two_lines_is_shortened_visibly() -> None:
    svg = column_chart([("a very long stage name indeed", Decimal(1))] * 10, width=300)
    assert all(label.endswith("…") for label in _labels(svg))

"""Charts as inline SVG, drawn here so a PDF needs no fetch and no plotting library.

Bar lengths are geometry, so they may be floats; the amounts printed beside them are the
report's exact strings.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

FONT = "DejaVu Sans, WenQuanYi Micro Hei, sans-serif"
COLOURS = ("#1f4e79", "#2e75b6", "#5b9bd5", "#9dc3e6", "#bdd7ee")


def bar_chart(
    bars: Sequence[tuple[str, Decimal, str]], *, width: int = 480, label_width: int = 150,
    value_width: int = 110, bar_height: int = 14, gap: int = 5, colour: str = COLOURS[0],
) -> str:
    """Horizontal bars: (label, value, printed value) each, longest bar the largest value."""
    largest = max((value for _, value, _ in bars), default=Decimal(0))
    room = width - label_width - value_width
    height = max(len(bars), 1) * (bar_height + gap) + gap
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="8">']
    for n, (label, value, printed) in enumerate(bars):
        top = gap + n * (bar_height + gap)
        length = float(value / largest) * room if largest > 0 else 0.0
        middle = top + bar_height * 0.72
        parts.append(f'<text x="{label_width - 6}" y="{middle:.1f}" text-anchor="end" '
                     f'fill="#333">{escape(_short(label))}</text>')
        parts.append(f'<rect x="{label_width}" y="{top}" width="{length:.1f}" '
                     f'height="{bar_height}" fill="{colour}"/>')
        parts.append(f'<text x="{label_width + length + 4:.1f}" y="{middle:.1f}" '
                     f'fill="#1a1a1a">{escape(printed)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def column_chart(
    columns: Sequence[tuple[str, Decimal]], *, width: int = 480, height: int = 170,
    colour: str = COLOURS[1], unit: str | None = None,
) -> str:
    """Vertical columns with their labels underneath (grades 1 to 10, then ungraded); `unit`
    (a currency) is written in the top left corner, so the chart says what it counts."""
    largest = max((value for _, value in columns), default=Decimal(0))
    base, top_margin = height - 28, 6
    step = width / max(len(columns), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="8">',
             f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" stroke="#999" '
             'stroke-width="0.5"/>']
    if unit:
        parts.append(f'<text x="2" y="9" fill="#333" font-weight="bold">{escape(unit)}</text>')
        top_margin = 14
    for n, (label, value) in enumerate(columns):
        tall = float(value / largest) * (base - top_margin) if largest > 0 else 0.0
        left = n * step + step * 0.15
        parts.append(f'<rect x="{left:.1f}" y="{base - tall:.1f}" width="{step * 0.7:.1f}" '
                     f'height="{tall:.1f}" fill="{colour}"/>')
        parts.append(_under(label, n * step + step / 2, base + 11, most=max(int(step / 5), 6)))
    parts.append("</svg>")
    return "".join(parts)


def _under(label: str, middle: float, top: float, most: int) -> str:
    """A column's label under it, on two lines where one would not hold it ("formal demand")."""
    lines = _wrapped(label, most)
    spans = "".join(f'<tspan x="{middle:.1f}" dy="{0 if n == 0 else 10}">{escape(line)}</tspan>'
                    for n, line in enumerate(lines))
    return f'<text x="{middle:.1f}" y="{top:.1f}" text-anchor="middle" fill="#333">{spans}</text>'


def _wrapped(label: str, most: int) -> list[str]:
    """Words on lines of at most `most` characters, two lines at most (the last one shortened)."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= most:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    return [_short(line, most) for line in lines] or [""]


def _short(label: str, most: int = 28) -> str:
    return label if len(label) <= most else label[: most - 1] + "…"

"""The command line's progress: a bar redrawn in a terminal, plain periodic lines elsewhere."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

from portal.cli.progress import ProgressBar, count_lines


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_log_gets_plain_lines_and_the_last_one_once():
    out = io.StringIO()
    with ProgressBar("import", 300, stream=out, every=0.0) as bar:
        for _ in range(3):
            bar.advance(100)
    lines = out.getvalue().splitlines()
    assert len(lines) == 3  # the last advance showed 300/300: closing adds no copy of it
    assert lines[-1].startswith("import [########################] 300/300 rows, ")
    assert lines[-1].endswith(" elapsed") and "0:00:00 left" in lines[-1]
    assert "\r" not in out.getvalue()


def test_a_log_is_not_flooded_and_still_ends_with_the_total():
    out = io.StringIO()
    with ProgressBar("Grading", 1_000, stream=out, every=60.0, unit="buyers") as bar:
        for done in range(100, 1_001, 100):
            bar(done)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Grading [########################] 1,000/1,000 buyers, ")


def test_a_terminal_gets_one_line_redrawn_and_a_newline_at_the_end():
    out = Terminal()
    with ProgressBar("import", 200, stream=out) as bar:
        bar(100)
        time.sleep(0.11)
        bar(150)
    text = out.getvalue()
    assert text.count("\r\x1b[2K") == 2  # the redraw of 150, then the closing line
    assert text.split("\r\x1b[2K")[-1].startswith("import [##################      ] 150/200")
    assert text.endswith(" elapsed\n")
    assert text.count("\n") == 1


def test_without_a_total_the_line_shows_rows_and_rate_only():
    out = io.StringIO()
    with ProgressBar("Importing", None, stream=out) as bar:
        bar(42)
    line = out.getvalue().strip()
    assert line.startswith("Importing: 42 rows, ") and "left" not in line and "[" not in line


def test_a_failure_in_a_terminal_ends_the_line_without_a_total():
    out = Terminal()
    try:
        with ProgressBar("import", 10, stream=out) as bar:
            bar(5)
            raise RuntimeError("stop")
    except RuntimeError:
        pass
    assert out.getvalue() == "\n"  # no line was due yet; the prompt starts on a fresh line


def test_lines_of_a_csv_file_are_counted_and_an_xlsx_is_unknown(tmp_path: Path):
    csv_file = tmp_path / "buyers.csv"
    csv_file.write_text("name,country\n" + "".join(f"b{n},FR\n" for n in range(2_500)))
    assert count_lines(str(csv_file)) == 2_500
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert count_lines(str(empty)) == 0
    workbook = tmp_path / "buyers.xlsx"
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert count_lines(str(workbook)) == 0

"""Progress of long work on the command line: rows done, rate and time left.

In a terminal one line is redrawn in place, as a bar; anywhere else (a log file, a pipe, cron)
a plain line is printed every few seconds, so that a log shows the work moving without a flood.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 24


class ProgressBar:
    """Call it with the rows done so far (`advance` adds to them); `close` prints the last line."""

    def __init__(self, label: str, total: int | None, *, stream: TextIO | None = None,
                 every: float = 5.0, unit: str = "rows") -> None:
        self.label, self.total, self.unit = label, total, unit
        self.stream = stream or sys.stdout
        self.terminal = self.stream.isatty()
        self.every = 0.1 if self.terminal else every
        self.started = self.shown = time.monotonic()
        self.done = 0
        self.shown_done: int | None = None

    def __call__(self, done: int) -> None:
        self.done = done
        now = time.monotonic()
        if now - self.shown >= self.every:
            self.shown = now
            self._show(now)

    def advance(self, rows: int) -> None:
        self(self.done + rows)

    def close(self) -> None:
        """The last line, unless a plain line already showed these very rows."""
        if self.terminal or self.shown_done != self.done:
            self._show(time.monotonic(), last=True)

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
        elif self.terminal:
            self.stream.write("\n")

    def line(self, now: float) -> str:
        seconds = max(now - self.started, 1e-9)
        rate = self.done / seconds
        text = f"{self.label}: {self.done:,}"
        if self.total:
            share = min(self.done / self.total, 1.0)
            bar = "#" * int(share * WIDTH)
            text = f"{self.label} [{bar:<{WIDTH}}] {self.done:,}/{self.total:,}"
        text += f" {self.unit}, {rate:,.0f} {self.unit}/s"
        if self.total and rate > 0:
            text += f", {_clock(max(self.total - self.done, 0) / rate)} left"
        return text + f", {_clock(seconds)} elapsed"

    def _show(self, now: float, *, last: bool = False) -> None:
        text = self.line(now)
        self.shown_done = self.done
        if self.terminal:
            self.stream.write("\r\x1b[2K" + text + ("\n" if last else ""))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()


def _clock(seconds: float) -> str:
    whole = int(seconds + 0.5)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def count_lines(path: str) -> int:
    """The data rows of a CSV file (lines after the header), read in blocks: a million rows
    take a fraction of a second. An XLSX file counts as unknown (0)."""
    lines = 0
    with open(path, "rb") as source:
        if source.read(4) == b"PK\x03\x04":  # a zip: XLSX
            return 0
        source.seek(0)
        while block := source.read(1 << 20):
            lines += block.count(b"\n")
    return max(lines - 1, 0)

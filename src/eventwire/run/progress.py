"""A progress display for runs: a rich spinner with counts on stderr, or nothing when stderr is no TTY."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class Progress(Protocol):
    """Receives the running counts of a run."""

    def update(self, **counts: int) -> None:
        """Show ``counts`` (name → number), e.g. ``read=120, extracted=64``."""
        ...


class _Silent:
    def update(self, **counts: int) -> None:
        return None


class _RichProgress:
    def __init__(self, progress: object, task: object) -> None:
        self._progress, self._task = progress, task

    def update(self, **counts: int) -> None:
        text = " · ".join(f"{name} {n}" for name, n in counts.items())
        self._progress.update(self._task, description=text)  # type: ignore[attr-defined]


@contextmanager
def progress_display(enabled: bool = True) -> Iterator[Progress]:
    """A live display on a terminal's stderr; a silent stand-in otherwise (pipes, CI, tests)."""
    if not (enabled and sys.stderr.isatty()):
        yield _Silent()
        return
    from rich.console import Console  # lazily: only terminals draw
    from rich.progress import Progress as RichProgress
    from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

    with RichProgress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                      console=Console(stderr=True), transient=True) as bar:
        yield _RichProgress(bar, bar.add_task("starting", total=None))

"""The exception tree. Messages say what happened, where, and what to do next.

    EventwireError
    ├── InputError            an input file or record cannot be read (carries origin and line)
    │   └── InputLimitError   an input is over a limit (size, depth, compression ratio, kind of file)
    ├── StoreError            the database cannot be opened, migrated or written
    ├── ReviewError           a review names no such event, or a field or value that cannot be set
    ├── UserDataError         a file in the user data folder (own actors, places) is malformed
    ├── GazetteerError        the gazetteer is missing, stale or cannot be built
    ├── ModelError            the NLP model cannot be loaded
    ├── DatasetError          an evaluation dataset is missing or malformed
    └── QueryError            a filter value is malformed, unknown or out of range (names the filter
                              in ``field`` and close matches in the message)
"""

from __future__ import annotations


class EventwireError(Exception):
    """Base of every error eventwire raises on purpose."""


class InputError(EventwireError):
    """An input cannot be read. ``origin`` is the file, ``line`` the 1-based line where known."""

    def __init__(self, message: str, *, origin: str = "", line: int | None = None) -> None:
        where = f"{origin}:{line}" if line is not None else origin
        super().__init__(f"{where}: {message}" if where else message)
        self.origin = origin
        self.line = line


class InputLimitError(InputError):
    """An input is over one of the limits that bound its cost; ``reason`` is the rejection code.

    Raised from deep inside a reader (a stream that decompresses past its cap, a FIFO opened as a file)
    and turned into a ``Rejection`` with that ``reason`` where the file is read.
    """

    def __init__(self, message: str, *, reason: str, origin: str = "", line: int | None = None) -> None:
        super().__init__(message, origin=origin, line=line)
        self.reason = reason


class StoreError(EventwireError):
    """The store cannot be opened, migrated or written."""


class ReviewError(EventwireError):
    """A review cannot be recorded: no such event, an unknown field, a bad value, a missing name."""


class UserDataError(EventwireError):
    """A user list (own actors or places) cannot be loaded. ``origin`` is the file, ``line`` the row."""

    def __init__(self, message: str, *, origin: str = "", line: int | None = None) -> None:
        where = f"{origin} line {line}" if line is not None else origin
        super().__init__(f"{where}: {message}" if where else message)
        self.origin = origin
        self.line = line


class GazetteerError(EventwireError):
    """The gazetteer is missing, stale or cannot be built."""


class ModelError(EventwireError):
    """The NLP model cannot be loaded."""


class DatasetError(EventwireError):
    """An evaluation dataset is missing or malformed."""


class QueryError(EventwireError):
    """A filter value is malformed, unknown (a country, type or sub-type no event can have) or out of range.

    ``field`` names the filter (``near``, ``since``, ``country``...) when the raiser knows it, so each
    surface can dress the message as its own option (``--near`` on the CLI, ``near`` in the API's envelope).
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field

"""Output writers: take a stream of Events, give jsonl, csv (ACLED columns), table, geojson or parquet.

Shared by ``eventwire events``, ``export`` and ``extract``: whatever selects the events, they are
written the same way. Every writer streams (parquet in record batches) and returns a ``WriteSummary``.
"""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from eventwire.api.acled import CSV_COLUMNS, acled_row
from eventwire.api.articles import ArticleInfo
from eventwire.model import EVENT_KEYS, Event

#: Formats that write text to a stream (stdout or a file); parquet needs a path.
TEXT_FORMATS = ("table", "jsonl", "csv", "geojson")
FILE_FORMATS = ("csv", "jsonl", "geojson", "parquet")
_PARQUET_BATCH = 1000
_TABLE_COLUMNS = ("date", "type", "actor1", "actor2", "location", "country", "fatalities")


@dataclass(frozen=True, kw_only=True, slots=True)
class WriteSummary:
    """How many events were written, and how many of them had no coordinates."""

    events: int
    without_coordinates: int = 0


def write_jsonl(events: Iterable[Event], out: IO[str]) -> WriteSummary:
    """One contract JSON object (every key of EVENT_KEYS) per line."""
    n = 0
    for event in events:
        out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return WriteSummary(events=n)


def write_csv(
    events: Iterable[Event], out: IO[str], *, articles: Mapping[str, ArticleInfo] | None = None
) -> WriteSummary:
    """ACLED columns in ACLED's order, then eventwire's (``CSV_COLUMNS``). ``articles`` fills source/timestamp."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for event in events:
        info = (articles or {}).get(event.article_id)
        source = _outlets(event) or (info.source if info else None)
        url = _urls(event) or (info.url if info else None)
        row = acled_row(event, source=source, timestamp=info.timestamp if info else None, source_url=url)
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
        n += 1
    return WriteSummary(events=n)


def _outlets(event: Event) -> str | None:
    # A fused event's outlets, ACLED-style ("Reuters; AFP"); None for an article event.
    sources = getattr(event, "sources", ())
    names = dict.fromkeys(s.source or s.article_id for s in sources)
    return "; ".join(names) or None


def _urls(event: Event) -> str | None:
    # A fused event's article URLs, in the order of its sources; None for an article event.
    urls = dict.fromkeys(s.url for s in getattr(event, "sources", ()) if s.url)
    return "; ".join(urls) or None


def write_table(events: Iterable[Event], out: IO[str]) -> WriteSummary:
    """A compact rich table: date, type, actors, location, country, fatalities."""
    from rich.console import Console  # lazily: only the table format draws
    from rich.table import Table

    rows = iter(events)
    first = next(rows, None)
    fused = hasattr(first, "sources")  # fused events get a column counting their sources
    table = Table(*_TABLE_COLUMNS, *(("sources",) if fused else ()), show_lines=False)
    n = 0
    for e in itertools.chain((first,) if first is not None else (), rows):
        cells = [e.event_date, e.sub_event_type or e.event_type, e.actor1, e.actor2, e.location, e.country,
                 e.fatalities] + ([len(e.sources)] if fused else [])  # type: ignore[attr-defined]
        table.add_row(*(_cell(v) for v in cells))
        n += 1
    is_tty = hasattr(out, "isatty") and out.isatty()
    Console(file=out, width=None if is_tty else 200, soft_wrap=False).print(table)
    out.write(f"{n} event{'s' if n != 1 else ''}\n")
    return WriteSummary(events=n)


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def write_geojson(events: Iterable[Event], out: IO[str]) -> WriteSummary:
    """A FeatureCollection of located events; unlocated ones are counted in ``"eventwire"``, not drawn."""
    out.write('{"type": "FeatureCollection", "features": [')
    n = unlocated = 0
    for event in events:
        if event.latitude is None or event.longitude is None:
            unlocated += 1
            continue
        out.write(("," if n else "") + "\n" + json.dumps(_feature(event), ensure_ascii=False))
        n += 1
    total = n + unlocated
    meta = {"events": total, "features": n, "without_coordinates": unlocated}
    out.write(f'\n], "eventwire": {json.dumps(meta)}}}\n')
    return WriteSummary(events=total, without_coordinates=unlocated)


def _feature(event: Event) -> dict[str, Any]:
    return {
        "type": "Feature", "id": event.event_id,
        "geometry": {"type": "Point", "coordinates": [event.longitude, event.latitude]},
        "properties": event.to_dict(),
    }


def write_parquet(events: Iterable[Event], path: str | Path) -> WriteSummary:
    """A Parquet file of contract columns, written in record batches of ``_PARQUET_BATCH`` events."""
    import pyarrow.parquet as pq  # lazily: pyarrow is heavy to import

    batches = _chunks(events, _PARQUET_BATCH)
    first = next(batches, [])
    schema = parquet_schema(fused=bool(first) and hasattr(first[0], "sources"))
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        for batch in itertools.chain([first] if first else [], batches):
            writer.write_batch(_record_batch(batch, schema))
            n += len(batch)
    return WriteSummary(events=n)


def parquet_schema(*, fused: bool = False) -> Any:
    """The Arrow schema of exported events: EVENT_KEYS with typed columns (then ``sources`` if fused)."""
    import pyarrow as pa

    evidence = pa.list_(pa.struct([("start", pa.int64()), ("end", pa.int64()),
                                   ("text", pa.string()), ("field", pa.string()), ("rule", pa.string())]))
    special = {"weapons": pa.list_(pa.string()), "evidence": evidence,
               "latitude": pa.float64(), "longitude": pa.float64(), "confidence": pa.float64()}
    ints = {"time_precision", "inter1", "inter2", "geo_precision", "fatalities", "fatalities_low",
            "fatalities_high", "injuries"}
    columns = [(k, special.get(k, pa.int64() if k in ints else pa.string())) for k in EVENT_KEYS]
    if fused:
        columns.append(("sources", pa.list_(pa.struct([(k, pa.string()) for k in
                                                        ("article_id", "event_id", "source", "url")]))))
    return pa.schema(columns)


def _record_batch(events: list[Event], schema: Any) -> Any:
    import pyarrow as pa

    rows = [e.to_dict() for e in events]
    return pa.RecordBatch.from_pylist(rows, schema=schema)


def _chunks(events: Iterable[Event], size: int) -> Iterator[list[Event]]:
    chunk: list[Event] = []
    for event in events:
        chunk.append(event)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def write_events(
    events: Iterable[Event], fmt: str, out: IO[str], *, articles: Mapping[str, ArticleInfo] | None = None
) -> WriteSummary:
    """Write ``events`` in a text format (``TEXT_FORMATS``) to ``out``."""
    if fmt == "csv":
        return write_csv(events, out, articles=articles)
    writers: dict[str, Callable[[Iterable[Event], IO[str]], WriteSummary]] = {
        "jsonl": write_jsonl, "table": write_table, "geojson": write_geojson,
    }
    if fmt not in writers:
        raise ValueError(f"unknown text format {fmt!r}; expected one of {', '.join(TEXT_FORMATS)}")
    return writers[fmt](events, out)


def export_events(
    events: Iterable[Event], fmt: str, path: str | Path, *, articles: Mapping[str, ArticleInfo] | None = None
) -> WriteSummary:
    """Write ``events`` to the file at ``path`` in one of ``FILE_FORMATS``."""
    if fmt == "parquet":
        return write_parquet(events, path)
    with open(path, "w", encoding="utf-8", newline="") as out:
        return write_events(events, fmt, out, articles=articles)

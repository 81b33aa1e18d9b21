"""Column types that are portable in Python and native in PostgreSQL.

The rest of the store reads and writes JSON as ``json.dumps`` text and timestamps as ISO-8601 UTC strings,
on every backend. These types keep that contract while PostgreSQL stores real types:

- ``JSONText``: ``TEXT`` elsewhere, ``JSONB`` on PostgreSQL (``CAST(:value AS JSONB)`` on the way in,
  ``CAST(col AS TEXT)`` on the way out — the server converts, no Python work per row).
- ``Timestamp``: ``VARCHAR(32)`` elsewhere, ``TIMESTAMP WITH TIME ZONE`` on PostgreSQL, read back as the
  same ``YYYY-MM-DDTHH:MM:SS+00:00`` string the store wrote.

The casts are SQL constructs compiled per dialect, so SQLite's SQL is exactly what it was before.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal


class _PgCast(ColumnElement[Any]):
    """``inner`` as is, except on PostgreSQL where it becomes ``pg_sql`` (a format string with ``{}``)."""

    inherit_cache = True
    _traverse_internals = [("inner", InternalTraversal.dp_clauseelement), ("pg_sql", InternalTraversal.dp_string)]

    def __init__(self, inner: ColumnElement[Any], pg_sql: str, type_: Any) -> None:
        self.inner = inner
        self.pg_sql = pg_sql
        self.type = type_

    @property
    def _from_objects(self) -> list[Any]:
        return self.inner._from_objects


@compiles(_PgCast)
def _compile_default(element: _PgCast, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.inner, **kw)


@compiles(_PgCast, "postgresql")
def _compile_postgresql(element: _PgCast, compiler: SQLCompiler, **kw: Any) -> str:
    return element.pg_sql.format(compiler.process(element.inner, **kw))


#: PostgreSQL's text types cannot hold NUL; U+FFFD takes its place (one code point for one, so evidence
#: offsets into an article's text stay right). Other backends store NUL as given.
NUL_STAND_IN = "\ufffd"
_JSON_NUL = re.compile(r"(?<!\\)((?:\\\\)*)\\u0000")


class _PgString(sa.types.TypeDecorator[str]):
    # What a VARCHAR column is on PostgreSQL: no length (SQLite never enforced one) and no NUL.
    impl = sa.String
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> Any:
        return value.replace("\x00", NUL_STAND_IN) if isinstance(value, str) and "\x00" in value else value


class _PgText(_PgString):
    impl = sa.Text
    cache_ok = True


def postgresql_variant(column_type: Any) -> Any:
    """``column_type`` (a plain String or Text) with its PostgreSQL form: unbounded, NUL stood in for."""
    if type(column_type) is sa.Text:
        return column_type.with_variant(_PgText(), "postgresql")
    if type(column_type) is sa.String:
        return column_type.with_variant(_PgString(), "postgresql")
    return column_type


class JSONText(sa.types.TypeDecorator[str]):
    """A JSON document given and returned as text; stored as ``JSONB`` on PostgreSQL."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> Any:
        # JSONB refuses the escape \u0000 (an escaped backslash before "u0000" is left alone)
        if dialect.name == "postgresql" and isinstance(value, str) and "\\u0000" in value:
            return _JSON_NUL.sub(lambda m: m.group(1) + "\\ufffd", value)
        return value

    def load_dialect_impl(self, dialect: sa.Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.JSONB())
        return dialect.type_descriptor(sa.Text())

    def bind_expression(self, bindvalue: Any) -> Any:
        return _PgCast(sa.type_coerce(bindvalue, sa.Text()), "CAST({} AS JSONB)", sa.Text())

    def column_expression(self, colexpr: Any) -> Any:
        return _PgCast(colexpr, "CAST({} AS TEXT)", sa.Text())


class Timestamp(sa.types.TypeDecorator[str]):
    """An ISO-8601 UTC timestamp given and returned as text; ``TIMESTAMPTZ`` on PostgreSQL."""

    impl = sa.String(32)
    cache_ok = True

    def load_dialect_impl(self, dialect: sa.Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.TIMESTAMP(timezone=True))
        return dialect.type_descriptor(sa.String(32))

    def bind_expression(self, bindvalue: Any) -> Any:
        return _PgCast(sa.type_coerce(bindvalue, sa.String()), "CAST({} AS TIMESTAMPTZ)", sa.String())

    def column_expression(self, colexpr: Any) -> Any:
        # The store writes seconds in UTC; this gives back exactly that text whatever the session's zone.
        pg = "to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"')"
        return _PgCast(colexpr, pg, sa.String())



class _ByDialect(ColumnElement[bool]):
    # A condition with one SQL on PostgreSQL and another elsewhere, chosen when the statement compiles.
    inherit_cache = True
    _traverse_internals = [("postgresql", InternalTraversal.dp_clauseelement),
                           ("default", InternalTraversal.dp_clauseelement)]

    def __init__(self, postgresql: ColumnElement[bool], default: ColumnElement[bool]) -> None:
        self.postgresql = postgresql
        self.default = default
        self.type = sa.Boolean()

    @property
    def _from_objects(self) -> list[Any]:
        return self.default._from_objects


@compiles(_ByDialect)
def _compile_choice_default(element: _ByDialect, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.default, **kw)


@compiles(_ByDialect, "postgresql")
def _compile_choice_postgresql(element: _ByDialect, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.postgresql, **kw)


def by_dialect(*, postgresql: ColumnElement[bool], default: ColumnElement[bool]) -> ColumnElement[bool]:
    """A condition that is ``postgresql`` on PostgreSQL and ``default`` on any other backend.

    The choice is made when the statement compiles, so query builders stay backend-neutral functions
    of their filters (``eventwire.api.query`` never needs to know which database it will run on).
    """
    return _ByDialect(postgresql, default)


__all__ = ["NUL_STAND_IN", "JSONText", "Timestamp", "by_dialect", "postgresql_variant"]

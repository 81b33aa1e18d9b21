"""Writes over HTTP: takes ``POST /api/v1/ingest`` (JSON records or one uploaded file), gives a stored run.

The body is saved into a temporary folder as a file ``eventwire ingest`` reads (records as JSON Lines, an
upload under its own, cleaned name), then ingested by the same function as the CLI's, so the rejection
rules are the CLI's. Every write needs the server's token; with none configured, writes are refused.
"""

from __future__ import annotations

import hmac
import json
import shutil
import tempfile
from pathlib import Path, PurePath
from typing import Any

from fastapi import FastAPI, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from eventwire.api.http_errors import ApiError
from eventwire.store import Store


class IngestRecords(BaseModel):
    records: list[dict[str, Any]] = Field(
        min_length=1, max_length=10_000,
        description="Articles as `eventwire ingest` reads JSONL lines: `text` and optional `id`, `date`, "
                    "`title`, `url`, `source`.")


def add_ingest_route(app: FastAPI, path: str, *, store: Store, token: str | None, geo: bool) -> None:
    """``POST path``: store articles with the CLI's rules; needs the token."""
    body_doc = {"requestBody": {"required": True, "content": {
        "application/json": {"schema": IngestRecords.model_json_schema()},
        "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
            "file": {"type": "string", "format": "binary",
                     "description": "A file as `eventwire ingest` reads it (.jsonl, .csv, .txt, .html, .xml, .gz)."}}}},
    }}}

    @app.post(path, tags=["ingest"], openapi_extra=body_doc)
    async def ingest(request: Request) -> dict[str, Any]:
        """Store articles (JSON records or one uploaded file) with the CLI's rules; needs EVENTWIRE_TOKEN."""
        check_token(request, token)
        with tempfile.TemporaryDirectory(prefix="eventwire-upload-") as folder:
            saved = await _save_body(request, Path(folder))
            return await run_in_threadpool(_ingest_file, store, saved, geo)


def check_token(request: Request, token: str | None) -> None:
    """Refuse a write without the configured token (and every write when none is configured)."""
    if not token:
        raise ApiError(403, "writes_disabled", "writes are disabled: no token is configured; start the "
                       "server with EVENTWIRE_TOKEN set and send it as 'Authorization: Bearer TOKEN'")
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
        raise ApiError(401, "unauthorized", "missing or wrong token: send 'Authorization: Bearer TOKEN' "
                       "with the server's EVENTWIRE_TOKEN", field="authorization")


async def _save_body(request: Request, folder: Path) -> Path:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            payload = IngestRecords.model_validate_json(await request.body())
        except ValueError as exc:
            raise ApiError(422, "invalid", f"body: expected {{\"records\": [{{\"text\": ...}}, ...]}} ({_first(exc)})",
                           field="records") from exc
        path = folder / "records.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in payload.records), encoding="utf-8")
        return path
    if kind == "multipart/form-data":
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise ApiError(422, "invalid", "file: send the articles as a form file field named 'file'", field="file")
        path = folder / safe_name(upload.filename or "")
        with path.open("wb") as out:  # copied in chunks: an upload may be as large as the body cap
            shutil.copyfileobj(upload.file, out)
        return path
    raise ApiError(415, "unsupported_media_type", f"send application/json records or a multipart/form-data file, "
                   f"not {kind or 'no content type'}", field="content-type")


def _first(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors) and errors():
        e = errors()[0]
        return f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}"
    return str(exc).splitlines()[0]


def safe_name(filename: str) -> str:
    """An upload's name reduced to safe characters, its folders dropped (the suffix picks the reader)."""
    base = PurePath(filename.replace("\\", "/")).name
    cleaned = "".join(c for c in base if c.isalnum() or c in "._-").lstrip(".")
    return cleaned or "upload"


def _ingest_file(store: Store, path: Path, geo: bool) -> dict[str, Any]:
    from eventwire.api.articles import list_rejections
    from eventwire.config import Settings
    from eventwire.run.local import default_geoparser, ingest

    summary = ingest([str(path)], store, Settings(), geoparser=default_geoparser(no_geo=not geo), progress=False)
    rejected = [r.to_dict() for r in list_rejections(store) if r.run_id == summary.run_id]
    return {**summary.to_dict(), "rejections": rejected}

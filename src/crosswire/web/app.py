"""The FastAPI app: pages (`pages`), the JSON API (`api`), live events, and the guards around
them (`security`). Every request opens the store for itself (SQLite in WAL mode: reads never
wait for a run writing)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, Response

from crosswire import __version__
from crosswire.store import Store
from crosswire.web.config import WebConfig, loopback
from crosswire.web.security import SESSION_COOKIE, Guarded, bearer, derived, same
from crosswire.web.work import WriteFailed, Writer

STATIC = {
    "style.css": (Path(__file__).parents[1] / "report" / "templates" / "style.css", "text/css"),
    "web.css": (Path(__file__).with_name("templates") / "web.css", "text/css"),
}


def build(config: WebConfig) -> FastAPI:
    from crosswire.web import api, pages

    writer = Writer()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with Store(config.db):  # (made, or brought to the newest schema, before serving)
            pass
        yield
        writer.close()

    app = FastAPI(
        title="crosswire",
        version=__version__,
        summary="Stories cross-checked from many news reports: read, search, correct, ingest.",
        lifespan=lifespan,
        docs_url=None,  # (its pages load scripts from a CDN: the schema is at /openapi.json)
        redoc_url=None,
    )
    app.state.config, app.state.writer = config, writer
    app.include_router(pages.router)
    app.include_router(api.router, prefix="/api")

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in STATIC:
            raise HTTPException(404, "no such file")
        path, kind = STATIC[name]
        headers = {"cache-control": "public, max-age=3600"}
        return Response(path.read_bytes(), media_type=kind, headers=headers)

    @app.exception_handler(WriteFailed)
    def write_failed(request: Request, exc: WriteFailed) -> Response:
        return JSONResponse({"detail": str(exc)}, 503)

    app.add_middleware(Guarded, limit=config.max_body)
    return app


def config_of(request: Request) -> WebConfig:
    config: WebConfig = request.app.state.config
    return config


def store(request: Request) -> Iterator[Store]:
    """The store, opened for one request."""
    with Store(config_of(request).db, threads=True) as opened:  # (opened and used in two)
        yield opened


def signed_in(request: Request) -> bool:
    """Whether the request carries the token: as a bearer header, or the session cookie."""
    token = config_of(request).token
    if token is not None and same(bearer(request.headers.get("authorization")), token):
        return True
    return in_session(request)


def in_session(request: Request) -> bool:
    """Whether the request carries the session cookie (of a sign-in with the token)."""
    token = config_of(request).token
    return token is not None and same(
        request.cookies.get(SESSION_COOKIE), derived(token, "session")
    )


def may_read(request: Request) -> None:
    """Reads are open (by default, on loopback) or need the token."""
    config = config_of(request)
    client = request.client.host if request.client else ""
    if config.open_reads or loopback(client) or signed_in(request):
        return
    raise HTTPException(401, "reading needs the token", {"www-authenticate": "Bearer"})


def may_write(request: Request) -> None:
    """Writes need the token (none set: no writes at all)."""
    if config_of(request).token is None:
        raise HTTPException(403, "writes are off: start the server with CROSSWIRE_TOKEN set")
    if not signed_in(request):
        raise HTTPException(401, "writing needs the token", {"www-authenticate": "Bearer"})


Opened = Annotated[Store, Depends(store)]

"""The FastAPI app: pages (`pages`), the JSON API (`api`), live events, and the guards around
them (`security`). Requests read the store through connections kept open between them
(`Readers`; SQLite in WAL mode: reads never wait for a run writing, and each read sees the last
commit). The guards and the store's lending are coroutines: a request's only hop to a thread is
its handler's."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Annotated

from anyio import to_thread
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, Response

from crosswire import __version__
from crosswire.store import Store
from crosswire.web.config import WebConfig, loopback
from crosswire.web.live import Generations
from crosswire.web.rendered import Rendered
from crosswire.web.security import SESSION_COOKIE, Guarded, bearer, derived, same
from crosswire.web.work import WriteFailed, Writer

POLL_SECONDS = 1.0  # how often the live pages' watcher looks for a newer generation
STATIC = {
    "style.css": (Path(__file__).parents[1] / "report" / "templates" / "style.css", "text/css"),
    "web.css": (Path(__file__).with_name("templates") / "web.css", "text/css"),
}


def build(config: WebConfig) -> FastAPI:
    from crosswire.web import api, pages

    writer, readers = Writer(), Readers(config.db)
    watch = Generations(readers.generation, every=POLL_SECONDS)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with Store(config.db):  # (made, or brought to the newest schema, before serving)
            pass
        # A few threads for the handlers: a page holds the interpreter while it renders, so
        # more threads than this only contend for it (and answer later, not sooner).
        to_thread.current_default_thread_limiter().total_tokens = config.threads
        await watch.look()
        watching = asyncio.create_task(watch.run())
        yield
        watching.cancel()
        writer.close()
        readers.close()

    app = FastAPI(
        title="crosswire",
        version=__version__,
        summary="Stories cross-checked from many news reports: read, search, correct, ingest.",
        lifespan=lifespan,
        docs_url=None,  # (its pages load scripts from a CDN: the schema is at /openapi.json)
        redoc_url=None,
    )
    app.state.config, app.state.writer, app.state.readers = config, writer, readers
    app.state.watch, app.state.rendered = watch, Rendered()
    app.include_router(pages.router)
    app.include_router(api.router, prefix="/api")

    files = {name: (path.read_bytes(), kind) for name, (path, kind) in STATIC.items()}

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        if name not in files:
            raise HTTPException(404, "no such file")
        data, kind = files[name]
        return Response(data, media_type=kind, headers={"cache-control": "public, max-age=3600"})

    @app.exception_handler(WriteFailed)
    def write_failed(request: Request, exc: WriteFailed) -> Response:
        return JSONResponse({"detail": str(exc)}, 503)

    app.add_middleware(Guarded, limit=config.max_body)
    return app


def config_of(request: Request) -> WebConfig:
    config: WebConfig = request.app.state.config
    return config


class Readers:
    """Connections to the store for requests to read through, each lent to one request at a
    time and kept open for the next (opening one costs more than most reads). At most `kept`
    stay open when idle; under a burst more are opened, then closed as they come back."""

    def __init__(self, db: Path, kept: int = 8) -> None:
        self.db, self.kept = db, kept
        self._idle: deque[Store] = deque()

    def lend(self) -> Store:
        try:
            return self._idle.pop()
        except IndexError:
            return Store(self.db, threads=True)  # (lent in the event loop, read in a thread)

    def back(self, store: Store) -> None:
        if len(self._idle) < self.kept:
            self._idle.append(store)
        else:
            store.close()

    @contextmanager
    def lent(self) -> Iterator[Store]:
        """A connection, lent for the block and given back after it."""
        store = self.lend()
        try:
            yield store
        finally:
            self.back(store)

    def generation(self) -> int:
        """The store's generation, read through a lent connection (in any thread)."""
        with self.lent() as store:
            return store.generation()

    def close(self) -> None:
        while self._idle:
            self._idle.pop().close()


async def store(request: Request) -> AsyncIterator[Store]:
    """The store, lent to one request."""
    readers: Readers = request.app.state.readers
    with readers.lent() as lent:
        yield lent


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


async def may_read(request: Request) -> None:
    """Reads are open (by default, on loopback) or need the token."""
    config = config_of(request)
    client = request.client.host if request.client else ""
    if config.open_reads or loopback(client) or signed_in(request):
        return
    raise HTTPException(401, "reading needs the token", {"www-authenticate": "Bearer"})


async def may_write(request: Request) -> None:
    """Writes need the token (none set: no writes at all)."""
    if config_of(request).token is None:
        raise HTTPException(403, "writes are off: start the server with CROSSWIRE_TOKEN set")
    if not signed_in(request):
        raise HTTPException(401, "writing needs the token", {"www-authenticate": "Bearer"})


Opened = Annotated[Store, Depends(store)]

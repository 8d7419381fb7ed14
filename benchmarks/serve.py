"""`crosswire serve` under a bounded load: a store of SIZE articles (`scale.py`'s synthetic
feed, stored and clustered by `crosswire run`; the stories' analysis is left out, as in
`store_scale.py`: each story published with empty findings, so the build takes a minute, not an
hour), served by uvicorn in a process of its own on 127.0.0.1. REQUESTS requests, CONCURRENCY at
a time, spread over the front page (half of them the first page as it opens, half another
page, order or filter), story pages (any of the store's), search (words and pairs of words
drawn from the articles' titles: a thousand different queries), and a static file served by
the same server (the peer in the same run); then ADD articles ingested through the API while
the same load of reads goes on. Prints p50 and p99 latency of each kind, and errors.

The load is made with aiohttp (its client costs a tenth of httpx's a request: the client shares
the machine's cores with the server, and should take as little of them as it can).

    python benchmarks/serve.py [--size 10000] [--requests 2000] [--concurrency 20] [--add 100]
        [--workers 1] [--keep FOLDER | --db STORE]

`--db STORE` serves a copy of an existing store instead: one whose stories were analysed (story
pages as large as real ones), e.g. one `crosswire run` made of a corpus.

`--keep` builds the store once into FOLDER and serves a copy of it in later runs (of the same
crosswire code: a store built by other code has its stories analysed again at the ingest).

Floors (issue 18): p99 <= 200 ms for pages, no errors; ingest while serving does not block
reads.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import aiohttp
from scale import make_articles
from store_scale import empty_findings, no_analysis, run, write_feed

from crosswire.engine import jobs
from crosswire.engine.jobs import code_version
from crosswire.store import Store
from crosswire.store.published import Filters

TOKEN = "bench-token"
QUERIES = 1000  # different searches the load draws from


def build(size: int, folder: Path) -> Path:
    """A store of `size` articles, published (without analysis: see the docstring)."""
    articles = make_articles(size, random.Random(7))
    write_feed(articles, folder / "feed")
    saved = jobs.analyse, jobs.findings_json
    jobs.analyse, jobs.findings_json = no_analysis, empty_findings  # type: ignore[assignment]
    try:
        seconds, _, stories = run(folder / "feed", folder / "store.db", folder / "out")
    finally:
        jobs.analyse, jobs.findings_json = saved  # type: ignore[assignment]
    print(f"store: {size} articles, {stories} stories, built in {seconds:.0f} s", flush=True)
    return folder / "store.db"


def built(size: int, keep: Path | None, tmp: Path, given: Path | None = None) -> Path:
    """The store to serve: a copy of `given`; or built in `tmp`, or (with `keep`) built once
    there and copied."""
    if given is not None:
        with Store(given) as source, sqlite3.connect(tmp / "store.db") as copy:
            source._db.backup(copy)  # (a consistent copy, whatever its WAL holds)
        return tmp / "store.db"
    if keep is None:
        return build(size, tmp)
    kept = keep / f"store-{size}-{code_version()[:12]}.db"
    if not kept.exists():
        keep.mkdir(parents=True, exist_ok=True)
        shutil.move(build(size, tmp), kept)
    shutil.copy(kept, tmp / "store.db")
    return tmp / "store.db"


def serve(db: Path, out: Path, workers: int = 1) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [sys.executable, "-m", "crosswire", "serve", "--db", str(db), "--port", str(port)]
    command += ["--workers", str(workers)]
    env = os.environ | {"CROSSWIRE_TOKEN": TOKEN}
    server = subprocess.Popen([*command, "--out", str(out)], env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/static/style.css", timeout=1).close()
            return server, base
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start")


def targets(db: Path, n: int, rng: random.Random) -> list[tuple[str, str]]:
    with Store(db) as store:
        stories = store.listed(Filters(), 100_000)[0]
    words = sorted({w for s in stories for w in re.findall(r"[a-z]{5,}", s.headline.lower())})
    pairs = [" ".join(rng.sample(words, 2)) for _ in range(QUERIES // 3)]
    queries = rng.sample(words, min(len(words), QUERIES - len(pairs))) + pairs
    pages = max(1, len(stories) // 50)
    fronts = [
        lambda: f"/?page={rng.randint(1, min(pages, 20))}",
        lambda: "/?order=corroborated",
        lambda: f"/?order=corroborated&page={rng.randint(1, min(pages, 20))}",
        lambda: f"/?since=2025-{rng.randint(1, 12):02d}-01",
        lambda: "/?conflicts=true",
    ]
    kinds = [
        ("front page", lambda: "/" if rng.random() < 0.5 else rng.choice(fronts)()),
        ("story page", lambda: "/stories/" + rng.choice(stories).story),
        ("search", lambda: "/search?" + urllib.parse.urlencode({"q": rng.choice(queries)})),
        ("static file", lambda: "/static/style.css"),
    ]
    return [(kind, make()) for kind, make in (kinds[i % 4] for i in range(n))]


async def load(base: str, wanted: list[tuple[str, str]], concurrency: int) -> dict[str, list]:
    """Each request's latency (s) by kind; a failed one as None."""
    times: dict[str, list[float | None]] = {}
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for item in wanted:
        queue.put_nowait(item)
    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(base, connector=connector, timeout=timeout) as client:

        async def worker() -> None:
            while not queue.empty():
                kind, path = queue.get_nowait()
                start = time.perf_counter()
                try:
                    async with client.get(path) as answer:
                        await answer.read()
                        ok = answer.status == 200
                except (aiohttp.ClientError, TimeoutError):
                    ok = False
                took = time.perf_counter() - start
                times.setdefault(kind, []).append(took if ok else None)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return times


def report(title: str, times: dict[str, list], wanted: list[tuple[str, str]]) -> None:
    print(title)
    for kind, values in sorted(times.items()):
        distinct = len({path for k, path in wanted if k == kind})
        good = sorted(v for v in values if v is not None)
        errors = len(values) - len(good)
        p50 = good[len(good) // 2] * 1000 if good else float("nan")
        p99 = good[min(len(good) - 1, int(len(good) * 0.99))] * 1000 if good else float("nan")
        print(f"  {kind:<12} {len(values):>5} requests ({distinct:>4} different)"
              f"  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  errors {errors}")  # fmt: skip


def feed(n: int) -> bytes:
    rows = [
        {"id": a.id + "-new", "title": a.meta.title, "published": a.meta.published, "text": a.body}
        for a in make_articles(n, random.Random(99))
    ]
    return "".join(json.dumps(r) + "\n" for r in rows).encode()


async def ingest_while_reading(base: str, wanted: list, concurrency: int, add: int) -> None:
    timeout = aiohttp.ClientTimeout(total=1800)
    async with aiohttp.ClientSession(base, timeout=timeout) as client:
        headers = {"authorization": f"Bearer {TOKEN}", "content-type": "application/x-ndjson"}

        async def ingest() -> tuple[int, Any]:
            async with client.post("/api/ingest", data=feed(add), headers=headers) as answer:
                ok = answer.status == 200
                return answer.status, await answer.json() if ok else await answer.text()

        start = time.perf_counter()
        sent = asyncio.create_task(ingest())
        times = await load(base, wanted, concurrency)
        reads_done = time.perf_counter() - start
        status, changed = await sent
        took = time.perf_counter() - start
    report(f"while ingesting {add} articles (reads done in {reads_done:.1f} s):", times, wanted)
    if isinstance(changed, dict):
        changed = {k: len(v) if isinstance(v, list) else v for k, v in changed.items()}
    print(f"ingest: HTTP {status} in {took:.1f} s: {changed}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=20)
    ap.add_argument("--add", type=int, default=100)
    ap.add_argument("--workers", type=int, default=1, help="the server's processes")
    ap.add_argument("--db", type=Path, help="serve a copy of this store instead (analysed)")
    ap.add_argument("--keep", type=Path, help="a folder to keep the built store in, and reuse")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = built(args.size, args.keep, Path(tmp), args.db)
        server, base = serve(db, Path(tmp) / "served", args.workers)
        try:
            rng = random.Random(3)
            asyncio.run(load(base, targets(db, 100, rng), 5))  # (warm up)
            wanted = targets(db, args.requests, rng)
            report("reads alone:", asyncio.run(load(base, wanted, args.concurrency)), wanted)
            others = targets(db, args.requests, rng)  # (other draws: not the pages just served)
            asyncio.run(ingest_while_reading(base, others, args.concurrency, args.add))
        finally:
            server.terminate()
            server.wait(30)
    print("floors: p99 <= 200 ms for pages, no errors; ingest does not block reads")


if __name__ == "__main__":
    main()

"""`crosswire serve` under a bounded load: a store of SIZE articles (`scale.py`'s synthetic
feed, stored and clustered by `crosswire run`; the stories' analysis is left out, as in
`store_scale.py`: each story published with empty findings, so the build takes a minute, not an
hour), served by uvicorn in a process of its own on 127.0.0.1. REQUESTS requests, CONCURRENCY at
a time, spread over the front page, story pages, search, and a static file served by the same
server (the peer in the same run); then ADD articles ingested through the API while the same
load of reads goes on. Prints p50 and p99 latency of each kind, and errors.

    python benchmarks/serve.py [--size 10000] [--requests 2000] [--concurrency 20] [--add 100]

Floors (issue 18): p99 <= 200 ms for pages, no errors; ingest while serving does not block
reads.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from scale import make_articles
from store_scale import empty_findings, no_analysis, run, write_feed

from crosswire.engine import jobs
from crosswire.store import Store
from crosswire.store.published import Filters

TOKEN = "bench-token"
WORDS = ["minister", "election", "police", "market", "court", "football", "police said", "film"]


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


def serve(db: Path, out: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [sys.executable, "-m", "crosswire", "serve", "--db", str(db), "--port", str(port)]
    env = os.environ | {"CROSSWIRE_TOKEN": TOKEN}
    server = subprocess.Popen([*command, "--out", str(out)], env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(base + "/static/style.css", timeout=1)
            return server, base
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start")


def targets(db: Path, n: int, rng: random.Random) -> list[tuple[str, str]]:
    with Store(db) as store:
        stories = [s.story for s in store.listed(Filters(), 5000)[0]]
    kinds = [
        ("front page", lambda: "/"),
        ("story page", lambda: "/stories/" + rng.choice(stories)),
        ("search", lambda: "/search?q=" + rng.choice(WORDS)),
        ("static file", lambda: "/static/style.css"),
    ]
    return [(kind, make()) for kind, make in (kinds[i % 4] for i in range(n))]


async def load(base: str, wanted: list[tuple[str, str]], concurrency: int) -> dict[str, list]:
    """Each request's latency (s) by kind; a failed one as None."""
    times: dict[str, list[float | None]] = {}
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for item in wanted:
        queue.put_nowait(item)
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:

        async def worker() -> None:
            while not queue.empty():
                kind, path = queue.get_nowait()
                start = time.perf_counter()
                try:
                    ok = (await client.get(path)).status_code == 200
                except httpx.HTTPError:
                    ok = False
                took = time.perf_counter() - start
                times.setdefault(kind, []).append(took if ok else None)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return times


def report(title: str, times: dict[str, list]) -> None:
    print(title)
    for kind, values in times.items():
        good = sorted(v for v in values if v is not None)
        errors = len(values) - len(good)
        p50 = good[len(good) // 2] * 1000 if good else float("nan")
        p99 = good[min(len(good) - 1, int(len(good) * 0.99))] * 1000 if good else float("nan")
        print(f"  {kind:<12} {len(values):>5} requests  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms"
              f"  errors {errors}")  # fmt: skip


def feed(n: int) -> bytes:
    rows = [
        {"id": a.id + "-new", "title": a.meta.title, "published": a.meta.published, "text": a.body}
        for a in make_articles(n, random.Random(99))
    ]
    return "".join(json.dumps(r) + "\n" for r in rows).encode()


async def ingest_while_reading(base: str, wanted: list, concurrency: int, add: int) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=600) as client:
        headers = {"authorization": f"Bearer {TOKEN}"}
        start = time.perf_counter()
        ingest = asyncio.create_task(client.post("/api/ingest", content=feed(add), headers=headers))
        times = await load(base, wanted, concurrency)
        reads_done = time.perf_counter() - start
        answer = await ingest
        took = time.perf_counter() - start
    report(f"while ingesting {add} articles (reads done in {reads_done:.1f} s):", times)
    changed = answer.json() if answer.status_code == 200 else answer.text
    summary = {k: len(v) if isinstance(v, list) else v for k, v in changed.items()}
    print(f"ingest: HTTP {answer.status_code} in {took:.1f} s: {summary}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=20)
    ap.add_argument("--add", type=int, default=100)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = build(args.size, Path(tmp))
        server, base = serve(db, Path(tmp) / "served")
        try:
            rng = random.Random(3)
            asyncio.run(load(base, targets(db, 100, rng), 5))  # (warm up)
            wanted = targets(db, args.requests, rng)
            report("reads alone:", asyncio.run(load(base, wanted, args.concurrency)))
            asyncio.run(ingest_while_reading(base, wanted, args.concurrency, args.add))
        finally:
            server.terminate()
            server.wait(30)
    print("floors: p99 <= 200 ms for pages, no errors; ingest does not block reads")


if __name__ == "__main__":
    main()

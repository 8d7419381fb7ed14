"""Report files written atomically: a reader never sees half a file, a crash never leaves one."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def write_text(path: Path, text: str) -> None:
    """Write through a temporary file beside it, renamed into place; readable by all as any
    file the user makes (0666 less the umask), not only by the writer as temporary files are."""
    write_parts(path, (text,))


def write_parts(path: Path, parts: Iterable[str]) -> None:
    """`write_text` of the parts one after another, never joined in memory (a large store's
    stories.json is hundreds of megabytes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.writelines(parts)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove_stale(folder: Path, keep: set[str], endings: tuple[str, ...]) -> None:
    """Remove what an earlier write left in `folder`: temporary files a killed write left, and
    files with these endings that are not in `keep` (the reports of stories merged away).
    Anything else (a desk's own notes) stays."""
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        leftover = path.name.startswith(".") and path.name.endswith(".tmp")
        stale = path.name.endswith(endings) and path.name not in keep
        if path.is_file() and (leftover or stale):
            path.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def tree_digest(root: Path, suffixes: tuple[str, ...] | None = None, seed: str = "") -> str:
    """A hash of `seed` and every file under `root` (with one of these endings, when given; any
    but compiled Python otherwise), in path order: what cached output was made by."""

    def kept(p: Path) -> bool:
        return p.suffix in suffixes if suffixes is not None else p.suffix != ".pyc"

    digest = hashlib.sha256(seed.encode("utf-8"))
    for path in sorted(p for p in root.rglob("*") if p.is_file() and kept(p)):
        digest.update(path.read_bytes())
    return digest.hexdigest()

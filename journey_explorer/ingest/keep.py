"""Keeping each uploaded file as it was: compressed, beside the workspace database.

The kept original is the workspace's provenance (what was loaded, byte for byte) and lets a file
be mapped again without a new upload. Its SHA-256 tells when the same file is loaded twice.
Files that are compressed already (gzip, zstd, Parquet) are kept as they are; the rest as zstd,
which DuckDB reads directly.
"""
from __future__ import annotations

import gzip
import hashlib
import re
import shutil
import zlib
from pathlib import Path

import zstandard

from .. import db
from .read import FileProblem

COMPRESSED = (".gz", ".zst", ".parquet", ".pq")
CHUNK = 1 << 20
# A compressed file may unpack to this many times its size (real exports: 5-20×), and past 1 GB
# no more than that: a "zip bomb" is stopped after a second or two, not after the disk is full.
MAX_RATIO, RATIO_FROM = 200, 1 << 30
# The biggest export a load is known to fit the default memory budget (2 GB) with: a 25M-row,
# 1 GB CSV loads at a peak of 2.43 GiB, spilling 19 GB to disk (`python -m
# journey_explorer.bench.big_file`). A bigger budget (JOURNEY_EXPLORER_MEMORY) takes
# proportionally bigger files.
MAX_BYTES_PER_BUDGET_BYTE = 0.55
UNITS = {"": 1, "B": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12,
         "KIB": 1 << 10, "MIB": 1 << 20, "GIB": 1 << 30, "TIB": 1 << 40}


def largest_file() -> int:
    """Bytes of (unpacked) text the memory budget loads in one file."""
    found = re.fullmatch(r"\s*([\d.]+)\s*([A-Za-z]*)\s*", db.memory_limit())
    budget = float(found[1]) * UNITS.get(found[2].upper(), 1e9) if found else 2e9
    return int(budget * MAX_BYTES_PER_BUDGET_BYTE)


def _size(n: float) -> str:
    return f"{n / 1e9:.1f} GB" if n >= 1e9 else f"{n / 1e6:.3g} MB"


def check_size(size: int, name: str, unpacked: bool = False) -> None:
    limit = largest_file()
    if size > limit:
        raise FileProblem(f"{name} {'unpacks to' if unpacked else 'is'} {_size(size)}, more than the "
                          f"{_size(limit)} this app can load in one file with its memory, so nothing was "
                          "loaded: export a shorter period, or give the app more memory (JOURNEY_EXPLORER_MEMORY).")


def kept_folder(con) -> Path | None:
    """The folder beside this workspace's database file (None for an in-memory workspace)."""
    path = db.database_path(con)
    return Path(path).with_suffix(".files") if path else None


def keep_original(path: Path, folder: Path | None, load_id: int, name: str) -> tuple[Path | None, str]:
    """(kept file or None, SHA-256 of the original bytes). The caller deletes the kept file if
    the load does not land."""
    digest = hashlib.sha256()
    if not path.name.lower().endswith((".parquet", ".pq")):  # Parquet's rows are smaller than its text
        check_size(path.stat().st_size, name)
    if path.name.lower().endswith(".gz"):
        check_gzip(path, name)
    if folder is None:
        with open(path, "rb") as source:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
        return None, digest.hexdigest()
    folder.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name)[-120:] or "file"
    compressed = path.name.lower().endswith(COMPRESSED)
    kept = folder / (f"{load_id}-{safe}" + ("" if compressed else ".zst"))
    with open(path, "rb") as source, open(kept, "wb") as target:
        if compressed:
            shutil.copyfileobj(_hashing(source, digest), target, CHUNK)
        else:
            # Level 3 with a worker thread: about as fast as reading the file again.
            with zstandard.ZstdCompressor(level=3, threads=1).stream_writer(target, closefd=False) as out:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
    return kept, digest.hexdigest()


def check_gzip(path: Path, name: str) -> None:
    """Read a gzip file to its end: a damaged or cut-off one (CRC, length or truncation error) or
    one that unpacks far past any real export is refused whole, in one sentence."""
    limit = max(RATIO_FROM, MAX_RATIO * path.stat().st_size)
    unpacked = 0
    try:
        with gzip.open(path, "rb") as stream:
            while chunk := stream.read(CHUNK):
                unpacked += len(chunk)
                check_size(unpacked, name, unpacked=True)
                if unpacked > limit:
                    raise FileProblem(f"{name} unpacks to more than {limit / 1e9:.0f} GB, far more than any export "
                                      "of its size: it was not loaded. Check the file, or unpack it and upload the CSV.")
    except (OSError, EOFError, zlib.error) as exc:
        raise FileProblem(f"{name} is a damaged or incomplete gzip file ({str(exc).rstrip('.')}), so nothing was "
                          "loaded. Download or export it again.") from None


class _hashing:
    """A file object that hashes what is read through it."""

    def __init__(self, source, digest):
        self.source, self.digest = source, digest

    def read(self, size=-1):
        chunk = self.source.read(size)
        self.digest.update(chunk)
        return chunk

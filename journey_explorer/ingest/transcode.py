"""Files DuckDB's readers cannot take as they are, made readable: Windows-1252 text, and `#`
note lines above a CSV's header.

DuckDB's readers take UTF-8, UTF-16 and Latin-1 without the encodings extension, and its
Latin-1 refuses the bytes 0x80–0x9F that Windows-1252 uses for € „ “ – …. A file the sniffer
calls Latin-1 is therefore decoded as Windows-1252 (which is Latin-1 for every other byte) and
written as UTF-8 to a scratch file, in chunks, so a big export never sits in memory whole. The
kept original is not touched: only the reader sees the scratch copy.

Note lines are left out of the same copy rather than with read_csv's `comment` option, which
would also cut every value after a `#` (Shopify's order "#1001").
"""
from __future__ import annotations

import codecs
import gzip
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import zstandard

from .read import FileProblem, SerialReadNeeded, sniff

CHUNK = 1 << 20
SHOWN_ENCODING = "Windows-1252"


def _cp1252_or_latin1(error: UnicodeDecodeError) -> tuple[str, int]:
    """The five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) as Latin-1
    does: nothing is lost and nothing refused."""
    return error.object[error.start:error.end].decode("latin-1"), error.end


codecs.register_error("jx_cp1252_or_latin1", _cp1252_or_latin1)


def _open(path: Path):
    name = path.name.lower()
    return gzip.open(path, "rb") if name.endswith(".gz") else zstandard.open(path, "rb") \
        if name.endswith(".zst") else open(path, "rb")


def needs_transcoding(path: Path) -> bool:
    """A text file the sniffer reads as Latin-1, i.e. not UTF-8 or UTF-16."""
    return _sniffed(path)[1] == "latin-1"


def _sniffed(path: Path) -> tuple[str | None, str | None]:
    try:
        return sniff(path)
    except FileProblem:
        return None, None   # the reader says what is wrong with it, under the user's name


def preamble_lines(path: Path) -> int:
    """Lines of `#` notes above a CSV's header (GA4's Explore download: account, property, dates),
    blank lines among them included; 0 when the file starts with its header."""
    fmt, encoding = _sniffed(path)
    if fmt != "csv" or encoding == "utf-16":
        return 0
    with _open(path) as source:
        head = source.read(65536)
    lines = head.split(b"\n")[:-1]   # whole lines only
    count = 0
    for line in lines:
        text = line.lstrip(codecs.BOM_UTF8).strip()
        if text and not text.startswith(b"#"):
            break
        count += 1
    else:
        return 0   # notes only, or no line end in the first 64 KB: the reader says what it makes of it
    return count if any(line.lstrip(codecs.BOM_UTF8).strip().startswith(b"#") for line in lines[:count]) else 0


def copy_for_reader(path: Path, skip: int, cp1252: bool) -> Path:
    """A UTF-8 copy without the first `skip` lines (uncompressed; same name ending, for the reader)."""
    plain = path.name.lower().removesuffix(".gz").removesuffix(".zst")
    handle, scratch = tempfile.mkstemp(suffix=Path(plain).suffix or ".csv", prefix="jx-read-")
    decoder = codecs.getincrementaldecoder("cp1252")(errors="jx_cp1252_or_latin1") if cp1252 else None
    try:
        with os.fdopen(handle, "wb") as out, _open(path) as source:
            for _ in range(skip):
                source.readline()
            while chunk := source.read(CHUNK):
                out.write(decoder.decode(chunk).encode("utf-8") if decoder else chunk)
            if decoder:
                out.write(decoder.decode(b"", final=True).encode("utf-8"))
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
    return Path(scratch)


@dataclass(frozen=True)
class Readable:
    path: Path                 # what the reader reads: the file, or a scratch copy of it
    encoding: str | None       # the file's own encoding when it was transcoded, to show
    skipped: int               # note lines above the header left out (reader line numbers are off by it)


@contextmanager
def readable(path: Path, name: str) -> Iterator[Readable]:
    """The file the user calls `name` as the reader can take it; errors raised while reading
    name that file, not a kept or scratch copy."""
    cp1252, skip = needs_transcoding(path), preamble_lines(path)
    scratch = copy_for_reader(path, skip, cp1252) if cp1252 or skip else None
    try:
        yield Readable(scratch or path, SHOWN_ENCODING if cp1252 else None, skip)
    except SerialReadNeeded:
        raise SerialReadNeeded(path) from None   # the caller retries by the path it knows
    except FileProblem as exc:
        exc.args = (named(str(exc), name, path, scratch), *exc.args[1:])   # its kind kept (UnknownLayout)
        raise
    finally:
        if scratch is not None:
            scratch.unlink(missing_ok=True)


def named(message: str, name: str, *paths: Path | None) -> str:
    """The message with the kept or scratch copy's name replaced by the user's file name."""
    for path in paths:
        if path is not None and path.name != name:
            message = message.replace(path.name, name)
    return message

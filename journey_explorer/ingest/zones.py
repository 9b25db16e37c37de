"""The time zone of a file's times that do not say theirs (load --timezone, the Data page)."""
from __future__ import annotations

import zoneinfo

from ..model import did_you_mean
from .read import FileProblem


def check_timezone(name: str | None) -> None:
    """A plain error for a name the IANA time zone database does not know (None: the default)."""
    if name is None or name == "UTC" or name in zoneinfo.available_timezones():
        return
    raise FileProblem(f'"{name}" is not a time zone; use a name such as Europe/Rome or America/New_York.'
                      + did_you_mean(name, sorted(zoneinfo.available_timezones())))

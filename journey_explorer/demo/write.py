"""Writing the demo exports: GA4 web events, a CallRail-style call log and Mailchimp-style email
activity, formatted with Arrow compute kernels a chunk at a time on two threads. A seed gives the
same bytes every time.
"""
from __future__ import annotations

import zlib
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import story as S
from .behaviour import DESKTOP, MOBILE
from .simulate import (ACTIONS, CHUNK, END, EVENTS, FILES, FORMS, LEAD, PAIR_REFERRER, PAIR_TAGGED, PAIRS,
                       PURCHASE, ROWS_PER_CUSTOMER, START, STATIC_CAMPAIGNS, TERMS, TERMS_URL, Sim, _simulate)
from .story import DAY, permute


def write_sample_data(out_dir, seed: int = 7, customers: int = 4000, start: str = START,
                      end: str = END) -> dict[str, Path]:
    """The demo's three exports, written into out_dir. `customers` counts everyone simulated,
    including those who arrived in the year before `start` (some come back, some are on the list)."""
    return _write(Path(out_dir), _simulate(customers, seed, start, end))


def write_events(out_dir, n_events: int, seed: int = 11) -> dict[str, Path]:
    """The same three exports with n_events rows in total (within ±5%)."""
    customers = max(1, round(n_events / ROWS_PER_CUSTOMER))
    for _ in range(6):  # rows per customer vary from draw to draw; rescale until close
        sim = _simulate(customers, seed, START, END)
        if abs(sim.rows / n_events - 1) <= 0.025:
            break
        customers = max(1, round(customers * n_events / max(sim.rows, 1)))
    return _write(Path(out_dir), sim)


WEB_HEADER = ("event_date,event_timestamp,event_name,event_params,user_pseudo_id,user_id,device.category,"
              "device.operating_system,geo.country,geo.city,traffic_source.source,traffic_source.medium,"
              "traffic_source.name,ecommerce.purchase_revenue\n")
CALLS_HEADER = ("Start Time,Customer Phone Number,Tracking Phone Number,Duration (seconds),Answered,"
                "First-Time Caller,Source,Medium,Campaign,Keywords,Landing Page,GCLID,Value,Device Type,"
                "Customer City\n")
EMAILS_HEADER = "Email Address,Action,Timestamp,Campaign Title,URL\n"
SOURCES, MEDIA = [p[0] for p in PAIRS], [p[1] for p in PAIRS]
CITIES = [c[1] for c in S.CITIES]
TRACKING = [S.TRACKING_NUMBERS.get(f"{src}/{med}", S.TRACKING_NUMBERS[""]) for src, med in PAIRS]


def _write(out: Path, sim: Sim) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = {kind: out / name for kind, name in FILES.items()}
    # Names that end up in CSV fields, quoted where a comma or quote needs it.
    names = dict(campaigns=_csv(sim.campaigns), titles=_csv(sim.titles), email=pa.array(sim.customers["email"]),
                 typed=pa.array(sim.customers["typed"]), gclids=pa.array(sim.sessions["gclids"], pa.string()))
    level = 9 if len(sim.web["t"]) <= 250_000 else 1      # the shipped sample stays small, big runs fast
    for kind, header, lines in [("web", WEB_HEADER, _web_lines), ("calls", CALLS_HEADER, _call_lines),
                                ("emails", EMAILS_HEADER, _email_lines)]:
        _write_lines(paths[kind], header, len(getattr(sim, kind)["t"]),
                     lambda rows, lines=lines: lines(sim, names, rows), level if kind == "web" else None)
    return paths


def _write_lines(path: Path, header: str, n: int, lines, level: int | None = None) -> None:
    """The header, then lines(rows) chunk by chunk, formatted (and gzip-compressed, one gzip member
    per chunk) on two threads and written in order."""
    def chunk(lo: int) -> list:
        parts = [header.encode()] if lo == 0 else []
        parts.append(_text(lines(slice(lo, lo + CHUNK))))
        if level is None:
            return parts
        packer = zlib.compressobj(level, zlib.DEFLATED, 31)     # wbits 31: a gzip member with mtime 0
        return [packer.compress(part) for part in parts] + [packer.flush()]

    with open(path, "wb") as out, ThreadPoolExecutor(max_workers=2) as pool:
        pending = deque()
        for lo in range(0, max(n, 1), CHUNK):
            pending.append(pool.submit(chunk, lo))
            while len(pending) > 3:
                out.writelines(pending.popleft().result())
        for job in pending:
            out.writelines(job.result())


def _web_lines(sim: Sim, names: dict, rows: slice) -> pa.Array:
    """GA4 export rows; event_params is a JSON array in one quoted field (its quotes doubled)."""
    c, s = sim.customers, sim.sessions
    e = {k: v[rows] for k, v in sim.web.items()}
    si, landing = e["sess"], e["landing"]
    ci, browser, pair = s["cust"][si], s["browser"][si], s["pair"][si]
    first = s["browser_first"][ci * 2 + browser]
    lead = e["code"] == LEAD
    form = np.where(lead, s["form"][si] - 1, -1)
    # A quarter of the people filling in a form type their address capitalised.
    who = pa.array(ci, mask=~lead)
    address = pc.if_else(e["variant"] < 1, names["typed"].take(who), names["email"].take(who))
    phone = np.where(form == 1, c["phone"][ci], 0)
    params = [
        _param("page_location", _location(sim, names, si, e["page"], landing), first=True),
        _param("page_referrer", _names(np.where(landing, pair, -1), PAIR_REFERRER)),
        _param("ga_session_id", _str(s["t"][si]), "int_value"), _param("source", _names(pair, SOURCES)),
        _param("medium", _names(pair, MEDIA)), _param("campaign", _names(s["camp"][si], names["campaigns"])),
        _param("term", _names(s["term"][si], TERMS)), _param("value", _str(e["value"]), "double_value"),
        _param("currency", _names(np.where(e["code"] == PURCHASE, 0, -1), ["USD"])),
        _param("form_name", _names(form, FORMS)), _param("form_email", address),
        _param("form_phone", _wrap(_names(e["variant"] % 2, ["", "+1"]), _str(phone, phone == 0)))]
    user = _wrap("u_", pc.utf8_lpad(_str(c["user_no"][ci], ~e["signed"]), width=6, padding="0"))
    return _join(_str(_yyyymmdd(e["t"] // 1_000_000)), ",", _str(e["t"]), ",", _names(e["code"], EVENTS), ',"[',
                 *params, ']",', _str(1_000_000_000 + permute(ci * 2 + browser, 900_000_000)), ".",
                 _str(s["t"][first]), ",", user, ",", _names(c["device"][ci, browser], S.DEVICES), ",",
                 _names(c["os"][ci, browser], S.OPERATING_SYSTEMS), ",", _names(c["country"][ci], S.COUNTRIES),
                 ",", _names(c["city"][ci], CITIES), ",", _names(s["pair"][first], SOURCES), ",",
                 _names(s["pair"][first], MEDIA), ",", _names(s["camp"][first], names["campaigns"]), ",",
                 _str(e["value"]), "\n")


def _call_lines(sim: Sim, names: dict, rows: slice) -> pa.Array:
    c, s = sim.customers, sim.sessions
    k = {key: v[rows] for key, v in sim.calls.items()}
    si, ci = k["session"], k["cust"]
    pair, phone = s["pair"][si], c["phone"][ci]
    area, exchange, line = _str(phone // 10**7), _str(phone // 10**4 % 1000), _str(phone % 10**4 + 10**4)
    line = pc.utf8_slice_codeunits(line, 1)          # the last four digits, leading zeros kept
    shapes = [_join("(", area, ") ", exchange, "-", line), _join("+1 ", area, "-", exchange, "-", line),
              _join(area, ".", exchange, ".", line)]
    campaign = [None if name.startswith("(") else name for name in names["campaigns"]]
    device = np.where(c["device"][ci, s["browser"][si]] == DESKTOP, DESKTOP, MOBILE)   # tablets ring as mobile
    value = k["value"]
    return _join(pc.strftime(pa.array(k["t"].astype("datetime64[s]")), format="%m/%d/%Y %H:%M"), ",",
                 pc.choose(pa.array(k["style"].astype(np.int8)), *shapes), ",", _names(pair, TRACKING), ",",
                 _str(k["seconds"]), ",", _names(k["answered"].astype(int), ["false", "true"]), ",",
                 _names(k["first"].astype(int), ["false", "true"]), ",", _names(pair, SOURCES), ",",
                 _names(pair, MEDIA), ",", _names(s["camp"][si], campaign), ",",
                 _names(s["term"][si], TERMS), ",",
                 _location(sim, names, si, s["page"][si], np.ones(len(si), bool)), ",", _gclid(names, s, si),
                 ",", _wrap(_str(np.nan_to_num(value).astype(np.int64), np.isnan(value)), ".00"), ",",
                 _names(device, S.DEVICES), ",", _names(c["city"][ci], CITIES), "\n")


def _email_lines(sim: Sim, names: dict, rows: slice) -> pa.Array:
    m = {k: v[rows] for k, v in sim.emails.items()}
    email, typed = names["email"].take(m["cust"]), names["typed"].take(m["cust"])
    address = pc.choose(pa.array(m["variant"].astype(np.int8)), email, typed, _join("  ", typed),
                        _join(email, " "))
    clicked = _names(m["page"], S.PAGES)
    return _join(address, ",", _names(m["action"], ACTIONS), ",",
                 pc.strftime(pa.array(m["t"].astype("datetime64[s]")), format="%Y-%m-%d %H:%M:%S UTC"), ",",
                 _names(m["send"], names["titles"]), ",",
                 _wrap(S.SITE, clicked, "?utm_source=newsletter&utm_medium=email&utm_campaign=",
                       _names(m["send"] + len(STATIC_CAMPAIGNS), names["campaigns"])), "\n")


def _location(sim: Sim, names: dict, si, page, landing) -> pa.Array:
    """Page urls; landing pages of tagged visits carry utm parameters (and a gclid from Google Ads)."""
    s = sim.sessions
    pair = s["pair"][si]
    tagged = np.where(landing & PAIR_TAGGED[pair], pair, -1)
    extra = _join(_wrap("&utm_term=", _names(s["term"][si], TERMS_URL)), _wrap("&gclid=", _gclid(names, s, si)))
    query = _wrap("?utm_source=", _names(tagged, SOURCES), "&utm_medium=", _names(pair, MEDIA),
                  "&utm_campaign=", _names(s["camp"][si], names["campaigns"]), extra)
    return _join(S.SITE, _names(page, S.PAGES), pc.if_else(landing, query, None))


def _gclid(names: dict, s: dict, si) -> pa.Array:
    codes = s["gclid"][si]
    return names["gclids"].take(pa.array(codes.astype(np.int32), mask=codes < 0))


def _param(key: str, values: pa.Array, kind: str = "string_value", first: bool = False) -> pa.Array:
    """One GA4 event parameter per row (null where the value is), quotes doubled for the CSV field."""
    q = '""' if kind == "string_value" else ""
    head = ("" if first else ",") + f'{{""key"":""{key}"",""value"":{{""{kind}"":{q}'
    return _wrap(head, values, f"{q}}}}}")


def _join(*pieces) -> pa.Array:
    """Row-wise concatenation; null pieces count as empty."""
    return pc.binary_join_element_wise(*pieces, "", null_handling="replace", null_replacement="")


def _wrap(*pieces) -> pa.Array:
    """Row-wise concatenation, null where any piece is null."""
    return pc.binary_join_element_wise(*pieces, "")


def _names(codes, names) -> pa.Array:
    """names[code] for each row; null where the code is negative or the name is None."""
    codes = np.asarray(codes)
    names = names if isinstance(names, pa.Array) else pa.array(names, pa.string())
    return names.take(pa.array(codes.astype(np.int32), mask=codes < 0))


def _str(values, missing=None) -> pa.Array:
    """Numbers as text; NaN (or where missing) is null. Doubles print in their shortest form."""
    values = np.asarray(values)
    if missing is None and values.dtype.kind == "f":
        missing = np.isnan(values)
    return pa.array(values, mask=missing).cast(pa.string())


def _csv(names: list) -> list:
    return ['"' + n.replace('"', '""') + '"' if n and ("," in n or '"' in n) else n for n in names]


def _yyyymmdd(seconds):
    day = (seconds // DAY).astype("datetime64[D]")
    month = day.astype("datetime64[M]")
    year = month.astype("datetime64[Y]").astype(np.int64) + 1970
    return year * 10_000 + (month.astype(np.int64) % 12 + 1) * 100 + (day - month).astype(np.int64) + 1


def _text(lines: pa.Array) -> memoryview:
    """The concatenated values of a string array, straight from its Arrow buffers (no copy)."""
    _, offsets, data = lines.buffers()
    if data is None:
        return memoryview(b"")
    bounds = np.frombuffer(offsets, np.int32)[lines.offset:lines.offset + len(lines) + 1]
    return memoryview(data)[bounds[0]:bounds[-1]]

"""GB/T 2260 administrative divisions for Shanxi province, Lüliang city and its counties.

Lüliang became a prefecture-level city in 2003 (国函〔2003〕111号); before that the area was
吕梁地区 (142300) with counties 1423xx. The old codes still stand on identity cards issued then,
so they are kept as historic codes that map to their successors (facts.md, "Lüliang").
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from beizeng.errors import NotFound

PROVINCE = "140000"
LULIANG = "141100"


class RegionNotFound(NotFound):
    """A code or name that is not a known division."""


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str  # province, city, county
    parent: str | None

    @property
    def full_name(self) -> str:
        """Name with its parents, e.g. 山西省吕梁市柳林县."""
        names = [self.name]
        parent = self.parent
        while parent:
            region = _current()[parent]
            names.insert(0, region.name)
            parent = region.parent
        return "".join(names)


def _read(name: str) -> list[dict[str, str]]:
    text = (resources.files("beizeng.reference") / "data" / name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def _current() -> dict[str, Region]:
    return {
        row["code"]: Region(row["code"], row["name"], row["level"], row["parent"] or None)
        for row in _read("regions.csv")
    }


@cache
def _historic() -> dict[str, tuple[str, str]]:
    return {row["code"]: (row["name"], row["successor"]) for row in _read("regions_historic.csv")}


def get_region(code: str) -> Region:
    """The division with this current code; ``RegionNotFound`` names the code otherwise."""
    region = _current().get(code.strip())
    if region is None:
        raise RegionNotFound(
            f"行政区划代码「{code}」不是山西省或吕梁市的现行区划代码（GB/T 2260）。"
        )
    return region


def find_region(text: str) -> Region:
    """Look a division up by code or by name (full or without 市/县/区)."""
    key = text.strip()
    if key in _current():
        return _current()[key]
    for region in _current().values():
        if key in (region.name, region.name.rstrip("市县区省")):
            return region
    raise RegionNotFound(f"找不到区划「{text}」：请使用 GB/T 2260 代码或山西省、吕梁市的区划名称。")


def children(code: str) -> list[Region]:
    """Divisions directly under ``code``, in code order."""
    return sorted((r for r in _current().values() if r.parent == code), key=lambda r: r.code)


def luliang_counties() -> list[Region]:
    """Lüliang's 13 county-level units (离石区 … 汾阳市)."""
    return children(LULIANG)


def is_luliang_county(code: str) -> bool:
    """True for a current code of one of Lüliang's 13 county-level units."""
    region = _current().get(code)
    return region is not None and region.parent == LULIANG


def successor(code: str) -> str | None:
    """The current code that replaced a historic one (142301 → 141181); None if unknown."""
    entry = _historic().get(code)
    return entry[1] if entry else None

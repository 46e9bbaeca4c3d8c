"""Draw the FrontDesk app icon (a calendar page with a medical cross) as SVG, PNGs and a Windows .ico.

Run from the repository root: `.venv/bin/python installer/make_icon.py`. Needs Pillow (a test
dependency, via pdfplumber). The outputs are committed in resources/icons/, so building the app
does not need this script; rerun it only to change the icon.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)

# One geometry on a 256-unit canvas shared by the SVG and the raster drawing, so both look the same.
BACKGROUND = "#1F6F8B"  # deep teal: reads on light and dark task bars
PAGE = "#FFFFFF"
BINDING = "#D64545"  # the calendar's top band; the cross is red too (shape, not colour, carries meaning)
RINGS = "#12485B"
TILE = (8, 8, 248, 248, 44)  # x0, y0, x1, y1, corner radius
PAGE_BOX = (44, 56, 212, 216, 18)
BAND = (44, 56, 212, 100)
RING_CENTRES = ((92, 56), (164, 56))
CROSS = ((112, 116, 144, 200), (86, 142, 170, 174))  # vertical and horizontal bars


def svg() -> str:
    """The icon as hand-written SVG (the master; the PNGs are drawn from the same numbers)."""
    x0, y0, x1, y1, r = TILE
    px0, py0, px1, py1, pr = PAGE_BOX
    bx0, by0, bx1, by1 = BAND
    rings = "".join(
        f'<rect x="{cx - 7}" y="{cy - 22}" width="14" height="40" rx="7" fill="{RINGS}"/>' for cx, cy in RING_CENTRES)
    cross = "".join(f'<rect x="{a}" y="{b}" width="{c - a}" height="{d - b}" rx="4" fill="{BINDING}"/>'
                    for a, b, c, d in CROSS)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256" stroke="none">\n'
        '<title>FrontDesk</title>\n'
        f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" rx="{r}" fill="{BACKGROUND}"/>\n'
        f'<rect x="{px0}" y="{py0}" width="{px1 - px0}" height="{py1 - py0}" rx="{pr}" fill="{PAGE}"/>\n'
        f'<path d="M{bx0} {by1} V{by0 + pr} Q{bx0} {by0} {bx0 + pr} {by0} H{bx1 - pr} Q{bx1} {by0} {bx1} {by0 + pr} '
        f'V{by1} Z" fill="{BINDING}"/>\n'
        f'{rings}\n{cross}\n</svg>\n')


def draw(size: int) -> Image.Image:
    """The icon at ``size`` pixels: drawn 4x larger and scaled down for smooth edges."""
    big = size * 4
    k = big / 256
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)

    def box(*v: float) -> list[float]:
        return [round(x * k) for x in v]

    x0, y0, x1, y1, r = TILE
    d.rounded_rectangle(box(x0, y0, x1 - 1, y1 - 1), radius=round(r * k), fill=BACKGROUND)
    px0, py0, px1, py1, pr = PAGE_BOX
    d.rounded_rectangle(box(px0, py0, px1 - 1, py1 - 1), radius=round(pr * k), fill=PAGE)
    bx0, by0, bx1, by1 = BAND
    d.rounded_rectangle(box(bx0, by0, bx1 - 1, by1 - 1), radius=round(pr * k), fill=BINDING,
                        corners=(True, True, False, False))
    for cx, cy in RING_CENTRES:
        d.rounded_rectangle(box(cx - 7, cy - 22, cx + 7 - 1, cy + 18 - 1), radius=round(7 * k), fill=RINGS)
    for a, b, c, e in CROSS:
        d.rounded_rectangle(box(a, b, c - 1, e - 1), radius=round(4 * k), fill=BINDING)
    return img.resize((size, size), Image.Resampling.LANCZOS)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "frontdesk.svg").write_text(svg(), encoding="utf-8")
    images = {size: draw(size) for size in SIZES}
    for size, img in images.items():
        img.save(OUT / f"frontdesk-{size}.png", optimize=True)
    images[256].save(OUT / "frontdesk.ico", sizes=[(s, s) for s in ICO_SIZES])
    print(f"icons written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

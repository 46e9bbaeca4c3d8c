"""Draws one form's values in Courier 10 cpi / 6 lpi at the layout's positions, shifted by the offsets."""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from frontdesk.reports.cms1500.layout import FIELDS, FONT, FONT_SIZE, PITCH, field_origin
from frontdesk.reports.cms1500.offsets import PrintOffsets


def draw_values(canvas: Canvas, values: dict[str, str], offsets: PrintOffsets) -> None:
    """Every value at its field's cell; drawString takes text literally (no markup), so nothing is escaped."""
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(FONT, FONT_SIZE)
    dx, dy = offsets.dx_points, offsets.dy_points
    for name, value in values.items():
        field = FIELDS[name]
        text = value.rjust(field.width) if field.right else value
        x, y = field_origin(field)
        # Leading blanks of a right-justified value move the start instead of printing spaces.
        stripped = text.lstrip(" ")
        x += (len(text) - len(stripped)) * PITCH
        canvas.drawString(x + dx, y - dy, stripped)

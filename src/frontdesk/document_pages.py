"""The pages of a stored patient document, read from its bytes: PDF pages with pypdfium2, images with Pillow.

One reader for the services (checking a file and drawing its thumbnail when it is attached) and the viewer
(drawing one page at a time). Qt-free: it hands back Pillow images; the UI turns them into pixmaps.

pdfium is not thread-safe (pypdfium2's documentation says to use it from one thread at a time), and the
service runner, the viewer and printing may each reach it: every pdfium call here holds one lock.
"""

from __future__ import annotations

import io
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageOps, UnidentifiedImageError

from frontdesk.domain.document_kinds import PDF
from frontdesk.errors import StorageError, ValidationError

PDFIUM_LOCK = threading.RLock()
POINTS_PER_INCH = 72.0
THUMBNAIL_BOX = 192  # pixels, the longer side of a list thumbnail


@contextmanager
def open_pdf(data: bytes, file_name: str = "The PDF") -> Iterator[pdfium.PdfDocument]:
    """The PDF opened (under the pdfium lock); a damaged or password-protected one is a ValidationError."""
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(bytes(data))
        except pdfium.PdfiumError as exc:
            if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
                raise ValidationError("file", f"{file_name} is protected by a password. Save or print it again "
                                              "without the password, then attach that copy.") from None
            raise ValidationError("file", f"{file_name} is damaged or is not a complete PDF; it could not "
                                          "be opened. Scan or save it again.") from None
        try:
            yield document
        finally:
            document.close()


@contextmanager
def _pillow_quiet() -> Iterator[None]:
    """Pillow's warnings about odd metadata (a phone's EXIF) are not problems with the picture: not shown."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module="PIL")
        yield


@contextmanager
def open_image(data: bytes, file_name: str = "The image") -> Iterator[Image.Image]:
    """The image opened with its first frame decoded; a damaged, truncated or oversized one is refused."""
    try:
        with warnings.catch_warnings():
            # Pillow only warns below twice its pixel limit: a picture that large is refused, not half-drawn.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(bytes(data)))
            image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ValidationError("file", f"{file_name} has too many pixels to show safely. Scan it at a lower "
                                      "resolution.") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):  # Pillow's ways of saying "damaged"
        raise ValidationError("file", f"{file_name} is damaged or incomplete; it could not be read as a "
                                      "picture. Scan or save it again.") from None
    try:
        yield image
    finally:
        image.close()


def pdf_page_image(document: pdfium.PdfDocument, index: int, width: int) -> Image.Image:
    """Page ``index`` drawn ``width`` pixels wide on white (call inside :func:`open_pdf`)."""
    with PDFIUM_LOCK:
        page = document[index]
        try:
            page_width, _height = page.get_size()
            scale = max(width, 1) / max(page_width, 1.0)
            bitmap = page.render(scale=scale, fill_color=(255, 255, 255, 255))
            try:
                return bitmap.to_pil().convert("RGB")  # a copy: pdfium's buffer is freed below
            finally:
                bitmap.close()
        finally:
            page.close()


def image_frame(image: Image.Image, index: int, width: int | None = None) -> Image.Image:
    """Frame ``index`` of an image (a TIFF may hold several pages), upright, in RGB, at most ``width`` wide."""
    image.seek(index)
    frame = ImageOps.exif_transpose(image.convert("RGB") if image.mode not in ("RGB", "L") else image.copy())
    if width is not None and frame.width > width:
        frame = frame.resize((width, max(1, round(frame.height * width / frame.width))), Image.Resampling.LANCZOS)
    return frame


def image_page_count(image: Image.Image) -> int:
    return int(getattr(image, "n_frames", 1) or 1)


def page_image(data: bytes, media_type: str, index: int, width: int) -> Image.Image:
    """One page of a document drawn ``width`` pixels wide (images are never enlarged).

    A page that cannot be drawn (a later page of a damaged scan: only the first is checked on attaching) is a
    StorageError saying which; the others still show."""
    try:
        if media_type == PDF:
            with open_pdf(data) as document:
                return pdf_page_image(document, index, width)
        with _pillow_quiet(), open_image(data) as image:
            return image_frame(image, index, width)
    except (pdfium.PdfiumError, OSError, ValueError, EOFError, SyntaxError) as exc:  # SyntaxError: Pillow's "bad data"
        raise StorageError(f"Page {index + 1} of this document could not be drawn (the file is damaged "
                           "there).") from exc


def thumbnail_jpeg(first_page: Image.Image) -> bytes:
    """A small JPEG of the first page for the list (a few KB, so listing many documents stays quick)."""
    small = first_page.convert("RGB")
    small.thumbnail((THUMBNAIL_BOX, THUMBNAIL_BOX), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.save(out, "JPEG", quality=80)
    return out.getvalue()


def inspect_document(data: bytes, media_type: str, file_name: str) -> tuple[int, bytes]:
    """(page count, thumbnail JPEG) of a file about to be attached; a file that cannot be read is refused."""
    if media_type == PDF:
        with open_pdf(data, file_name) as document:
            count = len(document)
            if count == 0:
                raise ValidationError("file", f"{file_name} has no pages.")
            try:
                first = pdf_page_image(document, 0, THUMBNAIL_BOX * 2)
            except pdfium.PdfiumError:
                raise ValidationError("file", f"{file_name} is damaged: its first page could not be drawn. "
                                              "Scan or save it again.") from None
            return count, thumbnail_jpeg(first)
    with _pillow_quiet(), open_image(data, file_name) as image:
        return image_page_count(image), thumbnail_jpeg(image_frame(image, 0, THUMBNAIL_BOX * 2))


def as_pdf(data: bytes, media_type: str, file_name: str = "The document") -> bytes:
    """The document as a PDF file: a PDF as it is, a picture (every page of a TIFF) one page per frame."""
    if media_type == PDF:
        return bytes(data)
    with _pillow_quiet(), open_image(data, file_name) as image:
        frames = [image_frame(image, n) for n in range(image_page_count(image))]
        dpi = image.info.get("dpi", (150, 150))[0] or 150  # a scan's own resolution keeps its paper size
    out = io.BytesIO()
    frames[0].save(out, "PDF", save_all=True, append_images=frames[1:], resolution=float(dpi))
    return out.getvalue()


def page_rgb(data: bytes, media_type: str, index: int, width: int) -> tuple[int, int, bytes]:
    """(width, height, packed RGB bytes) of one page: what the viewer turns into an image on its own thread."""
    image = page_image(data, media_type, index, width).convert("RGB")
    return image.width, image.height, image.tobytes()

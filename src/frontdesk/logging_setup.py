"""A rotating log file with no PHI, passphrase or key in it, in an owner-only folder (0700) as owner-only
files (0600): see storage/private_files.py (a wider log folder found is repaired when a practice opens)."""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path

from frontdesk.paths import log_dir
from frontdesk.storage.private_files import PRIVATE_FILE_MODE, make_private_dir

_HEX_KEY = re.compile(r"[0-9a-fA-F]{48,}")
_RAW_KEY = re.compile(r"x'[0-9a-fA-F]+'")


class RedactingFilter(logging.Filter):
    """Last line of defence: drops anything shaped like a key and the automation passphrase."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        secret = os.environ.get("FRONTDESK_PASSPHRASE")
        cleaned = _RAW_KEY.sub("x'<key>'", _HEX_KEY.sub("<hex>", message))
        if secret:
            cleaned = cleaned.replace(secret, "<passphrase>")
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """RotatingFileHandler whose new files (the first one and each one started at a rollover) are 0600."""

    def _open(self):  # type: ignore[no-untyped-def]  # (logging's own hook)
        def opener(name: str, flags: int) -> int:
            # a new file is made 0600 (a umask can only take more away); an existing wider one is left for
            # the start-up repair, which says so
            return os.open(name, flags, PRIVATE_FILE_MODE)

        return self._builtin_open(self.baseFilename, self.mode, encoding=self.encoding, errors=self.errors,
                                  opener=opener)


def setup_logging(level: int = logging.INFO, folder: Path | None = None) -> Path | None:
    """Log to <platform log dir>/frontdesk.log (1 MB x 5). Returns the file, or None if unwritable."""
    folder = folder or log_dir()
    root = logging.getLogger()
    root.setLevel(level)
    try:
        make_private_dir(folder)
        path = folder / "frontdesk.log"
        handler: logging.Handler = PrivateRotatingFileHandler(path, maxBytes=1_000_000, backupCount=5,
                                                              encoding="utf-8")
    except OSError:
        path = None
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    for old in [h for h in root.handlers if getattr(h, "_frontdesk", False)]:
        root.removeHandler(old)
        old.close()
    handler._frontdesk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    # SQLAlchemy echoes parameters (PHI) at INFO; keep it quiet whatever the app level.
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    # pyx12 logs each problem of an X12 file it reads with the element's value (names, member ids): off.
    logging.getLogger("pyx12").setLevel(logging.CRITICAL)
    return path

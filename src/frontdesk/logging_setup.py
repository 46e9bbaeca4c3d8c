"""A rotating log file with no PHI, passphrase or key in it."""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path

from frontdesk.paths import log_dir

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


def setup_logging(level: int = logging.INFO, folder: Path | None = None) -> Path | None:
    """Log to <platform log dir>/frontdesk.log (1 MB x 5). Returns the file, or None if unwritable."""
    folder = folder or log_dir()
    root = logging.getLogger()
    root.setLevel(level)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "frontdesk.log"
        handler: logging.Handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5,
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
    return path

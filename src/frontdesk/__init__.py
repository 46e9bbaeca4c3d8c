"""FrontDesk: offline front-desk software for a small US medical practice."""

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("frontdesk")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0+source"

APP_NAME = "FrontDesk"

"""The Card images dialog: the front and back of an insurance card, attached from a scan or photo."""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_datetime
from frontdesk.domain.schedule_time import PracticeClock
from frontdesk.errors import FrontDeskError, StorageError
from frontdesk.services.patients import insurance_cards
from frontdesk.services.patients.insurance import PolicyRecord
from frontdesk.services.patients.insurance_cards import (
    MAX_IMAGE_BYTES,
    SIDES,
    CardImage,
    CardImageInfo,
)
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.patients.insurance_models import policy_title
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.confirm import ConfirmDialog
from frontdesk.ui.widgets.file_dialog import read_upload
from frontdesk.ui.widgets.file_folders import remember_folder, start_folder
from frontdesk.ui.widgets.form import FieldError

IMAGE_BOX = (420, 265)  # about the shape of a wallet card, scaled to fit 1366x768 with both sides shown


class CardFileChooser:
    """The 'open image' question; tests replace :meth:`ask` with a function returning a path."""

    @classmethod
    def ask(cls, parent: QWidget | None, side_label: str) -> Path | None:
        """The chosen PNG or JPEG file, or None when cancelled."""
        pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        folder = start_folder("card_image", Path(pictures) if pictures else None)
        chosen, _filter = QFileDialog.getOpenFileName(parent, f"Choose the card's {side_label.lower()} image",
                                                      str(folder), "Card images (*.png *.jpg *.jpeg)")
        if not chosen:
            return None
        remember_folder("card_image", Path(chosen))
        return Path(chosen)


def read_card_file(path: Path) -> bytes:
    """The file's bytes (one byte past the limit at most: the service then says it is too large)."""
    return read_upload(path, MAX_IMAGE_BYTES)


def info_text(info: CardImageInfo, tz: tzinfo) -> str:
    """'PNG, 12 KB, attached 11/27/2026 9:14 AM by rita'."""
    kind = "PNG" if info.mime_type == "image/png" else "JPEG"
    size = f"{max(1, round(info.size_bytes / 1024))} KB"
    who = f" by {info.uploaded_by}" if info.uploaded_by else ""
    return f"{kind}, {size}, attached {format_datetime(info.uploaded_at, tz)}{who}"


class CardSidePanel(QGroupBox):
    """One side: the image scaled to fit, what it is, and Attach / Remove."""

    def __init__(self, side: str, attach_text: str, remove_text: str, clock: PracticeClock,
                 parent: QWidget | None = None) -> None:
        super().__init__(SIDES[side], parent)
        self.side = side
        self.clock = clock  # 'attached' times on the practice's clock
        self.image = QLabel(self)
        self.image.setObjectName(f"{side}_image")
        self.image.setFixedSize(*IMAGE_BOX)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setFrameShape(QLabel.Shape.StyledPanel)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.error = FieldError(self)
        self.attach_button = QPushButton(attach_text, self)
        self.remove_button = QPushButton(remove_text, self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.image)
        layout.addWidget(self.info)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.show_empty()

    def show_empty(self) -> None:
        self.image.clear()
        self.image.setText(f"No {SIDES[self.side].lower()} image attached.")
        self.info.clear()
        self._has_image = False
        self.remove_button.setEnabled(False)

    def show_image(self, info: CardImageInfo, data: bytes, *, removable: bool = True) -> None:
        pixmap = QPixmap()
        if pixmap.loadFromData(data):
            self.image.setPixmap(pixmap.scaled(self.image.size() * 0.98, Qt.AspectRatioMode.KeepAspectRatio,
                                               Qt.TransformationMode.SmoothTransformation))
        else:
            self.image.setText("This image cannot be displayed (the file may be damaged).")
        self.info.setText(info_text(info, self.clock.tz))
        self._has_image = True
        self.remove_button.setEnabled(removable)

    def has_image(self) -> bool:
        return self._has_image


class CardImagesDialog(QDialog):
    """Both sides of a policy's card. Looking at an image is recorded in the audit trail (HIPAA)."""

    def __init__(self, uictx: UiContext, policy: PolicyRecord, parent: QWidget | None = None,
                 *, editable: bool = True) -> None:
        super().__init__(parent)
        self.uictx = uictx
        self.policy = policy
        self.changed = False
        self.setWindowTitle("Insurance card images")
        heading = QLabel(policy_title(policy), self)
        heading.setWordWrap(True)
        self.panels = {
            "front": CardSidePanel("front", "Attach &front\u2026", "&Remove front", uictx.clock, self),
            "back": CardSidePanel("back", "Attach &back\u2026", "Re&move back", uictx.clock, self),
        }
        row = QHBoxLayout()
        for side, panel in self.panels.items():
            row.addWidget(panel)
            panel.attach_button.setEnabled(editable)
            panel.attach_button.clicked.connect(lambda _=False, s=side: self.attach(s))
            panel.remove_button.clicked.connect(lambda _=False, s=side: self.remove(s))
        self._editable = editable
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.uictx.call(insurance_cards.list_card_images, policy.id, on_done=guarded(self, self._listed))

    def _listed(self, infos: list[CardImageInfo]) -> None:
        for info in infos:
            # Each look at an image goes through the audited get.
            self.uictx.call(insurance_cards.get_card_image, self.policy.id, info.side,
                            on_done=guarded(self, self._fetched),
                            on_error=guarded(self, lambda exc, s=info.side: self._failed(s, exc)))

    def _fetched(self, image: CardImage) -> None:
        self.panels[image.info.side].show_image(image.info, image.data, removable=self._editable)

    def _failed(self, side: str, exc: BaseException) -> None:
        # Expected problems (not a picture, too large, gone) sit under that side; bugs get the error box.
        if isinstance(exc, FrontDeskError):
            self.panels[side].error.show_error(exc.message)
        else:
            ErrorPresenter(self)(exc)

    def attach(self, side: str) -> None:
        """Ask for a file and attach it as ``side`` (replacing an earlier image)."""
        panel = self.panels[side]
        path = CardFileChooser.ask(self, SIDES[side])
        if path is None:
            return
        panel.error.clear_error()
        try:
            data = read_card_file(path)
        except StorageError as exc:
            panel.error.show_error(exc.message)
            return
        self.uictx.call(insurance_cards.attach_card_image, self.policy.id, side, data,
                        on_done=guarded(self, lambda info: self._attached(info, data)),
                        on_error=guarded(self, lambda exc: self._failed(side, exc)))

    def _attached(self, info: CardImageInfo, data: bytes) -> None:
        self.changed = True
        self.panels[info.side].show_image(info, data)  # the bytes just read: no second (audited) fetch

    def remove(self, side: str) -> None:
        """Remove ``side``'s image after asking."""
        if not self.panels[side].has_image():
            return
        label = SIDES[side].lower()
        if not ConfirmDialog.ask(self, "Remove card image?", f"Remove the {label} image of this card? "
                                 "It is deleted for good.", f"&Remove {label} image"):
            return
        self.panels[side].error.clear_error()
        self.uictx.call(insurance_cards.remove_card_image, self.policy.id, side,
                        on_done=guarded(self, lambda _none: self._removed(side)),
                        on_error=guarded(self, lambda exc: self._failed(side, exc)))

    def _removed(self, side: str) -> None:
        self.changed = True
        self.panels[side].show_empty()

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, policy: PolicyRecord, *, editable: bool = True) -> bool:
        """Show the card images of ``policy``; True when an image was attached or removed."""
        dialog = cls(uictx, policy, parent, editable=editable)
        try:
            dialog.exec()
            return dialog.changed
        finally:
            dialog.deleteLater()

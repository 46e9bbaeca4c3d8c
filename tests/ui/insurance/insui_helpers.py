"""Helpers for the insurance screen tests: valid inputs, a real tiny PNG, driving widgets like a person."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from testsupport import screenshot_path
from uisupport import click, retype  # noqa: F401  (the folder's tests import them from here)

from frontdesk.services.patients.insurance import PolicyInput
from frontdesk.services.patients.patients import PatientInput
from frontdesk.services.billing.payers import PayerInput
from testsupport import practice_today

TODAY = practice_today()


def days(n: int) -> date:
    """Today plus ``n`` days (negative for the past)."""
    return TODAY + timedelta(days=n)


def us(day: date) -> str:
    """A date typed the US way."""
    return day.strftime("%m/%d/%Y")


def patient_input(first: str = "Jane", last: str = "Doe", **overrides: object) -> PatientInput:
    values: dict[str, object] = dict(first_name=first, last_name=last, dob="03/14/1962", sex="F",
                                     phone="(518) 555-0142", address_line1="12 Elm Street", city="Albany",
                                     state="NY", zip_code="12207")
    values.update(overrides)
    return PatientInput(**values)  # type: ignore[arg-type]


def payer_input(name: str = "Aetna", **overrides: object) -> PayerInput:
    values: dict[str, object] = dict(name=name, claim_type="group_health_plan", edi_payer_id="60054",
                                     address_line1="PO Box 981106", city="El Paso", state="TX", zip_code="79998",
                                     phone="(800) 555-0199")
    values.update(overrides)
    return PayerInput(**values)  # type: ignore[arg-type]


def policy_input(payer_id: int, /, **overrides: object) -> PolicyInput:
    values: dict[str, object] = dict(payer_id=payer_id, rank=1, member_id="W123-456 789", effective_date=days(-365),
                                     group_number="GRP-1001", plan_name="Choice POS II", copay="25.00")
    values.update(overrides)
    return PolicyInput(**values)  # type: ignore[arg-type]


def png_bytes(width: int = 86, height: int = 54, colour: str = "#2a6f97") -> bytes:
    """A real PNG drawn with QImage (a card-shaped block of colour)."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def snap(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    """Save a screenshot as ins-<name>.png (testsupport.screenshot_path) once pending layout updates have been applied."""
    QApplication.processEvents()
    assert widget.grab().save(str(screenshot_path(f"ins-{name}.png")))


def pick(qtbot, combo, label_start: str) -> None:  # type: ignore[no-untyped-def]
    """Choose a combo item by typing the start of its label, as a person does with the list closed.

    No spaces: a space opens the list.
    """
    assert " " not in label_start
    combo.view().keyboardSearch("")  # what a pause between two picks does: type-ahead starts afresh
    combo.setFocus()
    qtbot.keyClicks(combo, label_start)
    assert combo.currentText().startswith(label_start), (combo.currentText(), label_start)


def cells(model, row: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [model.index(row, c).data() for c in range(model.columnCount())]

"""The setup wizard's input pages: welcome (this PC or a practice server), practice details, first administrator,
passphrase."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QFrame, QLabel, QLineEdit, QRadioButton, QVBoxLayout, QWizard,
                               QWizardPage)

from frontdesk.domain.passwords import check_password_policy
from frontdesk.domain.text import clean_text
from frontdesk.errors import ValidationError
from frontdesk.paths import DataPaths
from frontdesk.services.admin.practice import PracticeDetails, clean_details
from frontdesk.services.admin.users import clean_username
from frontdesk.storage.keyring_cache import BackendVerdict
from frontdesk.storage.keys import MIN_PASSPHRASE_LENGTH, check_passphrase_strength
from frontdesk.ui.setup_wizard.us_states import StateCombo
from frontdesk.ui.widgets.form import ValidatedForm


def plain_label(text: str, *, selectable: bool = False) -> QLabel:
    """A word-wrapped label that never interprets its text as HTML."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                      | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    return label


def indented(label: QLabel) -> QLabel:
    """A note under the choice it explains."""
    label.setIndent(24)
    return label


def _line(placeholder: str = "", *, max_len: int = 0, secret: bool = False, width: int = 0) -> QLineEdit:
    edit = QLineEdit()
    if width:
        # short codes get short boxes, so the form reads like the paper it replaces
        edit.setMaximumWidth(width)
    edit.setPlaceholderText(placeholder)
    if max_len:
        edit.setMaxLength(max_len)
    if secret:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class CheckedPage(QWizardPage):
    """A page whose Next runs :meth:`check` and shows its ValidationError beside the field in ``self.form``."""

    form: ValidatedForm

    def check(self) -> None:
        raise NotImplementedError

    def validatePage(self) -> bool:  # noqa: N802 (Qt override)
        try:
            self.check()
        except ValidationError as exc:
            self.form.show_exception(exc)
            return False
        self.form.clear_errors()
        return True


class WelcomePage(QWizardPage):
    """What will happen, where the data will live, and that there are no default logins."""

    def __init__(self, paths: DataPaths) -> None:
        super().__init__()
        self.setTitle("Welcome to FrontDesk")
        self.setSubTitle("This assistant sets up FrontDesk for your practice. It takes about five minutes.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.holds_practice = QRadioButton("This PC &holds the practice")
        self.holds_practice.setObjectName("holds_practice")
        self.holds_practice.setChecked(True)
        self.connect_server = QRadioButton("Connect to a practice &server")
        self.connect_server.setObjectName("connect_server")
        self.set_up_server = QRadioButton("Set &up a practice server on this PC")
        self.set_up_server.setObjectName("set_up_server")
        choice = QButtonGroup(self)
        for button in (self.holds_practice, self.connect_server, self.set_up_server):
            choice.addButton(button)
        layout.addWidget(self.holds_practice)
        layout.addWidget(indented(plain_label("The practice works on this PC alone; its data is kept encrypted here. "
                                              "The steps are below.")))
        layout.addWidget(self.connect_server)
        layout.addWidget(indented(plain_label(
            "The practice's data is on a practice server that several PCs share. You need the server's address and "
            "an enrolment code from the practice administrator.")))
        layout.addWidget(self.set_up_server)
        layout.addWidget(indented(plain_label(
            "This PC runs PostgreSQL 16 or newer and will hold the practice for every PC (README, \"Server "
            "mode\"). You need the PostgreSQL superuser's password.")))
        layout.addSpacing(8)
        layout.addWidget(plain_label(
            "You will:\n"
            "  1.  Enter the practice's details: legal name, address, EIN and billing NPI.\n"
            "  2.  Create the first administrator account for yourself.\n"
            "  3.  Choose the administrator passphrase that protects the encrypted data.\n"
            "  4.  Save or print the Emergency Kit holding the recovery key."))
        layout.addWidget(plain_label(
            "FrontDesk has no default logins: every person signs in with their own account, and only an "
            "administrator can create accounts. Nothing is written to disk until the end of step 3."))
        layout.addSpacing(8)
        layout.addWidget(plain_label("The practice data will be kept, encrypted, in this folder:"))
        self.folder_label = plain_label(str(paths.root), selectable=True)
        self.folder_label.setObjectName("data_folder")
        self.folder_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.folder_label.setMargin(6)
        layout.addWidget(self.folder_label)
        layout.addStretch(1)

    def connects_to_server(self) -> bool:
        """The person chose "Connect to a practice server"."""
        return self.connect_server.isChecked()

    def sets_up_server(self) -> bool:
        """The person chose "Set up a practice server on this PC"."""
        return self.set_up_server.isChecked()


class PracticePage(CheckedPage):
    """The practice's legal identity; each field checked with the same rules the services use."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Your practice")
        self.setSubTitle("As it appears on claims and statements. All fields are required except address line 2.")
        self.form = ValidatedForm(self)
        f = self.form
        self.legal_name = f.add_field("legal_name", "&Legal name", _line("e.g. Maple Street Family Medicine, PLLC",
                                                                          max_len=120, width=560))
        self.address_line1 = f.add_field("address_line1", "&Address", _line("Street and number", max_len=80, width=560))
        self.address_line2 = f.add_field("address_line2", "Address line &2", _line("Suite, floor (optional)",
                                                                                   max_len=80, width=560))
        self.city = f.add_field("city", "&City", _line(max_len=60, width=320))
        self.state = f.add_field("state", "&State", StateCombo())
        self.state.setMaximumWidth(320)
        self.zip_code = f.add_field("zip_code", "&ZIP code", _line("12345 or 12345-6789", max_len=10, width=200))
        self.phone = f.add_field("phone", "&Phone", _line("(555) 123-4567", max_len=40, width=200))
        self.ein = f.add_field("ein", "&EIN (tax ID)", _line("12-3456789", max_len=10, width=200))
        self.billing_npi = f.add_field("billing_npi", "Billing NP&I", _line("10 digits", max_len=12, width=200))
        self.taxonomy = f.add_field("taxonomy", "&Taxonomy code", _line("e.g. 207Q00000X", max_len=10, width=200))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        layout.addStretch(1)

    def details(self) -> PracticeDetails:
        """What the user typed, as the service expects it (cleaning happens in the service rules)."""
        return PracticeDetails(
            legal_name=self.legal_name.text(), address_line1=self.address_line1.text(),
            address_line2=self.address_line2.text(), city=self.city.text(), state=self.state.code(),
            zip_code=self.zip_code.text(), phone=self.phone.text(), ein=self.ein.text(),
            billing_npi=self.billing_npi.text(), taxonomy=self.taxonomy.text(),
        )

    def check(self) -> None:
        """Raise the first ValidationError, naming its field (the service's own rules, no database yet)."""
        clean_details(self.details())


class AdminPage(CheckedPage):
    """The first administrator: the person setting up, who is signed in when the wizard ends."""

    def __init__(self, practice_page: PracticePage) -> None:
        super().__init__()
        self.practice_page = practice_page  # its name counts as known to a guesser (password policy)
        self.setTitle("First administrator")
        self.setSubTitle("Your own account. Administrators add the other staff accounts later, one per person.")
        self.form = ValidatedForm(self)
        f = self.form
        self.full_name = f.add_field("full_name", "&Full name", _line("e.g. Maria Lopez", max_len=120, width=420))
        self.username = f.add_field("username", "&Username", _line("e.g. mlopez", max_len=40, width=320))
        self.password = f.add_field("password", "&Password", _line("At least 12 characters", secret=True, width=420))
        self.confirm = f.add_field("confirm_password", "C&onfirm password", _line(secret=True, width=420))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        layout.addWidget(plain_label("Tip: three or four uncommon words you can remember make a strong password."))
        layout.addStretch(1)

    def check(self) -> None:
        """Raise the first ValidationError, naming its field."""
        clean_text(self.full_name.text(), "full_name", "Full name", max_len=120, required=True)
        name = clean_username(self.username.text())
        check_password_policy(self.password.text(), username=name, field="password",
                              context=(self.full_name.text(), self.practice_page.legal_name.text()))
        if self.confirm.text() != self.password.text():
            raise ValidationError("confirm_password", "The two passwords do not match; type the same one twice.")

    def clear_secrets(self) -> None:
        """Forget the typed password once the practice exists."""
        self.password.clear()
        self.confirm.clear()


class PassphrasePage(CheckedPage):
    """The administrator passphrase that wraps the database key, and the optional keyring cache."""

    def __init__(self, verdict: BackendVerdict, admin_page: AdminPage) -> None:
        super().__init__()
        self._admin_page = admin_page
        self.setTitle("Administrator passphrase")
        self.setSubTitle("Protects the encryption key of all the practice's data.")
        explain = plain_label(
            "Your login password only lets you sign in; the passphrase unlocks the encrypted data file itself, "
            "and FrontDesk asks for it whenever it starts on a computer that does not remember the key.")
        self.form = ValidatedForm(self)
        self.passphrase = self.form.add_field(
            "passphrase", "&Passphrase", _line(f"At least {MIN_PASSPHRASE_LENGTH} characters", secret=True, width=420))
        self.confirm = self.form.add_field("confirm_passphrase", "C&onfirm passphrase", _line(secret=True, width=420))
        self.remember = QCheckBox("&Remember the key on this computer")
        self.remember.setObjectName("remember_key")
        self.remember_note = indented(plain_label(""))  # sits under the check box text it explains
        self.remember_note.setObjectName("remember_note")
        if verdict.usable:
            self.remember_note.setText("FrontDesk will then open here without the passphrase; staff still sign "
                                       "in with their own passwords. Leave it off on a shared or portable computer.")
        else:
            self.remember.setEnabled(False)
            self.remember_note.setText(f"Not available on this computer: {verdict.reason}.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(explain)
        layout.addSpacing(6)
        layout.addWidget(self.form)
        layout.addSpacing(6)
        layout.addWidget(self.remember)
        layout.addWidget(self.remember_note)
        layout.addSpacing(6)
        layout.addWidget(plain_label(
            "Keep the passphrase somewhere safe away from the computer. Next you will get a recovery key "
            "for the day it is forgotten."))
        layout.addStretch(1)
        self.setButtonText(QWizard.WizardButton.NextButton, "&Create practice")

    def check(self) -> None:
        """Raise the first ValidationError, naming its field."""
        text = self.passphrase.text()
        check_passphrase_strength(text)
        if text == self._admin_page.password.text():
            raise ValidationError("passphrase", "Choose a passphrase different from your login password.")
        if self.confirm.text() != text:
            raise ValidationError("confirm_passphrase", "The two passphrases do not match; type the same one twice.")

    def clear_secrets(self) -> None:
        """Forget the typed passphrase once the practice exists."""
        self.passphrase.clear()
        self.confirm.clear()

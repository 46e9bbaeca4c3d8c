"""Letter templates: built-ins, editing, the practice's own, unknown merge fields refused when saved."""

from __future__ import annotations

import pytest

from frontdesk.errors import NotFoundError, PermissionDenied, ValidationError
from frontdesk.services.admin import audit
from frontdesk.services.desk import letters
from frontdesk.services.desk._letter_merge import (
    BUILTIN_TEMPLATES,
    MERGE_FIELDS,
    check_template,
    merge,
    placeholders,
)


def test_builtin_templates_are_listed_and_use_only_known_fields(admin_ctx) -> None:
    listed = letters.list_templates(admin_ctx)
    assert [t.key for t in listed] == ["appointment_reminder", "missed_appointment", "recall", "balance_reminder",
                                       "referral", "free"]
    assert all(t.builtin and not t.edited for t in listed)
    for _name, subject, body in BUILTIN_TEMPLATES.values():
        assert check_template("body", subject + body) <= set(MERGE_FIELDS)


def test_unknown_merge_field_is_refused_when_saved_naming_field_and_placeholder(admin_ctx) -> None:
    with pytest.raises(ValidationError) as err:
        letters.save_template(admin_ctx, "recall", "Recall", "Hi", "Dear {patient.frist_name}, see {provider.name}")
    assert err.value.field == "body"
    assert "{patient.frist_name}" in str(err.value)
    with pytest.raises(ValidationError) as err:
        letters.save_template(admin_ctx, None, "Mine", "About {visit.date}", "Hello")
    assert err.value.field == "subject" and "{visit.date}" in str(err.value)
    # Nothing was saved: the built-in text is still in use.
    assert letters.list_templates(admin_ctx)[2].body == BUILTIN_TEMPLATES["recall"][2]


def test_a_lone_brace_is_refused_and_doubled_braces_print_literally(admin_ctx) -> None:
    with pytest.raises(ValidationError) as err:
        letters.save_template(admin_ctx, None, "Mine", "", "Price {patient.first_name")
    assert err.value.field == "body"
    assert placeholders("{{not a field}} {patient.last_name}") == ["patient.last_name"]
    assert merge("{{x}} {patient.last_name}", {"patient.last_name": "Lee"}) == "{x} Lee"


def test_editing_a_builtin_keeps_its_key_and_kind(admin_ctx) -> None:
    saved = letters.save_template(admin_ctx, "recall", "Annual recall", "Due: {recall.due_date}",
                                  "Dear {patient.first_name},\n\nYou are due for {recall.reason}.")
    assert (saved.key, saved.kind, saved.builtin, saved.edited) == ("recall", "recall", True, True)
    again = letters.save_template(admin_ctx, "recall", "Annual recall 2", "", "Dear {patient.first_name}")
    assert again.name == "Annual recall 2"
    shown = {t.key: t for t in letters.list_templates(admin_ctx)}
    assert shown["recall"].name == "Annual recall 2"
    assert len(shown) == 6


def test_the_practice_adds_and_removes_its_own_template(admin_ctx) -> None:
    mine = letters.save_template(admin_ctx, None, "Flu shots", "Flu season", "Dear {patient.first_name}, ...",
                                 kind="free")
    assert mine.key.startswith("custom_") and not mine.builtin
    assert letters.list_templates(admin_ctx)[-1].name == "Flu shots"
    letters.remove_template(admin_ctx, mine.key)
    assert all(t.key != mine.key for t in letters.list_templates(admin_ctx))
    with pytest.raises(NotFoundError):
        letters.remove_template(admin_ctx, mine.key)
    with pytest.raises(ValidationError):
        letters.remove_template(admin_ctx, "recall")
    with pytest.raises(ValidationError) as err:
        letters.save_template(admin_ctx, None, "Bad kind", "", "Hi", kind="poem")
    assert err.value.field == "kind"


def test_front_desk_sends_letters_but_cannot_edit_templates(frontdesk_ctx) -> None:
    assert len(letters.list_templates(frontdesk_ctx)) == 6
    with pytest.raises(PermissionDenied):
        letters.save_template(frontdesk_ctx, "recall", "Recall", "", "Hi")


def test_template_edits_are_audited(admin_ctx) -> None:
    letters.save_template(admin_ctx, "free", "Free letter", "", "Dear {patient.first_name},\n\n{letter.text}")
    actions = [e.action for e in audit.list_events(admin_ctx, audit.AuditFilter())]
    assert "letter_template.save" in actions

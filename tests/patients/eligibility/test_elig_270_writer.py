"""The 270 writer on its own: hierarchy, receiver loops of at most 99 patients, cleaned names, pyx12-valid."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from testsupport import practice_today

from frontdesk.domain.claim_form import PersonName
from frontdesk.reports.x12_270 import Inquiry, Person, Receiver, render_270, validate_eligibility_file
from frontdesk.reports.x12_270.writer import originator_id
from frontdesk.reports.x12_837p import ControlNumbers, Submitter

SUBMITTER = Submitter("MAPLEDEMO01", "MAPLE STREET", "BILLING", "5185550100", "CLEARHOUSE", "CLEARING HOUSE")
WHEN = datetime.combine(practice_today(), time(9, 30))
VISIT = practice_today() + timedelta(days=1)


def _inquiry(n: int, *, dependent: bool = False, payer: str = "60054") -> Inquiry:
    me = Person(PersonName(f"Núñez-{n}", "José"), date(1980, 1, 2), "M")
    parent = Person(PersonName("Núñez", "María"), date(1955, 3, 4), "F")
    return Inquiry(f"FD{n:06d}", "ACME*HEALTH~", payer, "W123-456", parent if dependent else me,
                   me if dependent else None, VISIT)


def _segs(text: str) -> list[list[str]]:
    return [line.rstrip("~").split("*") for line in text.splitlines()]


def test_subscriber_and_dependent_loops() -> None:
    text = render_270([_inquiry(1), _inquiry(2, dependent=True)], receiver=Receiver("MAPLE", "1234567893"),
                      submitter=SUBMITTER, control=ControlNumbers(41, 41), created_at=WHEN)
    assert validate_eligibility_file(text) == []
    segs = _segs(text)
    assert [s[3] for s in segs if s[0] == "HL"] == ["20", "21", "22", "22", "23"]
    payer = next(s for s in segs if s[0] == "NM1" and s[1] == "PR")
    assert payer[3] == "ACMEHEALTH"  # delimiters in a name never reach the file
    subscriber = [s for s in segs if s[0] == "NM1" and s[1] == "IL"]
    assert subscriber[0][3:5] == ["NUNEZ-1", "JOSE"] and subscriber[1][3:5] == ["NUNEZ", "MARIA"]
    dependent = next(s for s in segs if s[0] == "NM1" and s[1] == "03")
    assert dependent[3:5] == ["NUNEZ-2", "JOSE"]
    trns = [s for s in segs if s[0] == "TRN"]
    assert trns == [["TRN", "1", "FD000001", originator_id("MAPLEDEMO01")], ["TRN", "1", "FD000002", "9MAPLEDEMO"]]
    # Each TRN sits in the loop of the person asked about: 2000C for Jose 1, 2000D for Jose 2.
    order = [s[0] + (s[1] if s[0] in ("NM1", "HL") else "") for s in segs]
    assert order.index("TRN") == order.index("HL3") + 1
    assert order.index("TRN", order.index("HL5")) == order.index("HL5") + 1
    assert [s for s in segs if s[0] == "EQ"] == [["EQ", "30"]] * 2
    assert segs[-3][0] == "SE" and segs[-3][1] == str(len(segs) - 4)  # ST..SE counted


def test_more_than_99_patients_of_one_payer_use_a_second_receiver_loop() -> None:
    text = render_270([_inquiry(n) for n in range(100)] + [_inquiry(500, payer="62308")],
                      receiver=Receiver("MAPLE", "1234567893"), submitter=SUBMITTER, control=ControlNumbers(7, 7),
                      created_at=WHEN)
    assert validate_eligibility_file(text) == []
    segs = _segs(text)
    assert [s[0] for s in segs].count("ST") == 1
    levels = [(s[3], s[2]) for s in segs if s[0] == "HL"]
    assert [lvl for lvl, _parent in levels if lvl != "22"] == ["20", "21", "21", "20", "21"]


def test_no_inquiries_no_file() -> None:
    with pytest.raises(ValueError):
        render_270([], receiver=Receiver("MAPLE", "1234567893"), submitter=SUBMITTER, control=ControlNumbers(1, 1),
                   created_at=WHEN)

"""ICD-10-CM lookups, validation and search against the real bundled release."""

from __future__ import annotations

import re
import threading

import pytest

from frontdesk.codes import icd10cm
from frontdesk.codes._icd_data import data_dir
from frontdesk.errors import ValidationError


@pytest.fixture(scope="module", autouse=True)
def loaded() -> None:
    icd10cm.preload()


def test_version_comes_from_the_release() -> None:
    version = icd10cm.code_set_version()
    folder = data_dir()
    tabular = next(folder.glob("icd10c*-tabular-*.xml")).read_text(encoding="utf-8")[:300]
    fiscal_year = re.search(r"<version>(\d{4})</version>", tabular).group(1)  # type: ignore[union-attr]
    assert version.startswith(f"ICD-10-CM FY{fiscal_year}")
    assert version == "ICD-10-CM FY2026 (April 1, 2026 update)"  # what the bundled package holds today


@pytest.mark.parametrize("typed", ["E11.9", "e119", "  E11.9 ", "e 11.9"])
def test_lookup_accepts_any_spelling(typed: str) -> None:
    code = icd10cm.lookup(typed)
    assert code is not None
    assert (code.code, code.display_code, code.billable) == ("E119", "E11.9", True)
    assert code.description == "Type 2 diabetes mellitus without complications"


def test_lookup_of_real_codes() -> None:
    assert icd10cm.lookup("J06.9").description == "Acute upper respiratory infection, unspecified"  # type: ignore[union-attr]
    fracture = icd10cm.lookup("S52.521A")
    assert fracture is not None and fracture.billable and fracture.display_code == "S52.521A"
    # the 7th character's meaning is part of the description
    assert fracture.description == ("Torus fracture of lower end of right radius, initial encounter for closed "
                                    "fracture")
    assert icd10cm.lookup("T36.0X1A").description.startswith("Poisoning by penicillins")  # type: ignore[union-attr]
    header = icd10cm.lookup("E11")
    assert header is not None and not header.billable and header.display_code == "E11"
    assert icd10cm.lookup("B20").billable  # type: ignore[union-attr]  # a block shares its name; still a code
    assert icd10cm.lookup("Z99.99") is None
    assert icd10cm.lookup("A00-A09") is None  # a block of the tabular list, not a code
    assert icd10cm.lookup("") is None


def test_every_code_of_the_package_list_is_found() -> None:
    folder = data_dir()
    lines = next(folder.glob("code-list-*.txt")).read_text(encoding="utf-8").split()
    codes = [c for c in lines if re.fullmatch(r"[A-Z][0-9][0-9A-Z]{1,5}", c)]
    assert len(codes) > 90000
    missing = [c for c in codes if icd10cm.lookup(c) is None]
    assert missing == []
    billable = sum(icd10cm.lookup(c).billable for c in set(codes))  # type: ignore[union-attr]
    assert 70000 < billable < 80000  # the FY2026 release has about 74,700 billable codes
    assert all(icd10cm.lookup(c).description for c in codes)  # type: ignore[union-attr]


def test_validate_accepts_a_billable_code() -> None:
    assert icd10cm.validate_diagnosis(" j06.9 ").code == "J069"


def test_validate_refuses_a_header_and_names_codes_under_it() -> None:
    with pytest.raises(ValidationError) as caught:
        icd10cm.validate_diagnosis("E11", field="diagnosis_1")
    assert caught.value.field == "diagnosis_1"
    message = caught.value.message
    assert "header" in message and "not billable" in message
    named = re.findall(r"E11\.[0-9A-Z]+", message)
    assert 1 <= len(named) <= 3
    assert all(icd10cm.lookup(c).billable for c in named)  # type: ignore[union-attr]


def test_validate_refuses_an_unknown_code_and_names_the_version() -> None:
    with pytest.raises(ValidationError) as caught:
        icd10cm.validate_diagnosis("Q99.999")
    assert caught.value.field == "diagnosis"
    assert "not an ICD-10-CM code" in caught.value.message
    assert icd10cm.code_set_version() in caught.value.message
    with pytest.raises(ValidationError, match="Type a diagnosis code"):
        icd10cm.validate_diagnosis("  ")


def test_search_by_code_prefix() -> None:
    found = icd10cm.search("e11.6")
    assert found and all(d.code.startswith("E116") for d in found)
    assert [d.display_code for d in found[:2]] == ["E11.65", "E11.69"]  # billable and shortest first
    headers = [d.display_code for d in found if not d.billable]
    assert headers[0] == "E11.6" and not any(d.billable for d in found[-len(headers):])  # headers come last
    e11 = icd10cm.search("E11", limit=200)
    flags = [d.billable for d in e11]
    assert flags == sorted(flags, reverse=True)  # billable first
    lengths = [len(d.code) for d in e11 if d.billable]
    assert lengths == sorted(lengths)  # then shorter codes
    assert len(icd10cm.search("E11", limit=5)) == 5


def test_search_by_words_in_any_order() -> None:
    found = icd10cm.search("diab type 2 kidney")
    assert "E11.22" in [d.display_code for d in found]
    assert found == icd10cm.search("kidney 2 TYPE diab")  # any order, any case: the same answer
    for d in found:
        words = re.findall(r"[a-z0-9]+", d.description.lower())
        for typed in ("diab", "type", "2", "kidney"):
            assert any(w.startswith(typed) for w in words), (d, typed)


@pytest.fixture(scope="module")
def every_code() -> list:  # type: ignore[type-arg]
    lines = next(data_dir().glob("code-list-*.txt")).read_text(encoding="utf-8").split()
    codes = dict.fromkeys(c for c in lines if re.fullmatch(r"[A-Z][0-9][0-9A-Z]{1,5}", c))
    return [icd10cm.lookup(c) for c in codes]


@pytest.mark.parametrize("query", ["a b c d e", "s", "fracture of left", "diab type 2 kidney", "x", "of the",
                                   "chronic kidney disease stage 3", "zoster", "in un", "encounter for"])
def test_word_search_equals_a_plain_scan(every_code, query: str) -> None:  # type: ignore[no-untyped-def]
    """The index (sets for rare words, bitsets for common ones) finds exactly what reading every code would."""
    typed = query.split()

    def matches(description: str) -> bool:
        words = re.findall(r"[a-z0-9]+", description.lower())
        return all(any(w.startswith(t) for w in words) for t in typed)

    expected = sorted((d for d in every_code if matches(d.description)),
                      key=lambda d: (not d.billable, len(d.code), d.code))
    assert icd10cm.search(query, limit=50) == expected[:50]
    assert icd10cm.search(query, limit=500) == expected[:500]


def test_search_words_must_start_words() -> None:
    # "abetes" is inside "diabetes" but starts no word
    assert icd10cm.search("abetes mellitus") == []
    assert icd10cm.search("") == [] and icd10cm.search("   ") == [] and icd10cm.search("!!!") == []
    assert icd10cm.search("E11", limit=0) == []


def test_search_is_deterministic_and_billable_first() -> None:
    first = icd10cm.search("fracture radius", limit=50)
    assert first == icd10cm.search("fracture radius", limit=50)
    assert all(d.billable for d in first)  # plenty of billable ones, so no header makes the cut


def test_loading_is_thread_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    """Threads that ask at once share one index, built once."""
    from frontdesk.codes import _icd_data

    monkeypatch.setattr(icd10cm, "_index", None)
    calls = []
    real = _icd_data.read_release

    def counted():  # type: ignore[no-untyped-def]
        calls.append(1)
        return real()

    monkeypatch.setattr(icd10cm, "read_release", counted)
    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(icd10cm.lookup("E11.9"))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and len(results) == 4 and len(set(results)) == 1

"""`frontdesk era import FILE... [--preview]`: one line per check and claim, one-line errors, honest exit codes.

The files are imported in-process as the billing user (signing in is `frontdesk claims`'s, tested there)."""

from __future__ import annotations

from pathlib import Path

from era_lib import control_number, raw, remittance
from pay_lib import Clinic

from frontdesk import cli, cli_era
from frontdesk.services.payments import insurance_payments as ins


def _run(ctx, files: list[Path], *options: str) -> int:  # type: ignore[no-untyped-def]
    args = cli.build_parser().parse_args(["era", "import", *map(str, files), "--demo", *options])
    return max(cli_era._import_file(ctx, f, args, cli._one_line) for f in files)


def test_preview_then_import_then_the_same_file_again(billing_ctx, clinic: Clinic, db, tmp_path: Path,
                                                      capsys) -> None:
    visit = clinic.visit(clinic.patient(), (12500, 4000))
    era = tmp_path / "remit.835"
    era.write_bytes(remittance("paid.835", pcn=control_number(db, visit.claim_ids[0])))
    assert _run(billing_ctx, [era], "--preview") == cli_era.EXIT_OK
    out = capsys.readouterr().out
    assert "remit.835: check CHK500101 from BLUE PRAIRIE HEALTH, $140.00 of 11/20/2026: 1 matched" in out
    assert f"-> claim {visit.claim_ids[0]} (matched)" in out and "DOE" not in out  # no patient names
    assert ins.list_insurance_payments(billing_ctx, status=None) == []
    assert _run(billing_ctx, [era]) == cli_era.EXIT_OK
    out = capsys.readouterr().out
    assert "Posted CHK500101 as payment #" in out and ": 1 claim posted, 0 reversed" in out
    assert _run(billing_ctx, [era]) == cli_era.EXIT_PROBLEM
    captured = capsys.readouterr()
    # counted unmatched (its money is posted already), so not labelled "(matched)" on its line either
    assert "0 matched, 0 to confirm, 1 unmatched" in captured.out
    assert f"-> claim {visit.claim_ids[0]} (to the unmatched queue) - " in captured.out
    err = captured.err.strip().splitlines()
    assert err == ["frontdesk: remit.835: check CHK500101: Already imported on 11/27/2026 (check or EFT CHK500101)."]


def test_unmatched_claims_exit_3_and_bad_files_one_line_each(billing_ctx, clinic: Clinic, db, tmp_path: Path,
                                                             capsys) -> None:
    visit = clinic.visit(clinic.patient(), (12500, 4000))
    good = tmp_path / "a.835"
    good.write_bytes(remittance("unmatched.835", pcn=control_number(db, visit.claim_ids[0])))
    assert _run(billing_ctx, [good]) == cli_era.EXIT_LEFT_OUT
    assert "1 to the unmatched queue" in capsys.readouterr().out
    wrong = tmp_path / "b.837"
    wrong.write_bytes(raw("not_835.837"))
    missing = tmp_path / "nowhere.835"
    assert _run(billing_ctx, [wrong, missing]) == cli_era.EXIT_PROBLEM
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "b.837: This file is not a valid 835 remittance: GS line 2" in err[0]
    assert err[1].startswith(f"frontdesk: cannot read {missing}")

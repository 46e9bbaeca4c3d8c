"""Re-reading a written 837P for the COB balance: each 2430 line and each adjudicated 2320 add up.

Per line: SV102 (charge) = SVD02 (the other payer's payment) + the amounts of that 2430's CAS segments.
Per claim and other payer with an AMT*D: CLM02 = AMT*D + its 2320 CAS + its 2430 CAS on every line.
This reads only the file, so it proves what was sent, whatever the claim data said.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


def _cas_total(row: list[str]) -> Decimal:
    """CAS03, CAS06, ... CAS18: the amounts of one CAS segment's reason/amount/quantity trios."""
    return sum((Decimal(row[i]) for i in range(3, min(len(row), 19), 3) if row[i]), Decimal(0))


@dataclass
class _OtherPayer:
    """One 2320/2330B: its payer id, AMT*D (None = not adjudicated) and its claim-level CAS total."""

    id: str = ""
    paid: Decimal | None = None
    adjusted: Decimal = Decimal(0)


class _Claim:
    def __init__(self, clm: list[str]) -> None:
        self.id = clm[1]
        self.charge = Decimal(clm[2])
        self.payers: list[_OtherPayer] = []
        self.line_adjusted: dict[str, Decimal] = {}  # 2430 CAS total per SVD01 payer id
        self.line_charge = Decimal(0)
        self.line_number = ""
        self.svd: tuple[str, Decimal, Decimal] | None = None  # payer, paid, CAS total of the open 2430

    def close_2430(self, problems: list[str]) -> None:
        if self.svd is None:
            return
        payer, paid, adjusted = self.svd
        if paid + adjusted != self.line_charge:
            problems.append(f"claim {self.id} line {self.line_number}: charge {self.line_charge} is not paid {paid} "
                            f"+ adjustments {adjusted} ({payer})")
        self.line_adjusted[payer] = self.line_adjusted.get(payer, Decimal(0)) + adjusted
        self.svd = None

    def close(self, problems: list[str]) -> None:
        self.close_2430(problems)
        for payer in self.payers:
            if payer.paid is None:
                continue  # no AMT*D: that payer has not adjudicated (a primary's 2320 for its secondary)
            total = payer.paid + payer.adjusted + self.line_adjusted.get(payer.id, Decimal(0))
            if total != self.charge:
                problems.append(f"claim {self.id}: CLM02 {self.charge} is not the other payer's paid {payer.paid} + "
                                f"its adjustments {total - payer.paid} ({payer.id})")


def cob_balance_problems(rows: Iterable[list[str]]) -> list[str]:
    """Every line or claim of the file whose other payer's payment and adjustments miss the charge."""
    problems: list[str] = []
    claim: _Claim | None = None
    loop = ""
    for row in rows:
        tag = row[0]
        if tag in ("CLM", "SE", "HL"):
            if claim is not None:
                claim.close(problems)
            claim, loop = (_Claim(row), "2300") if tag == "CLM" else (None, "")
            continue
        if claim is None:
            continue
        if tag == "SBR":
            loop = "2320"
            claim.payers.append(_OtherPayer())
        elif tag == "LX":
            claim.close_2430(problems)
            loop, claim.line_number = "2400", row[1]
        elif tag == "SV1":
            claim.line_charge = Decimal(row[2])
        elif tag == "SVD":
            claim.close_2430(problems)
            loop, claim.svd = "2430", (row[1], Decimal(row[2]), Decimal(0))
        elif tag == "CAS" and loop == "2430" and claim.svd is not None:
            payer, paid, adjusted = claim.svd
            claim.svd = (payer, paid, adjusted + _cas_total(row))
        elif loop == "2320" and claim.payers:
            current = claim.payers[-1]
            if tag == "CAS":
                current.adjusted += _cas_total(row)
            elif tag == "AMT" and row[1] == "D":
                current.paid = Decimal(row[2])
            elif tag == "NM1" and row[1] == "PR":
                current.id = row[9] if len(row) > 9 else ""
    return problems

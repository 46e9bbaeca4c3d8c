"""A demo fee schedule: the office codes a family practice bills, in the practice's own short words.

Added as the Fee schedule tab adds them, item by item and payer fee by payer fee (each audited as such).
"""

from __future__ import annotations

from frontdesk.services.billing import fee_schedule
from frontdesk.services.billing import payers as payer_list
from frontdesk.services.patients import synthetic
from frontdesk.services.session import ServiceContext

# (code, the practice's own description, fee per unit, default units, allowed modifiers).
# The descriptions are this practice's shorthand, deliberately not the AMA CPT descriptors (copyrighted).
DEMO_FEE_ITEMS: tuple[tuple[str, str, str, int, str], ...] = (
    ("99202", "New patient visit, straightforward", "110.00", 1, "25 95"),
    ("99203", "New patient visit, low complexity", "165.00", 1, "25 95"),
    ("99204", "New patient visit, moderate complexity", "250.00", 1, "25 95"),
    ("99205", "New patient visit, high complexity", "330.00", 1, "25 95"),
    ("99211", "Est. patient visit, nurse only", "35.00", 1, ""),
    ("99212", "Est. patient visit, straightforward", "85.00", 1, "25 95"),
    ("99213", "Est. patient visit, low complexity", "130.00", 1, "25 95"),
    ("99214", "Est. patient visit, moderate complexity", "190.00", 1, "25 95"),
    ("99215", "Est. patient visit, high complexity", "260.00", 1, "25 95"),
    ("99391", "Well-child checkup, est., under 1 yr", "180.00", 1, ""),
    ("99385", "Annual physical, new, age 18-39", "240.00", 1, ""),
    ("99386", "Annual physical, new, age 40-64", "270.00", 1, ""),
    ("99395", "Annual physical, est., age 18-39", "210.00", 1, ""),
    ("99396", "Annual physical, est., age 40-64", "230.00", 1, ""),
    ("99397", "Annual physical, est., 65 and over", "250.00", 1, ""),
    ("G0438", "Medicare wellness visit, first one", "175.00", 1, ""),
    ("G0439", "Medicare wellness visit, yearly", "135.00", 1, ""),
    ("99406", "Quit-smoking talk, 3 to 10 min", "30.00", 1, ""),
    ("90471", "Shot given, first vaccine", "28.00", 1, ""),
    ("90472", "Shot given, each extra vaccine", "18.00", 1, ""),
    ("90656", "Flu vaccine, no preservative", "32.00", 1, ""),
    ("90715", "Tdap booster vaccine", "55.00", 1, ""),
    ("90732", "Pneumonia vaccine (PPSV23)", "120.00", 1, ""),
    ("G0008", "Flu shot given (Medicare)", "28.00", 1, ""),
    ("G0009", "Pneumonia shot given (Medicare)", "28.00", 1, ""),
    ("36415", "Blood draw from vein", "15.00", 1, ""),
    ("81002", "Urine dip test in office", "10.00", 1, ""),
    ("82962", "Fingerstick sugar check", "10.00", 1, ""),
    ("83036", "A1c test in office", "25.00", 1, "QW"),
    ("87880", "Rapid strep test", "28.00", 1, "QW"),
    ("87804", "Rapid flu test", "30.00", 1, "QW 59"),
    ("93000", "EKG with reading", "60.00", 1, ""),
    ("94640", "Breathing treatment (nebulizer)", "35.00", 1, "76"),
    ("96372", "Shot of medicine, muscle or under skin", "40.00", 1, "59"),
    ("69210", "Ear wax removal, one ear", "70.00", 1, "50 RT LT"),
    ("J1100", "Dexamethasone, per 1 mg", "2.00", 10, "JZ"),
    ("J1885", "Ketorolac, per 15 mg", "8.00", 2, "JZ"),
    ("J0696", "Ceftriaxone, per 250 mg", "15.00", 4, "JZ"),
    ("J3420", "Vitamin B12 shot, up to 1000 mcg", "15.00", 1, "JZ"),
)
# A few contracted fees that differ from the practice's default (demo payer name -> code -> fee).
DEMO_PAYER_FEES: dict[str, dict[str, str]] = {
    "Medicare Part B (NGS)": {"99213": "92.47", "99214": "131.21", "G0438": "168.96", "G0439": "130.26",
                              "36415": "3.00", "96372": "15.19", "G0008": "35.70"},
    "New York Medicaid (eMedNY)": {"99213": "60.00", "99214": "85.00", "90471": "17.85"},
    "Aetna": {"99213": "112.00", "99214": "165.00"},
}


def seed_demo_fee_schedule(ctx: ServiceContext) -> int:
    """Add the demo fee schedule and payer fees that are not there yet (demo practice only; running it
    again adds nothing). Returns the number of fee items added."""
    synthetic.demo_practice_today(ctx)  # refuses outside a demo practice
    items = {item.code: item for item in fee_schedule.list_fee_items(ctx, include_inactive=True)}
    added = 0
    for code, description, fee, units, modifiers in DEMO_FEE_ITEMS:
        if code not in items:
            items[code] = fee_schedule.add_fee_item(ctx, code, description, fee, units, modifiers)
            added += 1
    by_name: dict[str, int] = {}
    for payer in sorted(payer_list.list_payers(ctx, include_inactive=True), key=lambda p: p.id):
        by_name.setdefault(payer.name, payer.id)  # the first payer of that name, as the demo made it
    for payer_name, fees in DEMO_PAYER_FEES.items():
        payer_id = by_name.get(payer_name)
        if payer_id is None:  # the insurance demo data was not seeded: default fees only
            continue
        have = {item.id for item, _cents in fee_schedule.list_payer_fees(ctx, payer_id)}
        for code, fee in fees.items():
            if items[code].id not in have:
                fee_schedule.set_payer_fee(ctx, payer_id, items[code].id, fee)
    return added

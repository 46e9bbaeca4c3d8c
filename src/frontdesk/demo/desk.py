"""The demo Desk: a front desk's last few days of phone messages, tasks, referrals and recalls.

Everything goes through the public service operations, as the demo users (Dana the administrator, Rita at
the front desk, Ben in billing), so every rule, contact-history entry and audit row applies. Items that
happened earlier in the week are made with the services' clock (``schedule_time.utc_now``) set back to
that moment for this thread only, exactly as if someone had typed them then: a routine message taken
three business days ago is overdue today because the service computed its due time when it was taken.
The audit trail keeps the real time of each write (it reads its own clock).
"""

from __future__ import annotations

from dataclasses import dataclass

from frontdesk.domain import schedule_time as st
from frontdesk.services.session import ServiceContext
from frontdesk.demo._desk_script import seed_directory, seed_messages, seed_recalls, seed_referrals, seed_tasks
from frontdesk.demo._desk_time import Timeline
from frontdesk.demo._staff import Staff
from frontdesk.demo.desk_cast import DemoDeskCast, demo_desk_cast

DEFAULT_SEED = 7
# Patients the script names: 11 in messages, 6 in tasks, 10 in referrals; 11 more for recalls.
SCRIPT_PATIENTS = (11, 6, 10)
RECALL_PATIENTS = 11


@dataclass(frozen=True)
class DemoDeskResult:
    """How many of each desk item the seeding made (all zero when the desk was seeded already)."""

    messages: int = 0
    tasks: int = 0
    directory_entries: int = 0
    referrals: int = 0
    incoming_referrals: int = 0
    recalls: int = 0


def seed_demo_desk(ctx: ServiceContext, seed: int = DEFAULT_SEED) -> DemoDeskResult:
    """Fill the demo practice's Desk pane (messages, tasks, directory, referrals, recalls); demo practice only.

    ``ctx`` must be the demo administrator. Run once: a desk that already has items is left alone (zeros).
    """
    cast: DemoDeskCast = demo_desk_cast(ctx, sum(SCRIPT_PATIENTS), RECALL_PATIENTS, seed)
    if cast.already_seeded or not cast.patients:
        return DemoDeskResult()
    staff = Staff(ctx)
    line = Timeline(st.utc_now(), cast.time_zone)
    people = cast.patients
    # A very small demo repeats patients rather than failing.
    groups = []
    start = 0
    for size in SCRIPT_PATIENTS:
        groups.append([people[(start + i) % len(people)] for i in range(size)])
        start += size
    messages = seed_messages(staff, line, groups[0])
    tasks = seed_tasks(staff, line, groups[1])
    entries = seed_directory(staff, line, seed)
    outgoing, incoming = seed_referrals(staff, line, groups[2], entries, cast.provider_ids)
    recalls = seed_recalls(staff, line, list(cast.recall_patients), cast.provider_ids)
    return DemoDeskResult(messages, tasks, len(entries), outgoing, incoming, recalls)

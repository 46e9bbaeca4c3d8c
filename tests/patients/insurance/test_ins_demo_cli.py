"""`frontdesk demo` seeds payers, policies and consents that pass the services' own rules; `check` stays clean."""

from __future__ import annotations

import collections
import subprocess
import sys
from dataclasses import fields

import pytest
from sqlalchemy import select
from shared_build import SHARED_DEMO_PATIENTS, copy_of_shared_demo
from testsupport import hermetic_env

from frontdesk.demo.build import DEMO_PASSPHRASE, DEMO_PASSWORD, DEMO_USERNAME
from frontdesk.models import Patient
from frontdesk.paths import DataPaths
from frontdesk.services.admin import auth
from frontdesk.services.patients import consents, insurance
from frontdesk.services.billing import payers
from frontdesk.services.session import ServiceContext
from frontdesk.services.patients.insurance import PolicyInput
from frontdesk.storage.store import KeySource, open_practice_store, unlock_key


@pytest.fixture
def cli_env(tmp_path):
    return hermetic_env(tmp_path, FRONTDESK_PASSPHRASE=DEMO_PASSPHRASE)


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "frontdesk", *args], env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=300)


def test_demo_then_check(tmp_path, tmp_path_factory, cli_env) -> None:
    # `frontdesk demo --no-gui` built it (once for the run; shared_build.py asserts that command succeeded).
    folder = copy_of_shared_demo(tmp_path_factory, tmp_path / "demo")
    checked = _run(cli_env, "check", "--data-dir", str(folder))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "OK: database, encryption and audit chain verified." in checked.stdout

    paths = DataPaths(folder)
    db = open_practice_store(paths, unlock_key(paths, KeySource(passphrase=DEMO_PASSPHRASE)))
    try:
        ctx = ServiceContext(db, auth.login(ServiceContext(db), DEMO_USERNAME, DEMO_PASSWORD))
        listed = payers.list_payers(ctx, include_inactive=True)
        assert {"medicare", "medicaid", "tricare", "champva", "group_health_plan"} <= {p.claim_type for p in listed}
        assert any(not p.active for p in listed) and len(listed) >= 8
        shapes: collections.Counter[str] = collections.Counter()
        states: collections.Counter[str] = collections.Counter()
        insured = 0
        with db.session(write=False) as session:
            patient_ids = list(session.scalars(select(Patient.id)))
        assert len(patient_ids) == SHARED_DEMO_PATIENTS
        for patient_id in patient_ids:
            policies = insurance.list_policies(ctx, patient_id)
            insured += bool(policies)
            for p in policies:
                shapes.update([f"rank{p.rank}", p.relationship, p.status] + (["checked"] if p.latest_check else []))
                # every demo policy is one the policy form would have accepted
                data = PolicyInput(**{f.name: getattr(p, f.name) for f in fields(PolicyInput)})
                assert insurance.update_policy(ctx, p.id, data).member_id == p.member_id
            states.update(s.state for s in consents.consent_status(ctx, patient_id))
        assert 0.75 * SHARED_DEMO_PATIENTS <= insured < SHARED_DEMO_PATIENTS  # most, not all, insured
        assert shapes["rank2"] > 5 and shapes["spouse"] + shapes["child"] > 5 and shapes["ended"] > 3
        assert shapes["checked"] > 5
        assert {"ok", "missing", "outdated", "expired"} <= set(states)
        assert states["ok"] > states["missing"]
    finally:
        db.close()

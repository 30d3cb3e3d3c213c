"""The whole signing flow, walked with qtbot by accessible names, against a real SQLite file."""

from __future__ import annotations

import sqlite3

from support.kiosk import Hire, KioskDriver

from zzsign.services.records import open_record
from zzsign.store.records import RecordRepository
from zzsign.views.pages.done import DonePage
from zzsign.views.pages.review import ReviewPage


def test_walk_the_whole_flow_and_find_one_complete_record(qtbot, kiosk, store, settings, hr_key):
    hire = Hire()
    driver = KioskDriver(qtbot, kiosk)
    driver.walk_to_review(hire)
    assert isinstance(driver.page, ReviewPage)
    driver.click("Sign agreement")
    assert isinstance(driver.page, DonePage)
    shown_id = kiosk.wizard.done.record_id.text().removeprefix("Record ID: ")

    with store.sessions() as db:
        records = RecordRepository(db)
        assert records.ids() == [shown_id]
        record = open_record(db, shown_id, hr_key)
    assert record.signer.full_name == hire.full_name
    assert record.signer.work_email == hire.work_email
    assert record.signer.employee_id == hire.employee_id
    assert record.signer.department == hire.department
    assert record.agreement.version == 1
    assert record.signature.kind == "typed"
    evidence = record.evidence()
    assert [e["step"] for e in evidence["audit_trail"]] == [
        "opened",
        "details_entered",
        "consented_to_electronic_records",
        "reached_end_of_agreement",
        "acknowledged_third_party_clause",
        "acknowledged_agreement",
        "signature_adopted",
        "signed",
    ]
    # Read straight from the file, as another program would.
    with sqlite3.connect(settings.data_dir / "zzsign.sqlite3") as raw:
        assert raw.execute("SELECT count(*) FROM signature_records").fetchone() == (1,)

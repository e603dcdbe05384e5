"""ketenkoppeling.privacy: masking BSNs in values, free text and command-line JSON, and the
audit-log entry of a request to see them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ketenkoppeling.checks.d2_identity import Person, _candidate
from ketenkoppeling.privacy import (
    mask_bsn,
    mask_bsns_in_text,
    mask_json,
    record_bsn_reveal,
)
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import AuditLogRow


def test_mask_bsn_keeps_the_last_four_digits() -> None:
    assert mask_bsn("123443436") == "*****3436"
    assert mask_bsn("12345678") == "*****5678"
    assert mask_bsn("123") == "*****"
    assert mask_bsn("") == "" and mask_bsn(None) == ""


def test_numbers_in_text_but_not_amounts_dates_or_longer_numbers() -> None:
    text = (
        "BSN 123443436 en 12345678; bedrag 123456789.00 of € 12.345.678,90; "
        "1234567890 is te lang; 2008-01-01; 1234567 te kort; (100000009)"
    )
    assert mask_bsns_in_text(text) == (
        "BSN *****3436 en *****5678; bedrag 123456789.00 of € 12.345.678,90; "
        "1234567890 is te lang; 2008-01-01; 1234567 te kort; (*****0009)"
    )


def d2_message(
    surname: str | None, initials: str | None, postcode: str | None
) -> dict[str, object]:
    a = Person("100000009", date(1970, 2, 1), "jansen", surname, initials, postcode, "h1")
    b = Person("100000010", date(1970, 2, 1), "jansen", surname, initials, postcode, "h2")
    c = _candidate(a, b)
    return {"message": c.message, "details": c.details, "records": c.records}


def test_d2_shows_only_masked_bsns_by_default() -> None:
    for surname, initials, postcode in [
        ("Jansen", "J.P.", "2011 AB"),
        ("Jansen", None, None),
        (None, None, "2011AB"),
        ("van (der) Berg", "A.", None),
    ]:
        masked = mask_json(d2_message(surname, initials, postcode))
        message = str(masked["message"])
        assert message.startswith(
            "Mogelijk is dezelfde persoon onder twee BSN's geregistreerd: client *****0009 en "
            "client *****0010."
        ), message
        for secret in ("100000009", "100000010", "01-02-1970", "1970-02-01", "2011"):
            assert secret not in str(masked), (secret, masked)
        assert masked["records"] == ["client *****0009", "client *****0010"]
        assert masked["details"] == {"bsns": ["*****0009", "*****0010"]}
    useful = mask_json(d2_message("Jansen", "J.P.", "2011 AB"))["message"]
    assert mask_bsns_in_text("geboren 01-02-1970") == "geboren **-**-****"
    assert str(useful).endswith("Geboortedatum en achternaam zijn gelijk, net als voorletters "
                                "en postcode.")  # fmt: skip


def test_mask_json_touches_only_bsns() -> None:
    data = {
        "partner": "UWV",
        "total": "123456789.00",
        "file": "uwv-20080701.xml",
        "per_client": [{"bsn": "100000009", "invested": "10.00"}],
        "findings": [{"id": 123456789, "message": "BSN 100000009", "postcode": "2011AB"}],
        "quarantined_records": [{"file": "a-12345678.csv", "reasons": ["BSN 12345678 fout"]}],
    }
    assert mask_json(data) == {
        "partner": "UWV",
        "total": "123456789.00",
        "file": "uwv-20080701.xml",
        "per_client": [{"bsn": "*****0009", "invested": "10.00"}],
        "findings": [{"id": 123456789, "message": "BSN *****0009"}],
        "quarantined_records": [{"file": "a-12345678.csv", "reasons": ["BSN *****5678 fout"]}],
    }
    assert data["per_client"] == [{"bsn": "100000009", "invested": "10.00"}]  # not changed


def test_a_reveal_is_audit_logged(db: Database) -> None:
    record_bsn_reveal(db, user="controller", what="werkmap verantwoording.xlsx")
    record_bsn_reveal(db, what="opdrachtregel: findings")
    with db.session() as s:
        rows = list(s.scalars(select(AuditLogRow).order_by(AuditLogRow.id)))
    assert [(r.user, r.action, r.subject) for r in rows] == [
        ("controller", "show-bsn", "werkmap verantwoording.xlsx"),
        ("testgebruiker", "show-bsn", "opdrachtregel: findings"),
    ]
    assert rows[0].detail == {"what": "werkmap verantwoording.xlsx"}

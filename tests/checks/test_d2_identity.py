from __future__ import annotations

from datetime import date

import pytest

from ketenkoppeling.checks import d2_identity as d2
from ketenkoppeling.model.names import surname_key
from ketenkoppeling.store import Database
from tests.checks.helpers import found, records_of, region
from tests.factories import client

BORN = date(1971, 4, 23)
A, B, C, E = "111222333", "123456782", "222333444", "333444555"


@pytest.mark.parametrize(
    "name",
    ["van der Berg", "Berg, van der", "BERG", "Bérg", "berg van der", "Van  Der-Berg", "'t Berg"],
)
def test_surname_key_ignores_case_punctuation_diacritics_and_tussenvoegsels(name: str) -> None:
    assert surname_key(name) == "berg"


def test_surname_key_keeps_what_is_not_a_tussenvoegsel() -> None:
    assert surname_key("in 't Veld") == surname_key("Veld")
    assert surname_key("ter Horst") == surname_key("Horst") == "horst"
    assert surname_key("Çelik") == "celik"
    assert surname_key("Vandenberg") != surname_key("Berg")


def test_same_birth_date_and_normalised_surname_is_a_warning(db: Database) -> None:
    region(
        db,
        client(A, birth_date=BORN, surname="van der Berg", initials="J.P.", postcode="2011AB"),
        client(B, birth_date=BORN, surname="Berg, van der", initials="JP", postcode="2011 ab"),
    )
    [finding] = found(db, d2.find)
    assert finding.rule == "D2"
    assert finding.severity == "warning"
    assert finding.records == [f"client {A}", f"client {B}"]
    assert "23-04-1971" in finding.message
    assert "voorletters en postcode" in finding.message


def test_diacritics_and_case_are_ignored(db: Database) -> None:
    region(
        db,
        client(A, birth_date=BORN, surname="BERG"),
        client(B, birth_date=BORN, surname="Bérg"),
    )
    assert records_of(found(db, d2.find)) == [[f"client {A}", f"client {B}"]]


def test_missing_initials_or_postcode_on_one_side_still_match(db: Database) -> None:
    region(
        db,
        client(A, birth_date=BORN, surname="de Vries", initials="J.", postcode="2011AB"),
        client(B, birth_date=BORN, surname="Vries"),
    )
    assert len(found(db, d2.find)) == 1


def test_different_initials_are_not_the_same_person(db: Database) -> None:
    region(
        db,
        client(A, birth_date=BORN, surname="de Vries", initials="J."),
        client(B, birth_date=BORN, surname="de Vries", initials="K."),
    )
    assert found(db, d2.find) == []


def test_different_postcodes_are_not_the_same_person(db: Database) -> None:
    region(
        db,
        client(A, birth_date=BORN, surname="de Vries", postcode="2011AB"),
        client(B, birth_date=BORN, surname="de Vries", postcode="2012AB"),
    )
    assert found(db, d2.find) == []


def test_other_birth_date_or_surname_is_not_compared(db: Database) -> None:
    region(
        db,
        client(A, birth_date=BORN, surname="de Vries"),
        client(B, birth_date=date(1971, 4, 24), surname="de Vries"),
        client(C, birth_date=BORN, surname="Jansen"),
        client(E, surname="de Vries"),  # no birth date
    )
    assert found(db, d2.find) == []


def test_one_finding_per_pair(db: Database) -> None:
    region(
        db,
        client(A, birth_date=BORN, surname="de Vries"),
        client(B, birth_date=BORN, surname="Vries, de"),
        client(C, birth_date=BORN, surname="DE VRIES", initials="X."),
        client(E, birth_date=BORN, surname="de Vries", initials="Y."),
    )
    # C and E differ in initials; every other pair matches
    assert records_of(found(db, d2.find)) == [
        [f"client {A}", f"client {B}"],
        [f"client {A}", f"client {C}"],
        [f"client {A}", f"client {E}"],
        [f"client {B}", f"client {C}"],
        [f"client {B}", f"client {E}"],
    ]

"""A small hand-made region for the accounting tests (figures worked out in the tests)."""

from __future__ import annotations

from datetime import date

import pytest

from ketenkoppeling.store import Database
from tests.factories import add_region, benefit, deployment, outflow, spend, store

A, B, C, D, E, F, G = (
    "100000009",  # WW at UWV until 30-06-2008, then WWB at GEM-0392 (the knip)
    "100000010",  # WIA at UWV
    "100000022",  # no benefit (NUG)
    "100000034",  # WWB at GEM-0473 from 01-03-2008
    "100000046",  # WWB at GEM-0392 during 2008 only
    "100000058",  # WWB at GEM-0392 from 01-01-2009, and IOAW overlapping
    "100000071",  # WWB at IASZ until 01-01-2009 (inclusive)
)
H2 = (date(2008, 7, 1), date(2008, 12, 31))
YEAR = (date(2008, 1, 1), date(2008, 12, 31))


def build_region(db: Database) -> None:
    """Spend lines (amounts in euro; parts as the store apportions them):

    1 UWV/F1/U1       A 1000.00 paid 10-03-2008  UWV-RIB-WW 100 %
    2 UWV/F2/U1       A  900.00 paid 20-07-2008  UWV-RIB-WW 50 % (450.00), GEM-0392 50 % (450.00)
    3 GEM-0392/HF1/H1 A  100.00 paid 05-08-2008  GEM-0392 100 %
    4 UWV/F3/U2       B  333.33 paid 01-09-2008  UWV-RIB-AG 100 %, no provider
    5 GEM-0392/HF2/H2 C  200.00 paid 15-10-2008  GEM-0392 60 % (120.00) + UWV-RIB-WW 50 % (100.00)
                                                 = 110 %: over-attributed 20.00
    6 GEM-0473/ZF1/Z9 D  250.00 paid 31-12-2008  GEM-0473 80 % (200.00): unattributed 50.00;
                                                 deployment Z9 does not exist
    7 UWV/F4/U1       A  500.00 paid 05-01-2009  UWV-RIB-WW 100 % (outside 2008)
    8 UWV/F0/U1       A  200.00 paid 15-01-2008  UWV-RIB-WW 100 % (in 2008, not in H2)
    9 UWV/F5/U3       D   80.00 paid 11-11-2008  GEM-0473 100 %, paid by UWV
    """
    with db.session() as s:
        add_region(s)
        store(
            s,
            benefit(A, "WW", "UWV", "2008-01-01", "2008-06-30"),
            benefit(A, "WWB", "GEM-0392", "2008-07-01"),
            benefit(B, "WIA", "UWV", "2007-01-01"),
            benefit(D, "WWB", "GEM-0473", "2008-03-01"),
            benefit(E, "WWB", "GEM-0392", "2008-01-01", "2008-12-31"),
            benefit(F, "WWB", "GEM-0392", "2009-01-01"),
            benefit(F, "IOAW", "GEM-0392", "2008-12-01"),
            benefit(G, "WWB", "IASZ", "2008-06-01", "2009-01-01"),
            deployment("UWV", "U1", A, "SCH", "2008-01-15", provider="RIB-0001"),
            deployment("GEM-0392", "H1", A, "WF", "2008-07-01"),
            deployment("UWV", "U2", B, "JC", "2008-08-01"),
            deployment("GEM-0392", "H2", C, "SOL", "2008-09-01", provider="RIB-0002"),
            deployment("UWV", "U3", D, "BB", "2008-10-01"),
            spend("UWV", "F1", "U1", A, "1000.00", ("UWV-RIB-WW-2008", "100"),
                  pay="2008-03-10", period=("2008-02-01", "2008-02-29"), provider="RIB-0001"),
            spend("UWV", "F2", "U1", A, "900.00",
                  ("UWV-RIB-WW-2008", "50"), ("GEM-0392-WD-2008", "50"),
                  pay="2008-07-20", period=("2008-06-16", "2008-07-15"), provider="RIB-0001"),
            spend("GEM-0392", "HF1", "H1", A, "100.00", ("GEM-0392-WD-2008", "100"),
                  pay="2008-08-05", period=("2008-07-01", "2008-07-31")),
            spend("UWV", "F3", "U2", B, "333.33", ("UWV-RIB-AG-2008", "100"),
                  pay="2008-09-01", period=("2008-08-01", "2008-08-31")),
            spend("GEM-0392", "HF2", "H2", C, "200.00",
                  ("GEM-0392-WD-2008", "60"), ("UWV-RIB-WW-2008", "50"),
                  pay="2008-10-15", period=("2008-09-01", "2008-09-30"), provider="RIB-0002"),
            spend("GEM-0473", "ZF1", "Z9", D, "250.00", ("GEM-0473-WD-2008", "80"),
                  pay="2008-12-31", period=("2008-11-01", "2008-11-30")),
            spend("UWV", "F4", "U1", A, "500.00", ("UWV-RIB-WW-2008", "100"),
                  pay="2009-01-05", period=("2008-12-01", "2008-12-31")),
            spend("UWV", "F0", "U1", A, "200.00", ("UWV-RIB-WW-2008", "100"),
                  pay="2008-01-15", period=("2007-12-01", "2007-12-31")),
            spend("UWV", "F5", "U3", D, "80.00", ("GEM-0473-WD-2008", "100"),
                  pay="2008-11-11", period=("2008-10-01", "2008-10-31")),
            outflow(A, "2008-10-01", "WERK", "GEM-0392"),
            outflow(B, "2008-05-01", "ANDERS", "UWV"),
            outflow(B, "2008-11-01", "WERK", "UWV"),
            outflow(B, "2008-12-01", "WERK", "UWV"),
            outflow(D, "2009-02-01", "WERK", "GEM-0473"),
        )  # fmt: skip


@pytest.fixture
def region(db: Database) -> Database:
    build_region(db)
    return db

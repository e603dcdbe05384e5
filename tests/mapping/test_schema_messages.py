"""Schema problems of a mapping document in Dutch, built from xmlschema's structured errors
(mapping/schema_messages.py): each names its line, the element or attribute, the facet and
what is expected, and no English text of libxml2 reaches the user."""

from __future__ import annotations

import re

import pytest

from ketenkoppeling.mapping.document_checks import validate_text
from ketenkoppeling.mapping.loader import SHIPPED
from ketenkoppeling.mapping.schema_messages import schema_problems

TEXT = (SHIPPED / "uwv-reintegratie-export.xml").read_text(encoding="utf-8")
ENGLISH = re.compile(r"\b(Element|attribute|facet|is not|expected|Expected|value of)\b")


def _line(text: str, marker: str) -> int:
    return text[: text.index(marker)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "marker", "message"),
    [
        (  # an attribute the schema does not know
            "<mapping ", '<mapping kleur="rood" ', "kleur=",
            "kleur: attribuut is hier niet toegestaan",
        ),
        (  # a required attribute missing
            'export" version="1"', 'export" versie="1"', "versie=",
            "version: verplicht attribuut ontbreekt",
        ),
        (  # a pattern facet, with the pattern and what it means
            'name="uwv-reintegratie-export"', 'name="UWV X"', 'name="UWV X"',
            "name: waarde 'UWV X' voldoet niet aan het formaat: moet passen bij het patroon "
            "'[a-z0-9][a-z0-9\\-]{0,99}' (alleen kleine letters, cijfers en '-', beginnend met "
            "een letter of cijfer)",
        ),
        (  # an enumeration, with the values allowed
            '<map otherwise="instrument">', '<map otherwise="budgetten">', "budgetten",
            "otherwise: waarde 'budgetten' is niet toegestaan (toegestaan: keep, error, "
            "instrument, partner, regime)",
        ),
        (  # an element where another is expected
            "<title>", "<titel>", "<titel>",
            "titel: element wordt hier niet verwacht (verwacht: title)",
        ),
    ],
)  # fmt: skip
def test_schema_problem_names_line_element_facet_and_expected_value(
    old: str, new: str, marker: str, message: str
) -> None:
    text = TEXT.replace(old, new, 1)
    if new == "<titel>":
        text = text.replace("</title>", "</titel>", 1)
    problems = validate_text(text)
    assert f"regel {_line(text, marker)}: {message}" in problems
    # one problem per mistake (a renamed attribute: the missing one and the unknown one)
    assert len(problems) == (2 if "versie" in new else 1), problems
    assert not [p for p in problems if ENGLISH.search(p) or not p.startswith("regel ")]


def test_a_missing_element_is_named() -> None:
    text = re.sub(r"\s*<title>[^<]*</title>", "", TEXT, count=1)
    (problem,) = validate_text(text)
    assert "title: verplicht element ontbreekt in mapping" in problem or (
        "element wordt hier niet verwacht (verwacht: title)" in problem
    )
    assert problem.startswith("regel ") and not ENGLISH.search(problem)


def test_a_valid_document_has_no_schema_problems() -> None:
    from lxml import etree

    assert schema_problems(etree.fromstring(TEXT.encode("utf-8"))) == []
    assert validate_text(TEXT) == []

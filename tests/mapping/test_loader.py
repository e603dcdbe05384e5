from __future__ import annotations

from pathlib import Path

import pytest

from ketenkoppeling.mapping.loader import SHIPPED, MappingError, load_mappings, parse_mapping


def test_all_shipped_mappings_load() -> None:
    mappings = load_mappings([SHIPPED])
    assert set(mappings) >= {
        "ketenbericht-v1",
        "gemeente-trajectenoverzicht",
        "uwv-reintegratie-export",
        "reintegratiebedrijf-facturen",
        "uitkeringsperioden",
        "suwinet-gsd-dossier-reintegratie",
    }
    for mapping in mappings.values():
        assert mapping.version and mapping.title and mapping.records


def test_schema_errors_name_the_line(tmp_path: Path) -> None:
    text = (SHIPPED / "uitkeringsperioden.xml").read_text(encoding="utf-8")
    broken = text.replace('<field name="regime" column="regeling"/>', "<veld/>")
    path = tmp_path / "kapot.xml"
    path.write_text(broken, encoding="utf-8")
    line = next(i for i, t in enumerate(broken.splitlines(), start=1) if "<veld/>" in t)
    with pytest.raises(MappingError, match=rf"kapot.xml, regel {line}:"):
        parse_mapping(path)


def test_not_xml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "kapot.xml"
    path.write_text("<mapping>\n<open>\n</mapping>", encoding="utf-8")
    with pytest.raises(MappingError, match="regel 3"):
        parse_mapping(path)


def test_a_field_needs_exactly_one_source(tmp_path: Path) -> None:
    text = (SHIPPED / "uitkeringsperioden.xml").read_text(encoding="utf-8")
    path = tmp_path / "twee.xml"
    path.write_text(
        text.replace('column="regeling"/>', 'column="regeling" value="WW"/>'), encoding="utf-8"
    )
    with pytest.raises(MappingError, match="precies één bron"):
        parse_mapping(path)


def test_user_mapping_overrides_shipped(tmp_path: Path) -> None:
    text = (SHIPPED / "uitkeringsperioden.xml").read_text(encoding="utf-8")
    (tmp_path / "eigen.xml").write_text(text.replace('version="1"', 'version="2"'), "utf-8")
    mappings = load_mappings([SHIPPED, tmp_path])
    assert mappings["uitkeringsperioden"].version == "2"

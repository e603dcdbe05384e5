"""Editing a mapping as its XML document: round trips, every construct of the language, the
quarantine's quick fix, and a new mapping from a sample file that imports it."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from ketenkoppeling.importing import import_file
from ketenkoppeling.mapping.document import (
    FieldEdit,
    MappingDocument,
    Signature,
    TransformEdit,
    copy_of,
    new_mapping_from_sample,
    validate_text,
)
from ketenkoppeling.mapping.loader import NS, SHIPPED, MappingError, parse_mapping
from ketenkoppeling.mapping.reference import ReferenceSet
from ketenkoppeling.mapping.spec import FieldSpec, Mapping
from ketenkoppeling.mapping.structure import relative_xpath, sample_structure
from ketenkoppeling.mapping.transforms import FieldError, TransformContext, apply_transform
from ketenkoppeling.reference import load_reference_workbook
from ketenkoppeling.store import Database
from tests.mapping.test_structure import renamed_workbook, suwinet_response

SHIPPED_FILES = sorted(SHIPPED.glob("*.xml"))
SAMPLES = Path(__file__).parent.parent / "data" / "samples"


def _without_lines(value: Any) -> Any:
    """A mapping (or part) with every line number and the path cleared, for comparison."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            if f.name in ("line", "path"):
                changes[f.name] = None
            else:
                changes[f.name] = _without_lines(getattr(value, f.name))
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple):
        return tuple(_without_lines(v) for v in value)
    return value


def _doc(name: str) -> MappingDocument:
    return MappingDocument.from_text((SHIPPED / f"{name}.xml").read_text(encoding="utf-8"))


def _valid(doc: MappingDocument) -> Mapping:
    assert doc.validate() == []
    text = doc.text()
    assert MappingDocument.from_text(text).text() == text  # stable
    return doc.to_mapping()


def _field_spec(
    mapping: Mapping, entity: str, name: str, attribution: int | None = None
) -> FieldSpec:
    for record in mapping.records:
        for target in record.targets:
            if target.entity != entity:
                continue
            specs = (
                target.fields if attribution is None else target.attributions[attribution].fields
            )
            for spec in specs:
                if spec.name == name:
                    return spec
    raise AssertionError(f"{entity}.{name} not found")


# --- round trip --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SHIPPED_FILES, ids=[p.stem for p in SHIPPED_FILES])
def test_shipped_mapping_round_trip(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    doc = MappingDocument.from_text(text)
    out = doc.text()
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<!--')  # comment kept
    assert MappingDocument.from_text(out).text() == out
    again = parse_mapping(Path("x.xml"), out.encode("utf-8"))
    assert _without_lines(again) == _without_lines(parse_mapping(path))
    assert _without_lines(doc.to_mapping()) == _without_lines(parse_mapping(path))
    assert doc.validate() == []
    assert validate_text(text) == []


def test_comments_inside_survive_edits() -> None:
    text = (SHIPPED / "uwv-reintegratie-export.xml").read_text(encoding="utf-8")
    text = text.replace(
        '<field name="reference" column="Dossiernummer">',
        "<!-- UWV's dossier is the reference -->\n      "
        '<field name="reference" column="Dossiernummer">',
        1,
    )
    doc = MappingDocument.from_text(text)
    doc.set_field("deployment", "reference", source_kind="column", source="Dossier")
    doc.set_field("deployment", "werkcoach", source_kind="column", source="Werkcoach")
    doc.remove_field("client", "initials")
    out = doc.text()
    assert "<!-- UWV's dossier is the reference -->" in out
    assert out.index("dossier is the reference") < out.index('column="Dossier"')
    assert _valid(doc)


def test_syntax_errors_name_the_line() -> None:
    with pytest.raises(MappingError, match="regel 3: geen geldige XML"):
        MappingDocument.from_text('<?xml version="1.0"?>\n<mapping>\n<title></mapping>')
    with pytest.raises(MappingError, match="geen koppeling"):
        MappingDocument.from_text("<niks/>")
    with pytest.raises(MappingError, match="DTD"):
        MappingDocument.from_text('<!DOCTYPE m [<!ENTITY a "b">]>\n<mapping>&a;</mapping>')


def test_schema_problems_in_dutch_naming_the_line() -> None:
    doc = _doc("uwv-reintegratie-export")
    doc.name = "UWV Export"
    problems = doc.validate()
    line = doc.text()[: doc.text().index("<mapping ")].count("\n") + 1
    assert len(problems) == 1
    assert problems[0].startswith(f"regel {line}: name: waarde 'UWV Export' voldoet niet")
    assert "kleine letters" in problems[0]
    text = (SHIPPED / "uwv-reintegratie-export.xml").read_text(encoding="utf-8")
    broken = text.replace('<map otherwise="instrument">', '<map otherwise="budgetten">')
    (problem,) = validate_text(broken)
    line = broken[: broken.index("budgetten")].count("\n") + 1
    assert problem.startswith(f"regel {line}: otherwise: waarde 'budgetten' is niet toegestaan")
    empty = text.replace(
        '<field name="bsn" column="Burgerservicenummer"/>', "<field name='bsn'/>", 1
    )
    (problem,) = validate_text(empty)
    assert "regel 19" in problem and "precies één bron" in problem


def test_mistakes_the_schema_cannot_see() -> None:
    doc = _doc("uwv-reintegratie-export")
    doc.set_field("deployment", "instrumnet", source_kind="column", source="Product")
    doc.set_field("spend", "budget", source_kind="column", source="Financiering 1")
    doc.set_field("deployment", "partner", source_kind="setting", source="partnr")
    doc.set_field("client", "postcode", source_kind="xpath", source="Postcode")
    doc.set_target_options("spend", optional=True, present_if=["invoice_number", "bedrag"])
    doc.set_setting("gemeente", source_kind="cell", source="A0")
    problems = doc.validate()
    text = doc.text()
    assert all(p.startswith("regel ") for p in problems)
    joined = "\n".join(problems)
    assert "deployment heeft geen veld 'instrumnet'" in joined
    assert "spend.budget hoort in een toerekening" in joined
    assert "instelling 'partnr' bestaat niet" in joined
    assert "een XPath werkt alleen bij een XML-bestand" in joined
    assert "present-if noemt 'bedrag'" in joined
    assert "'A0' is geen cel" in joined
    (typo,) = [p for p in problems if "instrumnet" in p]
    line = int(typo.split(":")[0].removeprefix("regel "))
    assert 'name="instrumnet"' in text.splitlines()[line - 1]

    xml = _doc("ketenbericht-v1")
    xml.set_field("client", "postcode", source_kind="xpath", source="kx:Klant/kx:Postcode")
    xml.set_field("client", "surname", source_kind="column", source="Naam")
    xml.set_field("deployment", "werkcoach", source_kind="xpath", source="kb:Werkcoach[")
    xml.set_record(0, kind="InzetInstrument", path="/kb:Berichtenbatch/kb:Berichten/x:Inzet")
    xml.set_field("spend", "amount", source_kind="xpath", source="kb:Bedrag",
                  transforms=[TransformEdit("regex", {"pattern": "(\\d+"})])  # fmt: skip
    joined = "\n".join(xml.validate())
    assert "voorvoegsel 'kx'" in joined
    assert "een kolom werkt alleen bij een xlsx- of csv-bestand" in joined
    assert "'kb:Werkcoach[' is geen geldige XPath" in joined
    assert "recordpad" in joined and "'x' is niet gedeclareerd" in joined
    assert "ongeldig patroon '(\\d+'" in joined
    pathless = _doc("ketenbericht-v1")
    pathless.set_record(1, kind="Uitkeringsperiode", path=None)
    text = pathless.text()
    line = text[: text.index('<record kind="Uitkeringsperiode">')].count("\n") + 1
    assert pathless.validate() == [
        f"regel {line}: recordpad ontbreekt (een record van een XML-koppeling heeft een path nodig)"
    ]


# --- editing -----------------------------------------------------------------------------------


def _edits(transforms: tuple[Any, ...]) -> list[TransformEdit]:
    return [TransformEdit(t.kind, dict(t.params), list(t.entries)) for t in transforms]


SOURCES = ("column", "xpath", "setting", "value")
SETTINGS = ("value", "cell", "xpath")


def _source(spec: FieldSpec) -> tuple[str, Any]:
    def one(source: Any) -> tuple[str, str]:
        kind = next(
            k for k in ("column", "xpath", "setting", "value") if getattr(source, k) is not None
        )
        return kind, getattr(source, kind)

    if spec.parts:
        return "concat", [one(p) for p in spec.parts]
    return one(spec.source)


def rebuild(m: Mapping) -> MappingDocument:
    """Write ``m`` again through the editing API alone, starting from an empty mapping."""
    doc = MappingDocument.from_text(f'<mapping xmlns="{NS}" name="x" version="0"/>')
    doc.name, doc.version, doc.title, doc.description = m.name, m.version, m.title, m.description
    src = m.source
    doc.set_source(
        format=src.format,
        sheet=src.sheet,
        header_row=src.header_row,
        delimiter=src.delimiter,
        encoding=src.encoding,
        schema=src.schema,
        root=src.root,
        header=src.header,
        unique_attribute=src.unique_attribute,
    )
    doc.namespaces = dict(m.namespaces)
    doc.set_signature(m.signature_root, m.signature_sheet, m.signature_columns)
    for s in m.settings:
        kind = "file-name" if s.file_name else next(k for k in SETTINGS if getattr(s, k))
        doc.set_setting(
            s.name,
            source_kind=kind,
            source=getattr(s, kind, "") or "",
            label=s.label,
            required=s.required,
            transforms=_edits(s.transforms),
        )
    for rec in m.records:
        doc.add_record(kind=rec.kind, path=rec.path)
        for target in rec.targets:
            doc.add_target(target.entity, target.optional, target.present_if, record=rec.kind)
            for spec in target.fields:
                kind, source = _source(spec)
                doc.set_field(
                    target.entity,
                    spec.name,
                    source_kind=kind,
                    source=source,
                    separator=spec.separator,
                    transforms=_edits(spec.transforms),
                    record=rec.kind,
                )
            for index, attribution in enumerate(target.attributions):
                assert (
                    doc.add_attribution(target.entity, attribution.xpath, record=rec.kind) == index
                )
                for spec in attribution.fields:
                    kind, source = _source(spec)
                    doc.set_field(
                        target.entity,
                        spec.name,
                        source_kind=kind,
                        source=source,
                        transforms=_edits(spec.transforms),
                        attribution=index,
                        record=rec.kind,
                    )
    return doc


@pytest.mark.parametrize("path", SHIPPED_FILES, ids=[p.stem for p in SHIPPED_FILES])
def test_every_shipped_mapping_can_be_written_through_the_api(path: Path) -> None:
    shipped = parse_mapping(path)
    rebuilt = _valid(rebuild(shipped))
    assert _without_lines(rebuilt) == _without_lines(shipped)


def test_constructs_no_shipped_mapping_uses() -> None:
    doc = _doc("reintegratiebedrijf-facturen")
    doc.set_source(encoding="cp1252", delimiter="\t")
    doc.set_field("spend", "invoice_number", source_kind="column", source="factuurnummer",
                  transforms=[TransformEdit("map", {"ignore-case": "false", "otherwise": "error"},
                                            [("F-1", "F-0001")])])  # fmt: skip
    doc.set_field("spend", "bsn", source_kind="concat", separator="",
                  source=[("value", "0"), ("column", "bsn"), ("setting", "provider")])  # fmt: skip
    mapping = _valid(doc)
    assert (mapping.source.encoding, mapping.source.delimiter) == ("cp1252", "\t")
    (value_map,) = _field_spec(mapping, "spend", "invoice_number").transforms
    assert value_map.params == {"ignore-case": "false", "otherwise": "error"}
    assert value_map.entries == (("F-1", "F-0001"),)
    bsn = _field_spec(mapping, "spend", "bsn")
    assert bsn.separator == "" and [p.describe() for p in bsn.parts] == [
        "vaste waarde", "kolom bsn", "instelling provider",
    ]  # fmt: skip
    edit = doc.field("spend", "bsn")
    assert edit is not None and edit.line == 28  # where it stood in the file read
    assert dataclasses.replace(edit, line=None) == FieldEdit(
        "spend", "bsn", "concat", [("value", "0"), ("column", "bsn"), ("setting", "provider")],
        "", [], None, None, None,
    )  # fmt: skip


def test_header_source_signature_namespaces() -> None:
    doc = _doc("gemeente-trajectenoverzicht")
    assert (doc.name, doc.version) == ("gemeente-trajectenoverzicht", "1")
    assert doc.title == "Gemeente — Trajectenoverzicht (xlsx)"
    doc.name, doc.version, doc.title = "gemeente-nieuw", "7", "Gemeente & co <nieuw>"
    doc.description = "Een andere\nbeschrijving."
    doc.set_source(header_row=4, sheet="Blad1")
    assert doc.source_attrs() == {"format": "xlsx", "sheet": "Blad1", "header-row": "4"}
    doc.set_source(**{"header-row": None})
    assert "header-row" not in doc.source_attrs()
    with pytest.raises(ValueError, match="kent geen attribuut"):
        doc.set_source(sheets="x")
    doc.set_signature(sheet="Blad1", columns=["BSN", "Naam"])
    assert doc.signature() == Signature(None, "Blad1", ["BSN", "Naam"])
    mapping = _valid(doc)
    assert (mapping.name, mapping.version, mapping.title) == ("gemeente-nieuw", "7",
                                                              "Gemeente & co <nieuw>")  # fmt: skip
    assert mapping.description == "Een andere beschrijving."
    assert (mapping.source.sheet, mapping.signature_sheet) == ("Blad1", "Blad1")
    assert mapping.signature_columns == ("BSN", "Naam")
    doc.description = ""
    assert doc.description == "" and _valid(doc).description == ""

    xml = _doc("ketenbericht-v1")
    assert xml.namespaces == {"kb": "urn:nl:werk-en-inkomen:ketenbericht:v1"}
    xml.namespaces = {"kb": "urn:nl:werk-en-inkomen:ketenbericht:v1", "x": "urn:x"}
    xml.set_signature(root="kb:Berichtenbatch")
    xml.set_source(unique_attribute=None, header=None, schema=None, root=None)
    mapping = _valid(xml)
    assert mapping.namespaces == {"kb": "urn:nl:werk-en-inkomen:ketenbericht:v1", "x": "urn:x"}
    assert mapping.source.unique_attribute is None and mapping.source.header is None
    assert mapping.signature_root == "kb:Berichtenbatch"


def test_settings() -> None:
    doc = _doc("gemeente-trajectenoverzicht")
    (partner,) = doc.settings()
    assert (partner.name, partner.source_kind, partner.source, partner.label) == (
        "partner", "cell", "A1", "titel (cel A1)",
    )  # fmt: skip
    assert [t.kind for t in partner.transforms] == ["strip-prefix", "map"]
    assert partner.transforms[1].params == {"otherwise": "partner"}
    doc.set_setting("partner", source_kind="value", source="GEM-0392")  # transforms kept
    doc.set_setting(
        "bron",
        source_kind="file-name",
        label="bestandsnaam",
        required=False,
        transforms=[TransformEdit("regex", {"pattern": "(\\d{4})"}), "upper"],
    )
    mapping = _valid(doc)
    first, second = mapping.settings
    assert (first.value, first.cell, first.label, first.required) == ("GEM-0392", None, None, True)
    assert [t.kind for t in first.transforms] == ["strip-prefix", "map"]
    assert (second.file_name, second.required, second.label) == (True, False, "bestandsnaam")
    assert [(t.kind, t.params) for t in second.transforms] == [
        ("regex", {"pattern": "(\\d{4})"}), ("upper", {}),
    ]  # fmt: skip
    assert doc.setting("bron") is not None and doc.setting("bron").source_kind == "file-name"  # type: ignore[union-attr]
    assert doc.remove_setting("bron") and not doc.remove_setting("bron")
    with pytest.raises(ValueError, match="onbekende bron"):
        doc.set_setting("x", source_kind="kolom", source="A")
    xml = _doc("ketenbericht-v1")
    xml.set_setting(
        "partner", source_kind="xpath", source="/kb:Berichtenbatch/kb:Stuurgegevens/kb:Ontvanger"
    )
    assert _valid(xml).settings[0].xpath.endswith("kb:Ontvanger")  # type: ignore[union-attr]


def test_fields_of_every_source_kind_and_transforms() -> None:
    doc = _doc("uwv-reintegratie-export")
    fields = doc.fields("spend")
    assert [(f.name, f.attribution_index) for f in fields][-4:] == [
        ("budget", 0), ("percentage", 0), ("budget", 1), ("percentage", 1),
    ]  # fmt: skip
    instrument = doc.field("deployment", "instrument")
    assert instrument is not None
    assert (instrument.source_kind, instrument.source) == ("column", "Re-integratieproduct")
    assert [t.kind for t in instrument.transforms] == ["trim", "map"]
    assert ("Work First traject", "WF") in instrument.transforms[1].entries
    order = [f.name for f in doc.fields("deployment")]

    # replacing the source keeps place and transforms; transforms=[] clears them
    doc.set_field("deployment", "instrument", source_kind="column", source="Product")
    doc.set_field("deployment", "reference", source_kind="column", source="Dossier", transforms=[])
    doc.set_field("client", "surname", source_kind="concat",
                  source=[("column", "Tussenvoegsel"), ("column", "Achternaam")], separator=" ",
                  transforms=["trim"])  # fmt: skip
    doc.set_field("client", "postcode", source_kind="value", source="2000 AA")
    doc.set_field("deployment", "werkcoach", source_kind="setting", source="partner",
                  transforms=[TransformEdit("default", {"value": "onbekend"}),
                              TransformEdit("date", {"formats": "dd-mm-yyyy yyyymmdd",
                                                     "unknown-parts": "first"}),
                              TransformEdit("amount", {"decimal": "comma"}),
                              TransformEdit("split-name", {"part": "initials"}),
                              TransformEdit("strip-prefix", {"value": "x"}),
                              TransformEdit("regex", {"pattern": "(a)(b)", "group": "2"}),
                              "upper", "lower", "bsn"])  # fmt: skip
    assert [f.name for f in doc.fields("deployment")] == [*order, "werkcoach"]
    mapping = _valid(doc)
    spec = _field_spec(mapping, "deployment", "instrument")
    assert spec.source.column == "Product" and [t.kind for t in spec.transforms] == ["trim", "map"]
    assert _field_spec(mapping, "deployment", "reference").transforms == ()
    surname = _field_spec(mapping, "client", "surname")
    assert [p.column for p in surname.parts] == ["Tussenvoegsel", "Achternaam"]
    assert [t.kind for t in surname.transforms] == ["trim"]
    assert _field_spec(mapping, "client", "postcode").source.value == "2000 AA"
    coach = _field_spec(mapping, "deployment", "werkcoach")
    assert coach.source.setting == "partner"
    assert [t.kind for t in coach.transforms] == [
        "default", "date", "amount", "split-name", "strip-prefix", "regex", "upper", "lower",
        "bsn",
    ]  # fmt: skip
    assert coach.transforms[1].params == {
        "formats": "dd-mm-yyyy yyyymmdd",
        "unknown-parts": "first",
    }
    edit = doc.field("client", "surname")
    assert edit == FieldEdit(
        "client", "surname", "concat", [("column", "Tussenvoegsel"), ("column", "Achternaam")],
        " ", [TransformEdit("trim")], None, None, edit.line if edit else None,
    )  # fmt: skip

    assert doc.remove_field("client", "postcode") and not doc.remove_field("client", "postcode")
    assert doc.set_field("outflow", "bsn", source_kind="column", source="BSN").entity == "outflow"
    assert ("outflow", None) in doc.targets()
    _valid(doc)
    with pytest.raises(ValueError, match="onbekende bron"):
        doc.set_field("client", "bsn", source_kind="kolom", source="BSN")
    with pytest.raises(ValueError, match="onbekende bewerking"):
        doc.set_field("client", "bsn", source_kind="column", source="BSN", transforms=["spaties"])
    with pytest.raises(ValueError, match="geen parameter"):
        doc.set_transforms("client", "bsn", [TransformEdit("trim", {"x": "1"})])
    with pytest.raises(ValueError, match="lijst van delen"):
        doc.set_field("client", "bsn", source_kind="concat", source="BSN")
    assert doc.field("client", "bsn") is not None  # a refused edit changes nothing
    assert doc.field("client", "bsn").source == "Burgerservicenummer"  # type: ignore[union-attr]


def test_targets_records_and_attributions() -> None:
    doc = _doc("uwv-reintegratie-export")
    assert doc.targets() == [("client", None), ("deployment", None), ("spend", None)]
    spend = doc.target("spend")
    assert spend is not None and spend.optional and "budget" in spend.present_if
    doc.set_target_options("spend", optional=False)
    doc.add_target("client", optional=True, present_if=["surname"])
    assert len(doc.attributions("spend")) == 2
    doc.remove_attribution("spend", 1)
    index = doc.add_attribution("spend")
    assert index == 1
    doc.set_field("spend", "budget", source_kind="value", source="UWV-RIB-WW-2008", attribution=1)
    doc.set_field("spend", "percentage", source_kind="value", source="50", attribution=1)
    doc.set_field("spend", "budget", source_kind="value", source="X", attribution=2)  # appended
    doc.remove_attribution("spend", 2)
    with pytest.raises(KeyError):
        doc.set_field("spend", "budget", source_kind="value", source="X", attribution=5)
    assert doc.missing_fields("spend") == []
    assert doc.missing_fields("outflow") == ["bsn", "date", "reason", "partner"]
    mapping = _valid(doc)
    targets = {t.entity: t for t in mapping.records[0].targets}
    assert not targets["spend"].optional and targets["spend"].present_if == ()
    assert targets["client"].optional and targets["client"].present_if == ("surname",)
    assert [a.fields[0].source.value for a in targets["spend"].attributions] == [
        None, "UWV-RIB-WW-2008",
    ]  # fmt: skip
    assert doc.remove_target("client") and not doc.remove_target("client")
    assert doc.targets() == [("deployment", None), ("spend", None)]
    with pytest.raises(ValueError, match="onbekende entiteit"):
        doc.add_target("klant")

    xml = _doc("ketenbericht-v1")
    kinds = [r.kind for r in xml.records()]
    assert kinds == ["InzetInstrument", "Uitkeringsperiode", "Besteding", "Uitstroom"]
    assert ("spend", "Besteding") in xml.targets()
    assert xml.attribution_xpath("spend", 0) == "kb:Toerekening"
    xml.set_attribution_xpath("spend", 0, "kb:Toerekening[kb:Percentage > 0]")
    new = xml.add_record(kind="Correctie", path="/kb:Berichtenbatch/kb:Berichten/kb:Correctie")
    xml.add_target("client", record="Correctie")
    xml.set_field("client", "bsn", source_kind="xpath", source="kb:BSN", record="Correctie")
    xml.set_field("client", "surname", source_kind="xpath", source="kb:Naam", record="Correctie")
    assert xml.fields("client")[0].source == "kb:Klant/kb:BSN"  # the first record's client
    assert [f.name for f in xml.fields("client", record="Correctie")] == ["bsn", "surname"]
    xml.set_record(new, kind="Herstel", path="/kb:Berichtenbatch/kb:Berichten/kb:Herstel")
    mapping = _valid(xml)
    assert (mapping.records[-1].kind, mapping.records[-1].path) == (
        "Herstel", "/kb:Berichtenbatch/kb:Berichten/kb:Herstel",
    )  # fmt: skip
    spend_target = next(t for r in mapping.records for t in r.targets if t.entity == "spend")
    assert spend_target.attributions[0].xpath == "kb:Toerekening[kb:Percentage > 0]"
    xml.remove_record(new)
    assert len(xml.records()) == 4
    with pytest.raises(KeyError, match="geen record 'Herstel'"):
        xml.add_target("client", record="Herstel")


def test_value_maps() -> None:
    doc = _doc("gemeente-trajectenoverzicht")
    doc.set_value_map("deployment", "instrument", [("WF", "WF"), ("Scholing", "SCH")], "error")
    doc.set_value_map("spend", "budget", [("Werkdeel", "GEM-0392-WD-2008")], None, attribution=0)
    mapping = _valid(doc)
    instrument = _field_spec(mapping, "deployment", "instrument")
    assert [t.kind for t in instrument.transforms] == ["trim", "map"]
    assert instrument.transforms[1].entries == (("WF", "WF"), ("Scholing", "SCH"))
    assert instrument.transforms[1].params == {"otherwise": "error"}
    budget = _field_spec(mapping, "spend", "budget", attribution=0)
    assert [t.kind for t in budget.transforms] == ["trim", "map"]
    assert budget.transforms[1].params == {}
    with pytest.raises(ValueError, match="geen keuze"):
        doc.set_value_map("deployment", "instrument", [], "alles")
    with pytest.raises(KeyError):
        doc.set_value_map("deployment", "werkcoach", [], None)


def _instrument(mapping: Mapping, value: str) -> Any:
    ref = ReferenceSet(instruments={"WF": "Work First", "SCH": "Scholing", "IRO": "IRO"})
    ctx = TransformContext(ref)
    result: Any = value
    for transform in _field_spec(mapping, "deployment", "instrument").transforms:
        result = apply_transform(transform, result, ctx)
    return result


def test_quick_fix_adds_an_unknown_product_to_the_value_map() -> None:
    doc = _doc("uwv-reintegratie-export")
    with pytest.raises(FieldError, match="onbekend instrument 'Werkervaringsplaats'"):
        _instrument(doc.to_mapping(), " Werkervaringsplaats ")
    assert doc.add_map_entry("deployment.instrument", "Werkervaringsplaats", "WF")
    mapping = _valid(doc)
    assert _instrument(mapping, " Werkervaringsplaats ") == "WF"
    assert _instrument(mapping, "werkervaringsplaats") == "WF"
    entries = _field_spec(mapping, "deployment", "instrument").transforms[1].entries
    assert entries[-1] == ("Werkervaringsplaats", "WF")
    # the same value again (other case) changes the entry instead of adding one
    assert doc.add_map_entry("deployment.instrument", "work first  TRAJECT", "IRO")
    mapping = _valid(doc)
    assert _instrument(mapping, "Work First traject") == "IRO"
    assert len(_field_spec(mapping, "deployment", "instrument").transforms[1].entries) == len(
        entries
    )
    assert not doc.add_map_entry("deployment.budget", "x", "y")
    assert not doc.add_map_entry("nothing", "x", "y")


def test_quick_fix_creates_a_map_in_every_attribution() -> None:
    doc = _doc("uwv-reintegratie-export")
    assert doc.add_map_entry("spend.budget", "Reintegratiebudget WW", "UWV-RIB-WW-2008")
    mapping = _valid(doc)
    for index in (0, 1):
        transforms = _field_spec(mapping, "spend", "budget", attribution=index).transforms
        assert [t.kind for t in transforms] == ["trim", "map"]
        assert transforms[1].entries == (("Reintegratiebudget WW", "UWV-RIB-WW-2008"),)
    partner = _doc("uitkeringsperioden")
    assert partner.add_map_entry("benefit_period.executor", "Gemeente Haarlem", "GEM-0392")
    spec = _field_spec(_valid(partner), "benefit_period", "executor")
    assert spec.transforms[0].params == {"otherwise": "partner"}


# --- new mappings ------------------------------------------------------------------------------


def test_copy_of_a_shipped_mapping() -> None:
    text = (SHIPPED / "uwv-reintegratie-export.xml").read_text(encoding="utf-8")
    doc = copy_of(text, name="uwv-export-2009", title="UWV export 2009")
    mapping = _valid(doc)
    assert (mapping.name, mapping.version, mapping.title) == ("uwv-export-2009", "1",
                                                              "UWV export 2009")  # fmt: skip
    original = parse_mapping(SHIPPED / "uwv-reintegratie-export.xml")
    assert _without_lines(mapping.records) == _without_lines(original.records)


@pytest.mark.parametrize(
    "name", ["trajecten-hlm.xlsx", "uwv-reintegratie-export.xlsx", "facturen-rib-0003.csv",
             "uitkeringsperioden-gemeenten.csv", "uwv-2008-batch2.xml"],
)  # fmt: skip
@pytest.mark.parametrize("partner", [None, "GEM-0392"])
def test_new_mapping_from_every_sample_is_valid(name: str, partner: str | None) -> None:
    structure = sample_structure(SAMPLES / name)
    doc = new_mapping_from_sample(structure, name="nieuw", title="Nieuw", partner=partner)
    mapping = _valid(doc)
    assert mapping.source.format == structure.format
    assert name in mapping.description
    if partner:
        assert mapping.settings[0].value == partner
        assert doc.fields("deployment")[0].source == "partner"
    else:
        assert doc.targets()[0][0] == "client"


def test_new_mapping_for_a_workbook_and_a_csv() -> None:
    structure = sample_structure(SAMPLES / "uwv-reintegratie-export.xlsx")
    doc = new_mapping_from_sample(structure, name="uwv-nieuw", title="UWV", partner=None)
    assert doc.source_attrs() == {"format": "xlsx", "sheet": "Export", "header-row": "1"}
    signature = doc.signature()
    assert signature.sheet == "Export" and len(signature.columns) == 6
    assert "Financiering 2" not in signature.columns  # the best-filled columns
    assert doc.field("client", "bsn").source == "Burgerservicenummer"  # type: ignore[union-attr]
    csv = new_mapping_from_sample(sample_structure(SAMPLES / "facturen-rib-0002.csv"),
                                  name="csv", title="CSV", partner=None)  # fmt: skip
    assert csv.source_attrs() == {"format": "csv", "delimiter": ";"}
    assert csv.signature().columns[:3] == ["factuurnummer", "factuurdatum", "bsn"]
    assert csv.field("client", "bsn").source == "bsn"  # type: ignore[union-attr]


@pytest.fixture
def ref_db(db: Database) -> Database:
    load_reference_workbook(db, SAMPLES / "referentie.xlsx")
    return db


def test_new_layout_from_a_sample_imports_without_quarantine(
    ref_db: Database, tmp_path: Path
) -> None:
    path = renamed_workbook(tmp_path / "haarlem-nieuw.xlsx")
    structure = sample_structure(path)
    doc = new_mapping_from_sample(structure, name="haarlem-nieuw", title="Haarlem, nieuwe indeling",
                                  partner="GEM-0392")  # fmt: skip
    assert doc.source_attrs() == {"format": "xlsx", "sheet": "Overzicht", "header-row": "4"}
    column = {"source_kind": "column"}
    doc.set_field("client", "bsn", source="Burgerservicenr.", **column)
    doc.set_field("client", "surname", source="Klantnaam", transforms=[
        TransformEdit("split-name", {"part": "surname"})], **column)  # fmt: skip
    doc.set_field("deployment", "reference", source="Dossier", transforms=["trim"], **column)
    doc.set_field("deployment", "bsn", source="Burgerservicenr.", **column)
    doc.set_field("deployment", "instrument", source="Product", transforms=["trim"], **column)
    doc.set_value_map("deployment", "instrument", [("Work First", "WF")], "instrument")
    doc.set_field("deployment", "start", source="Begin", **column)
    doc.set_field("deployment", "end", source="Eind", **column)
    doc.add_target("spend", optional=True, present_if=["invoice_number", "amount"])
    for name, source in [("partner", "partner"), ("payer", "partner")]:
        doc.set_field("spend", name, source_kind="setting", source=source)
    for name, source in [("reference", "Dossier"), ("bsn", "Burgerservicenr."),
                         ("invoice_number", "Factuurnr"), ("period_from", "Van"),
                         ("period_to", "Tot"), ("pay_date", "Betaald")]:  # fmt: skip
        doc.set_field("spend", name, source=source, **column)
    doc.set_field("spend", "amount", source="Bedrag (EUR)", transforms=["amount"], **column)
    doc.set_field("spend", "budget", source="Budgetcode", attribution=0, **column)
    doc.set_field("spend", "percentage", source_kind="value", source="100", attribution=0)
    assert doc.missing_fields("deployment") == [] and doc.missing_fields("spend") == []
    mapping = _valid(doc)
    result = import_file(ref_db, path, mapping="haarlem-nieuw", mappings={"haarlem-nieuw": mapping})
    assert result.status == "imported", result.message
    assert (result.read, result.quarantined, result.new) == (12, 0, 12), result.errors
    assert result.mapping == "haarlem-nieuw"


def test_new_layout_from_a_soap_sample_imports(ref_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "suwi.xml"
    path.write_text(suwinet_response(2, 2), encoding="utf-8")
    structure = sample_structure(path)
    doc = new_mapping_from_sample(structure, name="suwi-nieuw", title="Suwi", partner="GEM-0392")
    mapping = _valid(doc)
    assert (
        mapping.namespaces["gsd"] == "http://bkwi.nl/SuwiML/Diensten/GSDDossierReintegratie/v0200"
    )
    assert mapping.signature_root == "gsd:GSDDossierReintegratieResponse"
    assert mapping.source.root is None  # the file's root is the SOAP envelope
    record = structure.record_path
    assert record is not None
    assert mapping.records[0].path == (
        "//gsd:GSDDossierReintegratieResponse/gsd:ClientSuwi/gsd:ReIntegratievoorziening"
    )
    assert mapping.records[0].kind == "ReIntegratievoorziening"
    client = record.rsplit("/", 1)[0]

    def xpath(path: str) -> str:
        return relative_xpath(record, path)

    doc.set_field(
        "deployment", "reference", source_kind="xpath", source=xpath(record + "/gsd:Registratienr")
    )
    doc.set_field(
        "deployment", "bsn", source_kind="xpath", source=xpath(client + "/gsd:Burgerservicenr")
    )
    doc.set_field("deployment", "instrument", source_kind="xpath",
                  source=xpath(record + "/gsd:OmsReIntegratievoorziening"),
                  transforms=[TransformEdit("map", {"otherwise": "instrument"})])  # fmt: skip
    doc.set_field("deployment", "start", source_kind="xpath",
                  source=xpath(record + "/gsd:DatBReIntegratievoorziening"),
                  transforms=[TransformEdit("date", {"formats": "yyyymmdd"})])  # fmt: skip
    assert doc.field("deployment", "bsn").source == "../gsd:Burgerservicenr"  # type: ignore[union-attr]
    mapping = _valid(doc)
    result = import_file(ref_db, path, mapping="suwi-nieuw", mappings={"suwi-nieuw": mapping})
    assert result.status == "imported", result.message
    assert (result.read, result.quarantined, result.new) == (4, 0, 4), result.errors

"""Another XML standard brought in by a mapping alone (spec/exports.md §5)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from ketenkoppeling.importing import import_file, import_files, quarantined_records
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import ClientRow, DeploymentRow, SourceRecordRow

ENVELOPE = """<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
 <soap:Body>
  <gsd:GSDDossierReintegratieResponse
      xmlns:gsd="http://bkwi.nl/SuwiML/Diensten/GSDDossierReintegratie/v0200">
   <ClientSuwi>
    <Burgerservicenr>{bsn}</Burgerservicenr>
    <Geboortedat>19710400</Geboortedat>
    <Voorvoegsel>van der</Voorvoegsel>
    <SignificantDeelVanDeAchternaam>Berg</SignificantDeelVanDeAchternaam>
    <Voorletters>JP</Voorletters>
    <Bron><CdPartijSuwi>0392</CdPartijSuwi></Bron>
    <ReIntegratievoorziening>
     <Registratienr>{ref}-1</Registratienr>
     <DatBReIntegratievoorziening>20080600</DatBReIntegratievoorziening>
     <DatEReIntegratievoorziening>20080930</DatEReIntegratievoorziening>
     <CdTypeReIntegratievoorziening>12</CdTypeReIntegratievoorziening>
     <OmsReIntegratievoorziening>Scholing</OmsReIntegratievoorziening>
    </ReIntegratievoorziening>
    <ReIntegratievoorziening>
     <Registratienr>{ref}-2</Registratienr>
     <DatBReIntegratievoorziening>20081001</DatBReIntegratievoorziening>
     <DatEReIntegratievoorziening>00000000</DatEReIntegratievoorziening>
     <CdTypeReIntegratievoorziening>99</CdTypeReIntegratievoorziening>
     <OmsReIntegratievoorziening>Onbekend ding</OmsReIntegratievoorziening>
    </ReIntegratievoorziening>
   </ClientSuwi>
  </gsd:GSDDossierReintegratieResponse>
 </soap:Body>
</soap:Envelope>
"""


def test_many_small_suwiml_files(ref_db: Database, tmp_path: Path) -> None:
    files = []
    for i, bsn in enumerate(["111222333", "123456782"]):
        path = tmp_path / f"suwi-{i}.xml"
        path.write_text(ENVELOPE.format(bsn=bsn, ref=f"SUWI-{i}"), encoding="utf-8")
        files.append(path)
    results = import_files(ref_db, files)
    for result in results:
        assert result.mapping == "suwinet-gsd-dossier-reintegratie", result.message
        assert (result.status, result.read, result.new, result.quarantined) == (
            "imported", 2, 1, 1,
        )  # fmt: skip
    with ref_db.session() as s:
        dep = s.scalars(select(DeploymentRow).where(DeploymentRow.reference == "SUWI-0-1")).one()
        assert (dep.partner, dep.bsn, dep.instrument) == ("GEM-0392", "111222333", "SCH")
        assert (dep.start, dep.end) == (date(2008, 6, 1), date(2008, 9, 30))
        client = s.get(ClientRow, "111222333")
        assert client is not None
        assert (client.surname, client.birth_date) == ("van der Berg", date(1971, 4, 1))
        source = s.get(SourceRecordRow, dep.source_record_id)
        assert source is not None and source.errors
        assert any("onvolledig" in e["message"] for e in source.errors)
        quarantined = quarantined_records(s, results[0].batch or 0)
    assert any("Onbekend ding" in e["message"] for e in quarantined[0].errors)


def _big_response(count: int) -> str:
    """One client with ``count`` provisions, its ``Bron`` (the registering party) after them."""
    provisions = "".join(
        f"<ReIntegratievoorziening><Registratienr>BIG-{i}</Registratienr>"
        "<DatBReIntegratievoorziening>20080101</DatBReIntegratievoorziening>"
        "<DatEReIntegratievoorziening>20080630</DatEReIntegratievoorziening>"
        "<OmsReIntegratievoorziening>Jobcoach</OmsReIntegratievoorziening>"
        "</ReIntegratievoorziening>\n"
        for i in range(count)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>\n'
        "<gsd:GSDDossierReintegratieResponse "
        'xmlns:gsd="http://bkwi.nl/SuwiML/Diensten/GSDDossierReintegratie/v0200">\n'
        "<ClientSuwi><Burgerservicenr>111222333</Burgerservicenr>"
        "<Geboortedat>19710412</Geboortedat>"
        "<SignificantDeelVanDeAchternaam>Berg</SignificantDeelVanDeAchternaam>"
        f"<Voorletters>J</Voorletters>\n{provisions}"
        "<Bron><CdPartijSuwi>0392</CdPartijSuwi></Bron></ClientSuwi>\n"
        "</gsd:GSDDossierReintegratieResponse></soap:Body></soap:Envelope>\n"
    )


def test_partner_element_after_3000_provisions(ref_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "suwi-groot.xml"
    path.write_text(_big_response(3000), encoding="utf-8")
    (result,) = import_files(ref_db, [path])
    assert (result.status, result.read, result.new, result.quarantined) == (
        "imported", 3000, 3000, 0,
    ), result.errors[:3]  # fmt: skip
    with ref_db.session() as s:
        partners = s.scalars(select(DeploymentRow.partner).distinct()).all()
        last = s.scalars(select(DeploymentRow).where(DeploymentRow.reference == "BIG-2999")).one()
    assert partners == ["GEM-0392"] and last.bsn == "111222333"


def test_a_setting_may_come_from_the_end_of_the_file(ref_db: Database, tmp_path: Path) -> None:
    from ketenkoppeling.mapping_store import current_version, mapping_from_text

    shipped = current_version(ref_db, "suwinet-gsd-dossier-reintegratie")
    assert shipped is not None
    text = shipped.text.replace(
        '<field name="partner" xpath="../Bron/CdPartijSuwi">',
        '<field name="partner" setting="bron">',
    ).replace("</signature>", '</signature>\n  <setting name="bron" xpath="//Bron/CdPartijSuwi"/>')
    mapping = mapping_from_text(text)
    path = tmp_path / "suwi-instelling.xml"
    path.write_text(_big_response(40), encoding="utf-8")
    result = import_file(ref_db, path, mappings={mapping.name: mapping})
    assert (result.status, result.new, result.quarantined) == ("imported", 40, 0), result.message
    with ref_db.session() as s:
        assert s.scalars(select(DeploymentRow.partner).distinct()).all() == ["GEM-0392"]


def test_an_unknown_soap_response_is_named_by_its_own_root(
    ref_db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "onbekend.xml"
    path.write_text(
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
        '<x:OnbekendResponse xmlns:x="urn:onbekend"><A>1</A></x:OnbekendResponse>'
        "</soap:Body></soap:Envelope>",
        encoding="utf-8",
    )
    result = import_file(ref_db, path)
    assert result.status == "rejected"
    assert "{urn:onbekend}OnbekendResponse" in (result.message or "")
    assert "Envelope" not in (result.message or "").split("Geprobeerd")[0]

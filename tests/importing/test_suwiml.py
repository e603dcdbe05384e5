"""Another XML standard brought in by a mapping alone (spec/exports.md §5)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from ketenkoppeling.importing import import_files, quarantined_records
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

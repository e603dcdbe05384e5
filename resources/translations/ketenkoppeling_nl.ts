<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL" sourcelanguage="en">
    <context>
        <name>AccountingModel</name>
        <message>
            <source>Amount</source>
            <translation>Bedrag</translation>
        </message>
        <message>
            <source>Attributed</source>
            <translation>Toegerekend</translation>
        </message>
        <message>
            <source>Attributed in period</source>
            <translation>Toegerekend in periode</translation>
        </message>
        <message>
            <source>Attributed in year</source>
            <translation>Toegerekend in jaar</translation>
        </message>
        <message>
            <source>BSN</source>
            <translation>BSN</translation>
        </message>
        <message>
            <source>Budget</source>
            <translation>Budget</translation>
        </message>
        <message>
            <source>Budget amount</source>
            <translation>Budgetbedrag</translation>
        </message>
        <message>
            <source>Description</source>
            <translation>Omschrijving</translation>
        </message>
        <message>
            <source>Explanation</source>
            <translation>Toelichting</translation>
        </message>
        <message>
            <source>Finding</source>
            <translation>Signalering</translation>
        </message>
        <message>
            <source>Gross</source>
            <translation>Bruto</translation>
        </message>
        <message>
            <source>Invested</source>
            <translation>Geïnvesteerd</translation>
        </message>
        <message>
            <source>Ledger total</source>
            <translation>Totaal verantwoording</translation>
        </message>
        <message>
            <source>Left for work on</source>
            <translation>Uitgestroomd naar werk op</translation>
        </message>
        <message>
            <source>Line amount</source>
            <translation>Regelbedrag</translation>
        </message>
        <message>
            <source>Lines</source>
            <translation>Regels</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Naam</translation>
        </message>
        <message>
            <source>Net</source>
            <translation>Netto</translation>
        </message>
        <message>
            <source>Other way</source>
            <translation>Omgekeerd</translation>
        </message>
        <message>
            <source>Owes (budget owner)</source>
            <translation>Is verschuldigd (budgeteigenaar)</translation>
        </message>
        <message>
            <source>Partner</source>
            <translation>Ketenpartner</translation>
        </message>
        <message>
            <source>Pay date</source>
            <translation>Betaaldatum</translation>
        </message>
        <message>
            <source>Payer</source>
            <translation>Betaler</translation>
        </message>
        <message>
            <source>Percentage</source>
            <translation>Percentage</translation>
        </message>
        <message>
            <source>Percentages</source>
            <translation>Percentages</translation>
        </message>
        <message>
            <source>Remaining</source>
            <translation>Resterend</translation>
        </message>
        <message>
            <source>Rule</source>
            <translation>Regel</translation>
        </message>
        <message>
            <source>Share</source>
            <translation>Aandeel</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>Bron</translation>
        </message>
        <message>
            <source>Spend line</source>
            <translation>Bestedingsregel</translation>
        </message>
        <message>
            <source>To (payer)</source>
            <translation>Aan (betaler)</translation>
        </message>
        <message>
            <source>Year</source>
            <translation>Jaar</translation>
        </message>
    </context>
    <context>
        <name>AccountingPage</name>
        <message>
            <source>Accountability</source>
            <translation>Verantwoording</translation>
        </message>
        <message>
            <source>Calculating…</source>
            <translation>Bezig met berekenen…</translation>
        </message>
        <message>
            <source>Choose a partner and a period, then Report, Reconciliation or Settlement.</source>
            <translation>Kies een ketenpartner en een periode, dan Rapport, Afstemming of Verrekening.</translation>
        </message>
        <message>
            <source>Does the sum of all spend tie out with the ledgers of all partners?</source>
            <translation>Sluit de som van alle bestedingen aan op de verantwoordingen van alle partners?</translation>
        </message>
        <message>
            <source>Excel workbook (*.xlsx)</source>
            <translation>Excel-werkmap (*.xlsx)</translation>
        </message>
        <message>
            <source>Export to Excel</source>
            <translation>Exporteren naar Excel</translation>
        </message>
        <message>
            <source>Export to Excel…</source>
            <translation>Exporteren naar Excel…</translation>
        </message>
        <message>
            <source>From:</source>
            <translation>Van:</translation>
        </message>
        <message>
            <source>Not available yet: %1.</source>
            <translation>Nog niet beschikbaar: %1.</translation>
        </message>
        <message>
            <source>Partner:</source>
            <translation>Ketenpartner:</translation>
        </message>
        <message>
            <source>Reconciliation</source>
            <translation>Afstemming</translation>
        </message>
        <message>
            <source>Report</source>
            <translation>Rapport</translation>
        </message>
        <message>
            <source>Settlement</source>
            <translation>Verrekening</translation>
        </message>
        <message>
            <source>The partner's ledger for the period</source>
            <translation>De verantwoording van de ketenpartner over de periode</translation>
        </message>
        <message>
            <source>The period ends before it starts.</source>
            <translation>De periode eindigt voordat ze begint.</translation>
        </message>
        <message>
            <source>The workbook was not written</source>
            <translation>De werkmap is niet geschreven</translation>
        </message>
        <message>
            <source>to:</source>
            <translation>t/m:</translation>
        </message>
        <message>
            <source>What partners owe each other for the period</source>
            <translation>Wat ketenpartners elkaar over de periode verschuldigd zijn</translation>
        </message>
        <message>
            <source>Workbook written: %1</source>
            <translation>Werkmap geschreven: %1</translation>
        </message>
        <message>
            <source>Year:</source>
            <translation>Jaar:</translation>
        </message>
    </context>
    <context>
        <name>AllocationPage</name>
        <message>
            <source>Allocation</source>
            <translation>Verdeling</translation>
        </message>
        <message>
            <source>Allocation key (*.toml)</source>
            <translation>Verdeelsleutel (*.toml)</translation>
        </message>
        <message>
            <source>Allocation keys</source>
            <translation>Verdeelsleutels</translation>
        </message>
        <message>
            <source>Allocation — totals %1</source>
            <translation>Verdeling — totalen %1</translation>
        </message>
        <message>
            <source>by caseload</source>
            <translation>naar rato van het bestand</translation>
        </message>
        <message>
            <source>Calculate allocation</source>
            <translation>Verdeling berekenen</translation>
        </message>
        <message>
            <source>Caseload</source>
            <translation>Bestand</translation>
        </message>
        <message>
            <source>Changed</source>
            <translation>Gewijzigd</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Verwijderen</translation>
        </message>
        <message>
            <source>Delete key</source>
            <translation>Verdeelsleutel verwijderen</translation>
        </message>
        <message>
            <source>Delete the allocation key '%1'? This is recorded in the audit log.</source>
            <translation>Verdeelsleutel '%1' verwijderen? Dit wordt vastgelegd in het auditlog.</translation>
        </message>
        <message>
            <source>Excel workbook (*.xlsx)</source>
            <translation>Excel-werkmap (*.xlsx)</translation>
        </message>
        <message>
            <source>Export to Excel</source>
            <translation>Exporteren naar Excel</translation>
        </message>
        <message>
            <source>Export to Excel…</source>
            <translation>Exporteren naar Excel…</translation>
        </message>
        <message>
            <source>fixed amount</source>
            <translation>vast bedrag</translation>
        </message>
        <message>
            <source>Key</source>
            <translation>Verdeelsleutel</translation>
        </message>
        <message>
            <source>Key '%1' stored.</source>
            <translation>Verdeelsleutel '%1' opgeslagen.</translation>
        </message>
        <message>
            <source>Load allocation key</source>
            <translation>Verdeelsleutel laden</translation>
        </message>
        <message>
            <source>Load key…</source>
            <translation>Sleutel laden…</translation>
        </message>
        <message>
            <source>Partner</source>
            <translation>Ketenpartner</translation>
        </message>
        <message>
            <source>percentage</source>
            <translation>percentage</translation>
        </message>
        <message>
            <source>Percentage</source>
            <translation>Percentage</translation>
        </message>
        <message>
            <source>remainder</source>
            <translation>restant</translation>
        </message>
        <message>
            <source>Rule</source>
            <translation>Regel</translation>
        </message>
        <message>
            <source>Select a key to see its rules.</source>
            <translation>Kies een sleutel om de regels te zien.</translation>
        </message>
        <message>
            <source>Share</source>
            <translation>Aandeel</translation>
        </message>
        <message>
            <source>Stored keys</source>
            <translation>Opgeslagen sleutels</translation>
        </message>
        <message>
            <source>The key cannot be applied</source>
            <translation>De verdeelsleutel kan niet worden toegepast</translation>
        </message>
        <message>
            <source>The key was refused</source>
            <translation>De verdeelsleutel is geweigerd</translation>
        </message>
        <message>
            <source>The workbook was not written</source>
            <translation>De werkmap is niet geschreven</translation>
        </message>
        <message>
            <source>Workbook written: %1</source>
            <translation>Werkmap geschreven: %1</translation>
        </message>
        <message>
            <source>Year</source>
            <translation>Jaar</translation>
        </message>
    </context>
    <context>
        <name>Application</name>
        <message>
            <source>Ketenkoppeling</source>
            <translation>Ketenkoppeling</translation>
        </message>
        <message>
            <source>Loading the demo region…</source>
            <translation>De demoregio wordt geladen…</translation>
        </message>
        <message>
            <source>The demo region could not be loaded:

%1</source>
            <translation>De demoregio kon niet worden geladen:

%1</translation>
        </message>
        <message>
            <source>The database could not be opened:

%1</source>
            <translation>De database kon niet worden geopend:

%1</translation>
        </message>
    </context>
    <context>
        <name>BarChart</name>
        <message>
            <source>No figures yet</source>
            <translation>Nog geen cijfers</translation>
        </message>
    </context>
    <context>
        <name>ComparisonTable</name>
        <message>
            <source>Batch %1, mapping %2, imported by %3</source>
            <translation>Batch %1, koppeling %2, ingelezen door %3</translation>
        </message>
        <message>
            <source>not found in the database</source>
            <translation>niet gevonden in de database</translation>
        </message>
    </context>
    <context>
        <name>DataPage</name>
        <message numerus="yes">
            <source>%Ln record(s), %1 shown</source>
            <translation>
                <numerusform>%Ln record, %1 getoond</numerusform>
                <numerusform>%Ln records, %1 getoond</numerusform>
            </translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>Bedrag</translation>
        </message>
        <message>
            <source>Benefit periods</source>
            <translation>Uitkeringsperioden</translation>
        </message>
        <message>
            <source>BSN</source>
            <translation>BSN</translation>
        </message>
        <message>
            <source>Clients</source>
            <translation>Klanten</translation>
        </message>
        <message>
            <source>counting…</source>
            <translation>tellen…</translation>
        </message>
        <message>
            <source>Date of birth</source>
            <translation>Geboortedatum</translation>
        </message>
        <message>
            <source>Deployments</source>
            <translation>Inzet</translation>
        </message>
        <message>
            <source>End</source>
            <translation>Einde</translation>
        </message>
        <message>
            <source>Everything imported, as stored. Search by BSN, name, reference, partner or code; select a record to see its source file and earlier versions.</source>
            <translation>Alles wat is ingelezen, zoals het is opgeslagen. Zoek op BSN, naam, referentie, ketenpartner of code; kies een record om het bronbestand en eerdere versies te zien.</translation>
        </message>
        <message>
            <source>Executed by</source>
            <translation>Uitvoerder</translation>
        </message>
        <message>
            <source>Initials</source>
            <translation>Voorletters</translation>
        </message>
        <message>
            <source>Instrument</source>
            <translation>Instrument</translation>
        </message>
        <message>
            <source>Invoice</source>
            <translation>Factuur</translation>
        </message>
        <message>
            <source>Partner</source>
            <translation>Ketenpartner</translation>
        </message>
        <message>
            <source>Pay date</source>
            <translation>Betaaldatum</translation>
        </message>
        <message>
            <source>Payer</source>
            <translation>Betaler</translation>
        </message>
        <message>
            <source>Period from</source>
            <translation>Periode van</translation>
        </message>
        <message>
            <source>Period to</source>
            <translation>Periode tot</translation>
        </message>
        <message>
            <source>Postcode</source>
            <translation>Postcode</translation>
        </message>
        <message>
            <source>Provider</source>
            <translation>Aanbieder</translation>
        </message>
        <message>
            <source>Records</source>
            <translation>Gegevens</translation>
        </message>
        <message>
            <source>Reference</source>
            <translation>Referentie</translation>
        </message>
        <message>
            <source>Regime</source>
            <translation>Regeling</translation>
        </message>
        <message>
            <source>Search (Ctrl+F) — BSN, name, reference, code…</source>
            <translation>Zoeken (Ctrl+F) — BSN, naam, referentie, code…</translation>
        </message>
        <message>
            <source>Show BSN</source>
            <translation>Toon BSN</translation>
        </message>
        <message>
            <source>Show BSNs in full (Ctrl+Shift+B)</source>
            <translation>BSN's volledig tonen (Ctrl+Shift+B)</translation>
        </message>
        <message>
            <source>Spend</source>
            <translation>Bestedingen</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>Start</translation>
        </message>
        <message>
            <source>Surname</source>
            <translation>Achternaam</translation>
        </message>
        <message>
            <source>Work coach</source>
            <translation>Werkcoach</translation>
        </message>
    </context>
    <context>
        <name>DropArea</name>
        <message>
            <source>&lt;b&gt;Drop files here&lt;/b&gt; — Ketenberichten (XML), Excel exports and CSV files, or a folder with them.</source>
            <translation>&lt;b&gt;Sleep bestanden hierheen&lt;/b&gt; — Ketenberichten (XML), Excel-exports en CSV-bestanden, of een map ermee.</translation>
        </message>
        <message>
            <source>Choose files to import (Ctrl+O)</source>
            <translation>Bestanden kiezen om te importeren (Ctrl+O)</translation>
        </message>
        <message>
            <source>Choose files…</source>
            <translation>Bestanden kiezen…</translation>
        </message>
    </context>
    <context>
        <name>FindingModel</name>
        <message>
            <source>Accepted</source>
            <translation>Geaccepteerd</translation>
        </message>
        <message>
            <source>accepted</source>
            <translation>geaccepteerd</translation>
        </message>
        <message>
            <source>All</source>
            <translation>Alle</translation>
        </message>
        <message>
            <source>Attribution does not add up</source>
            <translation>Toerekening telt niet op</translation>
        </message>
        <message>
            <source>Budget not allowed for regime or instrument</source>
            <translation>Budget niet toegestaan voor regeling of instrument</translation>
        </message>
        <message>
            <source>Budget of a partner not responsible</source>
            <translation>Budget van niet-verantwoordelijke partner</translation>
        </message>
        <message>
            <source>Budget overrun</source>
            <translation>Budgetoverschrijding</translation>
        </message>
        <message>
            <source>Closed</source>
            <translation>Gesloten</translation>
        </message>
        <message>
            <source>closed (cause gone)</source>
            <translation>gesloten (oorzaak verdwenen)</translation>
        </message>
        <message>
            <source>Deployment registered more than once</source>
            <translation>Inzet meer dan eens geregistreerd</translation>
        </message>
        <message>
            <source>Double declaration</source>
            <translation>Dubbele declaratie</translation>
        </message>
        <message>
            <source>Error</source>
            <translation>Fout</translation>
        </message>
        <message>
            <source>Explanation</source>
            <translation>Toelichting</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Soort</translation>
        </message>
        <message>
            <source>No.</source>
            <translation>Nr.</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>Open</translation>
        </message>
        <message>
            <source>opened</source>
            <translation>geopend</translation>
        </message>
        <message>
            <source>Outside the budget year</source>
            <translation>Buiten het budgetjaar</translation>
        </message>
        <message>
            <source>Possible identity error</source>
            <translation>Mogelijke identiteitsfout</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Reden</translation>
        </message>
        <message>
            <source>Records</source>
            <translation>Records</translation>
        </message>
        <message>
            <source>reopened</source>
            <translation>heropend</translation>
        </message>
        <message>
            <source>Resolved</source>
            <translation>Opgelost</translation>
        </message>
        <message>
            <source>resolved</source>
            <translation>opgelost</translation>
        </message>
        <message>
            <source>Rule</source>
            <translation>Regel</translation>
        </message>
        <message>
            <source>Severity</source>
            <translation>Ernst</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Unlinked spend</source>
            <translation>Besteding zonder inzet</translation>
        </message>
        <message>
            <source>Warning</source>
            <translation>Waarschuwing</translation>
        </message>
        <message>
            <source>What</source>
            <translation>Wat</translation>
        </message>
        <message>
            <source>When</source>
            <translation>Wanneer</translation>
        </message>
        <message>
            <source>Who</source>
            <translation>Wie</translation>
        </message>
    </context>
    <context>
        <name>FindingsPage</name>
        <message>
            <source>#%1 %2 — %3 (%4, %5)</source>
            <translation>#%1 %2 — %3 (%4, %5)</translation>
        </message>
        <message>
            <source>Accept…</source>
            <translation>Accepteren…</translation>
        </message>
        <message>
            <source>Checking: %1</source>
            <translation>Controleren: %1</translation>
        </message>
        <message>
            <source>Checking…</source>
            <translation>Controleren…</translation>
        </message>
        <message>
            <source>Checks done.</source>
            <translation>Controle klaar.</translation>
        </message>
        <message numerus="yes">
            <source>Checks done: %Ln finding(s), %1 open.</source>
            <translation>
                <numerusform>Controle klaar: %Ln signalering, %1 open.</numerusform>
                <numerusform>Controle klaar: %Ln signaleringen, %1 open.</numerusform>
            </translation>
        </message>
        <message>
            <source>Filter findings (Ctrl+F)</source>
            <translation>Signaleringen filteren (Ctrl+F)</translation>
        </message>
        <message>
            <source>Findings</source>
            <translation>Signaleringen</translation>
        </message>
        <message>
            <source>History</source>
            <translation>Geschiedenis</translation>
        </message>
        <message>
            <source>No finding selected</source>
            <translation>Geen signalering gekozen</translation>
        </message>
        <message>
            <source>Resolve…</source>
            <translation>Oplossen…</translation>
        </message>
        <message>
            <source>Run checks (F5)</source>
            <translation>Controle uitvoeren (F5)</translation>
        </message>
        <message>
            <source>Running the checks is not available yet (%1).</source>
            <translation>Controle uitvoeren is nog niet beschikbaar (%1).</translation>
        </message>
        <message>
            <source>Running the checks…</source>
            <translation>Controle wordt uitgevoerd…</translation>
        </message>
        <message>
            <source>Show BSN</source>
            <translation>Toon BSN</translation>
        </message>
        <message>
            <source>Show BSNs in full (Ctrl+Shift+B)</source>
            <translation>BSN's volledig tonen (Ctrl+Shift+B)</translation>
        </message>
        <message>
            <source>Suggestion: %1</source>
            <translation>Voorstel: %1</translation>
        </message>
        <message>
            <source>The checks stopped: %1</source>
            <translation>De controle is gestopt: %1</translation>
        </message>
        <message>
            <source>The checks were cancelled.</source>
            <translation>De controle is afgebroken; er is niets gewijzigd.</translation>
        </message>
        <message>
            <source>What was corrected? The reason is recorded with your name.</source>
            <translation>Wat is er gecorrigeerd? De reden wordt met uw naam vastgelegd.</translation>
        </message>
        <message>
            <source>Why is this situation correct? The reason is recorded with your name.</source>
            <translation>Waarom klopt deze situatie? De reden wordt met uw naam vastgelegd.</translation>
        </message>
    </context>
    <context>
        <name>ImportModel</name>
        <message numerus="yes">
            <source>%n byte(s)</source>
            <translation>
                <numerusform>%n byte</numerusform>
                <numerusform>%n bytes</numerusform>
            </translation>
        </message>
        <message>
            <source>Already imported</source>
            <translation>Al ingelezen</translation>
        </message>
        <message>
            <source>Batch</source>
            <translation>Batch</translation>
        </message>
        <message>
            <source>By</source>
            <translation>Door</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>Afgebroken</translation>
        </message>
        <message>
            <source>cannot be read</source>
            <translation>niet leesbaar</translation>
        </message>
        <message>
            <source>Field</source>
            <translation>Veld</translation>
        </message>
        <message>
            <source>File</source>
            <translation>Bestand</translation>
        </message>
        <message>
            <source>Folder</source>
            <translation>Map</translation>
        </message>
        <message>
            <source>Imported</source>
            <translation>Ingelezen</translation>
        </message>
        <message>
            <source>Imported on</source>
            <translation>Ingelezen op</translation>
        </message>
        <message>
            <source>Mapping</source>
            <translation>Koppeling</translation>
        </message>
        <message>
            <source>New</source>
            <translation>Nieuw</translation>
        </message>
        <message>
            <source>not recognised</source>
            <translation>niet herkend</translation>
        </message>
        <message>
            <source>Position</source>
            <translation>Positie</translation>
        </message>
        <message>
            <source>Quarantined</source>
            <translation>Quarantaine</translation>
        </message>
        <message>
            <source>Read</source>
            <translation>Gelezen</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Reden</translation>
        </message>
        <message>
            <source>Recognised layout</source>
            <translation>Herkende indeling</translation>
        </message>
        <message>
            <source>recognising…</source>
            <translation>herkennen…</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>Record</translation>
        </message>
        <message>
            <source>Rejected</source>
            <translation>Geweigerd</translation>
        </message>
        <message>
            <source>Remark</source>
            <translation>Toelichting</translation>
        </message>
        <message>
            <source>Replaced</source>
            <translation>Vervangen</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>Resultaat</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>Grootte</translation>
        </message>
        <message>
            <source>Unchanged</source>
            <translation>Ongewijzigd</translation>
        </message>
    </context>
    <context>
        <name>ImportPage</name>
        <message>
            <source> (%1 of %2)</source>
            <translation> (%1 van %2)</translation>
        </message>
        <message>
            <source>%1 cancelled.</source>
            <translation>%1 afgebroken.</translation>
        </message>
        <message>
            <source>%1 imported, %2 already imported, %3 rejected.</source>
            <translation>%1 ingelezen, %2 al eerder ingelezen, %3 geweigerd.</translation>
        </message>
        <message>
            <source>Choose files to import</source>
            <translation>Bestanden kiezen om te importeren</translation>
        </message>
        <message>
            <source>Clear list</source>
            <translation>Lijst wissen</translation>
        </message>
        <message>
            <source>Each file is imported in one go: every record read ends up new, unchanged, replaced or quarantined with its reason.</source>
            <translation>Elk bestand wordt in één keer ingelezen: elk gelezen record wordt nieuw, ongewijzigd, vervangen of met de reden in quarantaine gezet.</translation>
        </message>
        <message>
            <source>Earlier imports</source>
            <translation>Eerdere imports</translation>
        </message>
        <message>
            <source>File %1 of %2: %3 — %4</source>
            <translation>Bestand %1 van %2: %3 — %4</translation>
        </message>
        <message>
            <source>Files to import</source>
            <translation>Te importeren bestanden</translation>
        </message>
        <message>
            <source>Import</source>
            <translation>Importeren</translation>
        </message>
        <message>
            <source>Import the files in the list (Ctrl+Enter)</source>
            <translation>De bestanden in de lijst importeren (Ctrl+Enter)</translation>
        </message>
        <message>
            <source>Importable files (*.xml *.xlsx *.xlsm *.csv *.txt);;All files (*)</source>
            <translation>Te importeren bestanden (*.xml *.xlsx *.xlsm *.csv *.txt);;Alle bestanden (*)</translation>
        </message>
        <message numerus="yes">
            <source>Importing %n file(s)…</source>
            <translation>
                <numerusform>%n bestand importeren…</numerusform>
                <numerusform>%n bestanden importeren…</numerusform>
            </translation>
        </message>
        <message>
            <source>Importing is not available yet (%1).</source>
            <translation>Importeren is nog niet beschikbaar (%1).</translation>
        </message>
        <message>
            <source>Mapping:</source>
            <translation>Koppeling:</translation>
        </message>
        <message>
            <source>No records were quarantined.</source>
            <translation>Er zijn geen records in quarantaine gezet.</translation>
        </message>
        <message>
            <source>Not found: %1</source>
            <translation>Niet gevonden: %1</translation>
        </message>
        <message>
            <source>Outcome</source>
            <translation>Uitkomst</translation>
        </message>
        <message>
            <source>Quarantined records</source>
            <translation>Records in quarantaine</translation>
        </message>
        <message>
            <source>Quarantined records of %1</source>
            <translation>Records in quarantaine van %1</translation>
        </message>
        <message>
            <source>reading</source>
            <translation>lezen</translation>
        </message>
        <message>
            <source>Recognise automatically</source>
            <translation>Automatisch herkennen</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>Verwijderen</translation>
        </message>
        <message>
            <source>Remove the selected files from the list (Del)</source>
            <translation>De gekozen bestanden uit de lijst halen (Del)</translation>
        </message>
        <message>
            <source>Select a quarantined record to see the values read from the file.</source>
            <translation>Kies een record in quarantaine om de gelezen waarden te zien.</translation>
        </message>
        <message>
            <source>storing</source>
            <translation>opslaan</translation>
        </message>
        <message>
            <source>The import stopped: %1</source>
            <translation>Het importeren is gestopt: %1</translation>
        </message>
        <message>
            <source>Use one mapping for every file instead of recognising the layout</source>
            <translation>Eén koppeling voor alle bestanden gebruiken in plaats van de indeling te herkennen</translation>
        </message>
        <message>
            <source>Why %1 was not imported</source>
            <translation>Waarom %1 niet is ingelezen</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>%1 (Ctrl+%2)</source>
            <translation>%1 (Ctrl+%2)</translation>
        </message>
        <message>
            <source>&amp;About Ketenkoppeling</source>
            <translation>&amp;Over Ketenkoppeling</translation>
        </message>
        <message>
            <source>&amp;Accountability</source>
            <translation>&amp;Verantwoording</translation>
        </message>
        <message>
            <source>&amp;Allocation…</source>
            <translation>Ver&amp;deling…</translation>
        </message>
        <message>
            <source>&amp;Checks</source>
            <translation>&amp;Controle</translation>
        </message>
        <message>
            <source>&amp;Copy</source>
            <translation>&amp;Kopiëren</translation>
        </message>
        <message>
            <source>&amp;Edit</source>
            <translation>Be&amp;werken</translation>
        </message>
        <message>
            <source>&amp;Export reference data…</source>
            <translation>Referentiegegevens &amp;exporteren…</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>&amp;Bestand</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>&amp;Help</translation>
        </message>
        <message>
            <source>&amp;Import…</source>
            <translation>&amp;Importeren…</translation>
        </message>
        <message>
            <source>&amp;Keyboard shortcuts</source>
            <translation>&amp;Sneltoetsen</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>&amp;Vernieuwen</translation>
        </message>
        <message>
            <source>&amp;Report…</source>
            <translation>&amp;Rapport…</translation>
        </message>
        <message>
            <source>&amp;Run checks</source>
            <translation>Controle &amp;uitvoeren</translation>
        </message>
        <message>
            <source>&amp;Search</source>
            <translation>&amp;Zoeken</translation>
        </message>
        <message>
            <source>&amp;Settlement…</source>
            <translation>&amp;Verrekening…</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>Bee&amp;ld</translation>
        </message>
        <message>
            <source>(no recent files)</source>
            <translation>(geen recente bestanden)</translation>
        </message>
        <message>
            <source>&lt;h3&gt;Ketenkoppeling %1&lt;/h3&gt;&lt;p&gt;Links the registrations of the partners in the chain of work and income, and accounts for their re-integration budgets.&lt;/p&gt;&lt;p&gt;Database: %2&lt;br&gt;User: %3&lt;/p&gt;&lt;p&gt;Licence: EUPL-1.2&lt;/p&gt;</source>
            <translation>&lt;h3&gt;Ketenkoppeling %1&lt;/h3&gt;&lt;p&gt;Koppelt de registraties van de ketenpartners werk en inkomen en verantwoordt hun re-integratiebudgetten.&lt;/p&gt;&lt;p&gt;Database: %2&lt;br&gt;Gebruiker: %3&lt;/p&gt;&lt;p&gt;Licentie: EUPL-1.2&lt;/p&gt;</translation>
        </message>
        <message>
            <source>About Ketenkoppeling</source>
            <translation>Over Ketenkoppeling</translation>
        </message>
        <message>
            <source>Choose files to import</source>
            <translation>Bestanden kiezen om te importeren</translation>
        </message>
        <message>
            <source>Clear list</source>
            <translation>Lijst wissen</translation>
        </message>
        <message>
            <source>Database: %1</source>
            <translation>Database: %1</translation>
        </message>
        <message>
            <source>E&amp;xit</source>
            <translation>&amp;Afsluiten</translation>
        </message>
        <message>
            <source>Keyboard shortcuts</source>
            <translation>Sneltoetsen</translation>
        </message>
        <message>
            <source>Load &amp;reference data…</source>
            <translation>&amp;Referentiegegevens laden…</translation>
        </message>
        <message>
            <source>Re&amp;conciliation…</source>
            <translation>&amp;Afstemming…</translation>
        </message>
        <message>
            <source>Recent &amp;files</source>
            <translation>Recente &amp;bestanden</translation>
        </message>
        <message>
            <source>Show &amp;BSNs</source>
            <translation>&amp;BSN's tonen</translation>
        </message>
        <message>
            <source>Something went wrong</source>
            <translation>Er ging iets mis</translation>
        </message>
        <message>
            <source>The work was stopped; the database is as it was before it started.</source>
            <translation>Het werk is gestopt; de database is zoals hij was voordat het begon.</translation>
        </message>
        <message>
            <source>User: %1</source>
            <translation>Gebruiker: %1</translation>
        </message>
        <message>
            <source>Work in progress</source>
            <translation>Werk bezig</translation>
        </message>
        <message>
            <source>Work is still running. Stop it and close Ketenkoppeling?</source>
            <translation>Er loopt nog werk. Stoppen en Ketenkoppeling sluiten?</translation>
        </message>
    </context>
    <context>
        <name>ProgressPanel</name>
        <message>
            <source>Cancel</source>
            <translation>Annuleren</translation>
        </message>
        <message>
            <source>Cancelling…</source>
            <translation>Bezig met afbreken…</translation>
        </message>
    </context>
    <context>
        <name>ReasonDialog</name>
        <message>
            <source>Reason (required)</source>
            <translation>Reden (verplicht)</translation>
        </message>
    </context>
    <context>
        <name>ReconcileView</name>
        <message>
            <source>+ unattributed (B1)</source>
            <translation>+ niet toegerekend (B1)</translation>
        </message>
        <message>
            <source>&lt;b&gt;Reconciliation, pay dates %1 to %2&lt;/b&gt;: %3</source>
            <translation>&lt;b&gt;Afstemming, betaaldatum %1 t/m %2&lt;/b&gt;: %3</translation>
        </message>
        <message>
            <source>&lt;span style='color:#1b7a2f'&gt;✔ ties out to the cent&lt;/span&gt;</source>
            <translation>&lt;span style='color:#1b7a2f'&gt;✔ sluit aan tot op de cent&lt;/span&gt;</translation>
        </message>
        <message>
            <source>&lt;span style='color:#b00020'&gt;✘ does not tie out&lt;/span&gt;</source>
            <translation>&lt;span style='color:#b00020'&gt;✘ sluit niet aan&lt;/span&gt;</translation>
        </message>
        <message>
            <source>= ledgers − over-attribution + unattributed</source>
            <translation>= verantwoordingen − overtoerekening + niet toegerekend</translation>
        </message>
        <message>
            <source>Ledgers per partner</source>
            <translation>Verantwoordingen per ketenpartner</translation>
        </message>
        <message>
            <source>Lines whose percentages do not add up to 100 (B1)</source>
            <translation>Regels waarvan de percentages niet optellen tot 100 (B1)</translation>
        </message>
        <message>
            <source>Sum of all spend</source>
            <translation>Som van alle bestedingen</translation>
        </message>
        <message>
            <source>Sum of the ledgers</source>
            <translation>Som van de verantwoordingen</translation>
        </message>
        <message>
            <source>− over-attribution (B1)</source>
            <translation>− overtoerekening (B1)</translation>
        </message>
    </context>
    <context>
        <name>RecordFields</name>
        <message>
            <source>Amount</source>
            <translation>Bedrag</translation>
        </message>
        <message>
            <source>Attribution</source>
            <translation>Toerekening</translation>
        </message>
        <message>
            <source>BSN</source>
            <translation>BSN</translation>
        </message>
        <message>
            <source>Budget</source>
            <translation>Budget</translation>
        </message>
        <message>
            <source>Client</source>
            <translation>Klant</translation>
        </message>
        <message>
            <source>Code</source>
            <translation>Code</translation>
        </message>
        <message>
            <source>Date of birth</source>
            <translation>Geboortedatum</translation>
        </message>
        <message>
            <source>Deployment</source>
            <translation>Inzet</translation>
        </message>
        <message>
            <source>Description</source>
            <translation>Omschrijving</translation>
        </message>
        <message>
            <source>End date</source>
            <translation>Einddatum</translation>
        </message>
        <message>
            <source>Executed by</source>
            <translation>Uitvoerder</translation>
        </message>
        <message>
            <source>Initials</source>
            <translation>Voorletters</translation>
        </message>
        <message>
            <source>Instrument</source>
            <translation>Instrument</translation>
        </message>
        <message>
            <source>Instruments</source>
            <translation>Instrumenten</translation>
        </message>
        <message>
            <source>Invoice number</source>
            <translation>Factuurnummer</translation>
        </message>
        <message>
            <source>Owner</source>
            <translation>Eigenaar</translation>
        </message>
        <message>
            <source>Partner</source>
            <translation>Ketenpartner</translation>
        </message>
        <message>
            <source>Pay date</source>
            <translation>Betaaldatum</translation>
        </message>
        <message>
            <source>Payer</source>
            <translation>Betaler</translation>
        </message>
        <message>
            <source>Period from</source>
            <translation>Periode van</translation>
        </message>
        <message>
            <source>Period to</source>
            <translation>Periode tot</translation>
        </message>
        <message>
            <source>Postcode</source>
            <translation>Postcode</translation>
        </message>
        <message>
            <source>Provider</source>
            <translation>Aanbieder</translation>
        </message>
        <message>
            <source>Reference</source>
            <translation>Referentie</translation>
        </message>
        <message>
            <source>Regime</source>
            <translation>Regeling</translation>
        </message>
        <message>
            <source>Regimes</source>
            <translation>Regelingen</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>Bron</translation>
        </message>
        <message>
            <source>Spend line</source>
            <translation>Bestedingsregel</translation>
        </message>
        <message>
            <source>Start date</source>
            <translation>Startdatum</translation>
        </message>
        <message>
            <source>Surname</source>
            <translation>Achternaam</translation>
        </message>
        <message>
            <source>Work coach</source>
            <translation>Werkcoach</translation>
        </message>
        <message>
            <source>Year</source>
            <translation>Jaar</translation>
        </message>
    </context>
    <context>
        <name>RecordPanel</name>
        <message>
            <source>Attribution</source>
            <translation>Toerekening</translation>
        </message>
        <message>
            <source>Batch</source>
            <translation>Batch</translation>
        </message>
        <message>
            <source>Earlier versions</source>
            <translation>Eerdere versies</translation>
        </message>
        <message>
            <source>File</source>
            <translation>Bestand</translation>
        </message>
        <message>
            <source>Imported</source>
            <translation>Ingelezen</translation>
        </message>
        <message>
            <source>Mapping</source>
            <translation>Koppeling</translation>
        </message>
        <message>
            <source>Outcome</source>
            <translation>Uitkomst</translation>
        </message>
        <message>
            <source>Position</source>
            <translation>Positie</translation>
        </message>
        <message>
            <source>Replaced on</source>
            <translation>Vervangen op</translation>
        </message>
        <message>
            <source>Select a record to see where it came from.</source>
            <translation>Kies een record om te zien waar het vandaan komt.</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>Bron</translation>
        </message>
        <message>
            <source>Values then</source>
            <translation>Waarden toen</translation>
        </message>
    </context>
    <context>
        <name>ReferenceModel</name>
        <message>
            <source>all</source>
            <translation>alle</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>Bedrag</translation>
        </message>
        <message>
            <source>Code</source>
            <translation>Code</translation>
        </message>
        <message>
            <source>CWI</source>
            <translation>CWI</translation>
        </message>
        <message>
            <source>Description</source>
            <translation>Omschrijving</translation>
        </message>
        <message>
            <source>Executed by</source>
            <translation>Uitvoerder</translation>
        </message>
        <message>
            <source>Instruments</source>
            <translation>Instrumenten</translation>
        </message>
        <message>
            <source>Intermunicipal department</source>
            <translation>Intergemeentelijke afdeling</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Soort</translation>
        </message>
        <message>
            <source>Municipality</source>
            <translation>Gemeente</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Naam</translation>
        </message>
        <message>
            <source>Owner</source>
            <translation>Eigenaar</translation>
        </message>
        <message>
            <source>Regimes</source>
            <translation>Regelingen</translation>
        </message>
        <message>
            <source>UWV</source>
            <translation>UWV</translation>
        </message>
        <message>
            <source>Valid from</source>
            <translation>Geldig van</translation>
        </message>
        <message>
            <source>Valid until</source>
            <translation>Geldig tot</translation>
        </message>
        <message>
            <source>WERKbedrijf</source>
            <translation>WERKbedrijf</translation>
        </message>
        <message>
            <source>Year</source>
            <translation>Jaar</translation>
        </message>
    </context>
    <context>
        <name>ReferencePage</name>
        <message>
            <source>%1 loaded: %2.</source>
            <translation>%1 geladen: %2.</translation>
        </message>
        <message numerus="yes">
            <source>%Ln partner(s)</source>
            <translation>
                <numerusform>%Ln ketenpartner</numerusform>
                <numerusform>%Ln ketenpartners</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln budget(s)</source>
            <translation>
                <numerusform>%Ln budget</numerusform>
                <numerusform>%Ln budgetten</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln regime(s)</source>
            <translation>
                <numerusform>%Ln regeling</numerusform>
                <numerusform>%Ln regelingen</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln instrument(s)</source>
            <translation>
                <numerusform>%Ln instrument</numerusform>
                <numerusform>%Ln instrumenten</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln provider(s)</source>
            <translation>
                <numerusform>%Ln aanbieder</numerusform>
                <numerusform>%Ln aanbieders</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Budgets (%n)</source>
            <translation>
                <numerusform>Budgetten (%n)</numerusform>
                <numerusform>Budgetten (%n)</numerusform>
            </translation>
        </message>
        <message>
            <source>Excel workbook (*.xlsx)</source>
            <translation>Excel-werkmap (*.xlsx)</translation>
        </message>
        <message>
            <source>Export failed</source>
            <translation>Exporteren mislukt</translation>
        </message>
        <message>
            <source>Export reference data</source>
            <translation>Referentiegegevens exporteren</translation>
        </message>
        <message>
            <source>Export workbook…</source>
            <translation>Werkmap exporteren…</translation>
        </message>
        <message>
            <source>Filter the table (Ctrl+F)</source>
            <translation>Tabel filteren (Ctrl+F)</translation>
        </message>
        <message numerus="yes">
            <source>Instruments (%n)</source>
            <translation>
                <numerusform>Instrumenten (%n)</numerusform>
                <numerusform>Instrumenten (%n)</numerusform>
            </translation>
        </message>
        <message>
            <source>Load reference workbook</source>
            <translation>Referentiewerkmap laden</translation>
        </message>
        <message>
            <source>Load workbook…</source>
            <translation>Werkmap laden…</translation>
        </message>
        <message>
            <source>Loading %1…</source>
            <translation>%1 wordt geladen…</translation>
        </message>
        <message>
            <source>Loading and exporting the workbook is not available yet.</source>
            <translation>Het laden en exporteren van de werkmap is nog niet beschikbaar.</translation>
        </message>
        <message numerus="yes">
            <source>Partners (%n)</source>
            <translation>
                <numerusform>Ketenpartners (%n)</numerusform>
                <numerusform>Ketenpartners (%n)</numerusform>
            </translation>
        </message>
        <message>
            <source>Partners, budgets and code lists. Load a workbook to update them: what changed is replaced and kept in history.</source>
            <translation>Ketenpartners, budgetten en codelijsten. Laad een werkmap om ze bij te werken: wat wijzigt wordt vervangen en bewaard in de geschiedenis.</translation>
        </message>
        <message numerus="yes">
            <source>Providers (%n)</source>
            <translation>
                <numerusform>Aanbieders (%n)</numerusform>
                <numerusform>Aanbieders (%n)</numerusform>
            </translation>
        </message>
        <message>
            <source>Reference data</source>
            <translation>Referentiegegevens</translation>
        </message>
        <message>
            <source>Reference data exported to %1.</source>
            <translation>Referentiegegevens geëxporteerd naar %1.</translation>
        </message>
        <message numerus="yes">
            <source>Regimes (%n)</source>
            <translation>
                <numerusform>Regelingen (%n)</numerusform>
                <numerusform>Regelingen (%n)</numerusform>
            </translation>
        </message>
        <message>
            <source>The reference workbook was not loaded</source>
            <translation>De referentiewerkmap is niet geladen</translation>
        </message>
    </context>
    <context>
        <name>ReportView</name>
        <message>
            <source>&lt;b&gt;%1&lt;/b&gt; — pay dates %2 to %3</source>
            <translation>&lt;b&gt;%1&lt;/b&gt; — betaaldatum %2 t/m %3</translation>
        </message>
        <message numerus="yes">
            <source>&lt;span style='color:#9a5b00'&gt;%n reservation(s)&lt;/span&gt;</source>
            <translation>
                <numerusform>&lt;span style='color:#9a5b00'&gt;%n voorbehoud&lt;/span&gt;</numerusform>
                <numerusform>&lt;span style='color:#9a5b00'&gt;%n voorbehouden&lt;/span&gt;</numerusform>
            </translation>
        </message>
        <message>
            <source>Attributed per month</source>
            <translation>Toegerekend per maand</translation>
        </message>
        <message>
            <source>Budgets</source>
            <translation>Budgetten</translation>
        </message>
        <message>
            <source>Clients: %1, of whom %2 left for work</source>
            <translation>Klanten: %1, waarvan %2 uitgestroomd naar werk</translation>
        </message>
        <message>
            <source>cost per client to work: %1</source>
            <translation>kosten per klant naar werk: %1</translation>
        </message>
        <message>
            <source>Instrument</source>
            <translation>Instrument</translation>
        </message>
        <message>
            <source>Lines</source>
            <translation>Regels</translation>
        </message>
        <message>
            <source>Month</source>
            <translation>Maand</translation>
        </message>
        <message>
            <source>No open findings touch this ledger.</source>
            <translation>Geen open signaleringen raken deze verantwoording.</translation>
        </message>
        <message>
            <source>Per client</source>
            <translation>Per klant</translation>
        </message>
        <message>
            <source>Per instrument</source>
            <translation>Per instrument</translation>
        </message>
        <message>
            <source>Per month</source>
            <translation>Per maand</translation>
        </message>
        <message>
            <source>Per provider</source>
            <translation>Per aanbieder</translation>
        </message>
        <message>
            <source>Per regime</source>
            <translation>Per regeling</translation>
        </message>
        <message>
            <source>Provider</source>
            <translation>Aanbieder</translation>
        </message>
        <message>
            <source>Regime</source>
            <translation>Regeling</translation>
        </message>
        <message>
            <source>Reservations</source>
            <translation>Voorbehouden</translation>
        </message>
        <message>
            <source>Reservations (%1)</source>
            <translation>Voorbehouden (%1)</translation>
        </message>
        <message>
            <source>Total attributed: &lt;b&gt;%1&lt;/b&gt;</source>
            <translation>Totaal toegerekend: &lt;b&gt;%1&lt;/b&gt;</translation>
        </message>
    </context>
    <context>
        <name>SettingsPage</name>
        <message>
            <source>A change of database takes effect when you restart.</source>
            <translation>Een andere database gaat in bij de volgende start.</translation>
        </message>
        <message>
            <source>A SQLite file, or a database URL such as postgresql+psycopg://user@server/keten for a shared team database</source>
            <translation>Een SQLite-bestand, of een database-URL zoals postgresql+psycopg://gebruiker@server/keten voor een gedeelde teamdatabase</translation>
        </message>
        <message>
            <source>Choose file…</source>
            <translation>Bestand kiezen…</translation>
        </message>
        <message>
            <source>Choose the database file</source>
            <translation>Databasebestand kiezen</translation>
        </message>
        <message>
            <source>Database</source>
            <translation>Database</translation>
        </message>
        <message>
            <source>default: %1</source>
            <translation>standaard: %1</translation>
        </message>
        <message>
            <source>From now on you work as %1.</source>
            <translation>U werkt vanaf nu als %1.</translation>
        </message>
        <message>
            <source>General</source>
            <translation>Algemeen</translation>
        </message>
        <message>
            <source>In use:</source>
            <translation>In gebruik:</translation>
        </message>
        <message>
            <source>Language:</source>
            <translation>Taal:</translation>
        </message>
        <message>
            <source>Next start:</source>
            <translation>Volgende start:</translation>
        </message>
        <message>
            <source>Recorded with every import, resolution and change in the audit log</source>
            <translation>Wordt vastgelegd bij elke import, afhandeling en wijziging in het auditlog</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>Instellingen</translation>
        </message>
        <message>
            <source>Settings file:</source>
            <translation>Instellingenbestand:</translation>
        </message>
        <message>
            <source>SQLite database (*.sqlite *.db);;All files (*)</source>
            <translation>SQLite-database (*.sqlite *.db);;Alle bestanden (*)</translation>
        </message>
        <message>
            <source>The database is used from the next start.</source>
            <translation>De database wordt gebruikt vanaf de volgende start.</translation>
        </message>
        <message>
            <source>The language changes when you restart.</source>
            <translation>De taal wijzigt bij de volgende start.</translation>
        </message>
        <message>
            <source>User name:</source>
            <translation>Gebruikersnaam:</translation>
        </message>
        <message>
            <source>Where the data is kept, the language, who you are.</source>
            <translation>Waar de gegevens staan, de taal en wie u bent.</translation>
        </message>
        <message>
            <source>Where things are</source>
            <translation>Waar alles staat</translation>
        </message>
    </context>
    <context>
        <name>SettleView</name>
        <message numerus="yes">
            <source>Settlement, pay dates %1 to %2: %Ln pair(s), gross %3. Select a pair to see the lines behind it.</source>
            <translation>
                <numerusform>Verrekening, betaaldatum %1 t/m %2: %Ln paar, bruto %3. Kies een paar om de regels erachter te zien.</numerusform>
                <numerusform>Verrekening, betaaldatum %1 t/m %2: %Ln paren, bruto %3. Kies een paar om de regels erachter te zien.</numerusform>
            </translation>
        </message>
    </context>
    <!-- mapping workbench (Koppelingen) -->
    <context>
        <name>MappingsPage</name>
        <message>
            <source>%1 (copy)</source>
            <translation>%1 (kopie)</translation>
        </message>
        <message>
            <source>%1: not saved yet</source>
            <translation>%1: nog niet opgeslagen</translation>
        </message>
        <message>
            <source>%1: version %2 and version %3</source>
            <translation>%1: versie %2 en versie %3</translation>
        </message>
        <message>
            <source>(%1, not saved yet)</source>
            <translation>(%1, nog niet opgeslagen)</translation>
        </message>
        <message>
            <source>A copy of %1 under a new name, to adapt to a partner's layout.</source>
            <translation>Een kopie van %1 onder een nieuwe naam, om aan te passen aan de indeling van een ketenpartner.</translation>
        </message>
        <message>
            <source>A new mapping for the layout of %1. It is saved as version 1 of its own name when you save it.</source>
            <translation>Een nieuwe koppeling voor de indeling van %1. Bij opslaan wordt het versie 1 onder een eigen naam.</translation>
        </message>
        <message>
            <source>Choose per field of the common model its column or element in a sample file, and see at once what the import makes of it.</source>
            <translation>Kies per veld van het gemeenschappelijke model de kolom of het element in een voorbeeldbestand, en zie meteen wat de import ervan maakt.</translation>
        </message>
        <message>
            <source>Copy of a mapping</source>
            <translation>Kopie van een koppeling</translation>
        </message>
        <message>
            <source>Copy…</source>
            <translation>Kopiëren…</translation>
        </message>
        <message>
            <source>Counting stopped.</source>
            <translation>Tellen gestopt.</translation>
        </message>
        <message>
            <source>Export mapping</source>
            <translation>Koppeling exporteren</translation>
        </message>
        <message>
            <source>Export…</source>
            <translation>Exporteren…</translation>
        </message>
        <message>
            <source>Filter mappings (Ctrl+F)</source>
            <translation>Koppelingen filteren (Ctrl+F)</translation>
        </message>
        <message>
            <source>Format</source>
            <translation>Formaat</translation>
        </message>
        <message>
            <source>Go back to a version</source>
            <translation>Terug naar een versie</translation>
        </message>
        <message>
            <source>Import a mapping file</source>
            <translation>Koppelingsbestand inlezen</translation>
        </message>
        <message>
            <source>Import file…</source>
            <translation>Bestand inlezen…</translation>
        </message>
        <message>
            <source>Imported as %1.</source>
            <translation>Ingelezen als %1.</translation>
        </message>
        <message>
            <source>Mapping</source>
            <translation>Koppeling</translation>
        </message>
        <message>
            <source>Mapping files (*.xml)</source>
            <translation>Koppelingsbestanden (*.xml)</translation>
        </message>
        <message>
            <source>Mappings</source>
            <translation>Koppelingen</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Naam</translation>
        </message>
        <message>
            <source>New from sample…</source>
            <translation>Nieuw uit voorbeeld…</translation>
        </message>
        <message>
            <source>New mapping from the sample</source>
            <translation>Nieuwe koppeling uit het voorbeeldbestand</translation>
        </message>
        <message>
            <source>No mapping open</source>
            <translation>Geen koppeling geopend</translation>
        </message>
        <message>
            <source>Not exported</source>
            <translation>Niet geëxporteerd</translation>
        </message>
        <message>
            <source>Not saved: %1</source>
            <translation>Niet opgeslagen: %1</translation>
        </message>
        <message>
            <source>Open a sample file</source>
            <translation>Voorbeeldbestand openen</translation>
        </message>
        <message>
            <source>Open a sample file first (Ctrl+O).</source>
            <translation>Open eerst een voorbeeldbestand (Ctrl+O).</translation>
        </message>
        <message>
            <source>Origin</source>
            <translation>Herkomst</translation>
        </message>
        <message>
            <source>Partner files (%1);;All files (*)</source>
            <translation>Bestanden van ketenpartners (%1);;Alle bestanden (*)</translation>
        </message>
        <message>
            <source>Previewing…</source>
            <translation>Voorbeeld wordt gemaakt…</translation>
        </message>
        <message>
            <source>Reading %1…</source>
            <translation>%1 wordt gelezen…</translation>
        </message>
        <message>
            <source>Restored as %1.</source>
            <translation>Teruggezet als %1.</translation>
        </message>
        <message>
            <source>Save a mapping file as a new version</source>
            <translation>Een koppelingsbestand opslaan als nieuwe versie</translation>
        </message>
        <message>
            <source>Save as new version</source>
            <translation>Opslaan als nieuwe versie</translation>
        </message>
        <message>
            <source>Save as new version…</source>
            <translation>Opslaan als nieuwe versie…</translation>
        </message>
        <message>
            <source>Save the mapping as a new version (Ctrl+S)</source>
            <translation>De koppeling opslaan als nieuwe versie (Ctrl+S)</translation>
        </message>
        <message>
            <source>Save the mapping first; then it can be exported.</source>
            <translation>Sla de koppeling eerst op; daarna kan ze worden geëxporteerd.</translation>
        </message>
        <message>
            <source>Saved as %1.</source>
            <translation>Opgeslagen als %1.</translation>
        </message>
        <message>
            <source>Saving %1 as a new version. What changed?</source>
            <translation>%1 wordt opgeslagen als nieuwe versie. Wat is er veranderd?</translation>
        </message>
        <message>
            <source>Start a mapping for a new layout from the open sample</source>
            <translation>Een koppeling voor een nieuwe indeling beginnen vanuit het geopende voorbeeldbestand</translation>
        </message>
        <message>
            <source>Start a mapping from a copy of the selected one</source>
            <translation>Een koppeling beginnen als kopie van de gekozen koppeling</translation>
        </message>
        <message>
            <source>The mappings could not be read: %1</source>
            <translation>De koppelingen konden niet worden gelezen: %1</translation>
        </message>
        <message>
            <source>The open mapping has changes that were not saved. Discard them?</source>
            <translation>De geopende koppeling heeft wijzigingen die niet zijn opgeslagen. Wilt u ze weggooien?</translation>
        </message>
        <message>
            <source>The reference data could not be read: %1</source>
            <translation>De referentiegegevens konden niet worden gelezen: %1</translation>
        </message>
        <message>
            <source>The sample cannot be read: %1</source>
            <translation>Het voorbeeldbestand kan niet worden gelezen: %1</translation>
        </message>
        <message>
            <source>There is no mapping '%1'.</source>
            <translation>Er is geen koppeling '%1'.</translation>
        </message>
        <message>
            <source>Unsaved changes</source>
            <translation>Niet-opgeslagen wijzigingen</translation>
        </message>
        <message>
            <source>Version</source>
            <translation>Versie</translation>
        </message>
        <message>
            <source>Version %1 is saved again as the newest version. Why?</source>
            <translation>Versie %1 wordt opnieuw opgeslagen als nieuwste versie. Waarom?</translation>
        </message>
        <message>
            <source>Write the selected mapping to a file</source>
            <translation>De gekozen koppeling naar een bestand schrijven</translation>
        </message>
        <message>
            <source>Written to %1.</source>
            <translation>Geschreven naar %1.</translation>
        </message>
        <message>
            <source>back to version %1</source>
            <translation>terug naar versie %1</translation>
        </message>
        <message>
            <source>changed</source>
            <translation>gewijzigd</translation>
        </message>
        <message>
            <source>version %1, %2</source>
            <translation>versie %1, %2</translation>
        </message>
    </context>
    <context>
        <name>MappingEditor</name>
        <message>
            <source>(and %1 more)</source>
            <translation>(en nog %1)</translation>
        </message>
        <message>
            <source>Choose a field of the common model first.</source>
            <translation>Kies eerst een veld van het gemeenschappelijke model.</translation>
        </message>
        <message>
            <source>Fields</source>
            <translation>Velden</translation>
        </message>
        <message>
            <source>File and recognition</source>
            <translation>Bestand en herkenning</translation>
        </message>
        <message>
            <source>Open a sample file first.</source>
            <translation>Open eerst een voorbeeldbestand.</translation>
        </message>
        <message>
            <source>Records and targets</source>
            <translation>Records en doelen</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>Instellingen</translation>
        </message>
        <message>
            <source>The XML text cannot be read.</source>
            <translation>De XML-tekst is niet te lezen.</translation>
        </message>
        <message>
            <source>The XML text cannot be read; the form shows the last readable state.</source>
            <translation>De XML-tekst is niet te lezen; het formulier toont de laatste leesbare stand.</translation>
        </message>
        <message>
            <source>The mapping is not valid yet: %1</source>
            <translation>De koppeling is nog niet geldig: %1</translation>
        </message>
        <message>
            <source>Versions</source>
            <translation>Versies</translation>
        </message>
        <message>
            <source>XML text</source>
            <translation>XML-tekst</translation>
        </message>
    </context>
    <context>
        <name>FieldEditor</name>
        <message>
            <source>(no source: the field is not filled)</source>
            <translation>(geen bron: het veld wordt niet gevuld)</translation>
        </message>
        <message>
            <source>A record without a required field is quarantined.</source>
            <translation>Een record zonder een verplicht veld gaat in quarantaine.</translation>
        </message>
        <message>
            <source>Choose a field of the common model on the left to set its source.</source>
            <translation>Kies links een veld van het gemeenschappelijke model om de bron ervan in te stellen.</translation>
        </message>
        <message>
            <source>Choose where the value comes from, or double-click a column or element of the sample.</source>
            <translation>Kies waar de waarde vandaan komt, of dubbelklik op een kolom of element van het voorbeeldbestand.</translation>
        </message>
        <message>
            <source>Double-click an element in the sample's tree: the path is filled in from the record element.</source>
            <translation>Dubbelklik op een element in de boom van het voorbeeldbestand: het pad wordt ingevuld vanaf het recordelement.</translation>
        </message>
        <message>
            <source>No field chosen</source>
            <translation>Geen veld gekozen</translation>
        </message>
        <message>
            <source>Value from:</source>
            <translation>Waarde uit:</translation>
        </message>
        <message>
            <source>a code of the reference data (%1)</source>
            <translation>een code uit de referentiegegevens (%1)</translation>
        </message>
        <message>
            <source>a column of the file</source>
            <translation>een kolom van het bestand</translation>
        </message>
        <message>
            <source>a fixed value</source>
            <translation>een vaste waarde</translation>
        </message>
        <message>
            <source>a setting of the mapping</source>
            <translation>een instelling van de koppeling</translation>
        </message>
        <message>
            <source>an element of the XML (XPath)</source>
            <translation>een element van de XML (XPath)</translation>
        </message>
        <message>
            <source>attribution %1</source>
            <translation>toerekening %1</translation>
        </message>
        <message>
            <source>column %1</source>
            <translation>kolom %1</translation>
        </message>
        <message>
            <source>optional</source>
            <translation>niet verplicht</translation>
        </message>
        <message>
            <source>parts joined together</source>
            <translation>samengevoegde delen</translation>
        </message>
        <message>
            <source>required</source>
            <translation>verplicht</translation>
        </message>
        <message>
            <source>setting %1</source>
            <translation>instelling %1</translation>
        </message>
    </context>
    <context>
        <name>PartRow</name>
        <message>
            <source>Remove this part</source>
            <translation>Dit deel verwijderen</translation>
        </message>
    </context>
    <context>
        <name>PartsEditor</name>
        <message>
            <source>Add part</source>
            <translation>Deel toevoegen</translation>
        </message>
        <message>
            <source>Between the parts:</source>
            <translation>Tussen de delen:</translation>
        </message>
        <message>
            <source>Empty parts are left out.</source>
            <translation>Lege delen worden weggelaten.</translation>
        </message>
        <message>
            <source>Put between the parts (a space by default)</source>
            <translation>Komt tussen de delen (standaard een spatie)</translation>
        </message>
    </context>
    <context>
        <name>FileForm</name>
        <message>
            <source>A file is recognised by its root element, or by its sheet and these column names.</source>
            <translation>Een bestand wordt herkend aan het hoofdelement, of aan het tabblad en deze kolomnamen.</translation>
        </message>
        <message>
            <source>Add namespace</source>
            <translation>Naamruimte toevoegen</translation>
        </message>
        <message>
            <source>An XSD in the schemas folder to check files against</source>
            <translation>Een XSD in de map schemas waartegen bestanden worden gecontroleerd</translation>
        </message>
        <message>
            <source>Columns:</source>
            <translation>Kolommen:</translation>
        </message>
        <message>
            <source>Delimiter:</source>
            <translation>Scheidingsteken:</translation>
        </message>
        <message>
            <source>Description:</source>
            <translation>Omschrijving:</translation>
        </message>
        <message>
            <source>Encoding:</source>
            <translation>Tekenset:</translation>
        </message>
        <message>
            <source>File type:</source>
            <translation>Bestandstype:</translation>
        </message>
        <message>
            <source>Fill the file type, sheet, header row and signature from the open sample</source>
            <translation>Bestandstype, tabblad, kopregel en kenmerk invullen uit het geopende voorbeeldbestand</translation>
        </message>
        <message>
            <source>Header element:</source>
            <translation>Kopelement:</translation>
        </message>
        <message>
            <source>Header row:</source>
            <translation>Kopregel:</translation>
        </message>
        <message>
            <source>Mapping</source>
            <translation>Koppeling</translation>
        </message>
        <message>
            <source>Name:</source>
            <translation>Naam:</translation>
        </message>
        <message>
            <source>Namespace URI</source>
            <translation>Naamruimte-URI</translation>
        </message>
        <message>
            <source>Namespaces (prefixes used in the paths)</source>
            <translation>Naamruimten (voorvoegsels in de paden)</translation>
        </message>
        <message>
            <source>One column name per line</source>
            <translation>Eén kolomnaam per regel</translation>
        </message>
        <message>
            <source>Prefix</source>
            <translation>Voorvoegsel</translation>
        </message>
        <message>
            <source>Recognising the layout (signature)</source>
            <translation>De indeling herkennen (kenmerk)</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>Verwijderen</translation>
        </message>
        <message>
            <source>Root element:</source>
            <translation>Hoofdelement:</translation>
        </message>
        <message>
            <source>Schema (XSD):</source>
            <translation>Schema (XSD):</translation>
        </message>
        <message>
            <source>Sheet:</source>
            <translation>Tabblad:</translation>
        </message>
        <message>
            <source>Small letters, digits and '-' only</source>
            <translation>Alleen kleine letters, cijfers en '-'</translation>
        </message>
        <message>
            <source>Take over from the sample</source>
            <translation>Overnemen uit het voorbeeldbestand</translation>
        </message>
        <message>
            <source>The file it reads</source>
            <translation>Het bestand dat ze leest</translation>
        </message>
        <message>
            <source>Title:</source>
            <translation>Titel:</translation>
        </message>
        <message>
            <source>Unique attribute:</source>
            <translation>Uniek attribuut:</translation>
        </message>
        <message>
            <source>find automatically</source>
            <translation>automatisch vinden</translation>
        </message>
        <message>
            <source>recognise</source>
            <translation>herkennen</translation>
        </message>
    </context>
    <context>
        <name>WorkbenchLabels</name>
        <message numerus="yes">
            <source>%n row(s)</source>
            <translation><numerusform>%n regel</numerusform><numerusform>%n regels</numerusform></translation>
        </message>
        <message>
            <source>budgets</source>
            <translation>budgetten</translation>
        </message>
        <message>
            <source>instruments</source>
            <translation>instrumenten</translation>
        </message>
        <message>
            <source>new</source>
            <translation>nieuw</translation>
        </message>
        <message>
            <source>partners</source>
            <translation>ketenpartners</translation>
        </message>
        <message>
            <source>providers</source>
            <translation>aanbieders</translation>
        </message>
        <message>
            <source>quarantined</source>
            <translation>in quarantaine</translation>
        </message>
        <message>
            <source>regimes</source>
            <translation>regelingen</translation>
        </message>
    </context>
    <context>
        <name>PreviewPanel</name>
        <message>
            <source>#</source>
            <translation>#</translation>
        </message>
        <message>
            <source>Compared with %1: %2</source>
            <translation>Vergeleken met %1: %2</translation>
        </message>
        <message numerus="yes">
            <source>Counting the whole file: %Ln record(s) read</source>
            <translation>
                <numerusform>Het hele bestand wordt geteld: %Ln record gelezen</numerusform>
                <numerusform>Het hele bestand wordt geteld: %Ln records gelezen</numerusform>
            </translation>
        </message>
        <message>
            <source>Counting the whole file…</source>
            <translation>Het hele bestand wordt geteld…</translation>
        </message>
        <message numerus="yes">
            <source>First %Ln record(s) of the sample: %1 new, %2 quarantined.</source>
            <translation>
                <numerusform>Eerste %Ln record van het voorbeeldbestand: %1 nieuw, %2 in quarantaine.</numerusform>
                <numerusform>Eerste %Ln records van het voorbeeldbestand: %1 nieuw, %2 in quarantaine.</numerusform>
            </translation>
        </message>
        <message>
            <source>Most frequent reasons: %1</source>
            <translation>Meest voorkomende redenen: %1</translation>
        </message>
        <message>
            <source>Open a sample file to see what the mapping makes of it.</source>
            <translation>Open een voorbeeldbestand om te zien wat de koppeling ervan maakt.</translation>
        </message>
        <message>
            <source>Position</source>
            <translation>Plaats</translation>
        </message>
        <message>
            <source>Preview</source>
            <translation>Voorbeeld</translation>
        </message>
        <message>
            <source>Reasons</source>
            <translation>Redenen</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Whole file: %1 read, %2 stored, %3 quarantined.</source>
            <translation>Hele bestand: %1 gelezen, %2 opgeslagen, %3 in quarantaine.</translation>
        </message>
    </context>
    <context>
        <name>RecordsForm</name>
        <message>
            <source>A workbook or CSV file has one record per row. In XML, each element the path finds is a record; the fields' paths start from it.</source>
            <translation>Een werkmap of CSV-bestand heeft één record per rij. In XML is elk element dat het pad vindt een record; de paden van de velden beginnen daar.</translation>
        </message>
        <message>
            <source>Add attribution</source>
            <translation>Toerekening toevoegen</translation>
        </message>
        <message>
            <source>Add record</source>
            <translation>Record toevoegen</translation>
        </message>
        <message>
            <source>Add target</source>
            <translation>Doel toevoegen</translation>
        </message>
        <message>
            <source>An optional target is skipped when the fields named (space-separated, e.g. 'invoice_number amount') are all empty, or without names when all its fields from the file are empty.</source>
            <translation>Een niet-verplicht doel wordt overgeslagen als de genoemde velden (met spaties ertussen, bijv. 'invoice_number amount') allemaal leeg zijn, of zonder namen als al zijn velden uit het bestand leeg zijn.</translation>
        </message>
        <message>
            <source>Attribution</source>
            <translation>Toerekening</translation>
        </message>
        <message>
            <source>Attributions of the selected spend target</source>
            <translation>Toerekeningen van het gekozen bestedingsdoel</translation>
        </message>
        <message>
            <source>Each attribution gives a budget and a percentage (set them on the Fields tab). With an XPath, there is one per element found.</source>
            <translation>Elke toerekening geeft een budget en een percentage (in te stellen op het tabblad Velden). Met een XPath is er één per gevonden element.</translation>
        </message>
        <message>
            <source>Entity</source>
            <translation>Entiteit</translation>
        </message>
        <message>
            <source>Field names: %1</source>
            <translation>Veldnamen: %1</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Soort</translation>
        </message>
        <message>
            <source>One per element (XPath)</source>
            <translation>Eén per element (XPath)</translation>
        </message>
        <message>
            <source>Optional</source>
            <translation>Niet verplicht</translation>
        </message>
        <message>
            <source>Path (XML: the record element)</source>
            <translation>Pad (XML: het recordelement)</translation>
        </message>
        <message>
            <source>Present when these fields have a value</source>
            <translation>Aanwezig als deze velden een waarde hebben</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>Record</translation>
        </message>
        <message>
            <source>Records</source>
            <translation>Records</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>Verwijderen</translation>
        </message>
        <message>
            <source>Remove target</source>
            <translation>Doel verwijderen</translation>
        </message>
        <message>
            <source>Targets: what each record fills</source>
            <translation>Doelen: wat elk record vult</translation>
        </message>
    </context>
    <context>
        <name>SampleView</name>
        <message>
            <source>%1, %2, header in row %3</source>
            <translation>%1, %2, kopregel in rij %3</translation>
        </message>
        <message numerus="yes">
            <source>%Ln column(s)</source>
            <translation>
                <numerusform>%Ln kolom</numerusform>
                <numerusform>%Ln kolommen</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln data row(s)</source>
            <translation>
                <numerusform>%Ln gegevensrij</numerusform>
                <numerusform>%Ln gegevensrijen</numerusform>
            </translation>
        </message>
        <message>
            <source>(only part examined)</source>
            <translation>(alleen een deel bekeken)</translation>
        </message>
        <message>
            <source>(only the first rows examined)</source>
            <translation>(alleen de eerste rijen bekeken)</translation>
        </message>
        <message>
            <source>CSV, separated by '%1', %2</source>
            <translation>CSV, gescheiden door '%1', %2</translation>
        </message>
        <message>
            <source>Col.</source>
            <translation>Kol.</translation>
        </message>
        <message>
            <source>Column</source>
            <translation>Kolom</translation>
        </message>
        <message>
            <source>Count</source>
            <translation>Aantal</translation>
        </message>
        <message>
            <source>Each occurrence of the selected element becomes one record</source>
            <translation>Elk voorkomen van het gekozen element wordt één record</translation>
        </message>
        <message>
            <source>Element</source>
            <translation>Element</translation>
        </message>
        <message>
            <source>Filled</source>
            <translation>Gevuld</translation>
        </message>
        <message>
            <source>Header row:</source>
            <translation>Kopregel:</translation>
        </message>
        <message>
            <source>Make the selected column or element the source of the chosen field</source>
            <translation>De gekozen kolom of het gekozen element de bron van het gekozen veld maken</translation>
        </message>
        <message>
            <source>Namespaces: %1</source>
            <translation>Naamruimten: %1</translation>
        </message>
        <message>
            <source>No namespaces.</source>
            <translation>Geen naamruimten.</translation>
        </message>
        <message>
            <source>Open a file of the partner to map (Ctrl+O)</source>
            <translation>Een bestand van de ketenpartner openen om te koppelen (Ctrl+O)</translation>
        </message>
        <message>
            <source>Open a sample file (Ctrl+O) or drop one on this page: its columns or elements appear here with sample values, to pick as the source of a field.</source>
            <translation>Open een voorbeeldbestand (Ctrl+O) of sleep het naar deze pagina: de kolommen of elementen verschijnen hier met voorbeeldwaarden, om als bron van een veld te kiezen.</translation>
        </message>
        <message>
            <source>Open sample…</source>
            <translation>Voorbeeld openen…</translation>
        </message>
        <message>
            <source>Read again</source>
            <translation>Opnieuw lezen</translation>
        </message>
        <message>
            <source>Read records from this element</source>
            <translation>Records lezen uit dit element</translation>
        </message>
        <message>
            <source>Sample file</source>
            <translation>Voorbeeldbestand</translation>
        </message>
        <message>
            <source>Sample values</source>
            <translation>Voorbeeldwaarden</translation>
        </message>
        <message>
            <source>Sheet:</source>
            <translation>Tabblad:</translation>
        </message>
        <message>
            <source>The row with the column names (find: recognised automatically)</source>
            <translation>De rij met de kolomnamen (zoeken: automatisch herkend)</translation>
        </message>
        <message>
            <source>The sheet of the workbook to describe</source>
            <translation>Het tabblad van de werkmap dat wordt beschreven</translation>
        </message>
        <message>
            <source>Use for the field</source>
            <translation>Gebruiken voor het veld</translation>
        </message>
        <message>
            <source>document: %1</source>
            <translation>document: %1</translation>
        </message>
        <message>
            <source>find</source>
            <translation>zoeken</translation>
        </message>
        <message>
            <source>most repeated: %1 (%2×)</source>
            <translation>meest herhaald: %1 (%2×)</translation>
        </message>
        <message>
            <source>the most repeated element: a record?</source>
            <translation>het meest herhaalde element: een record?</translation>
        </message>
    </context>
    <context>
        <name>SettingsForm</name>
        <message>
            <source>A field takes a setting's value with 'a setting of the mapping'.</source>
            <translation>Een veld neemt de waarde van een instelling met 'een instelling van de koppeling'.</translation>
        </message>
        <message>
            <source>How messages name the setting, e.g. 'title (cell A1)'</source>
            <translation>Hoe meldingen de instelling noemen, bijv. 'titel (cel A1)'</translation>
        </message>
        <message>
            <source>Label:</source>
            <translation>Omschrijving:</translation>
        </message>
        <message>
            <source>Name of the setting (e.g. partner):</source>
            <translation>Naam van de instelling (bijv. partner):</translation>
        </message>
        <message>
            <source>New setting</source>
            <translation>Nieuwe instelling</translation>
        </message>
        <message>
            <source>New setting…</source>
            <translation>Nieuwe instelling…</translation>
        </message>
        <message>
            <source>No setting chosen</source>
            <translation>Geen instelling gekozen</translation>
        </message>
        <message>
            <source>Refuse the whole file when it cannot be determined</source>
            <translation>Het hele bestand weigeren als de waarde niet te bepalen is</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>Verwijderen</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>Instellingen</translation>
        </message>
        <message>
            <source>Value from:</source>
            <translation>Waarde uit:</translation>
        </message>
        <message>
            <source>Value, cell or path:</source>
            <translation>Waarde, cel of pad:</translation>
        </message>
        <message>
            <source>a cell of the sheet (e.g. A1)</source>
            <translation>een cel van het tabblad (bijv. A1)</translation>
        </message>
        <message>
            <source>a fixed value</source>
            <translation>een vaste waarde</translation>
        </message>
        <message>
            <source>an element of the XML (XPath)</source>
            <translation>een element van de XML (XPath)</translation>
        </message>
        <message>
            <source>the file name</source>
            <translation>de bestandsnaam</translation>
        </message>
    </context>
    <context>
        <name>StartMappingDialog</name>
        <message>
            <source>A mapping with this name exists already.</source>
            <translation>Er is al een koppeling met deze naam.</translation>
        </message>
        <message>
            <source>Give the mapping a title.</source>
            <translation>Geef de koppeling een titel.</translation>
        </message>
        <message>
            <source>Name (small letters, digits, '-'):</source>
            <translation>Naam (kleine letters, cijfers, '-'):</translation>
        </message>
        <message>
            <source>Partner:</source>
            <translation>Ketenpartner:</translation>
        </message>
        <message>
            <source>The name may only hold small letters, digits and '-'.</source>
            <translation>De naam mag alleen kleine letters, cijfers en '-' bevatten.</translation>
        </message>
        <message>
            <source>The partner whose files this layout is; leave empty when the file says it</source>
            <translation>De ketenpartner van wie deze indeling is; leeg laten als het bestand het zelf zegt</translation>
        </message>
        <message>
            <source>Title:</source>
            <translation>Titel:</translation>
        </message>
    </context>
    <context>
        <name>TargetTree</name>
        <message>
            <source>%1 required missing</source>
            <translation>%1 verplichte ontbreken</translation>
        </message>
        <message>
            <source>(new)</source>
            <translation>(nieuw)</translation>
        </message>
        <message>
            <source>Attribution %1</source>
            <translation>Toerekening %1</translation>
        </message>
        <message>
            <source>Field (* required)</source>
            <translation>Veld (* verplicht)</translation>
        </message>
        <message>
            <source>From</source>
            <translation>Uit</translation>
        </message>
        <message>
            <source>Record %1</source>
            <translation>Record %1</translation>
        </message>
        <message>
            <source>missing</source>
            <translation>ontbreekt</translation>
        </message>
        <message>
            <source>not used</source>
            <translation>niet gebruikt</translation>
        </message>
        <message>
            <source>optional</source>
            <translation>niet verplicht</translation>
        </message>
    </context>
    <context>
        <name>TransformChainEditor</name>
        <message>
            <source>(default: %1)</source>
            <translation>(standaard: %1)</translation>
        </message>
        <message>
            <source>Add</source>
            <translation>Toevoegen</translation>
        </message>
        <message>
            <source>Add a transform at the end of the chain</source>
            <translation>Een bewerking achteraan de reeks toevoegen</translation>
        </message>
        <message>
            <source>Move down (later in the chain)</source>
            <translation>Omlaag (later in de reeks)</translation>
        </message>
        <message>
            <source>Move up (earlier in the chain)</source>
            <translation>Omhoog (eerder in de reeks)</translation>
        </message>
        <message>
            <source>No transforms: the value is taken as it is.</source>
            <translation>Geen bewerkingen: de waarde wordt genomen zoals ze is.</translation>
        </message>
        <message>
            <source>One or more formats, separated by spaces</source>
            <translation>Een of meer formaten, met spaties ertussen</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>Verwijderen</translation>
        </message>
        <message>
            <source>Select a transform to set its parameters.</source>
            <translation>Kies een bewerking om de instellingen ervan te wijzigen.</translation>
        </message>
        <message>
            <source>Transforms, in order</source>
            <translation>Bewerkingen, op volgorde</translation>
        </message>
        <message>
            <source>Unknown transform '%1'.</source>
            <translation>Onbekende bewerking '%1'.</translation>
        </message>
        <message>
            <source>none</source>
            <translation>geen</translation>
        </message>
    </context>
    <context>
        <name>ValueMapEditor</name>
        <message>
            <source>Add a row for each value of the sample that the map does not know yet</source>
            <translation>Een regel toevoegen voor elke waarde uit het voorbeeldbestand die de tabel nog niet kent</translation>
        </message>
        <message>
            <source>Add row</source>
            <translation>Regel toevoegen</translation>
        </message>
        <message>
            <source>Add values from the sample</source>
            <translation>Waarden uit het voorbeeld toevoegen</translation>
        </message>
        <message>
            <source>Code</source>
            <translation>Code</translation>
        </message>
        <message>
            <source>Double-click a cell to edit it.</source>
            <translation>Dubbelklik op een cel om die te wijzigen.</translation>
        </message>
        <message>
            <source>Double-click a code to choose from the %1 %2.</source>
            <translation>Dubbelklik op een code om te kiezen uit de %1 %2.</translation>
        </message>
        <message>
            <source>Ignore upper and lower case</source>
            <translation>Hoofdletters en kleine letters negeren</translation>
        </message>
        <message>
            <source>Other values:</source>
            <translation>Andere waarden:</translation>
        </message>
        <message>
            <source>Remove row</source>
            <translation>Regel verwijderen</translation>
        </message>
        <message>
            <source>Value in the file</source>
            <translation>Waarde in het bestand</translation>
        </message>
    </context>
    <context>
        <name>VersionsPanel</name>
        <message>
            <source>Author</source>
            <translation>Auteur</translation>
        </message>
        <message>
            <source>Comment</source>
            <translation>Toelichting</translation>
        </message>
        <message>
            <source>Compare…</source>
            <translation>Vergelijken…</translation>
        </message>
        <message>
            <source>Every save is a new version. Select two versions (Ctrl+click) to compare them; going back saves an old version again as the newest.</source>
            <translation>Elke keer opslaan geeft een nieuwe versie. Kies twee versies (Ctrl+klik) om ze te vergelijken; teruggaan slaat een oude versie opnieuw op als nieuwste.</translation>
        </message>
        <message>
            <source>Go back to this version…</source>
            <translation>Terug naar deze versie…</translation>
        </message>
        <message>
            <source>Load this version into the editor</source>
            <translation>Deze versie in de editor laden</translation>
        </message>
        <message>
            <source>Open in editor</source>
            <translation>Openen in de editor</translation>
        </message>
        <message>
            <source>Origin</source>
            <translation>Herkomst</translation>
        </message>
        <message>
            <source>Save the selected version again as the newest one (nothing is lost)</source>
            <translation>De gekozen versie opnieuw opslaan als nieuwste (er gaat niets verloren)</translation>
        </message>
        <message>
            <source>Saved</source>
            <translation>Opgeslagen</translation>
        </message>
        <message>
            <source>Show the differences between the two selected versions, or between the selected one and the newest</source>
            <translation>De verschillen tussen de twee gekozen versies tonen, of tussen de gekozen en de nieuwste</translation>
        </message>
        <message>
            <source>Version</source>
            <translation>Versie</translation>
        </message>
        <message>
            <source>Versions</source>
            <translation>Versies</translation>
        </message>
        <message>
            <source>version %1</source>
            <translation>versie %1</translation>
        </message>
    </context>
    <context>
        <name>DiffDialog</name>
        <message>
            <source>Lines starting with − were removed, lines starting with + were added.</source>
            <translation>Regels die met − beginnen zijn weggehaald, regels die met + beginnen zijn toegevoegd.</translation>
        </message>
        <message>
            <source>The two versions are the same.</source>
            <translation>De twee versies zijn gelijk.</translation>
        </message>
    </context>
    <context>
        <name>CommentDialog</name>
        <message>
            <source>What changed, and why (required)</source>
            <translation>Wat is er veranderd, en waarom (verplicht)</translation>
        </message>
    </context>
    <context>
        <name>MappingTextView</name>
        <message>
            <source>Click to go to this line</source>
            <translation>Klik om naar deze regel te gaan</translation>
        </message>
        <message>
            <source>The text does not follow the mapping schema:</source>
            <translation>De tekst volgt het koppelingsschema niet:</translation>
        </message>
        <message>
            <source>The text is valid; changes here are taken over into the form.</source>
            <translation>De tekst is geldig; wijzigingen hier worden in het formulier overgenomen.</translation>
        </message>
    </context>
    <!-- /mapping workbench -->
    <!-- quarantine, reprocessing, incomplete dates -->
    <context>
        <name>ReprocessDialog</name>
        <message>
            <source>Reprocess quarantined records</source>
            <translation>Records in quarantaine opnieuw verwerken</translation>
        </message>
        <message>
            <source>Expected outcome with the current mapping and reference data. Nothing has been stored yet; each batch reprocessed becomes a new batch.</source>
            <translation>Verwachte uitkomst met de huidige koppeling en referentiegegevens. Er is nog niets opgeslagen; elke batch die opnieuw wordt verwerkt, wordt een nieuwe batch.</translation>
        </message>
        <message>
            <source>Batch</source>
            <translation>Batch</translation>
        </message>
        <message>
            <source>File</source>
            <translation>Bestand</translation>
        </message>
        <message>
            <source>Mapping</source>
            <translation>Koppeling</translation>
        </message>
        <message>
            <source>Now stored</source>
            <translation>Nu opgeslagen</translation>
        </message>
        <message>
            <source>Stay quarantined</source>
            <translation>Blijven in quarantaine</translation>
        </message>
        <message>
            <source>Reasons</source>
            <translation>Redenen</translation>
        </message>
        <message numerus="yes">
            <source>%Ln record(s) would be stored; still quarantined: %1.</source>
            <translation>
                <numerusform>%Ln record zou worden opgeslagen; nog in quarantaine: %1.</numerusform>
                <numerusform>%Ln records zouden worden opgeslagen; nog in quarantaine: %1.</numerusform>
            </translation>
        </message>
        <message>
            <source>Reprocess</source>
            <translation>Opnieuw verwerken</translation>
        </message>
        <message>
            <source>Batch %1 stays quarantined for: %2</source>
            <translation>Batch %1 blijft in quarantaine om: %2</translation>
        </message>
    </context>
    <context>
        <name>AddValueDialog</name>
        <message>
            <source>Add value to value table</source>
            <translation>Waarde toevoegen aan waardetabel</translation>
        </message>
        <message>
            <source>The value is added to the mapping's value table for this field; the mapping is saved as a new version.</source>
            <translation>De waarde wordt toegevoegd aan de waardetabel van de koppeling voor dit veld; de koppeling wordt opgeslagen als nieuwe versie.</translation>
        </message>
        <message>
            <source>Value</source>
            <translation>Waarde</translation>
        </message>
        <message>
            <source>Field</source>
            <translation>Veld</translation>
        </message>
        <message>
            <source>Mapping</source>
            <translation>Koppeling</translation>
        </message>
        <message>
            <source>Choose a code…</source>
            <translation>Kies een code…</translation>
        </message>
        <message>
            <source>Code</source>
            <translation>Code</translation>
        </message>
        <message>
            <source>Comment</source>
            <translation>Toelichting</translation>
        </message>
        <message>
            <source>Then reprocess the records quarantined for this reason</source>
            <translation>Daarna de records met deze reden in quarantaine opnieuw verwerken</translation>
        </message>
        <message>
            <source>The reference data has no codes for this field: load it first.</source>
            <translation>De referentiegegevens hebben geen codes voor dit veld: laad ze eerst.</translation>
        </message>
    </context>
    <context>
        <name>ImportModel</name>
        <message>
            <source>Reprocessed</source>
            <translation>Opnieuw verwerkt</translation>
        </message>
        <message>
            <source>Origin</source>
            <translation>Herkomst</translation>
        </message>
    </context>
    <context>
        <name>RecordFields</name>
        <message>
            <source>incomplete date: %1</source>
            <translation>onvolledige datum: %1</translation>
        </message>
        <message>
            <source>incomplete date</source>
            <translation>onvolledige datum</translation>
        </message>
    </context>
    <context>
        <name>RecordPanel</name>
        <message>
            <source>Note</source>
            <translation>Let op</translation>
        </message>
    </context>
    <context>
        <name>ImportPage</name>
        <message>
            <source>Quarantine</source>
            <translation>Quarantaine</translation>
        </message>
        <message>
            <source>Add value to value table…</source>
            <translation>Waarde toevoegen aan waardetabel…</translation>
        </message>
        <message>
            <source>Add the unknown value of the selected record to the mapping's value table, with a code from the reference data</source>
            <translation>De onbekende waarde van het gekozen record toevoegen aan de waardetabel van de koppeling, met een code uit de referentiegegevens</translation>
        </message>
        <message>
            <source>Reprocess this reason…</source>
            <translation>Deze reden opnieuw verwerken…</translation>
        </message>
        <message>
            <source>Reprocess every record quarantined for the reason of the selected record</source>
            <translation>Alle records die om de reden van het gekozen record in quarantaine staan opnieuw verwerken</translation>
        </message>
        <message>
            <source>Quarantined records of %1 (batch %2)</source>
            <translation>Records in quarantaine van %1 (batch %2)</translation>
        </message>
        <message>
            <source>Copy</source>
            <translation>Kopiëren</translation>
        </message>
    </context>
    <context>
        <name>Quarantine</name>
        <message>
            <source>Value '%1' added as %2</source>
            <translation>Waarde '%1' toegevoegd als %2</translation>
        </message>
        <message>
            <source>reprocessing of batch %1</source>
            <translation>herverwerking van batch %1</translation>
        </message>
        <message>
            <source>%1 more</source>
            <translation>nog %1</translation>
        </message>
    </context>
    <context>
        <name>QuickFix</name>
        <message>
            <source>batch %1 no longer exists</source>
            <translation>batch %1 bestaat niet meer</translation>
        </message>
        <message>
            <source>the mapping that read this batch is no longer available</source>
            <translation>de koppeling die deze batch las, is niet meer beschikbaar</translation>
        </message>
        <message>
            <source>%1 version %2</source>
            <translation>%1 versie %2</translation>
        </message>
        <message>
            <source>mapping %1 has no field %2</source>
            <translation>koppeling %1 heeft geen veld %2</translation>
        </message>
        <message>
            <source>Mapping %1 saved as version %2: %3</source>
            <translation>Koppeling %1 opgeslagen als versie %2: %3</translation>
        </message>
        <message>
            <source>The value was not added: %1</source>
            <translation>De waarde is niet toegevoegd: %1</translation>
        </message>
    </context>
    <context>
        <name>QuarantinePanel</name>
        <message>
            <source>Batch</source>
            <translation>Batch</translation>
        </message>
        <message>
            <source>File</source>
            <translation>Bestand</translation>
        </message>
        <message>
            <source>Mapping</source>
            <translation>Koppeling</translation>
        </message>
        <message>
            <source>Records</source>
            <translation>Records</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Reden</translation>
        </message>
        <message>
            <source>After a mapping or the reference data changed, run quarantined records again from the values kept with them.</source>
            <translation>Na een wijziging van een koppeling of van de referentiegegevens: verwerk records in quarantaine opnieuw vanuit de bewaarde waarden.</translation>
        </message>
        <message>
            <source>Reprocess batch…</source>
            <translation>Batch opnieuw verwerken…</translation>
        </message>
        <message>
            <source>Reprocess the quarantine of the selected batch</source>
            <translation>De quarantaine van de gekozen batch opnieuw verwerken</translation>
        </message>
        <message>
            <source>Reprocess reason…</source>
            <translation>Reden opnieuw verwerken…</translation>
        </message>
        <message>
            <source>Reprocess every record quarantined for the selected reason</source>
            <translation>Alle records met de gekozen reden opnieuw verwerken</translation>
        </message>
        <message>
            <source>Reprocess all…</source>
            <translation>Alles opnieuw verwerken…</translation>
        </message>
        <message>
            <source>Reprocess every quarantined record</source>
            <translation>Alle records in quarantaine opnieuw verwerken</translation>
        </message>
        <message>
            <source>Reprocessing is not available (%1).</source>
            <translation>Opnieuw verwerken is niet beschikbaar (%1).</translation>
        </message>
        <message>
            <source>The records of batch %1 quarantined for: %2</source>
            <translation>De records van batch %1 in quarantaine om: %2</translation>
        </message>
        <message>
            <source>The quarantined records of batch %1.</source>
            <translation>De records in quarantaine van batch %1.</translation>
        </message>
        <message>
            <source>Every record quarantined for: %1</source>
            <translation>Alle records in quarantaine om: %1</translation>
        </message>
        <message>
            <source>Every quarantined record.</source>
            <translation>Alle records in quarantaine.</translation>
        </message>
        <message>
            <source>Working out the expected outcome…</source>
            <translation>Verwachte uitkomst bepalen…</translation>
        </message>
        <message>
            <source>There are no quarantined records to reprocess.</source>
            <translation>Er zijn geen records in quarantaine om opnieuw te verwerken.</translation>
        </message>
        <message>
            <source>Nothing was reprocessed.</source>
            <translation>Er is niets opnieuw verwerkt.</translation>
        </message>
        <message>
            <source>Reprocessing quarantined records…</source>
            <translation>Records in quarantaine opnieuw verwerken…</translation>
        </message>
        <message numerus="yes">
            <source>Reprocessed %n batch(es): %1 stored, %2 still quarantined.</source>
            <translation>
                <numerusform>%n batch opnieuw verwerkt: %1 opgeslagen, %2 nog in quarantaine.</numerusform>
                <numerusform>%n batches opnieuw verwerkt: %1 opgeslagen, %2 nog in quarantaine.</numerusform>
            </translation>
        </message>
        <message>
            <source>Reprocessing was cancelled; nothing was stored.</source>
            <translation>Opnieuw verwerken is afgebroken; er is niets opgeslagen.</translation>
        </message>
        <message>
            <source>Reprocessing stopped: %1</source>
            <translation>Opnieuw verwerken is gestopt: %1</translation>
        </message>
        <message>
            <source>Batch %1 was not reprocessed: %2</source>
            <translation>Batch %1 is niet opnieuw verwerkt: %2</translation>
        </message>
        <message>
            <source>Reprocessing %1</source>
            <translation>%1 opnieuw verwerken</translation>
        </message>
        <message>
            <source>Reprocessing…</source>
            <translation>Opnieuw verwerken…</translation>
        </message>
        <message>
            <source> (%1 of %2)</source>
            <translation> (%1 van %2)</translation>
        </message>
    </context>
    <!-- end: quarantine, reprocessing, incomplete dates -->
    <!-- charts (issue 9): budget use, cumulative spend, findings -->
    <context>
        <name>BudgetUseChart</name>
        <message>
            <source>Used</source>
            <translation>Besteed</translation>
        </message>
        <message>
            <source>Overrun</source>
            <translation>Overschrijding</translation>
        </message>
        <message>
            <source>Budget amount (100 %)</source>
            <translation>Budgetbedrag (100 %)</translation>
        </message>
        <message>
            <source>Budget amount: %1</source>
            <translation>Budgetbedrag: %1</translation>
        </message>
        <message>
            <source>Used: %1 (%2)</source>
            <translation>Besteed: %1 (%2)</translation>
        </message>
        <message>
            <source>Overrun: %1</source>
            <translation>Overschreden met: %1</translation>
        </message>
        <message>
            <source>Remaining: %1</source>
            <translation>Resterend: %1</translation>
        </message>
        <message>
            <source>No budgets in this period</source>
            <translation>Geen budgetten in deze periode</translation>
        </message>
    </context>
    <context>
        <name>CumulativeSpendChart</name>
        <message>
            <source>Per month</source>
            <translation>Per maand</translation>
        </message>
        <message>
            <source>Cumulative</source>
            <translation>Cumulatief</translation>
        </message>
        <message>
            <source>Budget total</source>
            <translation>Totaal budget</translation>
        </message>
        <message>
            <source>This month: %1</source>
            <translation>Deze maand: %1</translation>
        </message>
        <message>
            <source>Cumulative: %1</source>
            <translation>Cumulatief: %1</translation>
        </message>
        <message>
            <source>No figures yet</source>
            <translation>Nog geen cijfers</translation>
        </message>
    </context>
    <context>
        <name>FindingsChart</name>
        <message numerus="yes">
            <source>%n finding(s)</source>
            <translation>
                <numerusform>%n signalering</numerusform>
                <numerusform>%n signaleringen</numerusform>
            </translation>
        </message>
        <message>
            <source>%1 days old</source>
            <translation>%1 dagen oud</translation>
        </message>
        <message>
            <source>No findings</source>
            <translation>Geen signaleringen</translation>
        </message>
        <message>
            <source>By rule</source>
            <translation>Per regel</translation>
        </message>
        <message>
            <source>By age (days)</source>
            <translation>Naar leeftijd (dagen)</translation>
        </message>
    </context>
    <!-- end: charts -->
    <!-- H6 (issue 9): withdrawing a batch, Dutch file dialogs, empty database hint -->
    <context>
        <name>FileDialogText</name>
        <message>
            <source>&amp;Look in:</source>
            <translation>&amp;Zoeken in:</translation>
        </message>
        <message>
            <source>File &amp;name:</source>
            <translation>Bestands&amp;naam:</translation>
        </message>
        <message>
            <source>Files of &amp;type:</source>
            <translation>Bestanden van &amp;type:</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>Op&amp;slaan</translation>
        </message>
        <message>
            <source>&amp;Open</source>
            <translation>&amp;Openen</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Annuleren</translation>
        </message>
    </context>
    <context>
        <name>EmptyDatabaseHint</name>
        <message>
            <source>This database holds no reference data yet. Load the reference workbook (partners, budgets, instruments) on the Reference data place first: without it every record read goes to quarantine and there is nothing to account for.</source>
            <translation>Deze database bevat nog geen referentiegegevens. Laad eerst de referentiewerkmap (ketenpartners, budgetten, instrumenten) bij Referentiegegevens: zonder die gegevens gaat elk ingelezen record in quarantaine en valt er niets te verantwoorden.</translation>
        </message>
        <message>
            <source>Go to Reference data</source>
            <translation>Naar Referentiegegevens</translation>
        </message>
    </context>
    <context>
        <name>ImportModel</name>
        <message>
            <source>Withdrawn</source>
            <translation>Ingetrokken</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
    </context>
    <context>
        <name>ImportPage</name>
        <message>
            <source>Withdraw batch…</source>
            <translation>Batch intrekken…</translation>
        </message>
        <message>
            <source>Withdraw the selected batch, imported by mistake: its records are removed or get their earlier version back (you see the counts first)</source>
            <translation>De gekozen, ten onrechte ingelezen batch intrekken: de records worden verwijderd of krijgen hun eerdere versie terug (u ziet eerst de aantallen)</translation>
        </message>
    </context>
    <context>
        <name>Withdraw</name>
        <message>
            <source>Deployments</source>
            <translation>Inzetten</translation>
        </message>
        <message>
            <source>Spend lines</source>
            <translation>Bestedingsregels</translation>
        </message>
        <message>
            <source>Benefit periods</source>
            <translation>Uitkeringsperioden</translation>
        </message>
        <message>
            <source>Outflow</source>
            <translation>Uitstroom</translation>
        </message>
        <message>
            <source>Clients</source>
            <translation>Cliënten</translation>
        </message>
        <message>
            <source>Withdrawn on %1 by %2</source>
            <translation>Ingetrokken op %1 door %2</translation>
        </message>
    </context>
    <context>
        <name>WithdrawDialog</name>
        <message>
            <source>Withdraw batch</source>
            <translation>Batch intrekken</translation>
        </message>
        <message numerus="yes">
            <source>Withdraw batch %1 (%2)? Its %n record(s) leave the accounts: what it added is removed, what it corrected gets its earlier version back.</source>
            <translation>
                <numerusform>Batch %1 (%2) intrekken? Het %n record verdwijnt uit de administratie: wat de batch toevoegde wordt verwijderd, wat hij corrigeerde krijgt zijn eerdere versie terug.</numerusform>
                <numerusform>Batch %1 (%2) intrekken? De %n records verdwijnen uit de administratie: wat de batch toevoegde wordt verwijderd, wat hij corrigeerde krijgt zijn eerdere versie terug.</numerusform>
            </translation>
        </message>
        <message>
            <source>Records</source>
            <translation>Gegevens</translation>
        </message>
        <message>
            <source>Removed</source>
            <translation>Verwijderd</translation>
        </message>
        <message>
            <source>Earlier version back</source>
            <translation>Eerdere versie terug</translation>
        </message>
        <message>
            <source>Corrected later (stays)</source>
            <translation>Later gecorrigeerd (blijft)</translation>
        </message>
        <message>
            <source>Kept (still in use)</source>
            <translation>Behouden (nog in gebruik)</translation>
        </message>
        <message numerus="yes">
            <source>%n quarantined record(s) leave the quarantine.</source>
            <translation>
                <numerusform>%n record verlaat de quarantaine.</numerusform>
                <numerusform>%n records verlaten de quarantaine.</numerusform>
            </translation>
        </message>
        <message>
            <source>The batch and its records stay listed as withdrawn; the findings follow at the next check. The file can be imported again afterwards.</source>
            <translation>De batch en zijn records blijven zichtbaar als ingetrokken; de signaleringen volgen bij de volgende controle. Het bestand kan daarna opnieuw worden ingelezen.</translation>
        </message>
        <message>
            <source>Withdraw</source>
            <translation>Intrekken</translation>
        </message>
    </context>
    <context>
        <name>BatchWithdrawal</name>
        <message>
            <source>Nothing was withdrawn.</source>
            <translation>Er is niets ingetrokken.</translation>
        </message>
        <message>
            <source>Batch %1 withdrawn: %2 removed, %3 back to their earlier version. Run the checks to bring the findings up to date.</source>
            <translation>Batch %1 is ingetrokken: %2 verwijderd, %3 terug naar hun eerdere versie. Voer de controles uit om de signaleringen bij te werken.</translation>
        </message>
    </context>
    <!-- end: H6 -->
    <!-- H1 (issue 9): the findings work queue -->
    <context>
        <name>FindingFilterBar</name>
        <message>
            <source>Rule:</source>
            <translation>Regel:</translation>
        </message>
        <message>
            <source>All rules</source>
            <translation>Alle regels</translation>
        </message>
        <message>
            <source>Severity:</source>
            <translation>Ernst:</translation>
        </message>
        <message>
            <source>All</source>
            <translation>Alle</translation>
        </message>
        <message>
            <source>Status:</source>
            <translation>Status:</translation>
        </message>
        <message>
            <source>Partner:</source>
            <translation>Partner:</translation>
        </message>
        <message>
            <source>All partners</source>
            <translation>Alle partners</translation>
        </message>
        <message>
            <source>Assigned to:</source>
            <translation>Toegewezen aan:</translation>
        </message>
        <message>
            <source>Anyone</source>
            <translation>Iedereen</translation>
        </message>
        <message>
            <source>Nobody</source>
            <translation>Niemand</translation>
        </message>
        <message>
            <source>Me (%1)</source>
            <translation>Ikzelf (%1)</translation>
        </message>
    </context>
    <context>
        <name>ViewCombo</name>
        <message>
            <source>Saved views: choose one to apply its filters</source>
            <translation>Opgeslagen weergaven: kies er een om de filters ervan toe te passen</translation>
        </message>
        <message>
            <source>Saved views…</source>
            <translation>Opgeslagen weergaven…</translation>
        </message>
        <message>
            <source>No saved views</source>
            <translation>Geen weergaven</translation>
        </message>
    </context>
    <context>
        <name>FindingModel</name>
        <message>
            <source>updated</source>
            <translation>bijgewerkt</translation>
        </message>
        <message>
            <source>assigned</source>
            <translation>toegewezen</translation>
        </message>
        <message>
            <source>assignment removed</source>
            <translation>toewijzing opgeheven</translation>
        </message>
        <message>
            <source>undone</source>
            <translation>ongedaan gemaakt</translation>
        </message>
        <message>
            <source>today</source>
            <translation>vandaag</translation>
        </message>
        <message numerus="yes">
            <source>%n day(s)</source>
            <translation>
                <numerusform>%n dag</numerusform>
                <numerusform>%n dagen</numerusform>
            </translation>
        </message>
        <message>
            <source>Assigned to</source>
            <translation>Toegewezen aan</translation>
        </message>
        <message>
            <source>Age</source>
            <translation>Leeftijd</translation>
        </message>
    </context>
    <context>
        <name>FindingsPage</name>
        <message>
            <source>The work queue of the checks' findings. Take a finding or give it to a colleague, compare its records, and resolve or accept it with a reason.</source>
            <translation>De werkvoorraad met de signaleringen van de controle. Neem een signalering in behandeling of wijs haar toe aan een collega, vergelijk de records, en los haar op of accepteer haar met een reden.</translation>
        </message>
        <message>
            <source>View:</source>
            <translation>Weergave:</translation>
        </message>
        <message>
            <source>Save view…</source>
            <translation>Weergave opslaan…</translation>
        </message>
        <message>
            <source>Save the current filters as a named view</source>
            <translation>Sla de huidige filters op als weergave met een naam</translation>
        </message>
        <message>
            <source>Delete view</source>
            <translation>Weergave verwijderen</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>Exporteren</translation>
        </message>
        <message>
            <source>Decisions</source>
            <translation>Besluiten</translation>
        </message>
        <message>
            <source>Every decision with its shortcut</source>
            <translation>Elk besluit met zijn sneltoets</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation>%1 (%2)</translation>
        </message>
        <message>
            <source>Take</source>
            <translation>In behandeling nemen</translation>
        </message>
        <message>
            <source>Take the selected findings: you work on them</source>
            <translation>Neem de gekozen signaleringen in behandeling: u werkt eraan</translation>
        </message>
        <message>
            <source>Assign…</source>
            <translation>Toewijzen…</translation>
        </message>
        <message>
            <source>Give the selected findings to a colleague</source>
            <translation>Wijs de gekozen signaleringen toe aan een collega</translation>
        </message>
        <message>
            <source>The records were corrected: close the selected findings with a reason</source>
            <translation>De records zijn gecorrigeerd: sluit de gekozen signaleringen af met een reden</translation>
        </message>
        <message>
            <source>The situation is correct: accept the selected findings with a reason</source>
            <translation>De situatie klopt: accepteer de gekozen signaleringen met een reden</translation>
        </message>
        <message>
            <source>Reopen…</source>
            <translation>Heropenen…</translation>
        </message>
        <message>
            <source>Open a resolved or accepted finding again</source>
            <translation>Open een opgeloste of geaccepteerde signalering opnieuw</translation>
        </message>
        <message>
            <source>Undo</source>
            <translation>Ongedaan maken</translation>
        </message>
        <message>
            <source>Undo your last decision</source>
            <translation>Maak uw laatste besluit ongedaan</translation>
        </message>
        <message>
            <source>Export to Excel…</source>
            <translation>Exporteren naar Excel…</translation>
        </message>
        <message>
            <source>The findings shown and their history as a workbook (BSNs masked)</source>
            <translation>De getoonde signaleringen en hun geschiedenis als werkmap (BSN’s gemaskeerd)</translation>
        </message>
        <message>
            <source>Export to Excel with full BSNs…</source>
            <translation>Exporteren naar Excel met volledige BSN’s…</translation>
        </message>
        <message>
            <source>As the export, with BSNs in full; this is written to the audit log</source>
            <translation>Als de export, met volledige BSN’s; dit wordt vastgelegd in het auditlogboek</translation>
        </message>
        <message>
            <source>No check has run yet — Checks › Run checks</source>
            <translation>nog geen controle uitgevoerd — Controle › Uitvoeren</translation>
        </message>
        <message numerus="yes">
            <source>%n finding(s)</source>
            <translation>
                <numerusform>%n signalering</numerusform>
                <numerusform>%n signaleringen</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%1 of %n finding(s)</source>
            <translation>
                <numerusform>%1 van %n signalering</numerusform>
                <numerusform>%1 van %n signaleringen</numerusform>
            </translation>
        </message>
        <message>
            <source>Save view</source>
            <translation>Weergave opslaan</translation>
        </message>
        <message>
            <source>Name of the view (only you see it):</source>
            <translation>Naam van de weergave (alleen u ziet haar):</translation>
        </message>
        <message>
            <source>View “%1” saved.</source>
            <translation>Weergave ‘%1’ opgeslagen.</translation>
        </message>
        <message>
            <source>Undo: %1 (Ctrl+Z)</source>
            <translation>Ongedaan maken: %1 (Ctrl+Z)</translation>
        </message>
        <message>
            <source>Undo your last decision (Ctrl+Z)</source>
            <translation>Maak uw laatste besluit ongedaan (Ctrl+Z)</translation>
        </message>
        <message>
            <source>Assign findings</source>
            <translation>Signaleringen toewijzen</translation>
        </message>
        <message>
            <source>Colleague (type a name, or leave empty for nobody):</source>
            <translation>Collega (typ een naam, of laat leeg voor niemand):</translation>
        </message>
        <message numerus="yes">
            <source>Resolve %n finding(s)</source>
            <translation>
                <numerusform>%n signalering oplossen</numerusform>
                <numerusform>%n signaleringen oplossen</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Accept %n finding(s)</source>
            <translation>
                <numerusform>%n signalering accepteren</numerusform>
                <numerusform>%n signaleringen accepteren</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Reopen %n finding(s)</source>
            <translation>
                <numerusform>%n signalering heropenen</numerusform>
                <numerusform>%n signaleringen heropenen</numerusform>
            </translation>
        </message>
        <message>
            <source>Why must this be looked at again? The reason is recorded.</source>
            <translation>Waarom moet hier opnieuw naar gekeken worden? De reden wordt vastgelegd.</translation>
        </message>
        <message>
            <source>Done: %1. Ctrl+Z undoes it.</source>
            <translation>Gedaan: %1. Ctrl+Z maakt het ongedaan.</translation>
        </message>
        <message>
            <source>Undone: %1.</source>
            <translation>Ongedaan gemaakt: %1.</translation>
        </message>
        <message>
            <source>Not changed: %1</source>
            <translation>Niet gewijzigd: %1</translation>
        </message>
        <message>
            <source>Export findings</source>
            <translation>Signaleringen exporteren</translation>
        </message>
        <message>
            <source>Excel workbook (*.xlsx)</source>
            <translation>Excel-werkmap (*.xlsx)</translation>
        </message>
        <message>
            <source>Findings exported to %1.</source>
            <translation>Signaleringen geëxporteerd naar %1.</translation>
        </message>
    </context>
    <!-- H5: allocation key editor (issue 9) -->
    <context>
        <name>AllocationEditor</name>
        <message>
            <source>e.g. Project costs 2009</source>
            <translation>bijv. Projectkosten 2009</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Naam</translation>
        </message>
        <message>
            <source>cent</source>
            <translation>cent</translation>
        </message>
        <message>
            <source>whole euro</source>
            <translation>hele euro</translation>
        </message>
        <message>
            <source>Round shares to</source>
            <translation>Aandelen afronden op</translation>
        </message>
        <message>
            <source>Costs per year</source>
            <translation>Kosten per jaar</translation>
        </message>
        <message>
            <source>Year</source>
            <translation>Jaar</translation>
        </message>
        <message>
            <source>Cost item</source>
            <translation>Kostenpost</translation>
        </message>
        <message>
            <source>Amount (€)</source>
            <translation>Bedrag (€)</translation>
        </message>
        <message>
            <source>Add cost item</source>
            <translation>Kostenpost toevoegen</translation>
        </message>
        <message>
            <source>Remove cost item</source>
            <translation>Kostenpost verwijderen</translation>
        </message>
        <message>
            <source>Rules</source>
            <translation>Regels</translation>
        </message>
        <message>
            <source>Add rule</source>
            <translation>Regel toevoegen</translation>
        </message>
    </context>
    <context>
        <name>RuleForm</name>
        <message>
            <source>Fixed amount</source>
            <translation>Vast bedrag</translation>
        </message>
        <message>
            <source>Percentage of the total</source>
            <translation>Percentage van het totaal</translation>
        </message>
        <message>
            <source>Group by caseload</source>
            <translation>Groep naar rato van het bestand</translation>
        </message>
        <message>
            <source>Remainder</source>
            <translation>Restpost</translation>
        </message>
        <message>
            <source>Remove rule</source>
            <translation>Regel verwijderen</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Soort</translation>
        </message>
        <message>
            <source>Partner</source>
            <translation>Partner</translation>
        </message>
        <message>
            <source>e.g. 5.000,00</source>
            <translation>bijv. 5.000,00</translation>
        </message>
        <message>
            <source>Amount (€)</source>
            <translation>Bedrag (€)</translation>
        </message>
        <message>
            <source>Percentage</source>
            <translation>Percentage</translation>
        </message>
        <message>
            <source>Partners</source>
            <translation>Partners</translation>
        </message>
        <message>
            <source>Give the caseload counts instead of counting</source>
            <translation>Aantallen zelf opgeven in plaats van tellen</translation>
        </message>
        <message>
            <source>Reference date</source>
            <translation>Peildatum</translation>
        </message>
        <message>
            <source>Caseload</source>
            <translation>Bestand</translation>
        </message>
        <message>
            <source>every year</source>
            <translation>alle jaren</translation>
        </message>
        <message>
            <source>Years</source>
            <translation>Jaren</translation>
        </message>
        <message>
            <source>(choose a partner)</source>
            <translation>(kies een partner)</translation>
        </message>
        <message>
            <source>Rule</source>
            <translation>Regel</translation>
        </message>
    </context>
    <context>
        <name>KeyVersionsPanel</name>
        <message>
            <source>Versions</source>
            <translation>Versies</translation>
        </message>
        <message>
            <source>Version</source>
            <translation>Versie</translation>
        </message>
        <message>
            <source>Author</source>
            <translation>Auteur</translation>
        </message>
        <message>
            <source>Saved</source>
            <translation>Opgeslagen</translation>
        </message>
        <message>
            <source>Comment</source>
            <translation>Toelichting</translation>
        </message>
        <message>
            <source>Open version</source>
            <translation>Versie openen</translation>
        </message>
        <message>
            <source>Compare…</source>
            <translation>Vergelijken…</translation>
        </message>
    </context>
    <context>
        <name>KeyDiffDialog</name>
        <message>
            <source>%1: version %2 and version %3</source>
            <translation>%1: versie %2 en versie %3</translation>
        </message>
        <message>
            <source>Lines starting with − were in version %1, with + are in version %2.</source>
            <translation>Regels met − stonden in versie %1, regels met + staan in versie %2.</translation>
        </message>
        <message>
            <source>The two versions are the same.</source>
            <translation>De twee versies zijn gelijk.</translation>
        </message>
    </context>
    <context>
        <name>SaveKeyDialog</name>
        <message>
            <source>Save allocation key</source>
            <translation>Verdeelsleutel opslaan</translation>
        </message>
        <message>
            <source>What did you change in '%1'? This is shown with the version.</source>
            <translation>Wat hebt u gewijzigd in '%1'? Dit staat bij de versie.</translation>
        </message>
        <message>
            <source>e.g. percentage Zandvoort to 5 %</source>
            <translation>bijv. percentage Zandvoort naar 5 %</translation>
        </message>
    </context>
    <context>
        <name>AllocationPage</name>
        <message>
            <source>Keys that split a shared cost over partners: fixed amounts, percentages, shares by caseload and a remainder. Edit a key in the form, start from the region's template, or load one from a TOML file.</source>
            <translation>Sleutels die gedeelde kosten over de partners verdelen: vaste bedragen, percentages, aandelen naar rato van het bestand en een restpost. Bewerk een sleutel in het formulier, begin met het sjabloon van de regio of lees er een in uit een TOML-bestand.</translation>
        </message>
        <message>
            <source>New key</source>
            <translation>Nieuwe sleutel</translation>
        </message>
        <message>
            <source>Template: the region's cost sharing</source>
            <translation>Sjabloon: kostenverdeling van de regio</translation>
        </message>
        <message>
            <source>Fills the form with the cost-sharing key of the specification: a fixed amount, a percentage, a group by caseload and the remainder.</source>
            <translation>Vult het formulier met de kostenverdeling uit de specificatie: een vast bedrag, een percentage, een groep naar rato van het bestand en de restpost.</translation>
        </message>
        <message>
            <source>Save…</source>
            <translation>Opslaan…</translation>
        </message>
        <message>
            <source>Export key…</source>
            <translation>Sleutel exporteren…</translation>
        </message>
        <message>
            <source>Version</source>
            <translation>Versie</translation>
        </message>
        <message>
            <source>Form</source>
            <translation>Formulier</translation>
        </message>
        <message>
            <source>TOML</source>
            <translation>TOML</translation>
        </message>
        <message>
            <source>Allocation — waits until the key has no errors: %1</source>
            <translation>Verdeling — wacht tot de sleutel geen fouten meer heeft: %1</translation>
        </message>
        <message>
            <source>New key: fill in the form and save it.</source>
            <translation>Nieuwe sleutel: vul het formulier in en sla hem op.</translation>
        </message>
        <message>
            <source>Template filled in; choose the partners the reference data lacks.</source>
            <translation>Sjabloon ingevuld; kies de partners die in de referentiegegevens ontbreken.</translation>
        </message>
        <message>
            <source>Template filled in: adjust the amounts and save the key.</source>
            <translation>Sjabloon ingevuld: pas de bedragen aan en sla de sleutel op.</translation>
        </message>
        <message>
            <source>Version %1 is in the form; save it to make it the current version.</source>
            <translation>Versie %1 staat in het formulier; sla hem op om hem de huidige versie te maken.</translation>
        </message>
        <message>
            <source>The key has errors: see the messages by the fields.</source>
            <translation>De sleutel bevat fouten: zie de meldingen bij de velden.</translation>
        </message>
        <message>
            <source>Key '%1' saved as version %2.</source>
            <translation>Sleutel '%1' opgeslagen als versie %2.</translation>
        </message>
        <message>
            <source>Someone else saved this key</source>
            <translation>Iemand anders heeft deze sleutel opgeslagen</translation>
        </message>
        <message>
            <source>Imported from %1</source>
            <translation>Ingelezen uit %1</translation>
        </message>
        <message>
            <source>Export allocation key</source>
            <translation>Verdeelsleutel exporteren</translation>
        </message>
        <message>
            <source>Key written: %1</source>
            <translation>Sleutel geschreven: %1</translation>
        </message>
        <message>
            <source>Allocation — not possible: %1</source>
            <translation>Verdeling — niet mogelijk: %1</translation>
        </message>
        <message>
            <source>Unsaved changes</source>
            <translation>Niet-opgeslagen wijzigingen</translation>
        </message>
        <message>
            <source>The form has changes that are not saved. Discard them?</source>
            <translation>Het formulier bevat wijzigingen die niet zijn opgeslagen. Wilt u ze verwerpen?</translation>
        </message>
    </context>
    <!-- /H5 -->
    <!-- H3: drill-down, quarantined money, stale reports (issue 9) -->
    <context>
        <name>AccountingViews</name>
        <message>
            <source>%1 is still in quarantine</source>
            <translation>%1 staat nog in quarantaine</translation>
        </message>
        <message numerus="yes">
            <source>(%n record(s) without a readable amount)</source>
            <translation>
                <numerusform>(%n record zonder leesbaar bedrag)</numerusform>
                <numerusform>(%n records zonder leesbaar bedrag)</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ReportView</name>
        <message>
            <source>Charts</source>
            <translation>Grafieken</translation>
        </message>
        <message>
            <source>Double-click a figure to see the spend lines behind it</source>
            <translation>Dubbelklik op een bedrag voor de bestedingsregels erachter</translation>
        </message>
        <message>
            <source>client</source>
            <translation>cliënt</translation>
        </message>
        <message>
            <source>Budget use in the budget's year against its amount</source>
            <translation>Gebruik per budget in het budgetjaar tegenover het bedrag</translation>
        </message>
        <message>
            <source>Cumulative spend per month</source>
            <translation>Cumulatieve besteding per maand</translation>
        </message>
        <message>
            <source>Open findings that touch a line or budget of this ledger: the figures hold subject to their resolution. Double-click one to open it.</source>
            <translation>Open signaleringen die een regel of budget van deze verantwoording raken: de cijfers gelden onder voorbehoud van hun afhandeling. Dubbelklik om er een te openen.</translation>
        </message>
        <message>
            <source>Spend of this partner in quarantine: nothing</source>
            <translation>Besteding van deze partner in quarantaine: niets</translation>
        </message>
        <message numerus="yes">
            <source>Spend of this partner in quarantine: %1 in %Ln record(s)</source>
            <translation>
                <numerusform>Besteding van deze partner in quarantaine: %1 in %Ln record</numerusform>
                <numerusform>Besteding van deze partner in quarantaine: %1 in %Ln records</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ReconcileView</name>
        <message>
            <source>Double-click a partner to see its ledger</source>
            <translation>Dubbelklik op een partner voor zijn verantwoording</translation>
        </message>
        <message>
            <source>Double-click a record to see its raw values</source>
            <translation>Dubbelklik op een record voor de ingelezen waarden</translation>
        </message>
        <message>
            <source>Spend in quarantine (not in the stored lines)</source>
            <translation>Besteding in quarantaine (niet in de opgeslagen regels)</translation>
        </message>
        <message>
            <source>ties out on the stored lines; %1</source>
            <translation>sluit aan op de opgeslagen regels; %1</translation>
        </message>
        <message>
            <source>Not in it: spend in quarantine</source>
            <translation>Niet meegeteld: besteding in quarantaine</translation>
        </message>
    </context>
    <context>
        <name>LinesPane</name>
        <message>
            <source>Filter lines — budget, BSN, file, date…</source>
            <translation>Regels filteren — budget, BSN, bestand, datum…</translation>
        </message>
        <message>
            <source>Export lines…</source>
            <translation>Regels exporteren…</translation>
        </message>
        <message>
            <source>Write the lines shown to an Excel workbook</source>
            <translation>De getoonde regels naar een Excel-werkmap schrijven</translation>
        </message>
        <message>
            <source>Double-click a line (or press Enter) to see its source</source>
            <translation>Dubbelklik op een regel (of druk Enter) voor de bron</translation>
        </message>
        <message numerus="yes">
            <source>%n line(s)</source>
            <translation>
                <numerusform>%n regel</numerusform>
                <numerusform>%n regels</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%1 of %Ln line(s)</source>
            <translation>
                <numerusform>%1 van %Ln regel</numerusform>
                <numerusform>%1 van %Ln regels</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>RecordPane</name>
        <message>
            <source>Source record</source>
            <translation>Bronrecord</translation>
        </message>
        <message>
            <source>File</source>
            <translation>Bestand</translation>
        </message>
        <message>
            <source>Position</source>
            <translation>Plaats</translation>
        </message>
        <message>
            <source>Batch</source>
            <translation>Importrun</translation>
        </message>
        <message>
            <source>Mapping version</source>
            <translation>Koppelingsversie</translation>
        </message>
        <message>
            <source>Imported</source>
            <translation>Ingelezen</translation>
        </message>
        <message>
            <source>Outcome</source>
            <translation>Uitkomst</translation>
        </message>
        <message>
            <source>Values as read from the file</source>
            <translation>Waarden zoals ingelezen uit het bestand</translation>
        </message>
        <message>
            <source>Double-click a finding to open it</source>
            <translation>Dubbelklik op een signalering om haar te openen</translation>
        </message>
        <message>
            <source>Refused: %1</source>
            <translation>Geweigerd: %1</translation>
        </message>
        <message numerus="yes">
            <source>Open findings touching this line (%n)</source>
            <translation>
                <numerusform>Open signaleringen die deze regel raken (%n)</numerusform>
                <numerusform>Open signaleringen die deze regel raken (%n)</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>DrillView</name>
        <message>
            <source>Back (Alt+Left)</source>
            <translation>Terug (Alt+Links)</translation>
        </message>
        <message>
            <source>Forward (Alt+Right)</source>
            <translation>Vooruit (Alt+Rechts)</translation>
        </message>
    </context>
    <context>
        <name>ExportOptions</name>
        <message>
            <source>Export to Excel</source>
            <translation>Exporteren naar Excel</translation>
        </message>
        <message>
            <source>BSNs are masked in the workbook (only the last four digits). Tick the box to write them in full; that choice is recorded in the audit log.</source>
            <translation>BSN's worden in de werkmap gemaskeerd (alleen de laatste vier cijfers). Vink het vakje aan om ze volledig te schrijven; die keuze wordt in het auditlogboek vastgelegd.</translation>
        </message>
        <message>
            <source>Show BSNs in full</source>
            <translation>BSN's volledig tonen</translation>
        </message>
        <message>
            <source>Choose file…</source>
            <translation>Bestand kiezen…</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>&amp;Back</source>
            <translation>&amp;Terug</translation>
        </message>
        <message>
            <source>&amp;Forward</source>
            <translation>&amp;Vooruit</translation>
        </message>
    </context>
    <context>
        <name>Drilldown</name>
        <message>
            <source>Spend line</source>
            <translation>Bestedingsregel</translation>
        </message>
        <message>
            <source>BSN</source>
            <translation>BSN</translation>
        </message>
        <message>
            <source>Payer</source>
            <translation>Betaler</translation>
        </message>
        <message>
            <source>Provider</source>
            <translation>Aanbieder</translation>
        </message>
        <message>
            <source>Pay date</source>
            <translation>Betaaldatum</translation>
        </message>
        <message>
            <source>Period</source>
            <translation>Periode</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>Bedrag</translation>
        </message>
        <message>
            <source>Attribution</source>
            <translation>Toerekening</translation>
        </message>
        <message>
            <source>Partner</source>
            <translation>Partner</translation>
        </message>
        <message>
            <source>File</source>
            <translation>Bestand</translation>
        </message>
        <message>
            <source>Position</source>
            <translation>Plaats</translation>
        </message>
        <message>
            <source>Reasons</source>
            <translation>Redenen</translation>
        </message>
        <message>
            <source>Finding</source>
            <translation>Signalering</translation>
        </message>
        <message>
            <source>Rule</source>
            <translation>Regel</translation>
        </message>
        <message>
            <source>Explanation</source>
            <translation>Toelichting</translation>
        </message>
        <message>
            <source>(unreadable)</source>
            <translation>(onleesbaar)</translation>
        </message>
        <message>
            <source>Lines</source>
            <translation>Regels</translation>
        </message>
    </context>
    <context>
        <name>AccountingPage</name>
        <message>
            <source>Choose a partner and a period (by pay date): the ledger per budget with its breakdowns, the reconciliation over all partners and the settlement. Double-click a figure for the lines behind it; Alt+Left goes back.</source>
            <translation>Kies een partner en een periode (op betaaldatum): de verantwoording per budget met uitsplitsingen, de afstemming over alle partners en de verrekening. Dubbelklik op een bedrag voor de regels erachter; Alt+Links gaat terug.</translation>
        </message>
        <message>
            <source>The data changed since these figures were made: run them again before exporting.</source>
            <translation>De gegevens zijn gewijzigd sinds deze cijfers zijn gemaakt: maak ze opnieuw voordat u exporteert.</translation>
        </message>
        <message>
            <source>These figures are for %1; the partner or period has changed. Press %2 to bring them up to date before exporting.</source>
            <translation>Deze cijfers zijn voor %1; de partner of periode is gewijzigd. Druk op %2 om ze bij te werken voordat u exporteert.</translation>
        </message>
        <message>
            <source>Write the lines shown to an Excel workbook</source>
            <translation>De getoonde regels naar een Excel-werkmap schrijven</translation>
        </message>
        <message>
            <source>Run the figures again first: the partner, period or data changed</source>
            <translation>Maak de cijfers eerst opnieuw: de partner, periode of gegevens zijn gewijzigd</translation>
        </message>
        <message>
            <source>Ledger %1</source>
            <translation>Verantwoording %1</translation>
        </message>
        <message>
            <source>Budget</source>
            <translation>Budget</translation>
        </message>
        <message>
            <source>Regime</source>
            <translation>Regime</translation>
        </message>
        <message>
            <source>Instrument</source>
            <translation>Instrument</translation>
        </message>
        <message>
            <source>Provider</source>
            <translation>Aanbieder</translation>
        </message>
        <message>
            <source>Month</source>
            <translation>Maand</translation>
        </message>
        <message>
            <source>Client</source>
            <translation>Cliënt</translation>
        </message>
        <message numerus="yes">
            <source>%1: %2 in %Ln line(s)</source>
            <translation>
                <numerusform>%1: %2 in %Ln regel</numerusform>
                <numerusform>%1: %2 in %Ln regels</numerusform>
            </translation>
        </message>
        <message>
            <source>Finding %1</source>
            <translation>Signalering %1</translation>
        </message>
        <message>
            <source>workbook %1</source>
            <translation>werkmap %1</translation>
        </message>
        <message>
            <source>(BSNs masked)</source>
            <translation>(BSN's gemaskeerd)</translation>
        </message>
        <message>
            <source>(BSNs in full, audit-logged)</source>
            <translation>(BSN's volledig, vastgelegd in het auditlogboek)</translation>
        </message>
        <message>
            <source>filter: %1</source>
            <translation>filter: %1</translation>
        </message>
        <message>
            <source>lines %1</source>
            <translation>regels %1</translation>
        </message>
    </context>
    <!-- end: H3 -->
    <!-- H7 (issue 9): findings chart on Signaleringen -->
    <context>
        <name>FindingsPage</name>
        <message>
            <source>Selected finding</source>
            <translation>Gekozen signalering</translation>
        </message>
        <message>
            <source>Charts</source>
            <translation>Grafieken</translation>
        </message>
        <message>
            <source>The findings shown by rule and by age; double-click a bar</source>
            <translation>De getoonde signaleringen per regel en naar leeftijd; dubbelklik op een staaf</translation>
        </message>
        <message numerus="yes">
            <source>%n finding(s) shown, by rule and by age</source>
            <translation>
                <numerusform>%n getoonde signalering, per regel en naar leeftijd</numerusform>
                <numerusform>%n getoonde signaleringen, per regel en naar leeftijd</numerusform>
            </translation>
        </message>
    </context>
    <!-- end: H7 -->
    <!-- begin: H6 (retention period) -->
    <context>
        <name>RetentionBox</name>
        <message>
            <source>Privacy</source>
            <translation>Privacy</translation>
        </message>
        <message>
            <source>not set</source>
            <translation>niet ingesteld</translation>
        </message>
        <message>
            <source> years</source>
            <translation> jaar</translation>
        </message>
        <message>
            <source>Retention period:</source>
            <translation>Bewaartermijn:</translation>
        </message>
        <message>
            <source>Personal data of clients whose records all ended longer ago are removed by the retention command; amounts and the audit log stay. The period holds for everyone who uses this database.</source>
            <translation>Persoonsgegevens van cliënten van wie alle gegevens langer geleden eindigden, worden door de opdracht retention verwijderd; bedragen en het auditlog blijven. De termijn geldt voor iedereen die deze database gebruikt.</translation>
        </message>
        <message>
            <source>Retention period cleared.</source>
            <translation>Bewaartermijn gewist.</translation>
        </message>
        <message>
            <source>Retention period set to %1 years.</source>
            <translation>Bewaartermijn ingesteld op %1 jaar.</translation>
        </message>
    </context>
    <!-- end: H6 -->
    <!-- begin: H5 (users and roles) -->
    <context>
        <name>Permissions</name>
        <message>
            <source>Only a functional administrator can change mappings (you are %1).</source>
            <translation>Alleen een functioneel beheerder mag koppelingen wijzigen (u bent %1).</translation>
        </message>
    </context>
    <context>
        <name>UserDialog</name>
        <message>
            <source>Change user</source>
            <translation>Gebruiker wijzigen</translation>
        </message>
        <message>
            <source>Add user</source>
            <translation>Gebruiker toevoegen</translation>
        </message>
        <message>
            <source>The login name; on PostgreSQL the database login</source>
            <translation>De inlognaam; op PostgreSQL de databaselogin</translation>
        </message>
        <message>
            <source>Login:</source>
            <translation>Inlognaam:</translation>
        </message>
        <message>
            <source>Name:</source>
            <translation>Naam:</translation>
        </message>
        <message>
            <source>Role:</source>
            <translation>Rol:</translation>
        </message>
        <message>
            <source>Partner:</source>
            <translation>Ketenpartner:</translation>
        </message>
        <message>
            <source>Password of the new database login</source>
            <translation>Wachtwoord van de nieuwe databaselogin</translation>
        </message>
        <message>
            <source>Password:</source>
            <translation>Wachtwoord:</translation>
        </message>
    </context>
    <context>
        <name>UsersBox</name>
        <message>
            <source>back office</source>
            <translation>medewerker backoffice</translation>
        </message>
        <message>
            <source>controller</source>
            <translation>controller</translation>
        </message>
        <message>
            <source>functional administrator</source>
            <translation>functioneel beheerder</translation>
        </message>
        <message>
            <source>Users and roles</source>
            <translation>Gebruikers en rollen</translation>
        </message>
        <message>
            <source>Only a functional administrator changes mappings, reference data and users. A controller sees the ledgers of their own partner only.</source>
            <translation>Alleen een functioneel beheerder wijzigt koppelingen, referentiegegevens en gebruikers. Een controller ziet alleen de verantwoording van de eigen ketenpartner.</translation>
        </message>
        <message>
            <source>Login</source>
            <translation>Inlognaam</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Naam</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>Rol</translation>
        </message>
        <message>
            <source>Partner</source>
            <translation>Ketenpartner</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>Actief</translation>
        </message>
        <message>
            <source>Add user…</source>
            <translation>Gebruiker toevoegen…</translation>
        </message>
        <message>
            <source>Change…</source>
            <translation>Wijzigen…</translation>
        </message>
        <message>
            <source>Switch off</source>
            <translation>Uitschakelen</translation>
        </message>
        <message>
            <source>You (%1) have no role in this database.</source>
            <translation>U (%1) hebt geen rol in deze database.</translation>
        </message>
        <message>
            <source>You are %1: %2 of %3.</source>
            <translation>U bent %1: %2 van %3.</translation>
        </message>
        <message>
            <source>You are %1: %2.</source>
            <translation>U bent %1: %2.</translation>
        </message>
        <message>
            <source>No users are set up yet, so you have every role.</source>
            <translation>Er zijn nog geen gebruikers ingericht, dus u hebt alle rollen.</translation>
        </message>
        <message>
            <source>yes</source>
            <translation>ja</translation>
        </message>
        <message>
            <source>no</source>
            <translation>nee</translation>
        </message>
        <message>
            <source>User %1 added.</source>
            <translation>Gebruiker %1 toegevoegd.</translation>
        </message>
        <message>
            <source>User %1 changed.</source>
            <translation>Gebruiker %1 gewijzigd.</translation>
        </message>
        <message>
            <source>User %1 switched off.</source>
            <translation>Gebruiker %1 uitgeschakeld.</translation>
        </message>
        <message>
            <source>Not changed: %1</source>
            <translation>Niet gewijzigd: %1</translation>
        </message>
    </context>
    <!-- end: H5 (users and roles) -->
    <context>
        <name>SourceFields</name>
        <message>
            <source>new</source>
            <translation>nieuw</translation>
        </message>
        <message>
            <source>unchanged</source>
            <translation>ongewijzigd</translation>
        </message>
        <message>
            <source>replaced an earlier version</source>
            <translation>verving een eerdere versie</translation>
        </message>
        <message>
            <source>in quarantine</source>
            <translation>in quarantaine</translation>
        </message>
        <message>
            <source>run again later</source>
            <translation>later opnieuw verwerkt</translation>
        </message>
        <message>
            <source>(no source recorded)</source>
            <translation>(geen bron vastgelegd)</translation>
        </message>
        <message>
            <source>%1 by %2</source>
            <translation>%1 door %2</translation>
        </message>
    </context>
</TS>

"""Ketenbericht v1 batches (spec/ketenbericht.md), streamed message by message.

Plain buffered text writes: nothing but a small shuffle window is held in memory, so a
batch of any size can be written. Messages are mixed within the window, as partner systems
send them in no particular order. The namespace prefix (or a default namespace), the
encoding (UTF-8 with or without BOM, ISO-8859-1 with character references for what it
cannot encode) and a comment vary per file, so readers meet every legal form.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from ketenkoppeling.demo.cases import Benefit, Deployment, Outflow, Spend

NAMESPACE = "urn:nl:werk-en-inkomen:ketenbericht:v1"
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def _text(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return str(value).translate(_ESCAPES)


def amount_text(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def percentage_text(hundredths: int) -> str:
    whole, frac = divmod(hundredths, 100)
    return str(whole) if not frac else f"{whole}.{frac:02d}".rstrip("0")


class BatchWriter:
    """One Berichtenbatch file; ``close()`` finishes it and returns the message count."""

    def __init__(
        self,
        path: Path,
        *,
        batch_id: str,
        sender: str,
        created: str,
        prefix: str | None = "kb",
        encoding: str = "UTF-8",
        bom: bool = False,
        comment: str | None = None,
        seed: int = 1,
        window: int = 48,
    ) -> None:
        self.path = path
        self.batch_id = batch_id
        self.messages = 0
        self._p = f"{prefix}:" if prefix else ""
        self._rnd = random.Random(f"{seed}-{path.name}")
        self._window = window
        self._buffer: list[tuple[str, str]] = []
        codec = "utf-8-sig" if bom and encoding.upper() == "UTF-8" else encoding
        self._out = open(  # noqa: SIM115 - closed in close()
            path, "w", encoding=codec, errors="xmlcharrefreplace", newline="\n",
            buffering=1 << 20,
        )  # fmt: skip
        p = self._p
        xmlns = f"xmlns:{prefix}" if prefix else "xmlns"
        out = self._out
        out.write(f'<?xml version="1.0" encoding="{encoding}"?>\n')
        if comment:
            out.write(f"<!-- {comment} -->\n")
        out.write(f'<{p}Berichtenbatch {xmlns}="{NAMESPACE}" versie="1.0">\n')
        out.write(
            f"<{p}Stuurgegevens><{p}BatchId>{batch_id}</{p}BatchId>"
            f"<{p}Verzender>{sender}</{p}Verzender><{p}Ontvanger>KETEN</{p}Ontvanger>"
            f"<{p}Aanmaakmoment>{created}</{p}Aanmaakmoment></{p}Stuurgegevens>\n"
        )
        out.write(f"<{p}Berichten>\n")

    # -- messages ------------------------------------------------------------------------
    def deployment(self, dep: Deployment, *, first: bool = False) -> None:
        """An InzetInstrument; ``first`` writes the version first sent (before a correction)."""
        p, pe, raw = self._p, dep.person, dep.raw or {}
        end = dep.first_end if first else dep.end
        parts = [
            f"<{p}Referentie>{dep.reference}</{p}Referentie><{p}Klant>",
            f"<{p}BSN>{_text(raw.get('bsn', pe.bsn))}</{p}BSN>",
            f"<{p}Geboortedatum>{pe.birth.isoformat()}</{p}Geboortedatum>",
            f"<{p}Achternaam>{_text(pe.surname)}</{p}Achternaam>",
            f"<{p}Voorletters>{pe.initials}</{p}Voorletters>",
            f"<{p}Postcode>{pe.postcode}</{p}Postcode></{p}Klant>",
            f"<{p}Instrument>{_text(raw.get('instrument', dep.instrument))}</{p}Instrument>",
        ]
        if dep.provider:
            parts.append(f"<{p}Aanbieder>{dep.provider}</{p}Aanbieder>")
        parts.append(f"<{p}Startdatum>{_text(raw.get('start', dep.start))}</{p}Startdatum>")
        if "end" in raw:
            parts.append(f"<{p}Einddatum>{_text(raw['end'])}</{p}Einddatum>")
        elif end is not None:
            parts.append(f"<{p}Einddatum>{end.isoformat()}</{p}Einddatum>")
        if dep.werkcoach:
            parts.append(f"<{p}Werkcoach>{dep.werkcoach}</{p}Werkcoach>")
        self._add("InzetInstrument", "".join(parts))

    def benefit(self, b: Benefit) -> None:
        p = self._p
        body = (
            f"<{p}BSN>{b.bsn}</{p}BSN><{p}Regeling>{b.regime}</{p}Regeling>"
            f"<{p}Uitvoerder>{b.executor}</{p}Uitvoerder>"
            f"<{p}Ingangsdatum>{b.start.isoformat()}</{p}Ingangsdatum>"
        )
        if b.end is not None:
            body += f"<{p}Einddatum>{b.end.isoformat()}</{p}Einddatum>"
        self._add("Uitkeringsperiode", body)

    def spend(self, s: Spend) -> None:
        p, raw = self._p, s.raw or {}
        parts = [
            f"<{p}Factuurnummer>{s.invoice}</{p}Factuurnummer>",
            f"<{p}Referentie>{_text(s.reference)}</{p}Referentie>",
            f"<{p}BSN>{_text(raw.get('bsn', s.bsn))}</{p}BSN>",
        ]
        if s.provider:
            parts.append(f"<{p}Aanbieder>{s.provider}</{p}Aanbieder>")
        amount = raw.get("amount", amount_text(s.cents))
        parts.append(
            f"<{p}Betaler>{s.partner}</{p}Betaler>"
            f"<{p}Betaaldatum>{_text(raw.get('pay', s.pay))}</{p}Betaaldatum>"
            f"<{p}PeriodeVan>{_text(raw.get('pfrom', s.pfrom))}</{p}PeriodeVan>"
            f"<{p}PeriodeTot>{_text(raw.get('pto', s.pto))}</{p}PeriodeTot>"
            f"<{p}Bedrag>{_text(amount).replace(',', '.')}</{p}Bedrag>"
        )
        for i, (budget, hundredths) in enumerate(s.attributions):
            code = raw.get("budget", budget) if i == 0 else budget
            parts.append(
                f"<{p}Toerekening><{p}Budget>{_text(code)}</{p}Budget>"
                f"<{p}Percentage>{percentage_text(hundredths)}</{p}Percentage></{p}Toerekening>"
            )
        self._add("Besteding", "".join(parts))

    def outflow(self, o: Outflow) -> None:
        p = self._p
        self._add(
            "Uitstroom",
            f"<{p}BSN>{o.bsn}</{p}BSN><{p}Datum>{o.day.isoformat()}</{p}Datum>"
            f"<{p}Reden>{o.reason}</{p}Reden>",
        )

    # -- streaming -----------------------------------------------------------------------
    def _add(self, kind: str, body: str) -> None:
        buffer = self._buffer
        buffer.append((kind, body))
        if len(buffer) >= self._window:
            i = self._rnd.randrange(len(buffer))
            buffer[i], buffer[-1] = buffer[-1], buffer[i]
            self._emit(*buffer.pop())

    def _emit(self, kind: str, body: str) -> None:
        self.messages += 1
        p = self._p
        self._out.write(
            f'<{p}{kind} berichtId="{self.batch_id}-{self.messages:06d}">{body}</{p}{kind}>\n'
        )

    def close(self) -> int:
        self._rnd.shuffle(self._buffer)
        for kind, body in self._buffer:
            self._emit(kind, body)
        self._buffer.clear()
        p = self._p
        self._out.write(f"</{p}Berichten>\n</{p}Berichtenbatch>\n")
        self._out.close()
        return self.messages

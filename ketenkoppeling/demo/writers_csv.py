"""The CSV files of the region: providers' invoice files (layout 3: ';', Windows-1252,
decimal comma, dd-mm-jjjj) and the gemeenten's benefit periods (layout 4: ';', UTF-8)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TextIO

from ketenkoppeling.demo.cases import Benefit, Spend

INVOICE_HEADER = (
    "factuurnummer;factuurdatum;bsn;referentie;periode_van;periode_tot;bedrag;opdrachtgever;budget"
)
BENEFIT_HEADER = "bsn;regeling;uitvoerder;ingangsdatum;einddatum"


def _day(value: object) -> str:
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return "" if value is None else str(value)


def invoice_file_name(provider: str) -> str:
    return f"facturen-{provider.lower()}.csv"


class InvoiceFiles:
    """One invoice file per provider, opened when its first invoice arrives."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir
        self._files: dict[str, TextIO] = {}
        self.lines: dict[str, int] = {}
        self.quarantined: dict[str, int] = {}

    def invoice(self, s: Spend) -> None:
        assert s.provider, "a provider's invoice file needs a provider"
        name = invoice_file_name(s.provider)
        out = self._files.get(name)
        if out is None:
            out = open(  # noqa: SIM115 - closed in close()
                self.outdir / name, "w", encoding="cp1252", newline="", buffering=1 << 16
            )
            out.write(INVOICE_HEADER + "\r\n")
            self._files[name] = out
            self.lines[name] = 0
            self.quarantined[name] = 0
        raw = s.raw or {}
        amount = raw.get("amount")
        amount_text = str(amount) if amount is not None else f"{s.cents // 100},{s.cents % 100:02d}"
        out.write(
            ";".join(
                (
                    s.invoice,
                    _day(raw.get("pay", s.pay)),
                    str(raw.get("bsn", s.bsn)),
                    s.reference,
                    _day(raw.get("pfrom", s.pfrom)),
                    _day(raw.get("pto", s.pto)),
                    amount_text,
                    s.partner,
                    str(raw.get("budget", s.attributions[0][0])),
                )
            )
            + "\r\n"
        )
        self.lines[name] += 1
        if s.quarantine:
            self.quarantined[name] += 1

    def close(self) -> list[Path]:
        """Close all files; their paths in provider order."""
        for out in self._files.values():
            out.close()
        return [self.outdir / name for name in sorted(self._files)]


class BenefitFile:
    """Benefit periods of the partners that do not send Ketenberichten."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines = 0
        self._out = open(path, "w", encoding="utf-8", newline="", buffering=1 << 16)  # noqa: SIM115
        self._out.write(BENEFIT_HEADER + "\r\n")

    def benefit(self, b: Benefit) -> None:
        self._out.write(f"{b.bsn};{b.regime};{b.executor};{_day(b.start)};{_day(b.end)}\r\n")
        self.lines += 1

    def close(self) -> int:
        self._out.close()
        return self.lines

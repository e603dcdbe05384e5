"""B4 — budget not allowed for the regime or instrument (error).

An attributed budget's regimes contain none of the regimes the client had during the spend
line's service period (NUG on days without benefit), or the instrument of the deployment
(``<partner>/<reference>`` of the spend line) is not in the budget's non-empty instrument
list. One finding per spend line, naming every budget at fault.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy.orm import Session

from ketenkoppeling.checks.base import (
    Candidate,
    CheckSettings,
    content_hash,
    deployment_key,
    fmt_period,
    join_nl,
    spend_candidate,
)
from ketenkoppeling.checks.lines import LineContext, LineFacts, line_pass
from ketenkoppeling.checks.reference import BudgetInfo, Reference
from ketenkoppeling.checks.responsible import Stretch

RULE = "B4"


def find(session: Session, settings: CheckSettings) -> Iterator[Candidate]:
    yield from line_pass(session, [check_line])


def check_line(line: LineFacts, context: LineContext) -> Candidate | None:
    ref = context.ref
    budgets = list(dict.fromkeys(budget for budget, _bp in line.budgets(ref)))
    if not budgets:
        return None
    parts = line.stretches(ref)
    if not parts:
        return None
    regimes = list(dict.fromkeys(p.regime for p in parts))
    regime_set = set(regimes)
    faults: list[tuple[BudgetInfo, bool, bool]] = []
    for budget in budgets:
        wrong_regime = not budget.covers_any(regime_set)
        wrong_instrument = line.instrument is not None and not budget.allows_instrument(
            line.instrument
        )
        if wrong_regime or wrong_instrument:
            faults.append((budget, wrong_regime, wrong_instrument))
    if not faults:
        return None
    return _candidate(line, ref, parts, regimes, faults)


def _client_regimes(parts: list[Stretch], ref: Reference) -> str:
    seen: dict[str, str] = {}
    for p in parts:
        if p.period is None:
            seen.setdefault("NUG", "geen uitkering (NUG)")
        else:
            seen.setdefault(p.regime, f"{p.regime} ({p.executor})")
    return join_nl(list(seen.values()))


def alternatives(
    line: LineFacts, ref: Reference, regimes: set[str], year: int, limit: int = 3
) -> list[str]:
    """Budgets of ``year`` that cover a regime of the client and allow the instrument;
    those of the partners involved (registering, paying, executing) first."""
    involved = {line.partner, line.payer, *(p.executor for p in line.periods if p.executor)}
    fitting = [
        b
        for b in ref.budgets.values()
        if b.year == year
        and b.covers_any(regimes)
        and (line.instrument is None or b.allows_instrument(line.instrument))
    ]
    fitting.sort(key=lambda b: (b.owner not in involved, b.code))
    return [b.code for b in fitting[:limit]]


def _candidate(
    line: LineFacts,
    ref: Reference,
    parts: list[Stretch],
    regimes: list[str],
    faults: list[tuple[BudgetInfo, bool, bool]],
) -> Candidate:
    dep_key = deployment_key(line.partner, line.reference)
    sentences = []
    for budget, wrong_regime, wrong_instrument in faults:
        reasons = []
        if wrong_regime:
            reasons.append(
                f"het budget is bedoeld voor {join_nl(budget.regime_list) or 'geen regeling'}, "
                f"maar de klant had in de dienstperiode {_client_regimes(parts, ref)}"
            )
        if wrong_instrument:
            reasons.append(
                f"{ref.instrument_label(line.instrument)} (inzet {dep_key}) valt niet onder de "
                f"instrumenten van het budget ({', '.join(budget.instrument_list)})"
            )
        sentences.append(f"budget {budget.code} ({budget.label}): {' en '.join(reasons)}")
    message = (
        f"Besteding {line.key} (dienstperiode {fmt_period(line.period_from, line.period_to)}) "
        f"is toegerekend aan een budget dat daarvoor niet mag worden gebruikt: "
        f"{'; '.join(sentences)}."
    )
    year = faults[0][0].year
    options = alternatives(line, ref, set(regimes), year)
    if options:
        suggestion = (
            "Reken de besteding toe aan een budget dat past bij de regeling en het instrument, "
            f"bijvoorbeeld {join_nl(options, 'of')}."
        )
    else:
        suggestion = (
            f"Reken de besteding toe aan een budget voor {join_nl(regimes)}"
            + (f" dat {line.instrument} toestaat" if line.instrument else "")
            + ", of corrigeer de uitkeringsperiode of de inzet als die onjuist is."
        )
    return spend_candidate(
        RULE,
        "error",
        line.key,
        message=message,
        suggestion=suggestion,
        details={
            "client_regimes": regimes,
            "instrument": line.instrument,
            "deployment": dep_key if line.instrument is not None else None,
            "budgets": [
                {"budget": b.code, "regime": wrong_regime, "instrument": wrong_instrument}
                for b, wrong_regime, wrong_instrument in faults
            ],
            "alternatives": options,
        },
        content_hash=content_hash(
            [
                line.content_hash,
                line.deployment_hash or "",
                *(b.hash_parts for b, _r, _i in faults),
                *line.hash_parts(parts),
            ]
        ),
    )

"""The command-line contract of spec/cli.md.

Exit codes: 0 done; 2 wrong usage; 3 input refused; 1 anything unexpected.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ketenkoppeling.cli_output import ProgressBar, print_json
from ketenkoppeling.errors import report_unexpected

EXIT_OK, EXIT_UNEXPECTED, EXIT_USAGE, EXIT_REFUSED = 0, 1, 2, 3


class Refused(Exception):
    """Input refused as a whole (exit 3); the message is shown to the user."""


def _date(text: str) -> date:
    for parse in (date.fromisoformat, _dutch_date):
        try:
            return parse(text)
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"'{text}' is geen datum (jjjj-mm-dd of dd-mm-jjjj)")


def _dutch_date(text: str) -> date:
    day, month, year = (int(p) for p in text.split("-"))
    return date(year, month, day)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # exit 2 with a Dutch hint
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: fout: {message}\n")
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ketenkoppeling",
        description="Ketenkoppeling: registraties van de ketenpartners werk en inkomen koppelen, "
        "controleren en verantwoorden.",
    )
    parser.add_argument(
        "--db", dest="top_db", metavar="DB",
        help="SQLAlchemy-URL of pad naar een SQLite-bestand (zonder opdracht: het venster)",
    )  # fmt: skip
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    def command(name: str, help_text: str, *, json_flag: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--db", help="SQLAlchemy-URL of pad naar een SQLite-bestand")
        if json_flag:
            p.add_argument("--json", action="store_true", help="uitvoer als JSON")
        return p

    command("gui", "de desktoptoepassing openen", json_flag=False)
    p = command("reference", "referentiegegevens laden uit een werkmap (.xlsx)")
    p.add_argument("file", type=Path)
    p = command("import", "bestanden inlezen (Ketenberichten, Excel-exports, CSV)")
    p.add_argument("files", type=Path, nargs="+")
    p.add_argument("--mapping", help="naam van de koppeling (anders herkend aan de indeling)")
    p.add_argument(
        "--again", action="store_true",
        help="een bestand dat al is ingelezen toch opnieuw inlezen",
    )  # fmt: skip
    p = command("reprocess", "de records in quarantaine opnieuw verwerken (na een correctie)")
    p.add_argument("--batch", type=int, help="alleen de quarantaine van deze batch")
    p.add_argument("--reason", help="alleen de records met precies deze reden")
    p.add_argument("--dry-run", action="store_true", help="alleen laten zien wat er zou gebeuren")
    p = command("mapping", "koppelingen: versies tonen, exporteren naar en inlezen uit een bestand")
    p.add_argument("action", choices=["list", "versions", "export", "import"])
    p.add_argument("name", nargs="?", help="naam van de koppeling (versions, export)")
    p.add_argument("file", nargs="?", type=Path, help="bestand (export, import)")
    p.add_argument("--version", dest="mapping_version", help="welke versie (export)")
    p.add_argument("--comment", default="", help="toelichting bij de nieuwe versie (import)")
    p = command("withdraw", "een ten onrechte ingelezen batch intrekken")
    p.add_argument("--batch", type=int, required=True, help="de batch om in te trekken")
    p.add_argument("--dry-run", action="store_true", help="alleen laten zien wat er zou gebeuren")
    p = command("retention", "persoonsgegevens verwijderen van cliënten ouder dan de bewaartermijn")
    p.add_argument(
        "--older-than",
        type=int,
        metavar="JAREN",
        help="bewaartermijn in jaren: gegevens die langer geleden eindigden (anders de "
        "ingestelde bewaartermijn)",
    )
    p.add_argument(
        "--set-period",
        type=int,
        metavar="JAREN",
        help="de bewaartermijn instellen (in de database, voor iedereen; 0: geen) en stoppen",
    )
    p.add_argument("--dry-run", action="store_true", help="alleen laten zien wat er zou gebeuren")
    command("check", "de controles uitvoeren over alle opgeslagen gegevens")
    p = command("findings", "signaleringen tonen")
    p.add_argument(
        "--status", choices=["open", "resolved", "accepted", "all"], default="open",
        help="welke signaleringen (standaard: open)",
    )  # fmt: skip
    p = command("report", "de verantwoording van één ketenpartner over een periode")
    p.add_argument("--partner", required=True)
    p.add_argument("--from", dest="date_from", type=_date, required=True)
    p.add_argument("--to", dest="date_to", type=_date, required=True)
    p.add_argument("--xlsx", type=Path, help="ook als Excel-werkmap schrijven")
    p = command("reconcile", "afstemming over alle ketenpartners voor een periode")
    p.add_argument("--from", dest="date_from", type=_date, required=True)
    p.add_argument("--to", dest="date_to", type=_date, required=True)
    p = command("settle", "verrekening tussen ketenpartners voor een periode")
    p.add_argument("--from", dest="date_from", type=_date, required=True)
    p.add_argument("--to", dest="date_to", type=_date, required=True)
    p.add_argument("--xlsx", type=Path)
    p = command("allocate", "gedeelde kosten verdelen met een verdeelsleutel (TOML)")
    p.add_argument("key", type=Path)
    p.add_argument("--xlsx", type=Path)
    p = command("user", "gebruikers en rollen: tonen, toevoegen, wijzigen, uitschakelen")
    from ketenkoppeling.cli_users import add_arguments as user_arguments

    user_arguments(p)
    p = sub.add_parser("demo", help="een synthetische regio schrijven")
    p.add_argument("outdir", type=Path)
    p.add_argument("--clients", type=int, default=500)
    p.add_argument("--seed", type=int, default=1)
    for name in BSN_COMMANDS:  # privacy by default (spec/cli.md)
        sub.choices[name].add_argument(
            "--show-bsn", action="store_true",
            help="BSN's volledig tonen (anders *****1234); wordt vastgelegd in het auditlog",
        )  # fmt: skip
    return parser


#: The commands that can show a BSN: masked unless --show-bsn is given.
BSN_COMMANDS = ("check", "findings", "report", "reconcile", "settle")


def _shows_bsn(args: argparse.Namespace, db: Any) -> bool:
    """True when the user asked for full BSNs (--show-bsn); the request is audit-logged."""
    if not getattr(args, "show_bsn", False):
        return False
    from ketenkoppeling.privacy import record_bsn_reveal

    what = f"opdrachtregel: {args.command}" + (" --json" if getattr(args, "json", False) else "")
    if getattr(args, "xlsx", None) is not None:
        what += f", werkmap {args.xlsx}"
    record_bsn_reveal(db, what=what)
    return True


def _private(data: Any, shown: bool) -> Any:
    """Command-line JSON with its BSNs masked, unless ``shown``."""
    from ketenkoppeling.privacy import mask_json

    return data if shown else mask_json(data)


#: Commands a controller may not run (they work on every partner's data): who may.
_WORK = ("backoffice", "beheerder")
_COMMAND_ROLES = {"import": _WORK, "reprocess": _WORK, "withdraw": _WORK, "retention": _WORK,
                  "check": _WORK}  # fmt: skip


def _open(args: argparse.Namespace) -> Any:
    from ketenkoppeling.store import open_database

    db = open_database(getattr(args, "db", None))
    if args.command in _COMMAND_ROLES:  # users and roles (ketenkoppeling/access)
        from ketenkoppeling.access import Role, require

        roles = [Role(r) for r in _COMMAND_ROLES[args.command]]
        require(db, *roles, what=f"de opdracht '{args.command}' uitvoeren")
    return db


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command or "gui"
    if getattr(args, "db", None) is None:  # `ketenkoppeling --db FILE [opdracht]`
        args.db = args.top_db
    handler = _HANDLERS[command]
    try:
        return handler(args)
    except Refused as exc:
        sys.stderr.write(f"{exc}\n")
        return EXIT_REFUSED
    except BrokenPipeError:  # output piped into e.g. head: the reader is gone, not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep interpreter exit quiet
        return EXIT_OK
    except KeyboardInterrupt:
        sys.stderr.write("Afgebroken.\n")
        return EXIT_UNEXPECTED
    except Exception as exc:  # a Dutch message with a reference; the detail goes to the log
        from ketenkoppeling.access import AccessDenied, UserError

        if isinstance(exc, AccessDenied | UserError):  # a role that may not, a bad user change
            sys.stderr.write(f"{exc.message}\n")
            return EXIT_REFUSED
        sys.stderr.write(f"{report_unexpected(exc, command=command)}\n")
        return EXIT_UNEXPECTED


# --- commands --------------------------------------------------------------------------------


def cmd_gui(args: argparse.Namespace) -> int:
    from ketenkoppeling.ui.app import run_gui

    return run_gui(args.db)


def cmd_reference(args: argparse.Namespace) -> int:
    from ketenkoppeling.reference import ReferenceError, load_reference_workbook

    db = _open(args)
    try:
        result = load_reference_workbook(db, args.file)
    except ReferenceError as exc:
        raise Refused(str(exc)) from exc
    if args.json:
        print_json(result.to_json())
    else:
        print(result.describe())
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from ketenkoppeling.importing import ImportProgress, import_files

    db = _open(args)
    bar = ProgressBar(enabled=not args.json)

    def progress(p: ImportProgress) -> None:
        bar.update(p.file, p.done, p.total)

    try:
        results = import_files(
            db, list(args.files), mapping=args.mapping, again=args.again, progress=progress,
            waiting=_waiting(bar),
        )  # fmt: skip
    finally:
        bar.close()
    return _report_results(args, results)


def _waiting(bar: ProgressBar) -> Callable[[str], None]:
    """Tell on stderr for whom an import or a check waits ("controle loopt al bij …; wacht…")."""

    def tell(message: str) -> None:
        bar.close()
        sys.stderr.write(f"{message}\n")
        sys.stderr.flush()

    return tell


def _report_results(args: argparse.Namespace, results: list[Any]) -> int:
    if args.json:
        print_json([r.to_json() for r in results])
    else:
        for r in results:
            _print_import_result(r)
    return EXIT_REFUSED if any(r.status == "rejected" for r in results) else EXIT_OK


def cmd_reprocess(args: argparse.Namespace) -> int:
    from ketenkoppeling.importing import ImportProgress
    from ketenkoppeling.reprocessing import reprocess
    from ketenkoppeling.sources.base import SourceRefused

    db = _open(args)
    bar = ProgressBar(enabled=not args.json)

    def progress(p: ImportProgress) -> None:
        bar.update(p.file, p.done, p.total)

    try:
        results = reprocess(
            db, batch=args.batch, reason=args.reason, dry_run=args.dry_run, progress=progress
        )
    except SourceRefused as exc:
        raise Refused(exc.message) from exc
    finally:
        bar.close()
    if not results and not args.json:
        print("Er staan geen records in quarantaine" + (" met die reden." if args.reason else "."))
        return EXIT_OK
    if args.dry_run and not args.json:
        print("Proefrun: er is niets opgeslagen.")
    return _report_results(args, results)


def cmd_mapping(args: argparse.Namespace) -> int:
    from ketenkoppeling import mapping_store
    from ketenkoppeling.mapping.loader import MappingError

    db = _open(args)
    try:
        return _mapping_action(args, db, mapping_store)
    except MappingError as exc:
        raise Refused(str(exc)) from exc
    except mapping_store.MappingConflict as exc:
        raise Refused(exc.message) from exc


def _mapping_action(args: argparse.Namespace, db: Any, store: Any) -> int:
    if args.action == "list":
        found = store.available_mappings(db)
        rows = [{"name": m.name, "version": m.version, "title": m.title} for m in found.values()]
        text = "\n".join(f"{r['name']}  versie {r['version']}  {r['title']}" for r in rows)
        _emit(args, {"mappings": rows}, text)
        return EXIT_OK
    if not args.name:
        raise Refused(f"mapping {args.action}: geef de naam van de koppeling" + (
            " of het bestand" if args.action == "import" else ""))  # fmt: skip
    if args.action == "import":
        saved = store.import_mapping_file(db, Path(args.name), comment=args.comment)
        _emit(args, {"name": saved.name, "version": saved.version},
              f"{saved.name}: opgeslagen als versie {saved.version}")  # fmt: skip
        return EXIT_OK
    if args.action == "export":
        if args.file is None:
            raise Refused("mapping export: geef het bestand om naar te schrijven")
        written = store.export_mapping(db, args.name, args.file, args.mapping_version)
        _emit(args, {"file": str(written)}, f"geschreven: {written}")
        return EXIT_OK
    versions = store.list_versions(db, args.name)
    if not versions:
        raise Refused(f"koppeling '{args.name}' bestaat niet")
    rows = [
        {"version": v.version, "origin": v.origin, "author": v.author,
         "at": v.created_at.isoformat(timespec="seconds") if v.created_at else None,
         "comment": v.comment}
        for v in versions
    ]  # fmt: skip
    text = "\n".join(
        f"versie {r['version']}  {r['origin']}  {r['author'] or ''}  {r['at'] or ''}  "
        f"{r['comment']}".rstrip()
        for r in rows
    )
    _emit(args, {"name": args.name, "versions": rows}, text)
    return EXIT_OK


def _print_import_result(r: Any) -> None:
    if r.status == "rejected":
        print(f"{r.file}: geweigerd — {r.message}")
        return
    if r.status in ("already-imported", "cancelled"):
        label = "al ingelezen" if r.status == "already-imported" else "afgebroken"
        print(f"{r.file}: {label} — {r.message}")
        return
    done = (
        f"herverwerkt (batch {r.reprocessed_batch}) als batch {r.batch}"
        if r.reprocessed_batch is not None
        else f"ingelezen als batch {r.batch}"
    )
    if r.batch is None:
        done = f"zou herverwerkt worden (batch {r.reprocessed_batch})"
    print(
        f"{r.file}: {done} met koppeling {r.mapping} versie {r.mapping_version} — "
        f"{r.read} gelezen, {r.new} nieuw, {r.unchanged} ongewijzigd, {r.replaced} vervangen, "
        f"{r.quarantined} in quarantaine"
    )
    from ketenkoppeling.sources.base import dutch_position  # "line 812" → "regel 812"

    for error in r.errors[:20]:
        field, message = error["field"] or "", error["message"]
        named = f"{field}: " if field and field.lower() not in message.lower() else ""
        print(f"  {dutch_position(error['location'])}: {named}{message}")
    if len(r.errors) > 20:
        print(f"  … en nog {len(r.errors) - 20} meldingen")


def cmd_withdraw(args: argparse.Namespace) -> int:
    from ketenkoppeling.withdrawal import WithdrawRefused, withdraw_batch

    db = _open(args)
    return _change(args, lambda: withdraw_batch(db, args.batch, dry_run=args.dry_run),
                   WithdrawRefused)  # fmt: skip


def cmd_retention(args: argparse.Namespace) -> int:
    from ketenkoppeling.retention import RetentionRefused, apply_retention

    db = _open(args)
    if args.set_period is not None:  # a setting, stored and audited (functional administrator)
        from ketenkoppeling.retention import set_retention_period

        years = args.set_period or None
        try:
            set_retention_period(db, years)
        except RetentionRefused as exc:
            raise Refused(exc.message) from exc
        text = f"Bewaartermijn ingesteld op {years} jaar." if years else "Geen bewaartermijn."
        _emit(args, {"retention_period": years}, text)
        return EXIT_OK
    return _change(args, lambda: apply_retention(db, args.older_than, dry_run=args.dry_run),
                   RetentionRefused)  # fmt: skip


def _change(args: argparse.Namespace, run: Callable[[], Any], refused: type[Exception]) -> int:
    """A command that changes stored data, or with --dry-run only says what it would change:
    its result's Dutch description (or JSON); a refusal (with a Dutch .message) exits 3."""
    try:
        result = run()
    except refused as exc:
        raise Refused(getattr(exc, "message", str(exc))) from exc
    text = result.describe() + ("\nProefrun: er is niets gewijzigd." if args.dry_run else "")
    _emit(args, result.to_json(), text)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from ketenkoppeling.checks.review import finding_json
    from ketenkoppeling.checks.runner import run_checks

    db = _open(args)
    shown = _shows_bsn(args, db)
    bar = ProgressBar(enabled=not args.json)
    try:
        summary = run_checks(
            db, progress=lambda label, done, total: bar.update(label, done, total),
            waiting=_waiting(bar),
        )  # fmt: skip
    finally:
        bar.close()
    if args.json:
        print_json(_private({"findings": [finding_json(f) for f in summary.findings]}, shown))
    else:
        _print_check_summary(summary)
    return EXIT_OK


def _print_check_summary(summary: Any) -> None:
    print(
        f"Controle uitgevoerd: {len(summary.open_findings)} open signaleringen "
        f"({summary.opened} nieuw, {summary.reopened} heropend, {summary.closed} gesloten "
        f"omdat de oorzaak verdwenen is)."
    )
    for rule, count in sorted(summary.counts.items()):
        print(f"  {rule}: {count}")


def cmd_findings(args: argparse.Namespace) -> int:
    from ketenkoppeling.checks.review import finding_json, list_findings
    from ketenkoppeling.privacy import mask_bsns_in_text

    db = _open(args)
    shown = _shows_bsn(args, db)
    with db.session() as session:
        views = list_findings(session, args.status)
    if args.json:
        print_json(_private({"findings": [finding_json(f) for f in views]}, shown))
    else:
        if not views:
            print("Geen signaleringen.")
        text = (lambda t: t) if shown else mask_bsns_in_text
        for f in views:
            print(f"#{f.id} {f.rule} ({f.severity}, {f.status}): {text(f.message)}")
            if f.suggestion:
                print(f"    Voorstel: {text(f.suggestion)}")
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from ketenkoppeling.reports import ledger_with_reservations

    db = _open(args)
    from ketenkoppeling.access import require_partner

    require_partner(db, args.partner)  # a controller: their own partner's ledger only
    shown = _shows_bsn(args, db)
    data, text = ledger_with_reservations(
        db, args.partner, args.date_from, args.date_to, xlsx=args.xlsx, mask_bsn=not shown
    )
    _emit(args, _private(data, shown), text)
    return EXIT_OK


def cmd_reconcile(args: argparse.Namespace) -> int:
    from ketenkoppeling.accounting.service import reconcile_report

    db = _open(args)
    shown = _shows_bsn(args, db)
    data, text = reconcile_report(db, args.date_from, args.date_to, mask_bsn=not shown)
    _emit(args, _private(data, shown), text)
    return EXIT_OK


def cmd_settle(args: argparse.Namespace) -> int:
    from ketenkoppeling.accounting.service import settle_report

    db = _open(args)
    shown = _shows_bsn(args, db)
    data, text = settle_report(db, args.date_from, args.date_to, xlsx=args.xlsx, mask_bsn=not shown)
    _emit(args, _private(data, shown), text)
    return EXIT_OK


def cmd_allocate(args: argparse.Namespace) -> int:
    from ketenkoppeling.accounting.allocation import AllocationError
    from ketenkoppeling.accounting.service import allocate_report

    db = _open(args)
    try:
        data, text = allocate_report(db, args.key, xlsx=args.xlsx)
    except AllocationError as exc:
        raise Refused(str(exc)) from exc
    _emit(args, data, text)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from ketenkoppeling.demo.generator import write_region

    summary = write_region(args.outdir, clients=args.clients, seed=args.seed)
    print(f"Synthetische regio geschreven naar {args.outdir}:")
    for file in summary.files:
        print(f"  {Path(file).name}")
    return EXIT_OK


def cmd_user(args: argparse.Namespace) -> int:
    from ketenkoppeling.cli_users import run

    data, text = run(args, _open(args))
    _emit(args, data, text)
    return EXIT_OK


def _emit(args: argparse.Namespace, data: dict[str, Any], text: str) -> None:
    if args.json:
        print_json(data)
    else:
        print(text)


_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "gui": cmd_gui,
    "reference": cmd_reference,
    "import": cmd_import,
    "reprocess": cmd_reprocess,
    "mapping": cmd_mapping,
    "withdraw": cmd_withdraw,
    "retention": cmd_retention,
    "check": cmd_check,
    "findings": cmd_findings,
    "report": cmd_report,
    "reconcile": cmd_reconcile,
    "settle": cmd_settle,
    "allocate": cmd_allocate,
    "demo": cmd_demo,
    "user": cmd_user,
}


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

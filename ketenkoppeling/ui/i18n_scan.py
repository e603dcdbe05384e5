"""Finding every translatable string of the interface, and keeping the ``.ts`` file complete.

Recognised (as pyside6-lupdate does): ``self.tr("…")`` inside a class (context: that class),
``QCoreApplication.translate("Context", "…")`` (also through an alias named ``tr`` or
``translate``) and ``QT_TRANSLATE_NOOP("Context", "…")``. A third argument makes a plural
(``%n``) message. Sources must be literal strings: anything else is reported as a problem.

``python -m ketenkoppeling.ui.i18n_scan`` lists what the Dutch file lacks;
``--update`` adds those messages as unfinished entries to fill in by hand.
"""

from __future__ import annotations

import ast
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

UI_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    disambiguation: str
    numerus: bool
    location: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.context, self.source, self.disambiguation)


def _text(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _has_n(call: ast.Call, position: int) -> bool:
    return len(call.args) > position or any(k.arg == "n" for k in call.keywords)


class _Visitor(ast.NodeVisitor):
    def __init__(self, file: str) -> None:
        self.file = file
        self.classes: list[str] = []
        self.messages: list[Message] = []
        self.problems: list[str] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        where = f"{self.file}:{node.lineno}"
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "tr"
            and isinstance(func.value, ast.Name)
            and func.value.id == "self"
        ):
            self._self_tr(node, where)
        elif (isinstance(func, ast.Attribute) and func.attr == "translate") or (
            isinstance(func, ast.Name) and func.id in ("translate", "tr", "QT_TRANSLATE_NOOP")
        ):
            self._translate(node, where)
        self.generic_visit(node)

    def _self_tr(self, node: ast.Call, where: str) -> None:
        source = _text(node.args[0]) if node.args else None
        if source is None or not self.classes:
            self.problems.append(f"{where}: self.tr() needs a literal string inside a class")
            return
        disambiguation = _text(node.args[1]) if len(node.args) > 1 else ""
        self.messages.append(
            Message(self.classes[-1], source, disambiguation or "", _has_n(node, 2), where)
        )

    def _translate(self, node: ast.Call, where: str) -> None:
        if len(node.args) < 2:
            if isinstance(node.func, ast.Name) and node.func.id == "tr":
                self.problems.append(f"{where}: tr() alias of self.tr: call self.tr() itself")
            return  # e.g. a translator's own translate(...) override call
        context, source = _text(node.args[0]), _text(node.args[1])
        if context is None or source is None:
            self.problems.append(f"{where}: translate() needs literal context and source")
            return
        disambiguation = _text(node.args[2]) if len(node.args) > 2 else ""
        self.messages.append(Message(context, source, disambiguation or "", _has_n(node, 3), where))


def scan_file(path: Path, root: Path = UI_DIR) -> tuple[list[Message], list[str]]:
    visitor = _Visitor(str(path.relative_to(root.parent)))
    visitor.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
    return visitor.messages, visitor.problems


def scan(root: Path = UI_DIR) -> tuple[list[Message], list[str]]:
    """Every message in the ui package (first occurrence of each), and the problems."""
    found: dict[tuple[str, str, str], Message] = {}
    problems: list[str] = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "i18n_scan.py":
            continue
        messages, file_problems = scan_file(path, root)
        problems.extend(file_problems)
        for message in messages:
            found.setdefault(message.key, message)
    return list(found.values()), problems


def update_ts(ts: Path, messages: list[Message]) -> int:
    """Add the messages the file lacks as unfinished entries; returns how many."""
    tree = ET.parse(ts)
    root = tree.getroot()
    contexts = {c.findtext("name"): c for c in root.iter("context")}
    existing = {
        (c.findtext("name") or "", m.findtext("source") or "", m.findtext("comment") or "")
        for c in root.iter("context")
        for m in c.iter("message")
    }
    added = 0
    for message in messages:
        if message.key in existing:
            continue
        context = contexts.get(message.context)
        if context is None:
            context = ET.SubElement(root, "context")
            ET.SubElement(context, "name").text = message.context
            contexts[message.context] = context
        element = ET.SubElement(context, "message")
        if message.numerus:
            element.set("numerus", "yes")
        ET.SubElement(element, "source").text = message.source
        if message.disambiguation:
            ET.SubElement(element, "comment").text = message.disambiguation
        translation = ET.SubElement(element, "translation", type="unfinished")
        if message.numerus:
            ET.SubElement(translation, "numerusform")
            ET.SubElement(translation, "numerusform")
        added += 1
    ET.indent(tree, space="    ")
    with ts.open("wb") as handle:
        handle.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(handle, encoding="utf-8", xml_declaration=False)
        handle.write(b"\n")
    return added


def main(argv: list[str] | None = None) -> int:
    from ketenkoppeling.ui.translation import read_ts, ts_path

    args = sys.argv[1:] if argv is None else argv
    messages, problems = scan()
    for problem in problems:
        print(f"probleem: {problem}")
    ts = ts_path("nl")
    if "--update" in args:
        print(f"{update_ts(ts, messages)} berichten toegevoegd aan {ts}")
    done = {
        m.context + "\0" + m.source + "\0" + m.disambiguation for m in read_ts(ts) if m.finished
    }
    missing = [m for m in messages if "\0".join(m.key) not in done]
    for message in missing:
        print(f"ontbreekt: [{message.context}] {message.source!r} ({message.location})")
    return 1 if missing or problems else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The mapping editor: the tabs of the workbench around one MappingDocument, kept in step.

Every form edits the document; after each edit the XML text is regenerated (with the schema
problems listed), the other forms reload, and the preview runs again a moment later. An edit
of the XML text, once it is well-formed, becomes the document the forms show."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ketenkoppeling.mapping.document import MappingDocument, validate_text
from ketenkoppeling.mapping.fields import field_info
from ketenkoppeling.mapping.loader import MappingError
from ketenkoppeling.mapping.structure import relative_xpath
from ketenkoppeling.ui.formatting import arg
from ketenkoppeling.ui.widgets import Banner
from ketenkoppeling.ui.workbench.field_editor import FieldEditor, FieldKey
from ketenkoppeling.ui.workbench.file_form import FileForm
from ketenkoppeling.ui.workbench.labels import lookup_of
from ketenkoppeling.ui.workbench.preview_panel import PreviewPanel
from ketenkoppeling.ui.workbench.records_form import RecordsForm
from ketenkoppeling.ui.workbench.sample_view import SampleView
from ketenkoppeling.ui.workbench.settings_form import SettingsForm
from ketenkoppeling.ui.workbench.target_tree import TargetTree
from ketenkoppeling.ui.workbench.value_map import Codes
from ketenkoppeling.ui.workbench.versions import VersionsPanel
from ketenkoppeling.ui.workbench.xml_text import MappingTextView

FIELDS_TAB, FILE_TAB, SETTINGS_TAB, RECORDS_TAB, TEXT_TAB, VERSIONS_TAB = range(6)
SIGNATURE_COLUMNS = 6


def _scrolled(widget: QWidget, parent: QWidget) -> QScrollArea:
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area


def soap_inner_path(structure: Any, path: str) -> str:
    """Inside a SOAP envelope a record path starts at the document's own root: ``//Root/…``."""
    if not getattr(structure, "in_soap_envelope", False) or structure.root is None:
        return path
    inner = next((n for n in structure.root.walk() if n.name == structure.document_root), None)
    if inner is None or not path.startswith(inner.path):
        return path
    return "//" + inner.name + path[len(inner.path) :]


class MappingEditor(QWidget):
    """The workbench below the page's toolbar (see the module docstring)."""

    document_changed = Signal()
    problem = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: MappingDocument | None = None
        self.structure: Any = None
        self.codes: dict[str, Codes] = {}
        self.dirty = False
        self._text_broken = False
        self._xml_paths: dict[str, str] = {}  # relative path chosen -> absolute element path

        self.banner = Banner("", self)
        self.sample_view = SampleView(self)
        self.tree = TargetTree(self)
        self.field_editor = FieldEditor(self)
        self.file_form = FileForm(self)
        self.settings_form = SettingsForm(self)
        self.records_form = RecordsForm(self)
        self.text_view = MappingTextView(self)
        self.versions = VersionsPanel(self)
        self.preview = PreviewPanel(self)

        fields = QSplitter(Qt.Orientation.Horizontal, self)
        fields.addWidget(self.sample_view)
        fields.addWidget(self.tree)
        fields.addWidget(_scrolled(self.field_editor, self))
        fields.setChildrenCollapsible(False)
        fields.setStretchFactor(0, 3)
        fields.setStretchFactor(1, 3)
        fields.setStretchFactor(2, 3)
        fields.setSizes([290, 230, 350])
        self.fields_splitter = fields
        fields.installEventFilter(self)
        fields.splitterMoved.connect(lambda _pos, _index: self._fields_moved())
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(fields, self.tr("Fields"))
        self.tabs.addTab(_scrolled(self.file_form, self), self.tr("File and recognition"))
        self.tabs.addTab(_scrolled(self.settings_form, self), self.tr("Settings"))
        self.tabs.addTab(_scrolled(self.records_form, self), self.tr("Records and targets"))
        self.tabs.addTab(self.text_view, self.tr("XML text"))
        self.tabs.addTab(self.versions, self.tr("Versions"))

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([440, 190])
        self._user_sized = False  # the user moved a handle of the fields' panes
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)

        self.tree.field_selected.connect(self._field_selected)
        self.field_editor.edited.connect(self._field_edited)
        self.file_form.edited.connect(self._file_edited)
        self.file_form.take_from_sample.connect(self.take_from_sample)
        self.settings_form.edited.connect(self._setting_edited)
        self.settings_form.add_requested.connect(self._add_setting)
        self.settings_form.remove_requested.connect(self._remove_setting)
        self.records_form.changed.connect(lambda: self._changed(self.records_form))
        self.text_view.text_edited.connect(self._text_edited)
        self.sample_view.column_chosen.connect(self.choose_column)
        self.sample_view.element_chosen.connect(self.choose_element)
        self.sample_view.record_chosen.connect(self.use_record_element)
        self._set_enabled(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.fields_splitter
            and event.type() == QEvent.Type.Resize
            and not self._user_sized
        ):
            # until the user moves a handle: sample, model and field editor share the width
            width = self.fields_splitter.width()
            self.fields_splitter.setSizes([width * 26 // 100, width * 34 // 100, width * 40 // 100])
        return super().eventFilter(watched, event)

    def _fields_moved(self) -> None:
        self._user_sized = True

    # --- inputs ---------------------------------------------------------------------------

    def set_document(self, document: MappingDocument | None) -> None:
        """Show ``document`` (a mapping just opened, started or saved): nothing unsaved."""
        self.document = document
        self.dirty = False
        self._text_broken = False
        self._set_enabled(document is not None)
        if document is None:
            self.tree.refresh(None)
            self.field_editor.load(None, None, None)
            self.text_view.set_text("")
            self.text_view.set_errors([])
            return
        self.text_view.set_text(document.text())
        self.text_view.set_errors(document.validate())
        self._reload(origin=None)
        if self.tree.current_key() is None:
            self._select_first_field()

    def set_structure(self, structure: Any) -> None:
        self.structure = structure
        self._xml_paths = {}
        self.sample_view.set_structure(structure)
        self._update_choices()

    def set_codes(self, codes: dict[str, Codes]) -> None:
        self.codes = codes
        self.settings_form.set_codes("partner", codes.get("partner", []))
        key = self.tree.current_key()
        if key is not None:
            self._offer_codes(key)

    def _set_enabled(self, enabled: bool) -> None:
        for index in (FIELDS_TAB, FILE_TAB, SETTINGS_TAB, RECORDS_TAB, TEXT_TAB):
            widget = self.tabs.widget(index)
            if widget is not None and index != FIELDS_TAB:
                widget.setEnabled(enabled)
        self.tree.setEnabled(enabled)

    # --- keeping the views in step --------------------------------------------------------

    def _reload(self, origin: QWidget | None) -> None:
        document = self.document
        if document is None:
            return
        self.tree.refresh(document)
        if origin is not self.field_editor:
            key = self.tree.current_key()
            self._load_field(key)
        if origin is not self.file_form:
            self.file_form.load(document)
        if origin is not self.settings_form:
            self.settings_form.load(document)
        if origin is not self.records_form:
            self.records_form.load(document)
        self._update_choices()

    def _changed(self, origin: QWidget | None) -> None:
        """A form changed the document: regenerate the text, reload the other forms."""
        document = self.document
        if document is None:
            return
        self._text_broken = False
        self.text_view.set_text(document.text())
        self.text_view.set_errors(document.validate())
        self._reload(origin)
        self.dirty = True
        self.banner.show_text("")
        self.document_changed.emit()

    def _text_edited(self, text: str) -> None:
        try:
            document = MappingDocument.from_text(text)
        except MappingError as exc:
            self._text_broken = True
            self.text_view.set_errors([str(exc)])
            self.banner.show_text(
                self.tr("The XML text cannot be read; the form shows the last readable state."),
                warning=True,
            )
            return
        self._text_broken = False
        self.banner.show_text("")
        self.document = document
        self.text_view.set_errors(validate_text(text))
        self._reload(origin=self.text_view)
        self.dirty = True
        self.document_changed.emit()

    def current_text(self) -> str:
        """The text to save: the XML text view's (it is the document's when in step)."""
        self.text_view.flush()
        if self.document is None:
            return ""
        return self.document.text() if not self._text_broken else self.text_view.text()

    def mapping(self) -> Any:
        """The Mapping being edited (for the preview); raises MappingError when invalid."""
        if self.document is None:
            return None
        if self._text_broken:
            raise MappingError(self.tr("The XML text cannot be read."))
        problems = self.text_view.error_messages()
        try:
            return self.document.to_mapping()
        except MappingError:
            if not problems:
                raise
        more = len(problems) - 1
        text = problems[0] + (" " + arg(self.tr("(and %1 more)"), more) if more else "")
        raise MappingError(arg(self.tr("The mapping is not valid yet: %1"), text))

    # --- fields ---------------------------------------------------------------------------

    def select_field(
        self, entity: str, name: str, attribution: int | None = None, record: str | None = None
    ) -> bool:
        """Choose a target field as a user would in the tree."""
        return self.tree.select(FieldKey(entity, name, attribution, record))

    def _select_first_field(self) -> None:
        for entity, record in self.document.targets() if self.document is not None else []:
            for edit in self.document.fields(entity, record=record) if self.document else []:
                if self.select_field(entity, edit.name, edit.attribution_index, None):
                    return

    def _field_selected(self, key: FieldKey | None) -> None:
        self._load_field(key)

    def _load_field(self, key: FieldKey | None) -> None:
        document = self.document
        edit = None
        if key is not None and document is not None:
            try:
                edit = document.field(key.entity, key.name, key.attribution, record=key.record)
            except KeyError:
                edit = None
        self.field_editor.load(key, edit, field_info(key.entity, key.name) if key else None)
        if key is not None:
            self._offer_codes(key)

    def _offer_codes(self, key: FieldKey) -> None:
        lookup = lookup_of(key.entity, key.name) or ""
        self.field_editor.set_codes(lookup, self.codes.get(lookup, []))
        self.field_editor.set_suggestions(self._sample_values())

    def _sample_values(self) -> list[str]:
        structure = self.structure
        if structure is None:
            return []
        kind, source, _separator, _transforms = self.field_editor.state()
        if kind == "column" and isinstance(source, str):
            column = structure.column(source)
            return list(column.samples) if column is not None else []
        if kind == "xpath" and isinstance(source, str) and source in self._xml_paths:
            node = structure.node(self._xml_paths[source])
            return list(node.samples) if node is not None else []
        return []

    def _field_edited(self) -> None:
        key = self.field_editor.key
        document = self.document
        if key is None or document is None:
            return
        kind, source, separator, transforms = self.field_editor.state()
        try:
            if not kind:
                document.remove_field(key.entity, key.name, key.attribution, record=key.record)
            else:
                document.set_field(
                    key.entity, key.name, source_kind=kind, source=source,
                    transforms=transforms, separator=separator,
                    attribution=key.attribution, record=key.record,
                )  # fmt: skip
        except (KeyError, ValueError) as exc:
            self.banner.show_text(str(exc.args[0] if exc.args else exc), warning=True)
            return
        self._changed(self.field_editor)
        self.field_editor.set_suggestions(self._sample_values())

    def choose_column(self, name: str) -> None:
        if self.field_editor.key is None:
            self.banner.show_text(self.tr("Choose a field of the common model first."))
            return
        self.field_editor.choose("column", name)

    def choose_element(self, path: str) -> None:
        """An element picked in the sample's tree: its path from the record element."""
        if self.field_editor.key is None or self.document is None:
            self.banner.show_text(self.tr("Choose a field of the common model first."))
            return
        key = self.field_editor.key
        records = self.document.records()
        record = next((r for r in records if key.record is None or r.kind == key.record), None)
        xpath = relative_xpath(record.path, path) if record is not None and record.path else path
        self._xml_paths[xpath] = path
        self.field_editor.choose("xpath", xpath)

    def use_record_element(self, path: str) -> None:
        """Each occurrence of the element at ``path`` becomes a record."""
        document = self.document
        if document is None:
            return
        record_path = soap_inner_path(self.structure, path)
        kind = path.rsplit("/", 1)[-1].rpartition(":")[2] or None
        records = document.records()
        key = self.field_editor.key
        index = next(
            (i for i, r in enumerate(records) if key is not None and r.kind == key.record), 0
        )
        if records:
            document.set_record(index, kind=records[index].kind or kind, path=record_path)
        else:
            document.add_record(kind=kind, path=record_path)
        self._changed(None)

    # --- file, settings -------------------------------------------------------------------

    def _file_edited(self) -> None:
        if self.document is None:
            return
        try:
            self.file_form.apply(self.document)
        except ValueError as exc:
            self.banner.show_text(str(exc), warning=True)
            return
        self._changed(self.file_form)

    def take_from_sample(self) -> None:
        """Source and signature from the open sample."""
        structure, document = self.structure, self.document
        if structure is None or document is None:
            self.banner.show_text(self.tr("Open a sample file first."))
            return
        fmt = structure.format
        document.set_source(format=fmt)
        if fmt == "xml":
            namespaces = dict(document.namespaces)
            namespaces.update(structure.namespaces)
            document.namespaces = namespaces
            document.set_signature(root=structure.document_root)
        else:
            if fmt == "xlsx":
                document.set_source(sheet=structure.sheet, header_row=structure.header_row)
            else:
                document.set_source(
                    delimiter=structure.delimiter or ";", header_row=structure.header_row
                )
            named = [(i, c) for i, c in enumerate(structure.columns) if c.name]
            best = sorted(named, key=lambda ic: (-ic[1].filled, ic[0]))[:SIGNATURE_COLUMNS]
            columns = [c.name for _, c in sorted(best, key=lambda ic: ic[0])]
            document.set_signature(
                sheet=structure.sheet if fmt == "xlsx" else None, columns=columns
            )
        self._changed(None)

    def _setting_edited(self, name: str) -> None:
        if self.document is None:
            return
        try:
            self.document.set_setting(name, **self.settings_form.state())
        except ValueError as exc:
            self.banner.show_text(str(exc), warning=True)
            return
        self._changed(self.settings_form)

    def _add_setting(self, name: str) -> None:
        if self.document is None:
            return
        if self.document.setting(name) is None:
            self.document.set_setting(name, source_kind="value", source="")
        self._changed(None)
        self.settings_form.select(name)

    def _remove_setting(self, name: str) -> None:
        if self.document is not None and self.document.remove_setting(name):
            self._changed(None)

    def _update_choices(self) -> None:
        columns: list[str] = []
        if self.structure is not None:
            columns = [c.name for c in self.structure.columns if c.name]
        settings: list[str] = []
        if self.document is not None:
            settings = [s.name for s in self.document.settings()]
            for name in self.document.signature().columns:
                if name not in columns:
                    columns.append(name)
        self.field_editor.set_choices(columns, settings)

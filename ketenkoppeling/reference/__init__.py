"""Reference data: partners, regimes, instruments, budgets and providers.

Read from and written to the reference workbook of spec/reference-data.md, stored with
history. Engine code: no Qt here.
"""

from ketenkoppeling.reference.export import export_reference_workbook, write_reference_workbook
from ketenkoppeling.reference.load import (
    KindChanges,
    ReferenceResult,
    load_reference_workbook,
    store_reference,
    stored_reference,
)
from ketenkoppeling.reference.workbook import (
    Problem,
    ReferenceData,
    ReferenceError,
    read_reference_workbook,
)

__all__ = [
    "KindChanges",
    "Problem",
    "ReferenceData",
    "ReferenceError",
    "ReferenceResult",
    "export_reference_workbook",
    "load_reference_workbook",
    "read_reference_workbook",
    "store_reference",
    "stored_reference",
    "write_reference_workbook",
]

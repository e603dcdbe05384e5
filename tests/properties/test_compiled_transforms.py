"""The compiled transforms (mapping/compiled.py) behave exactly as apply_transform: the same
value, the same error message and value/lookup, the same notes, for any input."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ketenkoppeling.mapping.compiled import compile_transform
from ketenkoppeling.mapping.reference import ReferenceSet
from ketenkoppeling.mapping.spec import Transform
from ketenkoppeling.mapping.transforms import FieldError, TransformContext, apply_transform

REF = ReferenceSet(
    partners={"UWV": "UWV", "GEM-0392": "Haarlem"},
    instruments={"SCH": "Scholing", "WF": "Werkfit"},
    regimes={"WW": "WW"},
    budgets={"UWV-RIB-WW-2008"},
    providers={"RIB-0001"},
)

texts = st.one_of(
    st.none(),
    st.text(max_size=24),
    st.sampled_from(
        ["", "  ", "Scholing", "scholing ", "SCH", "werkfit", "12-03-2008", "2008-03-12",
         "00000000", "20080300", "1.234,56", "1,234.56", "-12.5", "123456782", " 12345678 "]
    ),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
)  # fmt: skip

transforms = st.one_of(
    st.just(Transform("trim")),
    st.just(Transform("bsn")),
    st.just(Transform("upper")),
    st.builds(
        lambda formats, unknown: Transform(
            "date", {"formats": formats, **({"unknown-parts": "first"} if unknown else {})}
        ),
        st.sampled_from(["d-m-yyyy yyyy-mm-dd", "yyyymmdd", "dd/mm/yyyy d-m-yyyy"]),
        st.booleans(),
    ),
    st.builds(
        lambda mode: Transform("amount", {"decimal": mode}),
        st.sampled_from(["auto", "comma", "point"]),
    ),
    st.builds(
        lambda entries, ignore, otherwise: Transform(
            "map", {"ignore-case": ignore, "otherwise": otherwise}, tuple(entries)
        ),
        st.lists(
            st.tuples(
                st.sampled_from(["Scholing", "scholing", "SCHOLING", "Werkfit", "x", "12"]),
                st.sampled_from(["SCH", "WF", "", "X"]),
            ),
            max_size=5,
        ),
        st.sampled_from(["true", "false", "1"]),
        st.sampled_from(["keep", "error", "instrument", "partner", "regime"]),
    ),
)


def _outcome(run: Any) -> tuple[Any, ...]:
    ctx = TransformContext(REF)
    try:
        value = run(ctx)
    except FieldError as exc:
        return ("error", str(exc), exc.value, exc.lookup, ctx.notes)
    except Exception as exc:
        return ("exception", type(exc).__name__, str(exc), ctx.notes)
    return ("value", type(value).__name__, value, ctx.notes)


@given(transforms, texts)
def test_compiled_transform_equals_apply_transform(transform: Transform, value: Any) -> None:
    compiled = compile_transform(transform)
    expected = _outcome(lambda ctx: apply_transform(transform, value, ctx))
    assert _outcome(lambda ctx: compiled(value, ctx)) == expected

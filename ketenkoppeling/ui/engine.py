"""Access to the engine services the GUI calls, guarded: a service whose module is not there
(yet) makes its place say so in Dutch instead of breaking the application."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

_FAILURES: dict[str, str] = {}

REFERENCE = "ketenkoppeling.reference"
IMPORTING = "ketenkoppeling.importing"
CHECKS_RUNNER = "ketenkoppeling.checks.runner"
CHECKS_REVIEW = "ketenkoppeling.checks.review"
LEDGER = "ketenkoppeling.accounting.ledger"
RECONCILE = "ketenkoppeling.accounting.reconcile"
SETTLE = "ketenkoppeling.accounting.settle"
ALLOCATION = "ketenkoppeling.accounting.allocation"
WORKBOOK = "ketenkoppeling.accounting.workbook"


def module(name: str) -> ModuleType | None:
    """The engine module ``name``, or None when it cannot be imported (reason kept)."""
    try:
        found = importlib.import_module(name)
    except Exception as exc:  # missing, or broken: the place shows why
        _FAILURES[name] = f"{type(exc).__name__}: {exc}"
        return None
    _FAILURES.pop(name, None)
    return found


def function(module_name: str, *names: str) -> Any | None:
    """The first of ``names`` that the module defines, or None."""
    found = module(module_name)
    if found is None:
        return None
    for name in names:
        value = getattr(found, name, None)
        if callable(value):
            return value
    _FAILURES[module_name] = f"{module_name} heeft geen {' of '.join(names)}"
    return None


def available(module_name: str, *names: str) -> bool:
    return (function(module_name, *names) if names else module(module_name)) is not None


def failure(module_name: str) -> str:
    """Why the module is not available ('' when it is)."""
    return _FAILURES.get(module_name, "")


def error_message(exc: BaseException) -> str:
    """The Dutch message an engine exception carries (its first argument)."""
    message = getattr(exc, "message", None)
    if isinstance(message, str) and message:
        return message
    text = str(exc)
    return text or type(exc).__name__


def call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Call an engine function with the keyword arguments it accepts (an optional one such
    as ``cancel=`` that a service does not offer yet is left out)."""
    import inspect

    try:
        parameters = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return fn(*args, **kwargs)
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()):
        return fn(*args, **kwargs)
    accepted = {k: v for k, v in kwargs.items() if k in parameters}
    return fn(*args, **accepted)

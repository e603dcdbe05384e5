"""Ketenkoppeling: koppelt de registraties van de ketenpartners werk en inkomen."""

__version__ = "0.1.0"

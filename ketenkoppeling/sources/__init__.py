"""Readers that turn a file into raw records with their position."""

from ketenkoppeling.sources.base import Location, ProgressCallback, RawRecord, SourceRefused

__all__ = ["Location", "ProgressCallback", "RawRecord", "SourceRefused"]

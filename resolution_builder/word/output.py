"""A finished file the builder hands back: its name, its bytes and its media type."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Document", "DOCX_MEDIA_TYPE"]

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Document:
    filename: str
    content: bytes
    media_type: str = DOCX_MEDIA_TYPE

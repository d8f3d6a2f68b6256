"""The protections report in words, for the command line and the app (strings in ``ui_locale_compare.yaml``)."""

from __future__ import annotations

from ..library.loader import DATA_DIR
from ..localized_files import load_localized
from ..composition.local_text import is_local
from .report import Change, Report, Weakening

__all__ = ["compare_words", "where", "warning_text", "change_text", "report_lines", "LOCALE_FILE"]

LOCALE_FILE = DATA_DIR / "ui_locale_compare.yaml"
SHORT = 160  # characters of a whole paragraph shown in a one-line summary


def compare_words(language: str) -> dict[str, str]:
    return load_localized(LOCALE_FILE)[language]


def _short(text: str) -> str:
    return text if len(text) <= SHORT else text[:SHORT - 1].rstrip() + "…"


def where(part: str, number: str, language: str, words: dict[str, str], bilingual: bool) -> str:
    place = words[f"part_{part}"].format(number=number) if part else words["part_none"]
    return words["in_language"].format(where=place, language=words[f"language_{language}"]) if bilingual else place


def warning_text(warning: Weakening, words: dict[str, str], bilingual: bool = False) -> str:
    # the District's own paragraph is not a provision of the library: its removal is said in its own words
    own = "_own" if warning.rule == "provision_removed" and is_local(warning.provision) else ""
    return words[f"warning_{warning.rule}{own}"].format(
        title=warning.title, where=where(warning.part, warning.number, warning.language, words, bilingual),
        before=warning.before, after=warning.after, terms=warning.before or words["no_key_words"])


def change_text(change: Change, words: dict[str, str], bilingual: bool = False) -> str:
    quoted = lambda pieces: "; ".join(f"\"{p.strip()}\"" for p in pieces if p.strip()) or words["nothing"]  # noqa: E731
    return words[f"change_{change.op}"].format(
        where=where(change.part, change.number, change.language, words, bilingual),
        deleted=quoted(change.deleted), inserted=quoted(change.inserted),
        before=_short(change.before), after=_short(change.after))


def report_lines(report: Report, words: dict[str, str]) -> list[str]:
    """Weakened protections first, then every provision with its status and changes, then the rest."""
    bilingual = report.bilingual
    lines = [words["no_changes"], ""] if not report.changed_paragraphs else []
    lines += [words["warnings_title"].format(count=len(report.warnings))]
    lines += [f"  ! {warning_text(w, words, bilingual)}" for w in report.warnings] or [f"  {words['no_warnings']}"]
    counts = {status: sum(p.status == status for p in report.provisions) for status in ("kept", "changed", "removed")}
    lines += ["", words["provisions_title"].format(**counts)]
    order = {"removed": 0, "changed": 1, "kept": 2}
    for provision in sorted(report.provisions, key=lambda p: order[p.status]):
        lines.append(f"  {words['status_' + provision.status]:<12} {provision.title} [{provision.id}]")
        if provision.status == "changed":
            lines += [f"      {change_text(c, words, bilingual)}" for c in provision.changes]
    if report.other_changes:
        lines += ["", words["other_title"].format(count=len(report.other_changes))]
        lines += [f"  {change_text(c, words, bilingual)}" for c in report.other_changes]
    return lines

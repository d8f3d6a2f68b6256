"""The ``safe-zone batch`` command: districts from a CSV or XLSX file, one folder of drafts each, and a report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..exceptions import SafeZoneError

__all__ = ["add_batch_command"]

EXIT_OK, EXIT_FAILURE, EXIT_INVALID = 0, 1, 2


def add_batch_command(sub: Any, formats: Any) -> None:
    """Register ``batch`` with the CLI's subcommands (``formats`` parses --format as ``build`` does)."""
    batch = sub.add_parser(
        "batch", help="build drafts for many districts from a CSV or XLSX file",
        description="One row per district, columns named after the answers' fields (district.name, district.state, "
                    "board.name, adoption.meeting_date, language, provisions, provisions.<id>.<option>, ...); a blank "
                    "cell takes the value from --defaults. Writes DIR/<district>/ for each district and "
                    "DIR/batch-report.csv; exit status 2 if any row failed.")
    batch.add_argument("file", help="the districts, one per row (.csv in UTF-8, or .xlsx)")
    batch.add_argument("-o", "--output", required=True, metavar="DIR", help="folder for the districts' folders")
    batch.add_argument("--defaults", metavar="ANSWERS", help="an answers file with the choices the rows share")
    batch.add_argument("--jobs", type=_positive, default=None, metavar="N",
                       help="districts built at once (default: one per core)")
    batch.add_argument("--quiet", action="store_true", help="no progress bar or per-row messages")
    batch.add_argument("--no-draft-mark", action="store_true", help="leave out the DRAFT header")
    batch.add_argument("--bilingual", action="store_true", help="every district in English and Spanish side by side")
    batch.add_argument("--annotated", action="store_true", help="Word comments and a legal references appendix")
    batch.add_argument("--format", type=formats, default=["docx"], metavar="FORMATS",
                       help="docx (default), pdf, or docx,pdf; PDF needs LibreOffice")
    batch.set_defaults(run=_run)


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"a whole number of at least 1 (not {value!r})")
    return int(value)


def _defaults(name: str | None) -> dict[str, Any] | None:
    from ..answers.reading import AnswersFileError, read_answers_path  # the one bounded reader of answers files

    if name is None:
        return None
    try:
        data = read_answers_path(name)
    except AnswersFileError as exc:
        raise _Invalid(exc.problems) from None
    if not isinstance(data, dict):
        raise _Invalid([f"{name}: must be an answers file (field: value lines)"])
    return data


class _Invalid(SafeZoneError):
    def __init__(self, problems: list[str]):
        self.problems = problems


def _run(args: argparse.Namespace) -> int:
    try:
        return _batch(args)
    except _Invalid as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID


def _batch(args: argparse.Namespace) -> int:
    from ..library import load_library
    from .report import REPORT_NAME, report_csv
    from .rows import BatchInputError, read_rows, table_from_bytes
    from .run import BatchOptions, build_rows, unique_folder

    if "pdf" in args.format:
        from ..word.pdf import INSTALL_HINT, soffice_path

        if soffice_path() is None:
            print(INSTALL_HINT, file=sys.stderr)
            return EXIT_FAILURE
    defaults = _defaults(args.defaults)
    try:
        content = Path(args.file).read_bytes()
    except OSError as exc:
        raise _Invalid([f"{args.file}: cannot be read: {exc.strerror or exc}"]) from None
    try:
        rows = read_rows(table_from_bytes(content, args.file), load_library(), defaults)
    except BatchInputError as exc:
        raise _Invalid([f"{args.file}: {problem}" for problem in exc.problems]) from None
    if not rows:
        raise _Invalid([f"{args.file}: has no districts below its header row"])

    options = BatchOptions(formats=tuple(args.format), bilingual=args.bilingual, annotated=args.annotated,
                           no_draft_mark=args.no_draft_mark)
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    progress = _progress(len(rows), args.quiet)
    say = (lambda line: progress.write(line, file=sys.stderr)) if progress else (lambda line: None if args.quiet else print(line, file=sys.stderr))
    results, used = [], set()
    built = build_rows(rows, options, args.jobs)
    if "pdf" in options.formats:
        from .pdfs import with_pdfs

        built = with_pdfs(built, args.jobs, keep_docx="docx" in options.formats)
    try:
        for result in built:
            if result.ok:
                folder = out / unique_folder(result.slug, used)
                folder.mkdir(exist_ok=True)
                for document in result.documents.values():
                    (folder / document.filename).write_bytes(document.content)
                result.documents = {}  # written: keep memory flat over a thousand districts
            else:
                say(f"row {result.number} ({result.district or 'no name'}): " + "; ".join(result.problems))
            results.append(result)
            if progress:
                progress.update()
    finally:
        if progress:
            progress.close()
        (out / REPORT_NAME).write_text(report_csv(results), encoding="utf-8")
    failed = sum(not result.ok for result in results)
    if not args.quiet:
        print(f"{len(results) - failed} of {len(results)} districts built in {out}"
              + (f"; {failed} failed, listed in {out / REPORT_NAME}" if failed else ""), file=sys.stderr)
    return EXIT_INVALID if failed else EXIT_OK


def _progress(total: int, quiet: bool):
    """A progress bar on a terminal; none when quiet or when the output goes to a file or another program."""
    if quiet or not (sys.stderr.isatty() and sys.stdout.isatty()):
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="district", file=sys.stderr)

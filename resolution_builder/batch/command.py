"""The ``safe-zone batch`` command: districts from a CSV or XLSX file, one folder of drafts each, and a report."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path
from typing import Any

from ..exceptions import SafeZoneError

__all__ = ["add_batch_command"]

EXIT_OK, EXIT_FAILURE, EXIT_INVALID = 0, 1, 2
MAX_ROWS = 5_000  # as batch.sheet.MAX_ROWS (not imported here: registering the command must stay cheap)
_STOP_SIGNALS = {signal.SIGINT: "Ctrl-C", signal.SIGTERM: "terminated", signal.SIGHUP: "hung up"}


def add_batch_command(sub: Any, formats: Any) -> None:
    """Register ``batch`` with the CLI's subcommands (``formats`` parses --format as ``build`` does)."""
    batch = sub.add_parser(
        "batch", help="build drafts for many districts from a CSV or XLSX file",
        description="One row per district, columns named after the answers' fields (district.name, district.state, "
                    "board.name, adoption.meeting_date, language, provisions, provisions.<id>.<option>, local.facts.<fact>, "
                    "local.recitals, local.clauses, ... with | between a list's items); a blank "
                    "cell takes the value from --defaults, except a district's own name, state, city, board name, "
                    "officers' names and numbers, figures (local.facts) and earlier resolutions (local.reaffirms). "
                    "Writes DIR/<district>/ for each district and "
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
    batch.add_argument("--packet", action="store_true", help="also each district's board packet (as build --packet)")
    batch.add_argument("--format", type=formats, default=["docx"], metavar="FORMATS",
                       help="docx (default), pdf, or docx,pdf; PDF needs LibreOffice")
    batch.add_argument("--force", action="store_true",
                       help="write into district folders (and replace a report) already in DIR")
    batch.add_argument("--max-rows", type=_positive, default=MAX_ROWS, metavar="N",
                       help=f"read at most N districts (default {MAX_ROWS:,}); larger files are refused unread")
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


class _Stopped(BaseException):
    """Ctrl-C, SIGTERM or SIGHUP, raised where the run is, so that it stops with everything cleaned up."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: Any) -> None:
    raise _Stopped(signum)


def _run(args: argparse.Namespace) -> int:
    handled = [sig for sig in _STOP_SIGNALS if signal.getsignal(sig) is not signal.SIG_IGN]  # nohup stays nohup
    previous = {sig: signal.signal(sig, _stop) for sig in handled}
    try:
        return _batch(args)
    except _Invalid as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    except _Stopped as exc:  # before anything was written
        print(f"stopped ({_STOP_SIGNALS[exc.signum]}); nothing was written", file=sys.stderr)
        return 128 + exc.signum
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _shown(text: str) -> str:
    from .report import printable  # a name from the spreadsheet: control characters escaped, not obeyed

    return printable(text)


def _batch(args: argparse.Namespace) -> int:
    from ..messages import capped
    from ..library import load_library
    from .rows import BatchInputError, own_fields_in, read_rows
    from .run import BatchOptions, RowResult, checked_row, unique_folder
    from .sheet import SheetTooLarge, batch_message, read_table_path

    if "pdf" in args.format:
        from ..word.pdf import INSTALL_HINT, soffice_path

        if soffice_path() is None:
            print(INSTALL_HINT, file=sys.stderr)
            return EXIT_FAILURE
    defaults = _defaults(args.defaults)
    try:  # the one bounded reader of spreadsheets: refused here, before any work, when over its bounds
        rows = read_rows(read_table_path(args.file, args.max_rows), load_library(), defaults)
    except SheetTooLarge as exc:
        raise _Invalid([f"{args.file}: {problem}" for problem in exc.problems]
                       + [f"{args.file}: {batch_message('raise_limit')}"]) from None
    except BatchInputError as exc:
        raise _Invalid([f"{args.file}: {problem}" for problem in exc.problems]) from None
    if not rows:
        raise _Invalid([f"{args.file}: {batch_message('no_rows')}"])
    own = own_fields_in(defaults)
    if own:
        print(f"warning: {batch_message('defaults_own', source=args.defaults, fields=', '.join(own))}",
              file=sys.stderr)

    options = BatchOptions(formats=tuple(args.format), bilingual=args.bilingual, annotated=args.annotated,
                           no_draft_mark=args.no_draft_mark, packet=args.packet)
    # Every row is checked first (quick, nothing built): its problems all at once, and its district's folder.
    results: list[RowResult] = []
    ready, folders, used = [], {}, set()
    for row in rows:
        problems, slug = checked_row(row, options)
        if problems:
            results.append(RowResult(row.number, row.name, problems=problems))
        else:
            ready.append(row)
            folders[row.number] = unique_folder(slug, used)
    out = Path(args.output)
    if os.path.lexists(out) and not out.is_dir():
        raise _Invalid([f"{out}: is not a folder; -o names the folder that receives the districts' folders"])
    from .report import REPORT_NAME

    taken = [out / name for name in [*folders.values(), REPORT_NAME] if os.path.lexists(out / name)]
    if taken and not args.force:
        raise _Invalid(capped([f"{path}: already exists; choose another folder with -o, or add --force to write "
                               f"into it" for path in taken]))
    for result in results:
        if not args.quiet:
            print(f"row {result.number} ({_shown(result.district) or 'no name'}): " + "; ".join(result.problems),
                  file=sys.stderr)
    return _write(args, options, out, rows, ready, folders, results)


def _write(args: argparse.Namespace, options: Any, out: Path, rows: list, ready: list, folders: dict[int, str],
           results: list) -> int:
    from ..build import Document
    from ..output_files import OutputExists, write_documents
    from .report import NO_PDF, REPORT_NAME, report_csv
    from .run import build_rows

    progress = _progress(len(rows), args.quiet)
    if progress:
        progress.update(len(results))

    def say(line: str) -> None:
        if args.quiet:
            return
        (progress.write if progress else print)(line, file=sys.stderr)

    out.mkdir(parents=True, exist_ok=True)
    built = build_rows(ready, options, args.jobs)
    if "pdf" in options.formats:
        from .pdfs import with_pdfs

        built = with_pdfs(built, args.jobs, keep_docx="docx" in options.formats)
    finished: list = []
    # the district being written: folder, made now, its files, its result (counted in finished once it is whole)
    writing: tuple[Path, bool, list[Path], Any] | None = None
    stopped: _Stopped | KeyboardInterrupt | None = None
    try:
        for result in built:
            counted = False
            if result.ok:
                folder = out / folders[result.number]
                if folder.is_symlink():  # --force: a symlink is replaced by a folder, never written through
                    folder.unlink()
                made = not os.path.lexists(folder)
                writing = (folder, made, [folder / d.filename for d in result.documents.values()], result)
                try:
                    write_documents(folder, result.documents.values(), force=args.force)
                    finished.append(result)  # whole on disk: counted before anything else can stop the run
                    counted = True
                except OutputExists as exc:  # a file appeared there during the run
                    result.problems = [f"{path}: already exists; add --force to replace it" for path in exc.paths]
                    if made:
                        _remove_folder(folder)
                except (FileExistsError, NotADirectoryError):  # a file, not a folder, at the district's name
                    result.problems = [f"{folder}: is a file, not a folder; move it or choose another folder with -o"]
                writing = None
                result.documents = {}  # written: keep memory flat over thousands of districts
            if not result.ok:
                say(f"row {result.number} ({_shown(result.district) or 'no name'}): " + "; ".join(result.problems))
            elif result.pdf_problem:
                say(f"row {result.number} ({_shown(result.district)}): pdf: {result.pdf_problem}; "
                    f"its .docx drafts are written")
            for note in result.notes:
                say(f"warning: row {result.number} ({_shown(result.district)}): {note}")
            if not counted:
                finished.append(result)
            if progress:
                progress.update()
    except (_Stopped, KeyboardInterrupt) as exc:
        stopped = exc
        sys.unraisablehook = lambda unraisable: None  # a district's half-made document, freed as the run stops
    finally:
        ignored = {sig: signal.signal(sig, signal.SIG_IGN) for sig in _STOP_SIGNALS
                   if signal.getsignal(sig) is not signal.SIG_IGN}  # the clean-up is short: let it finish
        try:
            built.close()  # stop the workers and the converters: only the work under way is waited for
            # the district being written when the run stopped, unless it was whole and counted: removed (in a
            # folder of an earlier run, write_documents removed what it wrote)
            if writing is not None and writing[1] and not (finished and finished[-1] is writing[3]):
                folder, _, files, _ = writing
                for path in files:
                    path.unlink(missing_ok=True)
                _remove_folder(folder)
            if progress:
                progress.close()
        finally:
            for sig, handler in ignored.items():
                signal.signal(sig, handler)
    results = results + finished
    districts = sum(result.ok for result in finished)
    if stopped is not None:
        signum = signal.SIGINT if isinstance(stopped, KeyboardInterrupt) else stopped.signum
        done = {result.number for result in results}
        rest = [(row.number, row.name) for row in ready if row.number not in done]
        if districts:
            write_documents(out, [Document(REPORT_NAME, report_csv(results, rest).encode("utf-8"), "text/csv")],
                            force=True)
            print(f"stopped ({_STOP_SIGNALS[signum]}) after {districts} of {len(rows)} districts: their drafts are "
                  f"in {out} and listed in {out / REPORT_NAME}; {len(rest)} were not built", file=sys.stderr)
        else:
            print(f"stopped ({_STOP_SIGNALS[signum]}) before any district was built; nothing was written",
                  file=sys.stderr)
        return 128 + signum
    write_documents(out, [Document(REPORT_NAME, report_csv(results).encode("utf-8"), "text/csv")], force=True)
    failed = sum(not result.ok for result in results)
    no_pdf = sum(result.ok and bool(result.pdf_problem) for result in results)
    if not args.quiet:
        print(f"{districts - no_pdf} of {len(results)} districts built in {out}"
              + (f"; {no_pdf} {NO_PDF} (their .docx drafts are kept)" if no_pdf else "")
              + (f"; {failed} failed" if failed else "")
              + (f", listed in {out / REPORT_NAME}" if failed or no_pdf else ""), file=sys.stderr)
    return EXIT_INVALID if failed else EXIT_FAILURE if no_pdf else EXIT_OK


def _remove_folder(folder: Path) -> None:
    try:
        folder.rmdir()  # only when empty: never a file this run did not write
    except OSError:
        pass


def _progress(total: int, quiet: bool):
    """A progress bar on a terminal; none when quiet or when the output goes to a file or another program."""
    if quiet or not (sys.stderr.isatty() and sys.stdout.isatty()):
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="district", file=sys.stderr)

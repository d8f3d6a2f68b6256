"""The ``safe-zone`` command: a thin face over the library (example, check, build, batch, provisions, references,
compare, states); every refusal is an exit status and plain lines, never a traceback unless ``--debug``."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import traceback
from pathlib import Path
from typing import Any, Sequence

from .answers.loading import AnswersError, load_answers
from .answers.reading import read_answers_path
from .batch.command import add_batch_command
from .library import LibraryError, load_library
from .library.loader import DATA_DIR
from .output_files import OutputExists, existing_outputs, write_documents
from .redline.command import add_compare_command
from .states_command import (add_states_command, listing_words, source_kind_words, state_option_warning,
                             state_warning)
from .exceptions import SafeZoneError
from .messages import shown_safely

__all__ = ["main", "parser"]

EXIT_OK, EXIT_FAILURE, EXIT_INVALID = 0, 1, 2
EXIT_INTERRUPTED, EXIT_TERMINATED = 128 + signal.SIGINT, 128 + signal.SIGTERM
# SIGTERM (kill, timeout, a service manager) and SIGHUP (the terminal closed): both stop the program cleanly
_STOPPING = {signal.SIGTERM: "terminated", signal.SIGHUP: "terminal closed"}


class _InvalidInput(SafeZoneError):
    def __init__(self, problems: list[str]):
        self.problems = problems


class _Terminated(Exception):
    """SIGTERM or SIGHUP, raised where the program is, so that every ``finally`` cleans up (temporary files,
    LibreOffice)."""

    def __init__(self, signum: int = signal.SIGTERM):
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, frame: Any) -> None:
    raise _Terminated(signum)


def _say(message: str) -> None:
    """A last line on stderr, which may be gone (SIGHUP: the terminal closed)."""
    try:
        print(message, file=sys.stderr)
    except (OSError, ValueError):
        pass


def _validated(name: str, overrides: dict[str, Any] | None = None):
    try:
        data = read_answers_path(name)
        if isinstance(data, dict) and overrides and isinstance(data.get("output", {}), (dict, type(None))):
            data = {**data, "output": {**(data.get("output") or {}), **overrides}}
        # an "output" that is not a group of fields is left as it is: validation names it
        answers, notes = load_answers(data)
    except AnswersError as exc:
        raise _InvalidInput(exc.problems) from None
    for note in notes:
        print(f"warning: {note}", file=sys.stderr)
    state_law = state_warning(load_library(), answers.district.state, answers.language,
                              [p.id for p in answers.provisions])
    if state_law:  # a warning, not an error: the exit status stays the same
        print(f"warning: {state_law}", file=sys.stderr)
    risky_choice = state_option_warning(load_library(), answers.district.state, answers.language,
                                        {p.id: p.options for p in answers.provisions})
    if risky_choice:
        print(f"warning: {risky_choice}", file=sys.stderr)
    return answers


def _cmd_example(args: argparse.Namespace) -> int:
    sys.stdout.write((DATA_DIR / "example.yaml").read_text(encoding="utf-8"))
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    answers = _validated(args.file)
    print(f"{args.file}: valid: {answers.district.name}, {len(answers.provisions)} provisions chosen")
    return EXIT_OK


def _formats(value: str) -> list[str]:
    formats = [part.strip() for part in value.split(",") if part.strip()]
    unknown = sorted(set(formats) - {"docx", "pdf"})
    if unknown or not formats:
        raise argparse.ArgumentTypeError(f"choose docx, pdf or docx,pdf (not {value!r})")
    return formats


def _refuse_existing(paths: list[Path]) -> _InvalidInput:
    return _InvalidInput([f"{path}: already exists; choose another folder with -o, or add --force to replace it"
                          for path in paths])


def _write_one(path: Path, content: bytes, force: bool) -> None:
    """One file written as build writes (all or nothing, a symlink replaced, never written through)."""
    from .build import Document
    try:
        write_documents(path.parent, [Document(path.name, content)], force=force)
    except OutputExists:  # taken, or a file appeared at the name meanwhile
        raise _InvalidInput([f"{path}: already exists; choose another name with -o, or add --force to replace "
                             "it"]) from None


def _cmd_build(args: argparse.Namespace) -> int:
    from .build import Document, build_documents  # imported here: Word's machinery is slow to load; check never needs it
    from .word.pdf import INSTALL_HINT, PdfUnavailable, soffice_path, to_pdf
    overrides = {name: value for name, value, given in (("draft_mark", False, args.no_draft_mark),
                                                        ("bilingual", True, args.bilingual),
                                                        ("annotated", True, args.annotated),
                                                        ("packet", True, args.packet)) if given}
    if os.path.exists(args.output) and not os.path.isdir(args.output):
        raise _InvalidInput([f"{args.output}: is a file; -o wants the folder to write the documents into "
                             "(it is made if missing)"])
    answers = _validated(args.file, overrides)
    if "pdf" in args.format and soffice_path() is None:
        print(INSTALL_HINT, file=sys.stderr)
        return EXIT_FAILURE
    out = Path(args.output)
    documents = build_documents(answers)
    if answers.output.packet:  # the six advocacy documents, beside the drafts
        from .packet import build_packet
        documents.update(build_packet(answers))
    names = [d.filename for d in documents.values()] if "docx" in args.format else []
    names += [Path(d.filename).stem + ".pdf" for d in documents.values()] if "pdf" in args.format else []
    if not args.force and (taken := existing_outputs(out, names)):
        raise _refuse_existing(taken)  # before the slow PDF work, and before anything is written
    wanted: list[Document] = list(documents.values()) if "docx" in args.format else []
    pdf_problem = None
    if "pdf" in args.format:
        try:
            wanted += list(to_pdf(documents).values())
        except PdfUnavailable as exc:
            pdf_problem = exc
    try:
        written = write_documents(out, wanted, force=args.force) if wanted else []
    except OutputExists as exc:  # a file appeared while the PDF was being made
        raise _refuse_existing(exc.paths) from None
    for path in written:
        print(path)
    if pdf_problem is not None:
        kept = "; the .docx drafts above are written" if written else ""
        print(f"{pdf_problem}{kept}", file=sys.stderr)
        return EXIT_FAILURE
    return EXIT_OK


def _cmd_provisions(args: argparse.Namespace) -> int:
    library = load_library()
    lang = args.language
    if args.json:
        rows = [{"id": p.id, "category": p.category, "recommended": p.recommended, "title": p.title[lang],
                 "summary": p.summary[lang], "requires": p.requires, "conflicts": p.conflicts,
                 "options": [{"id": o.id, "type": o.type, "default": o.default if o.type != "text" else o.default[lang],
                              **({"choices": [c.value for c in o.choices]} if o.type == "choice" else {}),
                              **({"min": o.min, "max": o.max} if o.type == "number" else {})}
                             for o in p.options]}
                for p in library.provisions.values()]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    for category in library.categories.values():
        provisions = library.in_category(category.id)
        if not provisions:
            continue
        print(f"{category.title[lang]}{' (optional flavor)' if category.flavor != 'core' else ''}")
        for p in provisions:
            mark = "*" if p.recommended else " "
            print(f"  {mark} {p.id:<32} {p.summary[lang]}")
        print()
    print(f"{len(library.provisions)} provisions; * marks the recommended core set.")
    return EXIT_OK


def _cmd_references(args: argparse.Namespace) -> int:
    """Every legal reference with its source and the date it was checked, for counsel."""
    from .composition.citations import listed  # imported here: the composer is not needed to check answers
    from .composition.plan import plain
    library = load_library()
    lang = args.language
    rows = [{"id": ref.id, "kind": ref.kind, "state": ref.state, "citation": plain(listed(ref, lang)),
             "cite": ref.cite or None, "source": ref.source, "source_kind": ref.source_kind,
             "source_reason": ref.source_reason[lang] if ref.source_reason else None, "checked": ref.checked,
             "verify": ref.verify[lang] if ref.verify else None}
            for ref in library.references.values() if args.state is None or ref.state in (None, args.state)]
    if args.state is not None and args.state not in library.states:
        raise _InvalidInput([f"--state {shown_safely(args.state)}: is not a U.S. state or territory code "
                             "(safe-zone states lists them)"])
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    words = listing_words(lang)
    for row in rows:
        print(row["citation"])
        source = words["reference_source"].format(source=row["source"], checked=row["checked"],
                                                  kind=source_kind_words(row, words))
        print(f"    {source}")
        if row["verify"]:
            print(f"    {words['verify'].format(text=row['verify'])}")
    print(words["references_total"].format(count=len(rows)))
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="safe-zone",
        description="Draft a Safe Zone school-board resolution, board policy and administrative regulation as Word "
                    "documents.",
        epilog="Start with: safe-zone example > answers.yaml; edit it; safe-zone build answers.yaml -o drafts",
    )
    top.add_argument("--debug", action="store_true",
                     help="print the traceback of a failure too (also SAFE_ZONE_DEBUG=1), for a bug report")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    example = sub.add_parser("example", help="print a complete example answers file (YAML)",
                             description="Print a complete, valid answers file for a fictional district.")
    example.set_defaults(run=_cmd_example)

    check = sub.add_parser("check", help="validate an answers file",
                           description="Validate an answers file; exit status 2 lists each problem by field.")
    check.add_argument("file", help="the answers file (YAML or JSON; - for standard input)")
    check.set_defaults(run=_cmd_check)

    build = sub.add_parser("build", help="write the resolution, the board policy and the administrative regulation "
                                         "as Word files (or PDF)",
                           description="Write DIR/<district>-resolution.docx, DIR/<district>-policy.docx and the "
                                       "administrative regulation DIR/<district>-regulation.docx (Washington's "
                                       "procedure: -procedure.docx; none where the policy holds every rule, as "
                                       "with output.policy_format: combined), and .pdf with --format. Spanish drafts: "
                                       "-resolucion.docx, -politica.docx, -reglamento.docx (-procedimiento.docx).")
    build.add_argument("file", help="the answers file (YAML or JSON; - for standard input)")
    build.add_argument("-o", "--output", default=".", metavar="DIR", help="folder for the documents (default: .)")
    build.add_argument("--no-draft-mark", action="store_true", help="leave out the DRAFT header")
    build.add_argument("--bilingual", action="store_true",
                       help="English and Spanish side by side, paragraph by paragraph (the answers' language first)")
    build.add_argument("--annotated", action="store_true",
                       help="add Word comments explaining each clause, and a legal references appendix")
    build.add_argument("--packet", action="store_true",
                       help="also write the board packet: board summary, talking points, FAQ, staff protocol, "
                            "family notice and cover letter")
    build.add_argument("--format", type=_formats, default=["docx"], metavar="FORMATS",
                       help="docx (default), pdf, or docx,pdf; PDF needs LibreOffice")
    build.add_argument("--force", action="store_true", help="replace documents of the same names already in DIR")
    build.set_defaults(run=_cmd_build)

    add_batch_command(sub, _formats)

    provisions = sub.add_parser("provisions", help="list the provision library",
                                description="List the provisions by category; * marks the recommended set.")
    provisions.add_argument("--json", action="store_true", help="print JSON for programs")
    provisions.add_argument("--language", choices=("en", "es"), default="en", help="language of titles (default en)")
    provisions.set_defaults(run=_cmd_provisions)

    references = sub.add_parser("references", help="list the legal references with their sources, for counsel",
                                description="List every legal reference the drafts can cite, with a public "
                                            "address where its text can be read and the date it was checked.")
    references.add_argument("--json", action="store_true", help="print JSON for programs")
    references.add_argument("--state", metavar="XX", type=str.upper, help="federal law and this state's only")
    references.add_argument("--language", choices=("en", "es"), default="en", help="language of the names (default en)")
    references.set_defaults(run=_cmd_references)
    add_compare_command(sub, _write_one)
    add_states_command(sub)
    return top


def _debugging(args: argparse.Namespace) -> bool:
    """``--debug`` or ``SAFE_ZONE_DEBUG=1``: the traceback too, for whoever reports or fixes a fault."""
    return bool(getattr(args, "debug", False)) or os.environ.get("SAFE_ZONE_DEBUG", "") not in ("", "0")


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    in_main_thread = threading.current_thread() is threading.main_thread()  # only there can signals be caught
    previous = {signum: signal.signal(signum, _terminate) for signum in _STOPPING  # nohup's ignored SIGHUP stays so
                if in_main_thread and signal.getsignal(signum) is not signal.SIG_IGN}
    try:
        status = args.run(args)
        sys.stdout.flush()  # here, so that a reader that stopped early (| head) is met below, not at exit
        return status
    except BaseException as exc:  # every refusal and fault becomes a status and plain lines, never a traceback
        debugging = _debugging(args)
        if debugging and not isinstance(exc, (SystemExit, _InvalidInput)):
            traceback.print_exc(file=sys.stderr)
        return _reported(exc, debugging)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _reported(exc: BaseException, debugging: bool) -> int:
    """The lines a person reads for what stopped the command, and its exit status."""
    if isinstance(exc, SystemExit):
        raise exc
    if isinstance(exc, _InvalidInput):
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    if isinstance(exc, KeyboardInterrupt):
        print("stopped (Ctrl-C); nothing was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    if isinstance(exc, _Terminated):
        _say(f"stopped ({_STOPPING.get(exc.signum, 'terminated')}); nothing was written")
        return 128 + exc.signum
    if isinstance(exc, LibraryError):
        print(f"the provision library is broken:\n{exc}", file=sys.stderr)
        return EXIT_FAILURE
    if isinstance(exc, SafeZoneError):  # any other refusal: its message is written for a person
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    if isinstance(exc, BrokenPipeError):  # the reader stopped early (| head): nothing more to say, nor to anyone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # the flush at exit writes nowhere
        return EXIT_OK
    if isinstance(exc, OSError):  # a fault of the machine (disk full, no permission), not of the answers
        print(f"error: {exc.strerror or exc}{f': {exc.filename}' if exc.filename else ''}", file=sys.stderr)
        return EXIT_FAILURE
    if not isinstance(exc, Exception):
        raise exc
    hint = "" if debugging else "; run again with --debug to see where"
    print(f"error: unexpected {type(exc).__name__}: {exc} (please report this{hint})", file=sys.stderr)
    return EXIT_FAILURE

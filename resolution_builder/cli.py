"""The ``safe-zone`` command: a thin face over the library (example, check, build, provisions, compare)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Sequence

from .answers.loading import AnswersError, load_answers
from .batch.command import add_batch_command
from .library import LibraryError, load_library
from .composition.citations import listed
from .composition.plan import plain
from .library.loader import DATA_DIR
from .redline.command import add_compare_command
from .yaml_io import YAMLError, load_yaml

__all__ = ["main", "parser"]

EXIT_OK, EXIT_FAILURE, EXIT_INVALID = 0, 1, 2


class _InvalidInput(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems


def _read_answers(name: str) -> Any:
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise _InvalidInput([f"{name}: cannot be read: {exc.strerror or exc}"]) from None
    except UnicodeDecodeError:
        raise _InvalidInput([f"{name}: is not a UTF-8 text file"]) from None
    try:
        return load_yaml(text)  # YAML is a superset of JSON, so .json files read the same way
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise _InvalidInput([f"{name}: {where}not valid YAML or JSON ({getattr(exc, 'problem', None) or exc})"]) from None


def _validated(name: str, overrides: dict[str, Any] | None = None):
    data = _read_answers(name)
    if isinstance(data, dict) and overrides:
        data = {**data, "output": {**(data.get("output") or {}), **overrides}}
    try:
        answers, notes = load_answers(data)
    except AnswersError as exc:
        raise _InvalidInput(exc.problems) from None
    for note in notes:
        print(f"warning: {note}", file=sys.stderr)
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


def _cmd_build(args: argparse.Namespace) -> int:
    from .build import build_documents  # imported here: Word's machinery is slow to load and check never needs it
    from .word.pdf import INSTALL_HINT, PdfUnavailable, soffice_path, to_pdf
    if "pdf" in args.format and soffice_path() is None:
        print(INSTALL_HINT, file=sys.stderr)
        return EXIT_FAILURE
    overrides = {name: value for name, value, given in (("draft_mark", False, args.no_draft_mark),
                                                        ("bilingual", True, args.bilingual),
                                                        ("annotated", True, args.annotated),
                                                        ("packet", True, args.packet)) if given}
    answers = _validated(args.file, overrides)
    documents = build_documents(answers)
    if answers.output.packet:
        from .packet import build_packet
        documents.update(build_packet(answers))
    written = list(documents.values()) if "docx" in args.format else []
    if "pdf" in args.format:
        try:
            written += list(to_pdf(documents).values())
        except PdfUnavailable as exc:
            print(exc, file=sys.stderr)
            return EXIT_FAILURE
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    for document in written:
        path = out / document.filename
        path.write_bytes(document.content)
        print(path)
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
    library = load_library()
    lang = args.language
    rows = [{"id": ref.id, "kind": ref.kind, "state": ref.state, "citation": plain(listed(ref, lang)),
             "cite": ref.cite or None, "source": ref.source, "checked": ref.checked, "verify": ref.verify}
            for ref in library.references.values() if args.state is None or ref.state in (None, args.state)]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    for row in rows:
        print(row["citation"])
        print(f"    {row['source']} (checked {row['checked']})")
        if row["verify"]:
            print(f"    verify: {row['verify']}")
    print(f"{len(rows)} references.")
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="safe-zone",
        description="Draft a Safe Zone school-board resolution and district policy as Word documents.",
        epilog="Start with: safe-zone example > answers.yaml; edit it; safe-zone build answers.yaml -o drafts",
    )
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    example = sub.add_parser("example", help="print a complete example answers file (YAML)",
                             description="Print a complete, valid answers file for a fictional district.")
    example.set_defaults(run=_cmd_example)

    check = sub.add_parser("check", help="validate an answers file",
                           description="Validate an answers file; exit status 2 lists each problem by field.")
    check.add_argument("file", help="the answers file (YAML or JSON; - for standard input)")
    check.set_defaults(run=_cmd_check)

    build = sub.add_parser("build", help="write the resolution and policy as Word files (or PDF)",
                           description="Write DIR/<district>-resolution.docx and DIR/<district>-policy.docx "
                                       "(and .pdf with --format).")
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
    add_compare_command(sub)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except _InvalidInput as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    except LibraryError as exc:
        print(f"the provision library is broken:\n{exc}", file=sys.stderr)
        return EXIT_FAILURE
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as exc:  # a person sees one line, never a traceback
        print(f"error: unexpected {type(exc).__name__}: {exc} (please report this)", file=sys.stderr)
        return EXIT_FAILURE

"""Composes the answers and the library into a DocumentPlan: board language, no .docx."""

from __future__ import annotations

import re
import unicodedata

from .annotations import annotate
from .bilingual import pair_plans
from .content import Chosen, Rendered, chosen_provisions
from ..languages import LANGUAGES
from .dates import long_date
from ..library import Library, load_library
from ..answers.models import Answers
from .plan import DocumentPlan, Lead, Policy, PolicyParagraph, PolicySection, Resolution, Signature

__all__ = ["compose", "slugify"]

_KIND_ORDER = ("constitution", "case", "statute", "regulation", "state-law", "guidance")


def slugify(name: str) -> str:
    """A file-name-safe slug of the district's name (``Cedar Valley USD`` -> ``cedar-valley-usd``)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")
    return slug or "district"


def compose(answers: Answers, library: Library | None = None) -> DocumentPlan:
    """The plan of both documents; for the bilingual edition, paired with the other language's plan."""
    library = library or load_library()
    plan = _compose_one(answers, library, answers.language)
    if answers.output.bilingual:
        other = next(lang for lang in LANGUAGES if lang != answers.language)
        # Side by side, the second language keeps the first one's order of defined terms.
        second = _compose_one(answers.model_copy(update={"language": other}), library, answers.language)
        plan = pair_plans(plan, second)
    return annotate(plan, answers, library) if answers.output.annotated else plan


def _compose_one(answers: Answers, library: Library, order_language: str) -> DocumentPlan:
    lang = answers.language
    words = library.phrases[lang]
    chosen = chosen_provisions(answers, library)
    date = long_date(answers.adoption.meeting_date, words["locale"]) if answers.adoption.meeting_date else words["blank"]
    recitals = [r for c in chosen for r in c.render(c.provision.recitals, lang)]
    clauses = [r for c in chosen for r in c.render(c.provision.clauses, lang)]
    clauses += chosen[0].render(library.base.closing_clauses, lang)
    policy_items = [r for c in chosen for r in c.render(c.provision.policy, lang)]
    references = _references(chosen, recitals + clauses + policy_items, library, answers.district.state)
    board = answers.board.name
    return DocumentPlan(
        language=lang,
        word_language=words["word_language"],
        slug=slugify(answers.district.name),
        board_name=board,
        district_name=answers.district.name,
        draft_mark=words["draft_mark"] if answers.output.draft_mark else "",
        page=words["page"],
        page_of=words["page_of"],
        subjects={"resolution": words["resolution_subject"], "policy": words["policy_subject"]},
        resolution=Resolution(
            label=words["resolution_label"],
            number_line=words["resolution_number"].format(number=answers.adoption.resolution_number or words["blank"]),
            title=answers.adoption.title or words["resolution_title"].format(district=answers.district.name),
            recitals=tuple(_recitals(recitals, words)),
            clauses=tuple(_clauses(clauses, words)),
            adopted=words["adopted"].format(board=board, date=date),
            vote_labels=(words["ayes"], words["noes"], words["abstentions"], words["absent"]),
            signatures=_signatures(answers, words),
        ),
        policy=Policy(
            label=words["policy_label"],
            number_line=words["policy_number"].format(number=answers.adoption.policy_number or words["blank"]),
            title=words["policy_title"],
            sections=tuple(_sections(policy_items, chosen, references, library, lang, order_language)),
            adopted=words["policy_adopted"].format(
                board=board, date=date, number=answers.adoption.resolution_number or words["blank"]),
        ),
        references=tuple(references),
    )


def _endings(count: int, words: dict[str, str], kind: str) -> list[str]:
    """How each of ``count`` recitals or clauses ends: "; ", then "; and" before the last, then the last's."""
    ends = [words[f"{kind}_end"]] * max(count - 2, 0) + [words[f"{kind}_end_penultimate"], words[f"{kind}_end_last"]]
    return ends[-count:] if count else []


def _recitals(items: list[Rendered], words: dict[str, str]) -> list[Lead]:
    return [Lead(words["whereas"], f" {item.text}{end}", item.provision_id, item.references)
            for item, end in zip(items, _endings(len(items), words, "recital"), strict=True)]


def _clauses(items: list[Rendered], words: dict[str, str]) -> list[Lead]:
    count = len(items)
    leads = ([words["resolved_only"]] if count == 1 else
             [words["resolved_first"]] + [words["resolved_middle"]] * (count - 2) + [words["resolved_last"]])
    return [Lead(lead, f" {words['resolved_link']} {item.text}{end}", item.provision_id, item.references)
            for item, lead, end in zip(items, leads, _endings(count, words, "clause"), strict=True)]


def _signatures(answers: Answers, words: dict[str, str]) -> tuple[Signature, ...]:
    board = answers.board
    president = board.presiding_officer_title or words["presiding_officer_title"]
    secretary = board.secretary_title or words["secretary_title"]
    return (
        Signature(words["signature_role"].format(title=president, board=board.name), board.presiding_officer_name or ""),
        Signature(words["signature_role"].format(title=secretary, board=board.name), board.secretary_name or "",
                  attest=words["attest"]),
    )


def _references(chosen: list[Chosen], used: list[Rendered], library: Library, state: str) -> list[str]:
    """Every reference the chosen provisions and the items used rest on, once, in a fixed order."""
    ids = [rid for c in chosen for rid in c.provision.references] + [rid for r in used for rid in r.references]
    refs = {rid: library.references[rid] for rid in ids}
    kept = [ref for ref in refs.values() if ref.state in (None, state)]
    kept.sort(key=lambda ref: (_KIND_ORDER.index(ref.kind), ref.state or "", ref.citation.casefold()))
    return [ref.citation for ref in kept]


def _sections(items: list[Rendered], chosen: list[Chosen], references: list[str], library: Library,
              lang: str, order_language: str) -> list[PolicySection]:
    terms = {tid: library.definitions[tid] for c in chosen for tid in c.provision.definitions}
    words = library.phrases[lang]
    definitions = sorted(terms.values(), key=lambda d: _sort_key(d.term[order_language]))
    sections = []
    for section in library.sections.values():
        if section.id == "definitions":
            paragraphs = [PolicyParagraph("definition", f" {words['definition_link']} {d.text[lang]}",
                                          term=words["quote_open"] + d.term[lang] + words["quote_close"], key=d.id)
                          for d in definitions]
        elif section.id == "legal-references":
            paragraphs = [PolicyParagraph("reference", citation, key=citation) for citation in references]
        else:
            paragraphs = [PolicyParagraph(i.item.kind, i.text, provision_id=i.provision_id, references=i.references)
                          for i in items if i.item.section == section.id]
        if paragraphs:
            sections.append(PolicySection(section.id, len(sections) + 1, section.title[lang], tuple(paragraphs)))
    return sections


def _sort_key(term: str) -> str:
    return unicodedata.normalize("NFKD", term).encode("ascii", "ignore").decode().casefold()

"""Composes the answers and the library into a DocumentPlan: board language, no .docx."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import Any

from ..answers.models import Answers
from ..languages import LANGUAGES
from ..library import Library, load_library
from .annotations import annotate
from .bilingual import pair_plans
from .citations import listed, short_after_first
from .content import Chosen, Rendered, after_preposition, board_named, chosen_provisions, district_named
from .adoption import adoption_context
from .plan import Certificate, DocumentPlan, Policy, PolicyParagraph, PolicySection, Resolution, Signature
from ..library.schema import PolicyItem
from .local_text import local_clauses, local_recitals
from .resolution_text import clause_leads, clauses, recital_leads, recitals

__all__ = ["compose", "slugify"]

_KIND_ORDER = ("constitution", "case", "statute", "regulation", "executive-order", "state-law", "guidance")


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
        plan = pair_plans(plan, second, (library.phrases[answers.language]["language_name"],
                                         library.phrases[other]["language_name"]))
    return annotate(plan, answers, library) if answers.output.annotated else plan


_FILE_PHRASES = {"resolution": "resolution", "policy": "policy", "regulation": "regulation", "zip": "drafts",
                 "packet": "packet"}
"""The plan's file names by kind, and the phrase (``file_<name>``) each is written from."""


def _title(answers: Answers, words: dict[str, str], policy_reference: str) -> str:
    if answers.adoption.title:
        return answers.adoption.title
    declaration = next((c for c in answers.provisions if c.id == "safe-zone-declaration"), None)
    kind = declaration.options["designation"] if declaration else "none"
    district = district_named(answers.district.name, words["district_named"])
    return words[f"resolution_title_{kind}"].format(district=district, policy=policy_reference)


def _compose_one(answers: Answers, library: Library, order_language: str) -> DocumentPlan:
    lang = answers.language
    # A jurisdiction's own drafting style overrides a few fixed words (Puerto Rico's "POR CUANTO:").
    words = library.words(lang, answers.district.state)
    separate = answers.output.policy_format == "separate"
    extra = adoption_context(answers, words, separate)
    chosen = chosen_provisions(answers, library, extra)
    items = [r for c in chosen for r in c.render(c.provision.policy, lang)]
    if separate and not any(i.item.instrument == "regulation" for i in items):
        # Nothing chosen needs a procedure: one policy, and the resolution issues no regulation.
        separate = False
        extra = adoption_context(answers, words, separate)
        chosen = chosen_provisions(answers, library, extra)
        items = [r for c in chosen for r in c.render(c.provision.policy, lang)]
    policy_items = [i for i in items if not separate or i.item.instrument == "policy"]
    regulation_items = [i for i in items if separate and i.item.instrument == "regulation"]
    said = recitals(chosen, library, lang, local_recitals(answers.local, library, words, lang))
    resolved = clauses(chosen, library, lang, local_clauses(answers.local, library, words, lang))
    # Side by side, the second language keeps the first one's order of references.
    references = _references(chosen, said + resolved + items, library, answers.district.state, order_language)
    board, adoption = answers.board.name, extra["adoption"]
    policy_terms = _terms(chosen, library, order_language, policy_items) if separate else None
    # The policy lists the law its provisions and its own rules rest on; the regulation, what only its procedures
    # cite; the resolution's recitals carry their own citations.
    state = answers.district.state
    policy_refs = _references(chosen, resolved + policy_items, library, state, order_language) if separate \
        else references
    regulation_refs = [rid for rid in _references([], regulation_items, library, state, order_language)
                       if rid not in policy_refs]
    policy_sections = _short_forms(_sections(policy_items, chosen, policy_refs, library, answers, order_language,
                                             words, policy_terms), library, lang)
    city = answers.district.city
    return DocumentPlan(
        language=lang,
        word_language=words["word_language"],
        slug=(slug := slugify(answers.district.name)),
        board_name=board,
        district_name=answers.district.name,
        place_line=f"{city}, {library.states[answers.district.state][lang]}" if city else "",
        draft_mark=words["draft_mark"] if answers.output.draft_mark else "",
        page=words["page"],
        page_of=words["page_of"],
        subjects={kind: words[f"{kind}_subject"] for kind in ("resolution", "policy", "regulation")},
        file_names={kind: words[f"file_{name}"].format(slug=slug) for kind, name in _FILE_PHRASES.items()},
        resolution=Resolution(
            label=words["resolution_label"],
            number_line=words["resolution_number"].format(number=adoption["number"]),
            title=_title(answers, words, extra["policy"]["reference"]),
            recitals=tuple(recital_leads(said, words)),
            clauses=tuple(clause_leads(resolved, words)),
            adopted=words["adopted"].format(board=board_named(board, words), date=adoption["date"],
                                            meeting=adoption["meeting"]),
            vote_labels=(words["ayes"], words["noes"], words["abstentions"], words["absent"]),
            signatures=_signatures(answers, words),
            certificate=_certificate(answers, words, adoption),
        ),
        policy=Policy(
            label=words["policy_label"],
            number_line=extra["policy"]["name"],
            title=words["policy_title"],
            sections=policy_sections,
            adopted=words["policy_history"].format(date=adoption["date"], number=adoption["number"]),
        ),
        regulation=_regulation(regulation_items, policy_sections, chosen, regulation_refs, library, answers,
                               order_language, words, extra) if separate else None,
        references=tuple(listed(library.references[rid], lang) for rid in references),
        reference_ids=tuple(references),
    )


def _signatures(answers: Answers, words: dict[str, str]) -> tuple[Signature, ...]:
    board = answers.board
    president = board.presiding_officer_title or words["presiding_officer_title"]
    secretary = board.secretary_title or words["secretary_title"]
    signatures = [
        Signature(words["signature_role"].format(title=president, board=board.name), board.presiding_officer_name or ""),
        Signature(words["signature_role"].format(title=secretary, board=board.name), board.secretary_name or "",
                  attest=words["attest"]),
    ]
    if answers.adoption.approved_as_to_form:
        signatures.append(Signature(words["counsel_role"], "", attest=words["approved_as_to_form"]))
    return tuple(signatures)


def _certificate(answers: Answers, words: dict[str, str], adoption: dict[str, str]) -> Certificate:
    """Titled by the secretary's or clerk's title as the answers give it ("CLERK'S CERTIFICATE"), else by the
    default office; it recites the quorum and the vote, with blanks for the clerk to fill in."""
    board = answers.board
    secretary = board.secretary_title or words["secretary_title"]
    title = (words["certificate_title"].format(title=board.secretary_title.upper()) if board.secretary_title
             else words["certificate_title_default"])
    text = words["certificate"].format(
        name=board.secretary_name or words["blank"], title=board.secretary_title or words["secretary_in_text"],
        of_board=after_preposition(words["of"], board_named(board.name, words), words), number=adoption["number"],
        meeting=adoption["meeting"], date=adoption["date"], blank=words["blank"])
    return Certificate(title, text,
                       Signature(words["signature_role"].format(title=secretary, board=board.name),
                                 board.secretary_name or "", attest=words["certificate_dated"]))


def _references(chosen: list[Chosen], used: list[Rendered], library: Library, state: str, lang: str) -> list[str]:
    """Every reference the chosen provisions and the items used rest on, once, in a fixed order (their ids)."""
    ids = [rid for c in chosen for rid in c.provision.references] + [rid for r in used for rid in r.references]
    refs = {rid: library.references[rid] for rid in ids}
    kept = [rid for rid, ref in refs.items() if ref.state in (None, state)]
    kept.sort(key=lambda rid: (_KIND_ORDER.index(refs[rid].kind), refs[rid].state or "", _in_order(refs[rid], lang)))
    return kept


_CODE_CITE = re.compile(r"^\d+ (U\.S\.C\.|C\.F\.R\.|Fed\. Reg\.) ")
"""A federal statute's or regulation's citation: title, code, section."""


def _in_order(reference, lang: str) -> tuple:
    """Where a reference comes in its kind: a federal statute or regulation by its title and section, the same in
    every language (8 U.S.C. § 1373 before § 1644, 20 U.S.C. before 42 U.S.C.), as legal references lists order
    them; any other by the name it is listed by, in alphabetical order."""
    if not _CODE_CITE.match(reference.cite):
        return (1, _sort_key(listed(reference, lang)))
    parts = re.findall(r"\d+|[A-Za-z]+", reference.cite.replace("Part", ""))
    return (0, *((0, int(part), "") if part.isdigit() else (1, 0, part.casefold()) for part in parts))


def _related(library: Library, answers: Answers, words: dict[str, str]) -> list[PolicyParagraph]:
    lang, state = answers.language, answers.district.state
    out = []
    for related in library.resolution.related_policies:
        number = related.numbers.get(state, words["blank"])
        out.append(PolicyParagraph("reference", words["related_policy"].format(number=number,
                                                                               title=related.title[lang]),
                                   key=related.id))
    return out


def _terms(chosen: list[Chosen], library: Library, order_language: str, items: list[Rendered] | None = None,
           without: set[str] = frozenset()) -> list:
    """The defined terms of the chosen provisions, in the first language's alphabetical order; with ``items``, only
    those their English source uses (so both languages of the bilingual edition keep the same ones)."""
    terms = {tid: library.definitions[tid] for c in chosen for tid in c.provision.definitions if tid not in without}
    if items is not None:
        used = " ".join(i.item.text["en"] for i in items).casefold()
        terms = {tid: d for tid, d in terms.items() if d.term["en"].casefold() in used}
    return sorted(terms.values(), key=lambda d: _sort_key(d.term[order_language]))


def _sections(items: list[Rendered], chosen: list[Chosen], references: list[str], library: Library,
              answers: Answers, order_language: str, words: dict[str, str],
              definitions: list | None = None, related: bool = True) -> list[PolicySection]:
    lang = answers.language
    if definitions is None:
        definitions = _terms(chosen, library, order_language)
    order = {c.provision.id: index for index, c in enumerate(chosen)}
    ranked = sorted(enumerate(items), key=lambda pair: (pair[1].rank, order.get(pair[1].provision_id, -1), pair[0]))
    # Two provisions may state the same sentence (the 8 U.S.C. §§ 1373 and 1644 saving); the policy says it once.
    # Compared by the library's English source, so that both columns of the bilingual edition drop the same one.
    first_of = {}
    for n, i in ranked:
        first_of.setdefault(i.item.text["en"], (n, i))
    ranked = list(first_of.values())  # a dict keeps the order in which each sentence first came
    sections = []
    for section in library.sections.values():
        if section.id == "definitions":
            paragraphs = [PolicyParagraph("definition", f" {words['definition_link']} {d.text[lang]}",
                                          term=words["quote_open"] + d.term[lang] + words["quote_close"], key=d.id)
                          for d in definitions]
        elif section.id == "legal-references":
            paragraphs = [PolicyParagraph("reference", listed(library.references[rid], lang), key=rid)
                          for rid in references]
        elif section.id == "related-policies":
            paragraphs = _related(library, answers, words) if related else []
        else:
            paragraphs = [PolicyParagraph(i.item.kind, i.text, provision_id=i.provision_id, references=i.references)
                          for _, i in ranked if i.item.section == section.id]
        if paragraphs:
            number = len(sections) + 1
            sections.append(PolicySection(section.id, number, section.title[lang], _numbered(paragraphs, number)))
    return sections


def _regulation(items: list[Rendered], policy_sections: tuple[PolicySection, ...], chosen: list[Chosen],
                references: list[str], library: Library, answers: Answers, order_language: str,
                words: dict[str, str], context: dict[str, Any]) -> Policy:
    """The administrative regulation: the procedures, in the policy's section order and numbered in their own
    right, each rule pointing to the policy rule it carries out; the terms only the procedures use are defined
    here, the policy's keep their meaning."""
    policy = context["policy"]
    purpose = Rendered(_PURPOSE, words["regulation_purpose"].format(policy_short=policy["short"]), None, ())
    in_policy = {p.key for s in policy_sections if s.id == "definitions" for p in s.paragraphs}
    own_terms = _terms(chosen, library, order_language, items, without=in_policy)
    sections = _sections([purpose, *items], chosen, references, library, answers, order_language, words, own_terms,
                         related=False)
    places = _policy_places(policy_sections)
    out = []
    for section in sections:
        paragraphs = tuple(
            replace(p, text=f"{p.text} {words['see_policy'].format(policy_short=policy['short'], number=place)}")
            if p.kind == "rule" and (place := places.get((p.provision_id, section.id)) or places.get(p.provision_id))
            else p for p in section.paragraphs)
        out.append(replace(section, paragraphs=paragraphs))
    out = _short_forms(out, library, answers.language)
    regulation = context["regulation"]
    history = "regulation_history_issue" if regulation["issued"] else "regulation_history_approve"
    return Policy(label=words["regulation_label"], number_line=regulation["name"], title=words["policy_title"],
                  sections=tuple(out), adopted=words[history].format(date=context["adoption"]["date"],
                                                                    number=context["adoption"]["number"]))


_PURPOSE = PolicyItem(section="purpose", kind="text", text={"en": "regulation_purpose", "es": "regulation_purpose"})
"""The regulation's opening paragraph: its words come from phrases.yaml (``regulation_purpose``)."""


def _short_forms(sections: list[PolicySection], library: Library, lang: str) -> tuple[PolicySection, ...]:
    """One instrument's sections with each reference cited in full once, where it is first cited, and by its short
    form after that (the Legal References list keeps every full citation)."""
    texts = iter(short_after_first([p.text for s in sections for p in s.paragraphs if p.kind != "reference"],
                                   library.references.values(), lang))
    return tuple(replace(s, paragraphs=tuple(p if p.kind == "reference" else replace(p, text=next(texts))
                                             for p in s.paragraphs)) for s in sections)


def _policy_places(sections: tuple[PolicySection, ...]) -> dict:
    """Where the policy states each provision: by (provision, section) and by provision, its first rule, or the
    section of its statement where it has no rule (the scope of the policy, in its purpose)."""
    places: dict = {}
    for kinds in (("rule",), ("text",)):
        for section in sections:
            for paragraph in section.paragraphs:
                if paragraph.kind in kinds and paragraph.provision_id:
                    places.setdefault((paragraph.provision_id, section.id), paragraph.number)
                    places.setdefault(paragraph.provision_id, paragraph.number)
    return places


def _numbered(paragraphs: list[PolicyParagraph], section: int) -> tuple[PolicyParagraph, ...]:
    """Each paragraph with the number a reader finds it by, as Word's list numbering prints the rules."""
    rules = 0
    out = []
    for paragraph in paragraphs:
        rules += paragraph.kind == "rule"
        out.append(replace(paragraph, number=f"{section}.{rules}" if paragraph.kind == "rule" else str(section)))
    return tuple(out)


def _sort_key(term: str) -> str:
    return unicodedata.normalize("NFKD", term).encode("ascii", "ignore").decode().casefold()

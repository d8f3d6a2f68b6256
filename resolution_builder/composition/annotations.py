"""The annotated edition for advocates: why each provision is there, what law it rests on, what the
district chose, and an appendix of the legal references with the places that rely on each."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..library import Library
from ..library.schema import ChoiceOption, Provision, TextOption
from ..answers.models import Answers
from .citations import listed
from .local_text import local_notes
from .plan import AppendixEntry, DocumentPlan, plain

__all__ = ["annotate"]


def _choice_words(provision: Provision, values: dict[str, Any], lang: str, words: dict[str, str]) -> list[str]:
    out = []
    for option in provision.options:
        value = values.get(option.id)  # validation has filled in every default
        if isinstance(option, ChoiceOption):
            value = option.choice(value).label[lang]
        elif isinstance(option, TextOption):
            value = value or option.default[lang]
        elif option.type == "boolean":
            value = words["yes_word"] if value else words["no_word"]
        out.append(f"{option.label[lang]}: {value}")
    return out


def _places(plan: DocumentPlan, reference_id: str, words: dict[str, str]) -> str:
    recitals = [str(n) for n, r in enumerate(plan.resolution.recitals, 1) if reference_id in r.references]
    clauses = [str(n) for n, c in enumerate(plan.resolution.clauses, 1) if reference_id in c.references]
    policy, regulation = ([] if instrument is None else
                          list(dict.fromkeys(paragraph.number for section in instrument.sections
                                             for paragraph in section.paragraphs if reference_id in paragraph.references))
                          for instrument in (plan.policy, plan.regulation))
    parts = [f"{words[label]} {', '.join(numbers)}" for label, numbers in
             (("appendix_recitals", recitals), ("appendix_clauses", clauses), ("appendix_policy", policy),
              ("appendix_regulation", regulation)) if numbers]
    return words["appendix_used"].format(places="; ".join(parts) or words["appendix_whole"])


def annotate(plan: DocumentPlan, answers: Answers, library: Library) -> DocumentPlan:
    lang, state = answers.language, answers.district.state
    words = library.phrases[lang]
    in_force = {rid: ref for rid, ref in library.references.items() if ref.state in (None, state)}
    instruments = [i for i in (plan.policy, plan.regulation) if i is not None]
    used = [x for x in (*plan.resolution.recitals, *plan.resolution.clauses,
                        *(p for i in instruments for s in i.sections for p in s.paragraphs))]
    notes = {}
    for provision, values in [(library.base, {}), *((library.provisions[c.id], c.options) for c in answers.provisions)]:
        ids = dict.fromkeys([*provision.references,
                             *(rid for x in used if x.provision_id == provision.id for rid in x.references)])
        refs = [in_force[rid] for rid in ids if rid in in_force]
        lines = [provision.title[lang], provision.rationale[lang]]
        if refs:
            lines.append(f"{words['annotation_references']} {'; '.join(plain(listed(ref, lang)) for ref in refs)}")
        lines += [words["annotation_verify"].format(reference=plain(listed(ref, lang)), what=ref.verify[lang])
                  for ref in refs if ref.verify]
        if provision.category in library.categories and library.categories[provision.category].flavor == "lgbtq":
            lines.append(words["annotation_lgbtq"])
        profile = library.state_profiles.get(state)
        if profile and provision.id in profile.at_risk:  # the state's law collides with this provision's text
            lines.append(words["annotation_state_risk"].format(state=library.states[state][lang],
                                                               warning=profile.warning[lang]))
        if profile and profile.option_warning and profile.risky_choices({provision.id: values}):
            lines.append(words["annotation_option_risk"].format(state=library.states[state][lang],
                                                                warning=profile.option_warning[lang]))
        choices = _choice_words(provision, values, lang, words)
        if choices:
            lines.append(f"{words['annotation_options']} {'; '.join(choices)}")
        notes[provision.id] = tuple(lines)
    printed = (lang, *(code for code in library.phrases if code != lang)) if answers.output.bilingual else (lang,)
    notes.update(local_notes(answers.local, words, lang, printed))
    appendix = tuple(AppendixEntry(citation, _places(plan, rid, words))
                     for citation, rid in zip(plan.references, plan.reference_ids, strict=True))
    # A restrictive or one-agency jurisdiction's warning heads the drafts, where counsel reads first.
    profile = library.state_profiles.get(state)
    warning = profile.warning[lang] if profile and profile.warns(c.id for c in answers.provisions) else ""
    title_note = f"{words['title_note']} {warning}".strip()
    return replace(plan, annotations=notes, title_note=title_note, appendix_title=words["appendix_title"],
                   appendix=appendix)

"""The content passes a real spell checker: Debian's hunspell, with a project word list for legal names."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from library_cases import STATES, answers_for, selections
from real_parts import need
from resolution_builder import compose, load_library
from resolution_builder.composition.citations import in_text, listed
from resolution_builder.composition.plan import plain

WORDLISTS = Path(__file__).resolve().parent / "wordlists"
DICTIONARIES = {"en": "en_US", "es": "es_US"}
LIBRARY = load_library()


def _hunspell(dictionary: str) -> None:
    need(bool(shutil.which("hunspell")) and Path(f"/usr/share/hunspell/{dictionary}.dic").is_file(),
         f"hunspell with the {dictionary} dictionary is needed: apt-get install hunspell hunspell-en-us hunspell-es")


def _without_citations(note: str) -> str:
    """A note for counsel (the annotated edition) without the addresses and citations it names."""
    note = re.sub(r"https?://\S+|Lau v\. Nichols", " ", note)
    note = re.sub(r"(?:\b[A-Z][A-Za-z]*\.?\s)*(?:§§?|art\.)\s?[\w.()–-]+", " ", note)  # Educ. Code § 32282
    note = re.sub(r"\bPub\. L\. [\d-]+|(?:\([A-Za-z0-9]{1,3}\))+", " ", note)  # Pub. L. 112-278, (b)(2)(B)
    return re.sub(r"\b(?:[A-Z]\.){2,}[A-Z]?\.?|\b(?:ORS|ILCS|AB|SB|HB|P\.A\.)\s?[\w.:-]+", " ", note)


def content_texts(language: str) -> list[str]:
    """Every sentence a person can see in that language: documents in every state, picker texts, options."""
    texts = []
    everything = selections()["everything"]
    for state in STATES:
        plan = compose(answers_for(everything, state, language))
        texts += [plan.resolution.title, plan.resolution.adopted, plan.policy.title, plan.policy.adopted]
        texts += [item.text for item in (*plan.resolution.recitals, *plan.resolution.clauses)]
        texts += [plan.resolution.certificate.title, plan.resolution.certificate.text]
        texts += [p.full_text for s in plan.policy.sections for p in s.paragraphs if p.kind != "reference"]
        texts += [s.title for s in plan.policy.sections]
    for provision in [LIBRARY.base, *LIBRARY.provisions.values()]:
        texts += [provision.title[language], provision.summary[language], provision.rationale[language]]
        for option in provision.options:
            texts += [option.label[language], *(option.help or {}).get(language, "").split("\n")]
            texts += [t for c in getattr(option, "choices", []) for t in (c.label[language], c.text[language])]
            if option.type == "text":
                texts.append(option.default[language])
    texts += [c.title[language] for c in LIBRARY.categories.values()]
    texts += [_without_citations(r.verify[language]) for r in LIBRARY.references.values() if r.verify]
    # Citations keep their official English form, the answers are the district's own words, and
    # "n.º" is the Spanish abbreviation of "número": none of them is content to check.
    not_content = sorted({plain(listed(r, lang)) for r in LIBRARY.references.values() for lang in ("en", "es")} |
                         {plain(in_text(r, lang)) for r in LIBRARY.references.values() for lang in ("en", "es")} |
                         {r.cite for r in LIBRARY.references.values() if r.cite} |
                         {cite for r in LIBRARY.references.values() for cite in r.cite_local.values()},
                         key=len, reverse=True)
    not_content += ["Cedar Valley Unified School District", "Board of Education", "Núm."]
    for phrase in not_content:
        texts = [t.replace(phrase, " ") for t in texts]
    # The letters of a shared clause's parts ("(a)", "b)") and a visa class ("F-1") are labels, not words.
    return [re.sub(r"\(?\b[a-z]\)|\bF-1\b", " ", t) for t in texts]


def misspelled(words: list[str], language: str) -> list[str]:
    result = subprocess.run(["hunspell", "-d", DICTIONARIES[language], "-p", str(WORDLISTS / f"{language}.txt"), "-l"],
                            input="\n".join(words), capture_output=True, text=True, timeout=120, check=True,
                            env={**os.environ, "LC_ALL": "C.UTF-8"})
    return sorted(set(result.stdout.split()))


@pytest.mark.parametrize(("language", "words", "wrong"), [
    ("en", ["Plyler", "receive", "recieve", "Plyer"], ["Plyer", "recieve"]),
    ("es", ["educación", "educacion", "Junta", "escuelas", "escuelaz"], ["educacion", "escuelaz"]),
])
def test_the_checker_catches_misspellings(language, words, wrong):
    _hunspell(DICTIONARIES[language])
    assert misspelled(words, language) == wrong


@pytest.mark.parametrize("language", ["en", "es"])
def test_content_passes_hunspell(language):
    dictionary = DICTIONARIES[language]
    _hunspell(dictionary)
    words = sorted({w for text in content_texts(language) for w in re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", text)})
    assert len(words) > 500
    misspelled_words = misspelled(words, language)
    assert misspelled_words == [], f"not in the {dictionary} dictionary or tests/wordlists/{language}.txt: {misspelled_words}"

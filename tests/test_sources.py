"""Official sources (issue 21): every reference and state law says whether its source is the official text; a
secondary page says why. The list of secondary domains is written out here, so that a new one is a visible
change for counsel to weigh."""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

from helpers import safe_zone

# Every domain from which a secondary page is cited today (law firms, unofficial code copies, bill trackers,
# news and advocacy pages, hosted copies, districts' own pages, and government pages that describe a law rather
# than give its text). Replace each with the official text when found; searched again 2026-12-05.
SECONDARY_DOMAINS = set("""
csac.ca.gov laws9.com nilc.org
abetterframingham.org fox6now.com immpolicytracking.org nafsa.org sfcityattorney.org
aalrr.com acludc.org app.legiplex.com asbar.org atg.wa.gov attleboroschools.com bills.nhliberty.org
billtrack50.com casetext.com cde.ca.gov codes.lp.findlaw.com constitution.findlaw.com content.govdelivery.com
docsbay.net getpocketlaw.com govt.westlaw.com
highlineschools.org insidernj.com instalawyer.io jdsupra.com jurris.com lascrucesdigest.com
law.cornell.edu law.onecle.com law.uslawyerdatabase.com lawserver.com legalclarity.org legalfina.com lexace.ai lexjuris.com
library.oconnorinstitute.org lrs.sog.unc.edu mi50000060.schoolwires.net open.pluralpolicy.com policyrisk.com
pubt.io readingroom.law.gsu.edu reason.com regulations.justia.com safesupportivelearning.ed.gov scribd.com
statepolicies.nasbe.org supreme.justia.com teadev.tea.texas.gov texas.public.law usconstitution.net wrtv.com
wusf.org wyomingstarnews.org
""".split())
# An official source is a government's own site: a .gov domain, a state's .state.xx.us domain, the Illinois
# State Board of Education's isbe.net, or the Northern Mariana Islands' Law Revision Commission's cnmilaw.org.
OFFICIAL = re.compile(r"(\.gov\.?|\.state\.[a-z]{2}\.us|^isbe\.net|^cnmilaw\.org)$")


def _json(*args: str) -> list[dict]:
    return json.loads(_ok(*args, "--json"))


def _ok(*args: str) -> str:
    """``safe-zone ARGS``'s output (in this process); it must succeed."""
    result = safe_zone(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _domain(url: str) -> str:
    return urlparse(url).netloc.lower().removeprefix("www.")


def test_references_json_gives_every_reference_a_source_kind():
    references = _json("references")
    assert len(references) >= 50
    assert {r["source_kind"] for r in references} == {"official", "secondary"}
    for r in references:
        assert (r["source_kind"] == "secondary") == bool(r["source_reason"]), r["id"]


def test_every_non_official_domain_is_listed_and_every_official_one_is_a_government_site():
    sources = _json("references") + [law for state in _json("states") for law in state["laws"]]
    assert len(sources) >= 130
    secondary = {_domain(s["source"]) for s in sources if s["source_kind"] == "secondary"}
    official = {_domain(s["source"]) for s in sources if s["source_kind"] == "official"}
    assert secondary == SECONDARY_DOMAINS
    assert sorted(d for d in official if not OFFICIAL.search(d)) == []
    assert not secondary & official


def test_the_text_listing_shows_the_kind_and_the_reason():
    out = _ok("states")
    assert "https://capitol.texas.gov/tlodocs/892/analysis/html/SB00008H.htm (official; checked 2026-12-04)" in out
    assert "(secondary: law firm's summary; the official text was not reached; checked" in out


def test_the_spanish_listings_say_why_a_page_is_secondary_in_spanish():
    for command in ("references", "states"):
        out = _ok(command, "--language", "es")
        assert "(secundaria: copia no oficial de la ley, la norma o la sentencia; no se consultó la edición oficial; " \
               "consultado el 2026-" in out, command
        assert "unofficial copy" not in out and "checked 20" not in out and "(secondary" not in out, command
    rows = _json("references", "--language", "es")
    assert all(r["source_reason"] is None or "no se consult" in r["source_reason"] for r in rows)


# The packet's questions and talking points state legal facts of a given date (issue 21, H-4). Each line that names a
# year from 2025 on, an executive order or a court case names, under packet.yaml's `sources`, the references that
# record where the fact was read, what kind of page that is and when it was checked.
DATED_FACT = re.compile(r"\b20(2[5-9]|[3-9]\d)\b|Executive Order|Orden Ejecutiva|\bv\. ")


def _packet_fact_lines(text: dict) -> dict[str, str]:
    """The lines of the questions and the talking points that may state facts, by their path in packet.yaml."""
    points = text["talking_points"]
    lines = {f"talking_points.{name}.{i}": line for name in ("points", "script") for i, line in enumerate(points[name])}
    lines |= {f"talking_points.{key}": line for key, line in points.items() if key.startswith("fact_")}
    lines |= {f"faq.questions.{key}": line for key, line in text["faq"]["questions"].items()}
    return lines


def test_every_dated_fact_in_the_questions_and_talking_points_names_recorded_references():
    from resolution_builder import load_library
    from resolution_builder.packet.text import PACKET_FILE
    from resolution_builder.yaml_io import load_yaml

    packet = load_yaml(PACKET_FILE.read_text(encoding="utf-8"))
    references = load_library().references
    sources = packet["sources"]
    for lang in ("en", "es"):
        lines = _packet_fact_lines(packet[lang])
        dated = {path for path, line in lines.items() if DATED_FACT.search(line)}
        assert sorted(dated - set(sources)) == [], lang
        assert sorted(set(sources) - set(lines)) == [], lang  # no entry for a line that does not exist
        for path in sources:
            for number in re.findall(r"(?:Executive Order|Orden Ejecutiva) (\d+)", lines[path]):
                assert any(number in references[rid].name["en"] for rid in sources[path]), (lang, path, number)
    for path, ids in sources.items():
        assert ids, path
        for rid in ids:
            assert rid in references, (path, rid)
            ref = references[rid]
            assert ref.source.startswith("https://") or ref.source.startswith("http://"), rid
            assert ref.source_kind in ("official", "secondary") and re.fullmatch(r"\d{4}-\d{2}-\d{2}", ref.checked), rid
            assert (ref.source_kind == "secondary") == bool(ref.source_reason), rid
    # the facts of 2025 and later that no official text confirmed in full say so to counsel
    for rid in ("eo-14159", "eo-14287", "doj-sanctuary-list-2025", "sf-v-trump-2025", "us-v-dugan-2025",
                "ag-sanctuary-directives-2025", "dhs-protected-areas-rescission-2025"):
        assert references[rid].verify and references[rid].verify["es"], rid

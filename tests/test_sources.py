"""Official sources (issue 21): every reference and state law says whether its source is the official text; a
secondary page says why. The list of secondary domains is written out here, so that a new one is a visible
change for counsel to weigh."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from urllib.parse import urlparse

# Every domain from which a secondary page is cited today (law firms, unofficial code copies, bill trackers,
# news and advocacy pages, hosted copies, districts' own pages, and government pages that describe a law rather
# than give its text). Replace each with the official text when found; searched again 2026-12-05.
SECONDARY_DOMAINS = set("""
csac.ca.gov laws9.com nilc.org
aalrr.com acludc.org app.legiplex.com asbar.org atg.wa.gov attleboroschools.com bills.nhliberty.org
billtrack50.com casetext.com cde.ca.gov codes.lp.findlaw.com constitution.findlaw.com content.govdelivery.com
customsmobile.com docsbay.net edlawdawg.com en.wikipedia.org getpocketlaw.com govregs.com govt.westlaw.com
highlineschools.org ilrc.org insidernj.com instalawyer.io jdsupra.com jurris.com lascrucesdigest.com
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
    out = subprocess.run([sys.executable, "-m", "resolution_builder", *args, "--json"], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


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
    out = subprocess.run([sys.executable, "-m", "resolution_builder", "states"], check=True, capture_output=True,
                         text=True).stdout
    assert "https://capitol.texas.gov/tlodocs/892/analysis/html/SB00008H.htm (official; checked 2026-12-04)" in out
    assert "(secondary: law firm's summary; the official text was not reached; checked" in out


def test_the_spanish_listings_say_why_a_page_is_secondary_in_spanish():
    for command in ("references", "states"):
        out = subprocess.run([sys.executable, "-m", "resolution_builder", command, "--language", "es"], check=True,
                             capture_output=True, text=True).stdout
        assert "(secundaria: copia no oficial de la ley, la norma o la sentencia; no se consultó la edición oficial; " \
               "consultado el 2026-" in out, command
        assert "unofficial copy" not in out and "checked 20" not in out and "(secondary" not in out, command
    rows = _json("references", "--language", "es")
    assert all(r["source_reason"] is None or "no se consult" in r["source_reason"] for r in rows)

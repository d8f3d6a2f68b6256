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
# news and advocacy pages, hosted copies, districts' own pages). Replace each with the official text when found.
SECONDARY_DOMAINS = set("""
aalrr.com acludc.org acluok.org app.legiplex.com asbar.org attleboroschools.com bills.nhliberty.org
billtrack50.com blindbrook.org casetext.com cnmilaw.org codes.lp.findlaw.com content.govdelivery.com
customsmobile.com docsbay.net dokumen.tips dunhamlaw.com edlawdawg.com en.wikipedia.org forbes.com gavvy.com
getpocketlaw.com govregs.com highlineschools.org ilrc.org insidernj.com instalawyer.io jdsupra.com
kbslawgroup.com keepinglawsimple.org ktjlaw.com lambbarnosky.com lascrucesdigest.com law.cornell.edu
law.onecle.com law.uslawyerdatabase.com lawserver.com lcwlegal.com legalclarity.org legiscan.com lexace.ai
library.oconnorinstitute.org lozanosmith.com lrs.sog.unc.edu mi50000060.schoolwires.net mississippitoday.org
open.pluralpolicy.com petition-447.com policyrisk.com pubt.io readingroom.law.gsu.edu reason.com
regulations.justia.com s3.us-west-2.amazonaws.com scribd.com self-law.org statepolicies.nasbe.org
supreme.justia.com syfert.com texas.public.law tfn.org vlex.com.pr wusf.org wyomingstarnews.org
oregonlaws.org religionclause.blogspot.com
""".split())
# An official source is a government's own site: a .gov domain, a state's .state.xx.us domain, or the Illinois
# State Board of Education's isbe.net.
OFFICIAL = re.compile(r"(\.gov\.?|\.state\.[a-z]{2}\.us|^isbe\.net)$")


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

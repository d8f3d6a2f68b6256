"""Whatever a person types comes out literally in both documents, or is refused with a message."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from helpers import build, minimal_data, texts
from resolution_builder.typed_text import clean_text, is_blank

TRICKY = ["< & > \" '", "{{ 7*7 }}", "{% if %}", "{%p endfor %}", "{{ district.name }}", "مدرسة السلام",
          "בית ספר", "🎒📚 Escuela", "Éçole Ñandú Ünïon", "O'Brien & Sons <USD>", "]]> <!-- -->", "\\n \\t"]

typed = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40),
    st.builds(lambda a, b: f"{a} {b}", st.sampled_from(TRICKY), st.text(min_size=1, max_size=20)),
).filter(lambda s: not is_blank(clean_text(s)[0]))  # text that shows nothing is refused as empty

LIAISON = {"id": "school-liaison", "options": {}}


@given(name=typed, title=typed)
def test_typed_text_appears_literally_in_both_documents(name, title):
    name, title = clean_text(name)[0][:150], clean_text(title)[0][:80]
    data = minimal_data(district={"name": name, "state": "NM"},
                        provisions=[{**LIAISON, "options": {"liaison_title": title}}])
    documents = build(data)
    for kind, document in documents.items():
        body = texts(document)
        assert name in body, f"district name missing from the {kind}"
        assert any(title in text for text in body), f"liaison title missing from the {kind}"
        assert not any("49" in t and "7*7" not in t and "49" not in name + title for t in body)

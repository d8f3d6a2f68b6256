"""A districts spreadsheet with good and bad rows, shared by the batch command's and the app page's tests."""

from __future__ import annotations

import csv
import io

HEADER = ["district.name", "district.state", "district.city", "board.name", "adoption.meeting_date", "language",
          "provisions", "provisions.staff-training.training_days"]
GOOD = {  # spreadsheet row number -> district name
    2: "Alder Creek Unified School District, North Campus",  # a comma inside a quoted cell
    3: "Distrito Escolar de Peñasco",  # non-ASCII
    8: "Øresund Ñandú School District",
}
BAD = {  # row number -> (district name, the field its problem names)
    4: ("Bad State School District", "district.state"),
    5: ("", "district.name"),
    6: ("Bad Date School District", "adoption.meeting_date"),
    7: ("Unknown Provision School District", "provisions[1].id"),
}
ROWS = [
    [GOOD[2], "CA", "Alder Creek", "Board of Education", "2026-12-10", "en", "", ""],
    [GOOD[3], "nm", "Peñasco", "Junta de Educación", "2026-11-02", "es", "", ""],
    [BAD[4][0], "ZZ", "", "Board of Education", "2026-12-10", "en", "", ""],
    ["", "CA", "", "Board of Education", "2026-12-10", "en", "", ""],
    [BAD[6][0], "OR", "", "Board of Directors", "2026-02-30", "en", "", ""],
    [BAD[7][0], "WA", "", "Board of Directors", "", "en", "safe-zone-declaration; no-such-provision", ""],
    [GOOD[8], "WA", "", "Board of Directors", "", "", "safe-zone-declaration;staff-training", "30"],
]


def districts_csv(header: list[str] = HEADER, rows: list[list[str]] = ROWS) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode("utf-8")

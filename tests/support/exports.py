"""The records the export tests sign: how many, and two either side of midnight UTC."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

#: The demo records HR's export dialog tests start from.
DEMO_RECORDS = 24
#: Signed late on 30 June in California: 1 July in UTC.
LATE_IN_CALIFORNIA = (
    "Ada Late-West",
    datetime(2025, 6, 30, 23, 30, tzinfo=timezone(timedelta(hours=-8))),
)
#: Signed early on 1 July in Tokyo: still 30 June in UTC.
EARLY_IN_TOKYO = (
    "Kenji Early-East",
    datetime(2025, 7, 1, 0, 30, tzinfo=timezone(timedelta(hours=9))),
)


#: Records the worker-process export tests sign: four chunks of 4 (the last one short), over two
#: workers.
RECORDS_FOR_WORKERS = 13

#: Two signers' names that a spreadsheet would take as formulas.
FORMULA_NAMES = ('=HYPERLINK("http://x","y")', "@SUM(A1)")

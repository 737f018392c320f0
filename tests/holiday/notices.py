"""Notice files for the tests: a 2027 year shaped like the State Council's notices."""

from __future__ import annotations

NOTICE_2027 = """\
year = 2027
source = "国办发明电〔2026〕N号"
holidays = ["2027-01-01", "2027-01-02", "2027-01-03",
            "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10",
            "2027-02-11", "2027-02-12"]
workdays = ["2027-02-14"]
"""
"""New Year's Day off from Friday to Sunday; Spring Festival 02-06 … 02-12; Sunday 02-14 worked.

The dates are made up for the tests (the 2027 notice is not out when this is written); the
shape is the notices' own: days off including the weekends inside a holiday, and the worked
weekends.
"""


def notice(**fields: str) -> bytes:
    """NOTICE_2027 with some fields replaced by the given TOML right-hand sides."""
    lines = []
    for line in NOTICE_2027.replace(",\n            ", ", ").splitlines():
        key = line.split("=", 1)[0].strip()
        lines.append(f"{key} = {fields.pop(key)}" if key in fields else line)
    lines.extend(f"{key} = {value}" for key, value in fields.items())
    return ("\n".join(lines) + "\n").encode("utf-8")

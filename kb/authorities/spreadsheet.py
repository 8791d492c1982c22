"""CSV cells a spreadsheet would run as a formula (CSV injection), made harmless.

Excel, LibreOffice and Google Sheets take a cell that begins with "=", "+", "-" or "@"
(or a tab or carriage return before one) for a formula: an authority named
`=HYPERLINK("https://evil.example", "Details")` would become a link, and a handle such
as "@BMI_Bund" an error. Such cells are written with a leading apostrophe, which the
spreadsheets show as text (OWASP's advice); the importer takes it off again, so an
export still imports into an empty registry unchanged.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def read_cell(value: str) -> str:
    """A cell as written before safe_cell()."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value

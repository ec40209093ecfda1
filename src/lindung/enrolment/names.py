"""Name keys for probable-duplicate detection, allowing Indonesian spelling variants."""

from __future__ import annotations

import polars as pl

TITLES = r"^(?:(?:DRS?|IR|HJ?|KH|TGK|RA|R|RR|PROF|DRA|NY|TN|SDR|SDRI|ST)\.?\s+)+"
VARIANTS = [
    (
        r"\b(?:MUHAMMAD|MUHAMAD|MOHAMMAD|MOHAMAD|MUHAMMED|MOHAMMED|MOCHAMMAD|MOCHAMAD|MUH|MOH|MHD|MUHD|M)\b\.?",
        "MUHAMMAD",
    ),
    (r"\bNOOR\b", "NUR"),
    (r"\bNURUL\b", "NUR"),
    (r"\bST\b\.?", "SITI"),
    (r"\bABD\b\.?", "ABDUL"),
]


def name_key_expr(expr: pl.Expr) -> pl.Expr:
    """Upper case, degrees (after a comma) and leading titles removed, variants unified, letters only."""
    e = expr.fill_null("").str.to_uppercase().str.replace(r",.*$", "").str.strip_chars()
    e = e.str.replace(TITLES, "")
    for pattern, repl in VARIANTS:
        e = e.str.replace_all(pattern, repl)
    return e.str.replace_all(r"[^A-Z]", "")

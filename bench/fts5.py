"""SQLite FTS5 on the same pilots and queries, for comparison.

FTS5 has no Dutch stemmer (only `unicode61`, with accent folding, and an
English Porter stemmer), so "fietsen" does not find "fiets" here and hit
counts differ from the Whoosh backend's. Facet counts are SQL GROUP BYs over
the matching rows; snippets come from FTS5's own `snippet()`/`highlight()`.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from registry.search.documents import LAYER_WORDS, THEME_WORDS

FACET_SQL = {
    "phase": "SELECT f.phase, count(*) FROM m JOIN facet f ON f.id = m.rowid GROUP BY 1",
    "province": "SELECT f.province, count(*) FROM m JOIN facet f ON f.id = m.rowid GROUP BY 1",
    "layer": "SELECT f.layer, count(*) FROM m JOIN facet f ON f.id = m.rowid GROUP BY 1",
    "theme": "SELECT t.theme, count(*) FROM m JOIN doc_theme t ON t.id = m.rowid GROUP BY 1",
    "organisation": "SELECT o.code, count(*) FROM m JOIN doc_org o ON o.id = m.rowid GROUP BY 1",
}


def build(target: Path, source: Path) -> dict:
    started = time.perf_counter()
    con = sqlite3.connect(target)
    con.execute(f"ATTACH DATABASE '{source}' AS src")
    con.executescript(
        """
        CREATE VIRTUAL TABLE doc USING fts5(
            title, summary, body, organisations, topics,
            tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TABLE facet (id INTEGER PRIMARY KEY, phase TEXT, province TEXT, layer TEXT,
                            published TEXT, score REAL, adopters INTEGER);
        CREATE TABLE doc_theme (id INTEGER, theme TEXT);
        CREATE TABLE doc_org (id INTEGER, code TEXT);
        """
    )
    con.create_function("theme_words", 1, lambda code: THEME_WORDS.get(code, code))
    con.create_function("layer_words", 1, lambda code: LAYER_WORDS.get(code, code or ""))
    con.executescript(
        """
        INSERT INTO doc_theme SELECT project_id, theme FROM src.project_theme;
        INSERT INTO doc_org SELECT p.id, o.code FROM src.project p
            JOIN src.organisation o ON o.id = p.owner_id;
        INSERT INTO doc_org SELECT pp.project_id, o.code FROM src.project_partner pp
            JOIN src.organisation o ON o.id = pp.organisation_id;
        INSERT INTO facet SELECT p.id, p.phase, o.province, p.common_ground_layer,
            p.published_at, p.score, p.adopter_count
            FROM src.project p JOIN src.organisation o ON o.id = p.owner_id;
        CREATE INDEX ix_doc_theme ON doc_theme (id);
        CREATE INDEX ix_doc_org ON doc_org (id);
        INSERT INTO doc (rowid, title, summary, body, organisations, topics)
        SELECT p.id, p.title, p.summary,
               p.problem || ' ' || p.approach || ' ' || p.results || ' ' || p.lessons,
               (SELECT group_concat(o.name, ' ') FROM doc_org d
                  JOIN src.organisation o ON o.code = d.code WHERE d.id = p.id),
               (SELECT group_concat(theme_words(t.theme), ' ') FROM doc_theme t WHERE t.id = p.id)
                 || ' ' || layer_words(p.common_ground_layer) || ' ' || o.province
        FROM src.project p JOIN src.organisation o ON o.id = p.owner_id;
        INSERT INTO doc(doc) VALUES ('optimize');
        """
    )
    con.commit()
    con.close()
    return {"build_seconds": time.perf_counter() - started, "size_mb": target.stat().st_size / 1e6}


def match_expression(text: str) -> str | None:
    """User text as a safe FTS5 query: quoted tokens, quoted phrases, last word as prefix."""
    phrases = re.findall(r'"([^"]+)"', text)
    rest = re.sub(r'"[^"]*"', " ", text)
    words = re.findall(r"\w+", rest)
    parts = ['"' + " ".join(re.findall(r"\w+", p)) + '"' for p in phrases if re.search(r"\w", p)]
    parts += [f'"{w}"' for w in words]
    if words and len(words[-1]) >= 3 and not text.rstrip().endswith('"'):
        parts[-1] = f'("{words[-1]}" OR "{words[-1]}"*)'
    return " AND ".join(parts) or None


def search(con: sqlite3.Connection, text: str) -> dict:
    expression = match_expression(text)
    con.execute("DROP TABLE IF EXISTS temp.m")
    con.execute("CREATE TEMP TABLE m AS SELECT rowid FROM doc WHERE doc MATCH ?", (expression,))
    total = con.execute("SELECT count(*) FROM m").fetchone()[0]
    facets = {name: con.execute(sql).fetchall() for name, sql in FACET_SQL.items()}
    hits = con.execute(
        "SELECT rowid, highlight(doc, 0, '<mark>', '</mark>'),"
        " snippet(doc, 2, '<mark>', '</mark>', '…', 24)"
        " FROM doc WHERE doc MATCH ? ORDER BY bm25(doc, 6.0, 3.0, 1.0, 2.0, 2.0) LIMIT 20",
        (expression,),
    ).fetchall()
    return {"total": total, "facets": facets, "hits": hits}


def measure(
    target: Path,
    source: Path,
    queries: dict[str, list[str]],
    repeats: int,
    timings: Callable,
) -> dict:
    result = build(target, source)
    con = sqlite3.connect(target)
    per_query = {}
    for texts in queries.values():
        for text in texts:
            hits = search(con, text)["total"]
            per_query[text] = {"hits": hits, **timings(lambda t=text: search(con, t), repeats)}
    con.close()
    result["queries"] = per_query
    return result

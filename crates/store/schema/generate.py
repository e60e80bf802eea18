#!/usr/bin/env python3
"""Turns each portable schema/*.sql into migrations/sqlite/ and migrations/postgres/ files of the
same name. Run it after editing a schema file; a store test fails if the outputs are stale.

A change to an existing table sometimes has no portable form (SQLite cannot drop a NOT NULL but
by rebuilding the table). Such lines go between `-- only: sqlite` (or `postgres`) and
`-- only: end`; the other backend's file leaves them out."""
import pathlib, re

ROOT = pathlib.Path(__file__).resolve().parent
TYPES = {
    "sqlite": {"ID": "INTEGER PRIMARY KEY AUTOINCREMENT", "TS": "DATETIME", "JSON": "TEXT"},
    "postgres": {"ID": "BIGSERIAL PRIMARY KEY", "TS": "TIMESTAMP(6)", "JSON": "JSONB"},
}

def render(text, backend):
    def line(l):
        if l.lstrip().startswith("--"):
            return l
        for word, sql in TYPES[backend].items():
            l = re.sub(rf"\b{word}\b", sql, l)
        return l
    out, only = [], None
    for l in text.split("\n"):
        marker = re.fullmatch(r"\s*-- only: (\w+)\s*", l)
        if marker:
            only = None if marker.group(1) == "end" else marker.group(1)
            continue
        if only is None or only == backend:
            out.append(line(l))
    return "\n".join(out)

def main():
    import sys
    check = "--check" in sys.argv
    stale = []
    for src in sorted(ROOT.glob("*.sql")):
        for backend in TYPES:
            out = ROOT.parent / "migrations" / backend / src.name
            text = render(src.read_text(), backend)
            if check:
                if not out.exists() or out.read_text() != text:
                    stale.append(str(out))
            else:
                out.write_text(text)
    if stale:
        print("run schema/generate.py; stale:", *stale)
        sys.exit(1)

main()

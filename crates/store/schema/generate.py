#!/usr/bin/env python3
"""Turns each portable schema/*.sql into migrations/sqlite/ and migrations/postgres/ files of the
same name. Run it after editing a schema file; a store test fails if the outputs are stale.

Text between `-- BEGIN sqlite` and `-- END sqlite` (or `postgres`) goes to that backend only
(triggers, whose languages differ); the marker lines themselves are dropped."""
import pathlib, re

ROOT = pathlib.Path(__file__).resolve().parent
TYPES = {
    "sqlite": {"ID": "INTEGER PRIMARY KEY AUTOINCREMENT", "TS": "DATETIME", "JSON": "TEXT"},
    "postgres": {"ID": "BIGSERIAL PRIMARY KEY", "TS": "TIMESTAMP(6)", "JSON": "JSONB"},
}
MARKER = re.compile(r"^-- (BEGIN|END) (sqlite|postgres)\s*$")

def render(text, backend, name="schema"):
    out, only = [], None
    for n, l in enumerate(text.split("\n"), 1):
        m = MARKER.match(l)
        if m:
            kind, which = m.groups()
            if (kind == "BEGIN") != (only is None) or (kind == "END" and which != only):
                raise SystemExit(f"{name}:{n}: unbalanced {l.strip()!r}")
            only = which if kind == "BEGIN" else None
            continue
        if only is not None and only != backend:
            continue
        if not l.lstrip().startswith("--"):
            for word, sql in TYPES[backend].items():
                l = re.sub(rf"\b{word}\b", sql, l)
        out.append(l)
    if only is not None:
        raise SystemExit(f"{name}: -- BEGIN {only} has no END")
    return "\n".join(out)

def main():
    import sys
    check = "--check" in sys.argv
    stale = []
    for src in sorted(ROOT.glob("*.sql")):
        for backend in TYPES:
            out = ROOT.parent / "migrations" / backend / src.name
            text = render(src.read_text(), backend, src.name)
            if check:
                if not out.exists() or out.read_text() != text:
                    stale.append(str(out))
            else:
                out.write_text(text)
    if stale:
        print("run schema/generate.py; stale:", *stale)
        sys.exit(1)

main()

"""One ``eventwire ingest`` over a folder of good articles beside hostile inputs (issue 12).

Every hostile input must end as a recorded rejection with a clear reason, every good article's events
must be stored, and the run must stay bounded in time and memory. The hostile files are built here
(nothing large is committed): an XXE feed, a billion-laughs feed, a feed nested 200,000 levels, two
1 GiB gzip bombs (zeros, and newlines that a line reader would otherwise iterate a billion times), a
FIFO, a symlink loop, a CSV with NUL bytes, a JSON Lines file nested 200,000 levels, a 55 MB text file,
a file that is not UTF-8 (nor any 8-bit text), and a JSON line with an unpaired surrogate. A good
article under a file name that is not UTF-8 must be stored (its name once crashed the store).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
import zlib
from pathlib import Path

import sqlalchemy as sa

from eventwire.store import schema

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
GOOD = ["drc-beni-village-attack-2024-09-10.txt", "iraq-drone-claims-2024-03-26.txt",
        "burkina-djibo-army-post-attack-2024-08-27.txt"]
GIB = 1 << 30
ODD_NAME = b"caf\xe9-report.txt"  # Latin-1 bytes in a file name: not UTF-8
ODD_SHOWN = "caf\\xe9-report.txt"  # how the store names it


def gzip_bomb(path: Path, byte: bytes, size: int = GIB) -> Path:
    """``size`` bytes of ``byte`` gzipped, as concatenated gzip members of 1 MiB each (fast to build:
    one member is compressed once and written ``size / 1 MiB`` times; gzip readers read every member)."""
    chunk = byte * (1 << 20)
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: a gzip member, header and trailer
    member = packer.compress(chunk) + packer.flush()
    with path.open("wb") as out:
        for _ in range(size // len(chunk)):
            out.write(member)
    return path


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>Leak</title>
<item><guid>xxe-1</guid><title>Clashes</title><pubDate>Mon, 02 Sep 2024 10:00:00 GMT</pubDate>
<description>Gunmen attacked a police post in Mosul on Monday, killing three officers. &xxe;</description></item>
</channel></rss>
"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs</title>
<item><guid>lol-1</guid><description>Militants shelled a village near Goma on Friday. &lol9;</description></item>
</channel></rss>
"""


def hostile_folder(root: Path) -> dict[str, str]:
    """Build the folder; gives each hostile file's name and the rejection reason it must get."""
    for name in GOOD:
        shutil.copy(EXAMPLES / name, root / name)
    with open(os.fsencode(root) + b"/" + ODD_NAME, "wb") as out:
        out.write((EXAMPLES / "gaza-khan-younis-strike-2024-05-14.txt").read_bytes())
    (root / "xxe.xml").write_bytes(XXE)
    (root / "laughs.xml").write_bytes(LAUGHS)
    (root / "deep.xml").write_bytes(b'<?xml version="1.0"?><rss version="2.0"><channel>'
                                    + b"<x>" * 200_000 + b"</x>" * 200_000 + b"</channel></rss>")
    gzip_bomb(root / "bomb.txt.gz", b"\x00")
    gzip_bomb(root / "bomb.jsonl.gz", b"\n")
    os.mkfifo(root / "pipe.txt")
    os.symlink("loop-b.txt", root / "loop-a.txt")
    os.symlink("loop-a.txt", root / "loop-b.txt")
    (root / "nul.csv").write_bytes(b"id,text\nn1,Gunmen\x00 attacked\x00 a\x00 market\x00\n")
    (root / "deep.jsonl").write_bytes(b'{"text": "Protesters marched in Basra.", "x": ' + b"[" * 200_000
                                      + b"]" * 200_000 + b"}\n")
    with (root / "huge.txt").open("wb") as out:
        line = b"Protesters gathered in the square again and the police watched them. " * 14 + b"\n"
        for _ in range(55 * 1_000_000 // len(line) + 1):
            out.write(line)
    (root / "not-utf8.txt").write_bytes(b"Police said \x81\x8d\x90\x9d the march \x85\x81 ended" + b"\x9d\x8f" * 20)
    (root / "surrogate.jsonl").write_text('{"id": "s-1", "text": "Gunmen attacked Beni \\ud800 on Monday."}\n')
    return {
        "xxe.xml": "unsafe_xml", "laughs.xml": "unsafe_xml", "deep.xml": "too_deep",
        "bomb.txt.gz": "too_large", "bomb.jsonl.gz": "too_large", "pipe.txt": "not_a_file",
        "loop-a.txt": "unreadable", "loop-b.txt": "unreadable", "nul.csv": "binary",
        "deep.jsonl": "too_deep", "huge.txt": "too_large", "not-utf8.txt": "undecodable",
        "surrogate.jsonl": "undecodable",
    }


def test_one_ingest_over_a_hostile_folder_rejects_each_bad_input_and_stores_every_good_one(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    expected = hostile_folder(folder)
    db = tmp_path / "ew.db"
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "eventwire.cli", "ingest", str(folder), "--db", str(db), "--no-geo"],
                          capture_output=True, text=True, timeout=300)
    seconds = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest child so far
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr

    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        rejections = {Path(r.origin).name: r for r in conn.execute(sa.select(schema.rejections))}
        stored = {Path(r.origin).name: r.id for r in conn.execute(sa.select(schema.articles.c.origin, schema.articles.c.id))}
        with_events = set(conn.execute(sa.select(schema.events.c.article_id)).scalars())
    engine.dispose()

    got = {name: r.reason for name, r in rejections.items()}
    assert got == expected
    for name, r in rejections.items():
        assert name in r.detail and "\n" not in r.detail and len(r.detail) < 400, r.detail
    assert set(stored) == {*GOOD, ODD_SHOWN}  # nothing hostile slipped in as an article
    assert all(stored[name] in with_events for name in stored)
    assert peak_mb < 1536, f"peak RSS {peak_mb:.0f} MB"
    assert seconds < 120, f"the run took {seconds:.0f} s"
    print(f"hostile folder: {seconds:.1f} s, peak RSS {peak_mb:.0f} MB")  # noqa: T201 — reported with -s


def test_gzip_bomb_is_cut_off_early(tmp_path: Path) -> None:
    # A 1 GiB newline bomb is rejected after reading a bounded prefix, not after a billion lines.
    from eventwire.ingest import read_inputs

    bomb = gzip_bomb(tmp_path / "b.jsonl.gz", b"\n")
    started = time.monotonic()
    (out,) = list(read_inputs([str(bomb)]))
    assert out.reason == "too_large" and "compress" in out.detail  # type: ignore[union-attr]
    assert time.monotonic() - started < 10


def test_deep_json_line_is_rejected_and_later_lines_still_read(tmp_path: Path) -> None:
    from eventwire.ingest import read_inputs
    from eventwire.model import Article

    src = tmp_path / "d.jsonl"
    src.write_text('{"text": "x", "m": ' + "[" * 5000 + "]" * 5000 + "}\n"
                   + json.dumps({"text": "Gunmen attacked a police post in Mosul on Monday."}) + "\n")
    first, second = list(read_inputs([str(src)]))
    assert first.reason == "too_deep" and first.line == 1  # type: ignore[union-attr]
    assert isinstance(second, Article)


def test_readme_lists_every_limit_with_its_default_and_how_to_change_it() -> None:
    import re

    from eventwire.config import DEFAULT_ARTICLE_TIMEOUT, DEFAULT_MAX_BYTES, DEFAULT_MAX_FILE_BYTES
    from eventwire.ingest import MAX_REJECTIONS_PER_FILE
    from eventwire.ingest.limits import MAX_GZIP_RATIO, MAX_JSON_DEPTH, MAX_XML_DEPTH
    from eventwire.store.engine import BUSY_TIMEOUT_MS
    from eventwire.store.store import WRITE_ATTEMPTS

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Limits\n(.*?)(?=^## )", readme, flags=re.S | re.M)
    assert match, "README has no Limits section"
    section = match.group(1)
    for name in ("--max-bytes", "--max-file-bytes", "--article-timeout", "EVENTWIRE_BUSY_TIMEOUT", "MAX_GZIP_RATIO",
                 "GZIP_RATIO_AFTER", "MAX_JSON_DEPTH", "MAX_XML_DEPTH", "MAX_REJECTIONS_PER_FILE"):
        assert name in section, name
    for default in (f"{DEFAULT_MAX_BYTES:,} bytes", f"{DEFAULT_MAX_FILE_BYTES:,}", f"{MAX_GZIP_RATIO} ×",
                    f"{MAX_JSON_DEPTH} levels", f"{MAX_XML_DEPTH} levels", f"{MAX_REJECTIONS_PER_FILE:,}, then",
                    f"| {DEFAULT_ARTICLE_TIMEOUT:g} s |", f"{BUSY_TIMEOUT_MS // 1000} s, {WRITE_ATTEMPTS} tries"):
        assert default in section, default


def test_a_folder_that_cannot_be_listed_is_a_rejection_not_a_silent_skip(tmp_path: Path) -> None:
    # The folder vanishes between the walk seeing it and listing it (as an unmounted or locked one would
    # fail): os.walk skips such folders silently unless told.
    from eventwire.ingest import read_inputs
    from eventwire.model import Article

    (tmp_path / "a.txt").write_text("Gunmen attacked a police post in Mosul on Monday.")
    (tmp_path / "z").mkdir()
    (tmp_path / "z" / "b.txt").write_text("Militants shelled a village near Goma on Friday.")
    items = read_inputs([str(tmp_path)])
    first = next(items)
    shutil.rmtree(tmp_path / "z")
    rest = list(items)
    assert isinstance(first, Article)
    assert [(Path(r.origin).name, r.reason) for r in rest] == [("z", "unreadable")]  # type: ignore[union-attr]
    assert "could not be listed" in rest[0].detail  # type: ignore[union-attr]

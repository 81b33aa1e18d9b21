"""Where the public gold datasets come from: a name in, what it is, its source, licence and how to get it.

The quality gate (``make gate``) and ``eventwire eval`` measure eventwire on third-party data that the
repository does not ship. Each set is read as JSON Lines (one record per line: ``id``, ``text`` and
``date``/``title``/``url`` where known; geoparsing records add ``toponyms``, event records ``label``,
time records ``timexes``), under a data folder at the relative ``path`` given here. This catalogue is
what a missing-data message names, so a user knows what to fetch rather than which folder to copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, kw_only=True, slots=True)
class PublicDataset:
    """One third-party dataset: where it is expected, what it is and how a user obtains it."""

    name: str
    path: str  # relative to the data folder (``EVENTWIRE_SHARED``/data)
    what: str
    source: str
    licence: str
    obtain: str

    def describe(self) -> str:
        """A few lines for a missing-data message: name, path, source, licence and how to get it."""
        return (f"- {self.name} (expected at data/{self.path}): {self.what}\n"
                f"  source: {self.source} (licence: {self.licence})\n"
                f"  obtain: {self.obtain}")


_CONVERT = ("convert it to the JSON Lines record format of eventwire.evaluate.sources "
            "(the gate pins the sha256 of the converted file its floors were measured on)")

PUBLIC_DATASETS: tuple[PublicDataset, ...] = (
    PublicDataset(
        name="CASE 2021 Task 2 (fine-grained event classification), dev half",
        path="events/case2021_dev.jsonl",
        what="509 news snippets labelled with one socio-political event type (ACLED-like codes)",
        source="Haneczok et al., CASE 2021 shared task; https://github.com/emerging-welfare/case-2021-shared-task",
        licence="shared-task data, research use",
        obtain=("download task2/test_dataset/test_set_final_release_with_labels.tsv from that repository, "
                f"keep half of it and {_CONVERT}"),
    ),
    PublicDataset(
        name="GeoWebNews",
        path="geoparse/gwn.jsonl",
        what="200 web news articles (2018) with typed toponym spans, coordinates and GeoNames ids",
        source=("Gritta et al. 2019, 'A Pragmatic Guide to Geoparsing Evaluation'; "
                "https://github.com/milangritta/Pragmatic-Guide-to-Geoparsing-Evaluation"),
        licence="GPL-3.0",
        obtain=f"download data/GWN.xml from that repository and {_CONVERT}",
    ),
    PublicDataset(
        name="LGL (Local-Global Lexicon)",
        path="geoparse/lgl.jsonl",
        what="588 US local news articles (2009) with toponyms resolved to GeoNames",
        source=("Lieberman, Samet and Sankaranarayanan 2010; redistributed in data/Corpora of "
                "https://github.com/milangritta/Pragmatic-Guide-to-Geoparsing-Evaluation"),
        licence="research use",
        obtain=f"download the LGL corpus (lgl.xml) from that folder and {_CONVERT}",
    ),
    PublicDataset(
        name="TempEval-3 training data (TimeBank + AQUAINT, 'TBAQ-cleaned')",
        path="time/tempeval3_train.jsonl",
        what="257 1990s wire documents with TIMEX3 expressions, their normalised values and creation dates",
        source="UzZaman et al. 2013, SemEval-2013 Task 1 (TempEval-3); TimeBank and AQUAINT via the LDC",
        licence="research use",
        obtain=("download TBAQ-cleaned from the TempEval-3 task page (the .tml TimeML files) and "
                f"{_CONVERT}"),
    ),
    PublicDataset(
        name="Guardian Syria sample",
        path="corpus/guardian_syria.jsonl",
        what="249 long Guardian articles on Syria, 2017-2019 (speed and robustness; no labels)",
        source="examples/Guardian_SDF_sample.csv.zip of https://github.com/ahalterman/NGEC",
        licence="The Guardian's copyright, research use only",
        obtain=f"download and unzip that file and {_CONVERT}",
    ),
)


def dataset_for(path: str) -> PublicDataset | None:
    """The catalogue entry whose ``path`` ends ``path`` (``data/geoparse/gwn.jsonl`` → GeoWebNews)."""
    wanted = Path(path).as_posix()
    return next((d for d in PUBLIC_DATASETS if wanted.endswith(d.path)), None)


def missing_message(data_dir: Path, paths: Iterable[str] | None = None) -> str:
    """What to tell a user when gold data is not under ``data_dir``: each missing dataset and how to get it."""
    wanted = [d for d in PUBLIC_DATASETS if paths is None or any(p.endswith(d.path) for p in paths)]
    absent = [d for d in wanted if not (data_dir / "data" / d.path).is_file()]
    lines = [f"gold data not found under {data_dir}/data (set EVENTWIRE_SHARED to the folder that holds "
             "data/). `make test` needs none of it; `make gate` needs these public datasets:"]
    lines += [d.describe() for d in (absent or wanted)]
    return "\n".join(lines)


def missing(data_dir: Path) -> list[PublicDataset]:
    """The catalogued datasets not found under ``data_dir``/data."""
    return [d for d in PUBLIC_DATASETS if not (data_dir / "data" / d.path).is_file()]


def main(argv: list[str] | None = None) -> int:
    """``python -m eventwire.evaluate.sources DIR``: exit 1 (saying what to fetch) if DIR lacks gold data."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    data_dir = Path(args[0] if args else "../shared")
    if not missing(data_dir):
        return 0
    print(missing_message(data_dir), file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())

__all__ = ["PUBLIC_DATASETS", "PublicDataset", "dataset_for", "main", "missing", "missing_message"]

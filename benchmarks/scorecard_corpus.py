"""The scorecard corpus: tens of thousands of scorecards whose JSON must not change.

    .venv/bin/python benchmarks/scorecard_corpus.py --write   # record the hashes (with the code as it is)
    .venv/bin/python benchmarks/scorecard_corpus.py           # compare every scorecard with the record
    .venv/bin/python benchmarks/scorecard_corpus.py --every 9 # compare one in nine (what the test suite does)

Every shipped framework × SEEDS generated department-years × the input VARIANTS (missing data,
overrides, zero budgets, ...) × every option set (OPTION_SETS). Each scorecard is rendered with
``jixiao.writers.jsonout.render_json`` and only the first 16 hex digits of its SHA-256 are kept
(``corpus_hashes.txt.gz``, one line per framework × seed × variant), never the JSON itself.
The generator is deterministic: synth seed ``SEED_BASE + seed`` per department-year.

A change that is meant to change scorecards (a framework file edited, a rule's wording) re-records
with ``--write`` and says so in its commit message; anything else must leave the record as it is.
"""

from __future__ import annotations

import argparse
import copy
import gzip
import hashlib
import itertools
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from jixiao import synth  # noqa: E402
from jixiao.core.engine import InvalidInput, score  # noqa: E402
from jixiao.core.numbers import RoundingMode  # noqa: E402
from jixiao.core.options import ExecutionAverage, RoundingScope  # noqa: E402
from jixiao.frameworks import load_framework  # noqa: E402
from jixiao.io.inputs import InputError, load_input_data  # noqa: E402
from jixiao.writers.jsonout import render_json  # noqa: E402

RECORD = Path(__file__).resolve().parent / "corpus_hashes.txt.gz"
SEED_BASE = 140_000
SEEDS = 25
PROJECTS = 12
# The frameworks shipped when the record was made; frameworks added later are not in the record.
FRAMEWORKS = ("guangzhou-huadu-2024", "national-self-eval", "shenzhen-common", "shenzhen-luohu",
              "shenzhen-municipal", "shenzhen-yantian-2023")


def _drop(*keys: str) -> Callable[[dict[str, Any]], None]:
    def change(raw: dict[str, Any]) -> None:
        for key in keys:
            raw.pop(key, None)
    return change


def _first_answers(raw: dict[str, Any], n: int) -> list[tuple[str, str]]:
    return [(ind, part) for ind, parts in sorted(raw.get("judgements", {}).items()) for part in sorted(parts)][:n]


def _drop_answers(raw: dict[str, Any]) -> None:
    for ind, part in _first_answers(raw, 3):
        raw["judgements"][ind].pop(part)


def _override(raw: dict[str, Any]) -> None:
    for n, (ind, _) in enumerate(_first_answers(raw, 2)):
        raw["judgements"][ind]["override"] = {"score": Decimal("0.5") * n, "reason": f"复核调整第{n + 1}项"}


def _zero_budget(raw: dict[str, Any]) -> None:
    raw["budget"]["adjusted"] = Decimal(0)


def _overspend(raw: dict[str, Any]) -> None:
    for key in ("three_public", "public_funds"):
        if raw.get(key) and raw[key].get("budget") is not None:
            raw[key]["actual"] = raw[key]["budget"] * Decimal("1.0731")


def _rates_only(raw: dict[str, Any]) -> None:
    for key in ("three_public", "public_funds", "procurement"):
        section = raw.get(key)
        if section:
            for k in ("budget", "actual", "plan"):
                section.pop(k, None)
            section["rate_pct"] = Decimal("98.4969")


def _no_quarter(raw: dict[str, Any]) -> None:
    if raw.get("quarterly"):
        raw["quarterly"] = raw["quarterly"][:-1]


def _yuan(raw: dict[str, Any]) -> None:
    raw["unit"] = "元"


def _tasks_half(raw: dict[str, Any]) -> None:
    for i, task in enumerate(raw.get("key_tasks") or ()):
        task["completed"] = i % 2 == 0


def _odd_digits(raw: dict[str, Any]) -> None:
    if raw.get("staffing"):
        raw["staffing"]["contract"] = 7
    if raw.get("procurement") and raw["procurement"].get("plan"):
        raw["procurement"]["actual"] = raw["procurement"]["plan"] * Decimal("0.333333")


VARIANTS: list[tuple[str, Callable[[dict[str, Any]], None] | None]] = [
    ("as-generated", None),
    ("no-quarterly", _drop("quarterly")),
    ("no-staffing-assets", _drop("staffing", "assets")),
    ("no-projects", _drop("projects", "project_completion")),
    ("no-procurement-petitions", _drop("procurement", "petitions", "satisfaction_pct")),
    ("answers-missing", _drop_answers),
    ("overrides", _override),
    ("zero-budget", _zero_budget),
    ("overspent", _overspend),
    ("rates-only", _rates_only),
    ("three-quarters", _no_quarter),
    ("yuan", _yuan),
    ("half-tasks", _tasks_half),
    ("odd-digits", _odd_digits),
    ("no-targets-tasks", _drop("targets", "key_tasks")),
]

OPTION_SETS = [
    {"rounding": r, "rounding_scope": s, "execution_average": e, "rate_places": p}
    for r, s, e, p in itertools.product(
        (RoundingMode.HALF_UP, RoundingMode.TRUNCATE),
        (RoundingScope.INDICATOR, RoundingScope.PART),
        tuple(ExecutionAverage),
        (None, 2),
    )
]


def scorecards(every: int = 1) -> Iterator[tuple[str, list[str]]]:
    """(key, hashes of the 24 option sets) for each framework × seed × variant; every n-th key only."""
    n = 0
    for ident in FRAMEWORKS:
        fw = load_framework(ident)
        base = fw.default_options()
        options = [base.with_(**o) for o in OPTION_SETS]
        for seed in range(SEEDS):
            raw0 = synth.generate_raw(fw, seed=SEED_BASE + seed, projects=PROJECTS)
            for name, change in VARIANTS:
                n += 1
                if (n - 1) % every:
                    continue
                raw = copy.deepcopy(raw0)
                if change:
                    change(raw)
                key = f"{ident} {seed} {name}"
                try:
                    data = load_input_data(raw)
                except InputError as exc:  # a variant the loader refuses: record that, not a scorecard
                    yield key, ["load:" + type(exc).__name__]
                    continue
                hashes = []
                for opts in options:
                    try:
                        text = render_json(score(fw, data, opts))
                    except InvalidInput as exc:
                        text = "invalid:" + "\n".join(map(str, exc.problems))
                    hashes.append(hashlib.sha256(text.encode("utf-8")).hexdigest()[:16])
                yield key, hashes


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--write", action="store_true", help="record the hashes instead of comparing")
    p.add_argument("--every", type=int, default=1, help="compare only every n-th framework × seed × variant")
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    if args.write:
        lines = [f"{key}\t{' '.join(h)}" for key, h in scorecards()]
        RECORD.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0))
        cards = sum(len(line.split("\t")[1].split()) for line in lines)
        print(f"recorded {cards:,} scorecards ({len(lines):,} inputs) in {time.perf_counter() - t0:.1f} s → {RECORD.name}")
        return 0
    differ = compare(args.every)
    print(f"compared in {time.perf_counter() - t0:.1f} s: {'identical' if not differ else f'{len(differ)} inputs differ'}")
    for line in differ[:20]:
        print("  " + line)
    return 1 if differ else 0


def recorded() -> dict[str, list[str]]:
    text = gzip.decompress(RECORD.read_bytes()).decode("utf-8")
    return {key: h.split() for key, h in (line.split("\t") for line in text.splitlines())}


def compare(every: int = 1) -> list[str]:
    """Keys whose scorecards differ from the record (empty: byte-identical), after checking the count."""
    record = recorded()
    differ, seen = [], 0
    for key, hashes in scorecards(every):
        seen += 1
        if record.get(key) != hashes:
            bad = [i for i, (a, b) in enumerate(zip(record.get(key, []), hashes)) if a != b]
            differ.append(f"{key}: option sets {bad or 'all'}")
    expected = -(-len(record) // every)
    if seen != expected:
        differ.append(f"{seen} inputs generated, {expected} expected")
    return differ


if __name__ == "__main__":
    sys.exit(main())

"""Data the core's checks read (not frameworks): the target-quality and plausibility word lists, the triage rules.

The modules that use these stay pure; this is the one place that reads the files.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from ..target_quality import QualityRules

DATA_DIR = Path(__file__).parent


class DataFileError(ValueError):
    """A data file that does not have the expected shape; names the file and field."""


def _load(model, path: str | None, default: str):
    return read_strict(model, Path(path) if path else DATA_DIR / default)


def read_strict(model, path: Path):
    """A data file read strictly (exact decimals, duplicate keys refused) into ``model``; every
    problem names the file, line and field."""
    from ...io.yamlio import read_document

    doc = read_document(path)
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        lines = [f"{doc.where(tuple(e['loc']))}：{'.'.join(map(str, e['loc']))}：{e['msg']}" for e in exc.errors()]
        raise DataFileError("\n".join(lines)) from None


@lru_cache(maxsize=None)
def target_quality_rules(path: str | None = None) -> QualityRules:
    """The vague words, examples, suggestions and thresholds (``target_quality.yaml`` by default)."""
    return _load(QualityRules, path, "target_quality.yaml")


@lru_cache(maxsize=None)
def triage_rules(path: str | None = None):
    """The boilerplate reasons and target codes of the 复核 triage (``triage.yaml`` by default)."""
    from ..triage import TriageRules

    return _load(TriageRules, path, "triage.yaml")


@lru_cache(maxsize=None)
def plausibility_words(path: str | None = None):
    """Which 绩效指标 are shares by their name and unit (``plausibility.yaml`` by default)."""
    from ..plausibility import PlausibilityWords

    return _load(PlausibilityWords, path, "plausibility.yaml")

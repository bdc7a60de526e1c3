"""Rules of the house that a reader of the code relies on, checked over the source tree."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [p for base in ("src", "web") for p in (ROOT / base).rglob("*.py") if "migrations" not in p.parts]

# Each derived figure is defined once, in core/figures.py; everything else calls it.
FORMULAS = {
    "spending progress from a stated percentage": re.compile(r"progress_pct\s*/"),
    "spending progress from amounts": re.compile(r"cumulative_spent\s*/"),
    "budget execution rate": re.compile(r"executed\s*/\s*\w*\.?adjusted"),
    "a control rate from its amounts": re.compile(r"\.actual\s*/\s*\w+\.budget\b|\.actual,\s*\w+\.budget\)"),
    "a stated rate as a fraction": re.compile(r"(rate_pct|utilization_pct|satisfaction_pct)\s*/\s*(100|HUNDRED)"),
}


def test_each_derived_figure_is_written_once():
    home = ROOT / "src" / "jixiao" / "core" / "figures.py"
    for name, pattern in FORMULAS.items():
        found = [f"{p.relative_to(ROOT)}:{n}" for p in SOURCES for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if pattern.search(line)]
        assert all(f.startswith(str(home.relative_to(ROOT))) for f in found), (name, found)
        assert len(found) <= 1, (name, found)


def test_comments_cite_only_what_is_in_the_repository():
    cited = re.compile(r"(STACK|GUIDE|STYLE)\.md|trap \d+")
    offenders = [str(p.relative_to(ROOT)) for p in [*SOURCES, *(ROOT / "tests").rglob("*.py")] if cited.search(p.read_text(encoding="utf-8"))]
    assert offenders == [p for p in offenders if p.endswith("test_house_rules.py")]


def test_no_committed_binaries_at_the_root():
    assert not [p.name for p in ROOT.glob("*.whl")] and not [p.name for p in ROOT.glob("*.tar.gz")]


def test_only_the_shared_helper_skips():
    """A test skips only through conftest.require/missing (which fails under CI): no skip in an except
    block, no importorskip, no skipif on material."""
    pattern = re.compile(r"pytest\.skip\(|importorskip|mark\.skip")
    offenders = [f"{p.relative_to(ROOT)}:{n}" for base in ("tests", "web/tests") for p in (ROOT / base).rglob("*.py")
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if pattern.search(line) and p.name != "test_house_rules.py"]
    assert offenders == []


def test_missing_material_skips_here_and_fails_under_ci(monkeypatch):
    import importlib.util

    import pytest

    spec = importlib.util.spec_from_file_location("root_conftest", ROOT / "conftest.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    monkeypatch.setattr(module, "IN_CI", False)
    with pytest.raises(pytest.skip.Exception, match="种子报告"):
        module.missing("种子报告 ../shared/seeds")
    monkeypatch.setattr(module, "IN_CI", True)
    with pytest.raises(pytest.fail.Exception, match="CI"):
        module.missing("种子报告 ../shared/seeds")

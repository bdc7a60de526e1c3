"""The committed text fixtures are what their generator writes: make_text.py rerun into a temporary
folder gives byte for byte the committed documents and expected.yaml (an expectation edited by hand,
or a generator changed without regenerating, fails here)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

CASES = Path(__file__).resolve().parent / "audit_cases"


def test_make_text_reproduces_the_committed_cases(tmp_path, monkeypatch) -> None:
    monkeypatch.syspath_prepend(str(CASES))
    casekit = importlib.import_module("casekit")
    make_text = importlib.import_module("make_text")
    monkeypatch.setattr(casekit, "HERE", tmp_path)
    for make in make_text.ALL:
        make()
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert len(written) >= 2 * 2 * len(make_text.ALL)  # a planted document and its twin, each with its yaml
    differ = [str(p) for p in written if (tmp_path / p).read_bytes() != (CASES / p).read_bytes()]
    assert not differ, f"committed fixtures differ from what make_text.py writes: {differ}"
    sys.modules.pop("make_text", None)

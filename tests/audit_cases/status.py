"""Where the audit stands on the fixture corpus: one line per case and aspect, with the reason.

Run: .venv/bin/python tests/audit_cases/status.py [CASE …]   (the same comparisons as tests/test_audit_cases.py)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests import test_audit_cases as runner  # noqa: E402


def check(case: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, test in (
        ("rows", runner.test_score_rows),
        ("total", runner.test_claimed_total_and_identity),
        ("tables", runner.test_tables),
        ("findings", runner.test_findings),
    ):
        try:
            test(case)
            out[name] = ""
        except AssertionError as exc:
            out[name] = str(exc).split("\n")[0].removeprefix(f"{case}: ").removeprefix(f"{case} ")
    return out


def main(argv: list[str]) -> int:
    cases = argv or runner.case_ids()
    failing = 0
    for case in cases:
        res = check(case)
        bad = {k: v for k, v in res.items() if v}
        failing += bool(bad)
        print(f"{'PASS' if not bad else 'FAIL'} {case}")
        for k, v in bad.items():
            print(f"     {k}: {v[:400]}")
    print(f"\n{len(cases) - failing}/{len(cases)} cases pass every check")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The command line's shape: one module per command group, loaded only when its command runs.

Each command is run in a fresh interpreter and the modules it imported are read back, so these
tests see what a user's `jixiao …` really loads.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED0 = str(ROOT / "cases" / "seed-000" / "input.yaml")
AUDIT_TXT = str(ROOT / "tests" / "audit_fixtures" / "planted_national.txt")

HEAVY = ("docx", "openpyxl", "python_calamine", "pdfplumber", "pypdf", "pypdfium2", "pdfminer", "django", "rich", "lxml")

_PROBE = """
import contextlib, io, json, sys
from jixiao.cli.main import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _modules_after(*argv: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] == 0
    return set(result["modules"])


def _heavy(modules: set[str]) -> list[str]:
    return sorted({m.split(".")[0] for m in modules} & set(HEAVY))


def test_score_loads_only_the_scoring_group_and_no_document_library():
    modules = _modules_after("score", SEED0)
    assert "jixiao.cli.scoring" in modules
    assert not {"jixiao.cli.documents", "jixiao.cli.plan", "jixiao.cli.audit"} & modules
    assert _heavy(modules) == []
    assert not [m for m in modules if m.startswith(("jixiao.audit", "jixiao.writers.docx", "jixiao.writers.xlsx"))]


def test_audit_of_a_text_report_loads_no_pdf_or_excel_library():
    modules = _modules_after("audit", AUDIT_TXT)
    assert "jixiao.cli.audit" in modules and "jixiao.cli.scoring" not in modules
    assert _heavy(modules) == []


def test_help_lists_every_group_command():
    from jixiao.cli.main import GROUPS, build_parser

    choices = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert sorted(choices) == sorted(c for commands in GROUPS.values() for c in commands)


def _imports(path: Path) -> set[str]:
    """Absolute names of what a module imports (relative imports resolved against its package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(ROOT / "src").with_suffix("").parts[:-1]) if "src" in path.parts else ""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            names.add(base)
            names |= {f"{base}.{a.name}" for a in node.names}
    return names


def test_group_modules_never_import_the_dispatcher_or_each_other():
    cli = ROOT / "src" / "jixiao" / "cli"
    groups = {p.stem for p in cli.glob("*.py")} - {"__init__", "main", "common"}
    for path in cli.glob("*.py"):
        if path.stem in ("__init__", "main"):
            continue
        bad = {n for n in _imports(path) if n == "jixiao.cli.main" or n.split(".")[:3] in (["jixiao", "cli", g] for g in groups - {path.stem})}
        assert not bad, f"{path.name} imports {bad}"


def test_library_and_web_never_import_the_cli():
    offenders = []
    for path in [*(ROOT / "src" / "jixiao").rglob("*.py"), *(ROOT / "web").rglob("*.py")]:
        if "cli" in path.relative_to(ROOT).parts[:3]:
            continue
        if any(n == "jixiao.cli" or n.startswith("jixiao.cli.") for n in _imports(path)):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []

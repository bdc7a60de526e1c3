"""A cache of the shipped frameworks, already validated, so a command does not re-read them each time.

Validating a framework file builds pydantic's validators for every framework and rule model; for a
one-shot command such as `jixiao score` that is a large share of its start-up. The validated
framework is pickled into the user's cache folder (``$JIXIAO_CACHE_DIR``, else
``$XDG_CACHE_HOME/jixiao``, else ``~/.cache/jixiao``) under a key made from everything it depends
on: the bytes of every shipped framework file (a framework may extend another), the source of the
framework and rule models, and the Python and pydantic versions. Any change gives a new key. The
cache is only ever a shortcut: a file that cannot be read or written is ignored and the framework
is loaded from its YAML as before. Only files this code wrote are read (the folder is the user's).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from functools import lru_cache
from pathlib import Path

from ..core.framework import Framework

DATA_DIR = Path(__file__).parent / "data"
_SOURCES = Path(__file__).resolve().parent.parent / "core"


def folder() -> Path:
    if os.environ.get("JIXIAO_CACHE_DIR"):
        return Path(os.environ["JIXIAO_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "jixiao"


@lru_cache(maxsize=1)
def _fingerprint() -> str:
    import pydantic

    h = hashlib.sha256(f"{sys.version}|{pydantic.VERSION}|1".encode())
    for path in sorted([*DATA_DIR.glob("*.yaml"), _SOURCES / "framework.py", *(_SOURCES / "rules").glob("*.py")]):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:24]


def _path(ident: str) -> Path:
    return folder() / f"framework-{ident}-{_fingerprint()}.pickle"


def get(ident: str) -> Framework | None:
    try:
        data = _path(ident).read_bytes()
        fw = pickle.loads(data)  # noqa: S301 — a file this module wrote, in the user's own cache folder
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    return fw if isinstance(fw, Framework) and fw.id == ident else None


def put(ident: str, fw: Framework) -> None:
    path = _path(ident)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(fw, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError):
        pass  # a read-only home, a full disk: the next command loads from the YAML again

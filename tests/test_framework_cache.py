"""The cache of validated shipped frameworks: the same scorecards, and never a reason to fail."""

from __future__ import annotations

import pytest

from jixiao import synth
from jixiao.core.engine import score
from jixiao.frameworks import cache
from jixiao.frameworks.loader import DATA_DIR, load_framework_file
from jixiao.writers.jsonout import render_json


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("JIXIAO_CACHE_DIR", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("ident", ["shenzhen-common", "shenzhen-luohu", "national-self-eval"])
def test_a_cached_framework_scores_exactly_as_the_yaml(cache_dir, ident):
    assert cache.get(ident) is None
    fresh = load_framework_file(DATA_DIR / f"{ident}.yaml")
    cache.put(ident, fresh)
    assert [p.name.split("-")[0] for p in cache_dir.iterdir()] == ["framework"]
    cached = cache.get(ident)
    assert cached is not None and cached is not fresh and cached.id == ident
    for seed in range(3):
        data = synth.generate(fresh, seed=seed, projects=6)
        assert render_json(score(cached, data)) == render_json(score(fresh, data))


def test_a_damaged_or_foreign_cache_file_is_ignored(cache_dir):
    fresh = load_framework_file(DATA_DIR / "shenzhen-common.yaml")
    cache.put("shenzhen-common", fresh)
    [path] = cache_dir.iterdir()
    path.write_bytes(b"not a pickle")
    assert cache.get("shenzhen-common") is None
    cache.put("national-self-eval", fresh)  # a file under another id holding this framework
    assert cache.get("national-self-eval") is None


def test_an_unwritable_cache_folder_is_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("JIXIAO_CACHE_DIR", str(blocker / "sub"))
    cache.put("shenzhen-common", load_framework_file(DATA_DIR / "shenzhen-common.yaml"))
    assert cache.get("shenzhen-common") is None

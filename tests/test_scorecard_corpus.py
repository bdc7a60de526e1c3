"""Scorecards stay byte-identical: the JSON of a recorded corpus of scorecards must not change.

The corpus (every shipped framework × generated department-years × input variants × option sets,
54,000 scorecards) and its record of hashes are in benchmarks/scorecard_corpus.py and
benchmarks/corpus_hashes.txt.gz. The suite compares one input in five (all its option sets);
`python benchmarks/scorecard_corpus.py` compares them all.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "scorecard_corpus.py"


def _corpus():
    spec = importlib.util.spec_from_file_location("scorecard_corpus", SCRIPT)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_recorded_corpus_is_complete():
    corpus = _corpus()
    record = corpus.recorded()
    assert len(record) == len(corpus.FRAMEWORKS) * corpus.SEEDS * len(corpus.VARIANTS)
    assert sum(len(h) for h in record.values()) >= 50_000


def test_scorecards_are_byte_identical_to_the_record():
    assert _corpus().compare(every=5) == []


def _leaf_view(leaf):
    return (leaf.id, leaf.score, leaf.status, leaf.explanation, leaf.vetoed,
            [(p.id, p.score, p.raw, p.status, p.rule, p.explanation, [(i.fact, i.label, i.shown) for i in p.inputs],
              p.computed, p.reason) for p in leaf.parts])


def test_one_indicator_alone_is_what_the_whole_scorecard_says():
    from jixiao import synth
    from jixiao.core.engine import score, score_indicator
    from jixiao.core.options import RoundingScope
    from jixiao.frameworks import load_framework

    corpus = _corpus()
    checked = 0
    for ident in corpus.FRAMEWORKS:
        fw = load_framework(ident)
        for seed in range(3):
            data = synth.generate(fw, seed=900 + seed, projects=8)
            for opts in (fw.default_options(), fw.default_options().with_(rounding_scope=RoundingScope.PART)):
                card = score(fw, data, opts)
                for leaf in card.leaves():
                    assert _leaf_view(score_indicator(fw, data, leaf.id, opts)) == _leaf_view(leaf)
                    checked += 1
    assert checked > 200

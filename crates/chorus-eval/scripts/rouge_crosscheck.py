#!/usr/bin/env python3
"""Cross-checks Chorus's Rust ROUGE against the Python rouge-score package 0.1.2.

Usage:
    pip install rouge-score==0.1.2 nltk
    CHORUS_ROUGE_DUMP=/tmp/rouge.jsonl chorus eval summarization ../shared/data
    python3 crates/chorus-eval/scripts/rouge_crosscheck.py /tmp/rouge.jsonl

Each dump line holds {id, system, reference, candidate, rouge1, rouge2, rougeLsum} with the
Rust F1 scores. The script rescores every pair with
RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True).score(reference, candidate),
prints the maximum absolute difference per metric (overall and per system) and the mean F1
x100 per system as Python computes it, and exits 1 if any pair differs by TOLERANCE or more.
Runs offline (no NLTK data is needed: only the Porter stemmer).
"""

import json
import sys
from collections import defaultdict

from rouge_score import rouge_scorer

METRICS = ["rouge1", "rouge2", "rougeLsum"]
TOLERANCE = 0.0005


def main(path):
    scorer = rouge_scorer.RougeScorer(METRICS, use_stemmer=True)
    worst = {m: (0.0, None) for m in METRICS}
    by_system = defaultdict(lambda: {m: 0.0 for m in METRICS})
    sums = defaultdict(lambda: {m: 0.0 for m in METRICS})
    counts = defaultdict(int)
    beyond = 0
    pairs = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            row = json.loads(line)
            scores = scorer.score(row["reference"], row["candidate"])
            pairs += 1
            counts[row["system"]] += 1
            off = False
            for m in METRICS:
                py = scores[m].fmeasure
                diff = abs(py - row[m])
                sums[row["system"]][m] += py
                by_system[row["system"]][m] = max(by_system[row["system"]][m], diff)
                if diff > worst[m][0]:
                    worst[m] = (diff, f'{row["system"]} {row["id"]}')
                off |= diff >= TOLERANCE
            beyond += off
    print(f"{pairs} pairs from {path}")
    for m in METRICS:
        diff, where = worst[m]
        print(f"  {m:<9} max |rust - python| = {diff:.2e}" + (f" ({where})" if where else ""))
    for system, diffs in sorted(by_system.items()):
        means = " ".join(f"{100 * sums[system][m] / counts[system]:.2f}" for m in METRICS)
        maxes = " ".join(f"{m} {diffs[m]:.2e}" for m in METRICS)
        print(f"  {system:<9} python F1 x100 {means}; max diff {maxes}")
    print(f"pairs differing by >= {TOLERANCE} on any metric: {beyond}")
    return 0 if beyond == 0 and pairs > 0 else 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))

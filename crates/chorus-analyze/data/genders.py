"""Writes genders.txt: US census (1990) first names that are clearly one gender, one a line as
`NAME<TAB>m` or `NAME<TAB>f`, sorted. A name counts for a gender when its frequency among that
gender is at least ten times its frequency among the other. Source: the PyPI package `names`
(`dist.male.first`, `dist.female.first`; public-domain census lists). Run:
`pip install names && python3 genders.py` (beside this file)."""

import os

import names


def freqs(fn):
    out = {}
    with open(os.path.join(os.path.dirname(names.__file__), fn)) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2:
                out[parts[0].title()] = float(parts[1])
    return out


male, female = freqs("dist.male.first"), freqs("dist.female.first")
rows = []
for name in sorted(set(male) | set(female)):
    m, f = male.get(name, 0.0), female.get(name, 0.0)
    if m >= 10 * f and m > 0:
        rows.append(f"{name}\tm")
    elif f >= 10 * m and f > 0:
        rows.append(f"{name}\tf")
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "genders.txt"), "w") as out:
    out.write("\n".join(rows) + "\n")

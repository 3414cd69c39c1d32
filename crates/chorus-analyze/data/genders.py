"""Writes genders.txt: US census (1990) first names that are clearly one gender, one a line as
`NAME<TAB>m` or `NAME<TAB>f`, sorted. A name counts for a gender when it is common (at least
0.01 % of that gender's people), its frequency among that gender is at least ten times its
frequency among the other, and it does not change gender across languages (`CROSS_LANGUAGE`:
Italian "Andrea" is a man, Japanese "Yuri" a woman, Russian "Yuri" a man). Source: the PyPI package `names`
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


# Common first names of one gender in some languages and the other (or both) in others.
CROSS_LANGUAGE = {
    "Andrea", "Nicola", "Simone", "Michele", "Daniele", "Gabriele", "Emanuele", "Sasha", "Yuri",
    "Jan", "Kim", "Jean", "Dominique", "Claude", "Camille", "Ariel", "Noa", "Karen", "Maria",
    "Toni", "Vanya", "Nikita", "Mischa", "Valery", "Zhenya", "Shura",
}
MIN_PERCENT = 0.01

male, female = freqs("dist.male.first"), freqs("dist.female.first")
rows = []
for name in sorted(set(male) | set(female)):
    m, f = male.get(name, 0.0), female.get(name, 0.0)
    if name in CROSS_LANGUAGE:
        continue
    if m >= 10 * f and m >= MIN_PERCENT:
        rows.append(f"{name}\tm")
    elif f >= 10 * m and f >= MIN_PERCENT:
        rows.append(f"{name}\tf")
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "genders.txt"), "w") as out:
    out.write("\n".join(rows) + "\n")

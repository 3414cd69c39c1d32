#!/usr/bin/env python3
"""Dev tool, for measurement only: times Python trafilatura on the pages that
`chorus bench extract` times, so the two rates can be read side by side.

Not part of the build, the tests or CI; it needs Python trafilatura installed by
hand (`pip install trafilatura lxml_html_clean`), which the project never does.

Usage: scripts/bench-trafilatura.py [DIR]
  DIR is the trafilatura evaluation set (default
  ../shared/data/extraction-dev/trafilatura-eval): `evaldata.json` names each
  page's file inside `html.tar.xz`. Every page is read into memory first (as the
  chorus bench does), then `trafilatura.extract` runs on each page's bytes, one
  after the other on this one thread, with metadata (title, author, date via
  htmldate) and comments excluded. The rate printed is pages per second of this
  thread's CPU time and of wall-clock time; peak memory is the process's VmHWM.
"""

import json
import sys
import tarfile
import time
from pathlib import Path

import trafilatura


def load(directory):
    """The set's pages as (url, bytes), sorted by URL as the chorus bench sorts them."""
    gold = json.loads((directory / "evaldata.json").read_text(encoding="utf-8"))
    files = {}
    with tarfile.open(directory / "html.tar.xz", "r:xz") as archive:
        for member in archive:
            if member.isfile():
                files[Path(member.name).name] = archive.extractfile(member).read()
    return [(url, files[entry["file"]]) for url, entry in sorted(gold.items())]


def peak_memory_mib():
    """Peak resident set size of this process (VmHWM), in MiB, or None."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def main():
    directory = Path(
        sys.argv[1] if len(sys.argv) > 1 else "../shared/data/extraction-dev/trafilatura-eval"
    )
    pages = load(directory)
    size = sum(len(html) for _, html in pages)
    chars = 0
    wall_start = time.perf_counter()
    cpu_start = time.thread_time()
    for url, html in pages:
        text = trafilatura.extract(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_links=True,
        )
        chars += len(text or "")
    cpu = time.thread_time() - cpu_start
    wall = time.perf_counter() - wall_start
    peak = peak_memory_mib()
    print(
        f"python trafilatura {trafilatura.__version__} (1 thread, extract with metadata): "
        f"{len(pages)} pages, {size / 1e6:.1f} MB HTML in {wall:.2f} s = "
        f"{len(pages) / wall:.1f} pages/s (wall clock); on-CPU {cpu:.2f} s = "
        f"{len(pages) / cpu:.1f} pages/s; peak memory (VmHWM) "
        f"{'unknown' if peak is None else f'{peak:.1f} MiB'}; {chars} chars of text out"
    )


if __name__ == "__main__":
    main()

"""Compare two JUnit XML reports of the same suite: plain Flask vs ``pytest --flaskcompat``.

usage: python summarize.py NAME BASE.xml FLASKCOMPAT.xml [HOSTED.xml] [--modules] [--lost]

Prints one Markdown table row ``| suite | tests | plain Flask | --flaskcompat | kept |``, where
*kept* is the share of the tests passing on plain Flask that also pass under ``--flaskcompat``;
with a third report (the hosted run), a last ``kept`` column for it.
``--modules`` adds one row per test module, ``--lost`` lists the tests that only pass on plain Flask,
``--requests=TEXT`` appends TEXT as a last column (run.sh: requests Django served).
Standard library only: it runs in any environment.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from collections import defaultdict


def outcomes(path: str) -> dict[str, str]:
    """``{test id: "passed" | "failed" | "error" | "skipped"}`` from a JUnit XML file."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return {}
    result: dict[str, str] = {}
    for case in root.iter("testcase"):
        test_id = f"{case.get('classname', '')}::{case.get('name', '')}"
        kinds = {child.tag for child in case}
        outcome = (
            "error"
            if "error" in kinds
            else "failed"
            if "failure" in kinds
            else "skipped"
            if "skipped" in kinds
            else "passed"
        )
        if result.get(test_id) in ("failed", "error"):  # an error at teardown after a failure
            continue
        result[test_id] = outcome
    return result


def module_of(test_id: str) -> str:
    classname = test_id.split("::", 1)[0]
    parts = classname.split(".")
    # classname is "tests.test_basic" or "tests.test_helpers.TestStreaming"
    for i in range(len(parts), 0, -1):
        if parts[i - 1].startswith("test"):
            return ".".join(parts[:i])
    return classname


def _passed(report: dict[str, str]) -> set[str]:
    return {t for t, o in report.items() if o == "passed"}


def _kept(base_pass: set[str], other: dict[str, str]) -> str:
    kept = base_pass & _passed(other)
    share = f"{100 * len(kept) / len(base_pass):.1f}%" if base_pass else "n/a"
    return f"{len(kept)}/{len(base_pass)} ({share})"


def row(
    name: str, base: dict[str, str], compat: dict[str, str], hosted: dict[str, str] | None = None
) -> tuple[str, list[str]]:
    base_pass = _passed(base)
    line = f"| {name} | {len(base)} | {len(base_pass)} | {len(_passed(compat))} | {_kept(base_pass, compat)} |"
    if hosted is not None:
        line += f" {_kept(base_pass, hosted)} |"
    return line, sorted(base_pass - _passed(compat))


def main(argv: list[str]) -> int:
    flags = [a for a in argv if a.startswith("--")]
    name, base_path, compat_path, *hosted_path = [a for a in argv if not a.startswith("--")]
    base, compat = outcomes(base_path), outcomes(compat_path)
    hosted = outcomes(hosted_path[0]) if hosted_path else None
    line, lost = row(name, base, compat, hosted)
    requests = [a.split("=", 1)[1] for a in flags if a.startswith("--requests=")]
    print(line + (f" {requests[0]} |" if requests else ""))
    if "--modules" in flags:
        per_base, per_compat, per_hosted = (defaultdict(dict), defaultdict(dict), defaultdict(dict))
        for report, per in ((base, per_base), (compat, per_compat), (hosted or {}, per_hosted)):
            for t, o in report.items():
                per[module_of(t)][t] = o
        for module in sorted(per_base):
            print(
                row(
                    f"&nbsp;&nbsp;{module}",
                    per_base[module],
                    per_compat[module],
                    per_hosted[module] if hosted is not None else None,
                )[0]
            )
    if "--lost" in flags:
        for test_id in lost:
            print(f"    lost: {test_id} ({compat.get(test_id, 'missing')})", file=sys.stderr)
        if hosted is not None:
            for test_id in sorted(_passed(base) - _passed(hosted)):
                print(f"    lost (hosted): {test_id} ({hosted.get(test_id, 'missing')})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

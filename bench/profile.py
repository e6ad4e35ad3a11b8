"""Profile one target on one scenario: ``python -m bench.profile embedded hello``.

Runs the target in its own process (embedded mode must not see ``DJANGO_SETTINGS_MODULE``;
hosted and plain Django need theirs) and prints where the time goes:

- default, cProfile: the top functions (``--sort cumulative`` for the call tree's view,
  ``--out FILE`` keeps the raw stats for pstats / snakeviz); exact call counts, but its
  per-call overhead inflates small functions;
- ``--sampler py-spy`` (``pip install py-spy``): samples the request loop for
  ``--seconds``, with little distortion, and prints the share of time by package layer
  (the innermost non-stdlib frame: flaskcompat, django, flask, werkzeug, jinja2...) and
  the top functions by inclusive and self time.

``--variant DIR`` profiles the flaskcompat package in DIR instead of the checkout's.
"""

import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scenarios import BY_NAME, ROOT, TARGET_BY_NAME

_FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^():]*?)(?::(?P<line>\d+))?\)$")
LAYERS = (
    "flaskcompat",
    "django",
    "flask",
    "werkzeug",
    "jinja2",
    "markupsafe",
    "blinker",
    "itsdangerous",
    "asgiref",
    "bench",
)


def _layer(path):
    parts = Path(path).parts
    for name in LAYERS:
        if name in parts:
            return name
    return None


def summarise_pyspy(raw_path, limit):
    inclusive, self_time, layers = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for line in Path(raw_path).read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit() or "timed (bench/worker.py" not in stack:  # py-spy: "Client.timed (...)"
            continue
        count = int(count)
        frames = []
        for frame in stack.split(";"):
            m = _FRAME.match(frame)
            frames.append((m["func"], m["file"]) if m else (frame, ""))
        # only what runs inside the request loop
        start = max(i for i, (func, file) in enumerate(frames) if func.endswith("timed") and file.endswith("worker.py"))
        frames = frames[start + 1 :]
        if not frames:
            continue
        total += count
        for key in set(frames):
            inclusive[key] += count
        self_time[frames[-1]] += count
        owner = next((_layer(f) for _, f in reversed(frames) if _layer(f) not in (None, "bench")), "stdlib/C")
        layers[owner] += count
    if not total:
        print("no samples inside the request loop")
        return
    print(f"{total} samples inside the request loop\n\nshare by layer (innermost non-stdlib frame):")
    for name, n in layers.most_common():
        print(f"  {100 * n / total:5.1f}%  {name}")
    for title, counter in (("inclusive", inclusive), ("self", self_time)):
        print(f"\ntop {limit} by {title} time:")
        for (func, file), n in counter.most_common(limit):
            print(f"  {100 * n / total:5.1f}%  {func}  ({_short(file)})")


def _short(path):
    for name in LAYERS:
        marker = f"/{name}/"
        if marker in "/" + path:
            return name + "/" + ("/" + path).split(marker, 1)[1]
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("target", choices=sorted(TARGET_BY_NAME))
    parser.add_argument("scenario", choices=sorted(BY_NAME))
    parser.add_argument("--sampler", choices=("cprofile", "py-spy"), default="cprofile")
    parser.add_argument("-n", type=int, default=5000, help="cProfile: requests profiled")
    parser.add_argument("--seconds", type=float, default=10, help="py-spy: seconds sampled")
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument("--out")
    parser.add_argument("--variant", metavar="DIR", help="profile the flaskcompat package in DIR")
    args = parser.parse_args(argv)
    target, scenario = TARGET_BY_NAME[args.target], BY_NAME[args.scenario]
    env = target.env(scenario.kind)
    if args.variant:
        env["BENCH_FLASKCOMPAT_DIR"] = str(Path(args.variant).resolve())
    if args.sampler == "cprofile":
        cmd = [
            sys.executable,
            "-m",
            "bench.worker",
            "--profile",
            scenario.name,
            "-n",
            str(args.n),
            "--sort",
            args.sort,
            "--limit",
            str(args.limit),
        ]
        if args.out:
            cmd += ["--out", args.out]
        return subprocess.call(cmd, cwd=ROOT, env=env)
    if shutil.which("py-spy") is None:
        print("py-spy is not installed: pip install py-spy", file=sys.stderr)
        return 2
    out = args.out or os.path.join(tempfile.mkdtemp(prefix="bench-pyspy-"), "samples.txt")
    rc = subprocess.call(
        [
            "py-spy",
            "record",
            "--nonblocking",
            "--format",
            "raw",
            "--rate",
            "500",
            "--output",
            out,
            "--",
            sys.executable,
            "-m",
            "bench.worker",
            "--loop",
            scenario.name,
            "--seconds",
            str(args.seconds),
        ],
        cwd=ROOT,
        env=env,
    )
    if rc == 0:
        summarise_pyspy(out, args.limit)
    return rc


if __name__ == "__main__":
    sys.exit(main())

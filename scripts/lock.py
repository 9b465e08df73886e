"""The locks: every third-party package pinned with its hashes, made from the ranges in requirements*.txt.

    python -m scripts.lock compile [UV-ARGS ...]    make lock (e.g. --upgrade, --upgrade-package keras)
    python -m scripts.lock check                    is every lock in step with its ranges? (no network)
    python -m scripts.lock readme [--write]         the README's versions block, from the locks
    python -m scripts.lock diff [--lock L] [--freeze F]   what moved: pip freeze against a lock

The ranges (requirements.txt, requirements-dev.txt, pyproject.toml's dependencies) stay the source of
truth; uv resolves them for one platform, CPython 3.11 on linux x86_64, and keeps every pin the previous
lock had unless a range or ``--upgrade`` says otherwise. Three locks:

- ``requirements.lock``: the runtime set (``make book``, Binder through ``binder/requirements.txt``);
- ``requirements-dev.lock``: the dev set (``make test``, ``.ci/run``); the runtime lock is resolved
  inside it, so the two agree on every package they share;
- ``requirements-oldest.lock``: the runtime set at the lowest versions its ranges allow
  (``--resolution lowest-direct``), for ``make test-oldest``.

The course itself is not locked (pip's ``--require-hashes`` refuses ``-e .``): it is installed after,
with ``--no-deps``. torch is not locked either (registries serve multi-GB CUDA builds). Used by
``scripts/setup_env.sh``, the Makefile (``lock``), tests/test_lock.py and the weekly workflow
(``.github/workflows/newest.yml``, which calls ``diff`` when the newest versions fail).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from scripts.paths import REPO

README = REPO / "README.md"
#: uv that makes the locks, fetched with pip into .venv/tools/ when it is not on PATH (env UV overrides).
UV_VERSION = "0.13.9"
#: The platform every lock is resolved for: CPython 3.11 (soupsieve needs 3.11.5+), manylinux x86_64.
PYTHON_VERSION = "3.11.5"
PLATFORM = "x86_64-manylinux_2_28"
PROJECT = "dlp-convnet-course"
#: Never in a lock: the course (installed after, --no-deps) and torch (tested where it is installed).
EXCLUDED = (PROJECT, "torch")
START, END = "<!-- versions:start -->", "<!-- versions:end -->"
#: Packages the README's versions block names, in this order (the runtime ranges, then the dev set's backend).
README_PACKAGES = ("tensorflow-cpu", "keras", "numpy", "matplotlib", "jax", "jupyter-book", "myst-nb", "papermill")


@dataclass(frozen=True)
class Lock:
    """One lock file and how it is resolved."""

    path: str
    source: str
    resolution: str = "highest"
    constraint: str | None = None  # another lock this one is resolved inside
    purpose: str = ""

    def options(self) -> dict[str, str | None]:
        return {
            "source": self.source,
            "resolution": self.resolution,
            "constraint": self.constraint,
            "python": PYTHON_VERSION,
            "platform": PLATFORM,
        }


#: In the order `make lock` writes them (the runtime lock is resolved inside the dev lock).
LOCKS = {
    "dev": Lock("requirements-dev.lock", "requirements-dev.txt", purpose="make test, .ci/run"),
    "runtime": Lock(
        "requirements.lock",
        "requirements.txt",
        constraint="requirements-dev.lock",
        purpose="make book, and Binder through binder/requirements.txt",
    ),
    "oldest": Lock(
        "requirements-oldest.lock",
        "requirements.txt",
        resolution="lowest-direct",
        purpose="make test-oldest",
    ),
}


def requirement_lines(path: Path) -> list[str]:
    """The lines of a requirements file without comments and blanks."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def project() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def direct_requirements(source: str) -> list[Requirement]:
    """Every requirement ``source`` names, following ``-r`` files and ``-e .`` (pyproject's dependencies)."""
    found: list[Requirement] = []
    for line in requirement_lines(REPO / source):
        if line.startswith(("-r ", "--requirement ")):
            found += direct_requirements(line.split(None, 1)[1])
        elif line in {"-e .", "."}:
            found += [Requirement(text) for text in project()["dependencies"]]
        elif not line.startswith("-"):
            found.append(Requirement(line))
    return list({str(r): r for r in found}.values())


def ranges_text() -> str:
    """What the locks are made from, comments left out: editing a comment does not make a lock stale."""
    parts = [
        f"{name}\n" + "\n".join(requirement_lines(REPO / name)) for name in ("requirements.txt", "requirements-dev.txt")
    ]
    meta = project()
    parts.append("pyproject.toml\n" + json.dumps([meta.get("requires-python"), meta["dependencies"]]))
    return "\n\n".join(parts)


def input_hash(lock: Lock) -> str:
    """The hash a lock's header records: its ranges and its resolution options."""
    text = ranges_text() + "\n\n" + json.dumps(lock.options(), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def header(lock: Lock) -> str:
    install = f"python -m pip install --require-hashes -r {lock.path} && python -m pip install --no-deps -e ."
    lowest = (
        " at the lowest versions its ranges allow (uv --resolution lowest-direct)"
        if lock.resolution != "highest"
        else ""
    )
    return "\n".join(
        [
            f"# {lock.path}: every third-party package of {lock.source}{lowest}, pinned with hashes ({lock.purpose}).",
            f"# Made by `make lock` (scripts/lock.py, uv {UV_VERSION}) from the ranges, the source of truth:",
            "# change a range there, then run `make lock`; do not edit this file by hand.",
            f"# Platform: CPython 3.11 ({PYTHON_VERSION} or later), linux x86_64 ({PLATFORM}).",
            "# Not here: the course itself (pip refuses `-e .` with hashes) and torch. Install with",
            f"#   {install}",
            f"# input-sha256: {input_hash(lock)}",
            "",
        ]
    )


PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==(\S+)")


def read_lock(path: Path) -> dict[str, tuple[str, list[str]]]:
    """``{canonical name: (version, [sha256 hashes])}`` of a lock file."""
    pins: dict[str, tuple[str, list[str]]] = {}
    current: str | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        found = PIN.match(line)
        if found:
            current = canonicalize_name(found.group(1))
            pins[current] = (found.group(2), [])
        elif current and (digest := re.search(r"--hash=sha256:([0-9a-f]{64})", line)):
            pins[current][1].append(digest.group(1))
        elif line and not line.startswith((" ", "#")):
            current = None
    return pins


def recorded_hash(path: Path) -> str | None:
    found = re.search(r"^# input-sha256: (\w+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    return found.group(1) if found else None


def lowest_allowed(requirement: Requirement) -> Version | None:
    """The lower bound of a range (``>=X`` or ``==X``), if it has one."""
    bounds = [Version(s.version) for s in requirement.specifier if s.operator in {">=", "==", "~="}]
    return max(bounds) if bounds else None


def problems(name: str) -> list[str]:
    """Where a lock disagrees with its ranges, or breaks a rule every lock keeps (empty: in step)."""
    lock = LOCKS[name]
    path = REPO / lock.path
    if not path.exists():
        return [f"{lock.path} is missing: run `make lock`"]
    found: list[str] = []
    if recorded_hash(path) != input_hash(lock):
        found.append(f"{lock.path} was made from other ranges or options than today's: run `make lock`")
    pins = read_lock(path)
    text = path.read_text(encoding="utf-8")
    if re.search(r"^(-e|--editable|\.|file:)", text, re.MULTILINE):
        found.append(f"{lock.path} names a local or editable package (pip's --require-hashes refuses them)")
    found += [f"{lock.path} pins {x}, which stays out of every lock" for x in EXCLUDED if x in pins]
    found += [f"{lock.path}: {p} has no hash" for p, (_, hashes) in pins.items() if not hashes]
    for requirement in direct_requirements(lock.source):
        key = canonicalize_name(requirement.name)
        if key in EXCLUDED:
            continue
        if key not in pins:
            found.append(f"{lock.path} lacks {requirement} (from {lock.source}): run `make lock`")
            continue
        version = Version(pins[key][0])
        if not requirement.specifier.contains(version, prereleases=True):
            found.append(f"{lock.path} pins {key}=={version}, outside {requirement}: run `make lock`")
        low = lowest_allowed(requirement)
        if lock.resolution == "lowest-direct" and low is not None and Version(version.base_version) != low:
            found.append(f"{lock.path} pins {key}=={version}, not the lowest that {requirement} allows ({low})")
    if lock.constraint and (REPO / lock.constraint).exists():
        outer = read_lock(REPO / lock.constraint)
        found += [
            f"{lock.path} pins {p}=={v}, {lock.constraint} {outer[p][0]}"
            for p, (v, _) in pins.items()
            if p in outer and outer[p][0] != v
        ]
        found += [f"{lock.path} pins {p}, which {lock.constraint} lacks" for p in pins if p not in outer]
    return found


def uv() -> str:
    """The uv binary: $UV, then uv on PATH at UV_VERSION, else one pip installs into .venv/tools/."""
    if os.environ.get("UV"):
        return os.environ["UV"]
    on_path = shutil.which("uv")
    if on_path and UV_VERSION in subprocess.run([on_path, "--version"], capture_output=True, text=True).stdout:
        return on_path
    target = REPO / ".venv" / "tools" / f"uv-{UV_VERSION}"
    binary = target / "bin" / "uv"
    if not binary.exists():
        pip = [sys.executable, "-m", "pip", "install", "-q", "--target", str(target), f"uv=={UV_VERSION}"]
        subprocess.run(pip, check=True)
    return str(binary)


def compile_lock(name: str, uv_args: list[str]) -> None:
    """Resolve one lock with uv, keeping the pins the lock already has (uv prefers what its output file holds)."""
    lock = LOCKS[name]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / Path(lock.path).name
        if (REPO / lock.path).exists():
            shutil.copy2(REPO / lock.path, out)
        command = [uv(), "pip", "compile", lock.source, "--quiet", "--generate-hashes"]
        command += ["--python-version", PYTHON_VERSION, "--python-platform", PLATFORM]
        command += [
            "--resolution",
            lock.resolution,
            "--no-emit-package",
            PROJECT,
            "--custom-compile-command",
            "make lock",
        ]
        command += ["--index-url", "https://pypi.org/simple", "--no-config"]
        if lock.constraint:
            command += ["--constraint", lock.constraint]
        subprocess.run([*command, *uv_args, "--output-file", str(out)], cwd=REPO, check=True)
        (REPO / lock.path).write_text(header(lock) + out.read_text(encoding="utf-8"), encoding="utf-8")
    print(f"{lock.path}: {len(read_lock(REPO / lock.path))} packages")


def render_readme() -> str:
    """The README's versions block: what the stored outputs were made with, and the lowest versions tested."""
    dev = read_lock(REPO / LOCKS["dev"].path)
    oldest = read_lock(REPO / LOCKS["oldest"].path)

    def listed(pins: dict[str, tuple[str, list[str]]]) -> str:
        return ", ".join(f"{p} {pins[p][0]}" for p in README_PACKAGES if p in pins)

    return "\n".join(
        [
            START,
            f"저장된 노트북 출력을 만든 버전 (`requirements-dev.lock`, CPython 3.11, linux x86_64): {listed(dev)}.",
            f"범위가 허용하는 가장 낮은 버전 (`requirements-oldest.lock`, `make test-oldest`): {listed(oldest)}.",
            END,
        ]
    )


def write_readme() -> bool:
    """Rewrite README's versions block; True when it changed."""
    text = README.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    new = head + render_readme() + rest.split(END, 1)[1]
    README.write_text(new, encoding="utf-8")
    return new != text


def read_freeze(text: str) -> dict[str, str]:
    """``{canonical name: version}`` of ``pip freeze`` output (editable and URL lines left out)."""
    pins = {}
    for line in text.splitlines():
        found = PIN.match(line.strip())
        if found:
            pins[canonicalize_name(found.group(1))] = found.group(2)
    return pins


def moved(locked: dict[str, str], installed: dict[str, str]) -> list[tuple[str, str, str]]:
    """``(package, locked version, installed version)`` for every package that differs; '-' is absent."""
    names = sorted((set(locked) | set(installed)) - {"pip", *EXCLUDED})
    rows = [(n, locked.get(n, "-"), installed.get(n, "-")) for n in names]
    return [row for row in rows if row[1] != row[2]]


def diff_report(rows: list[tuple[str, str, str]], lock_path: str) -> str:
    if not rows:
        return f"Every installed package is at the version {lock_path} pins.\n"
    lines = [
        f"Packages that moved against {lock_path} ({len(rows)}):",
        "",
        "| package | lock | installed |",
        "|---|---|---|",
    ]
    lines += [f"| {n} | {a} | {b} |" for n, a, b in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("compile", help="make lock; extra arguments go to uv pip compile")
    sub.add_parser("check")
    readme = sub.add_parser("readme")
    readme.add_argument("--write", action="store_true")
    diff = sub.add_parser("diff")
    diff.add_argument("--lock", default=LOCKS["dev"].path)
    diff.add_argument("--freeze", type=Path, help="pip freeze output (default: this interpreter's)")
    args, rest = parser.parse_known_args(argv)
    if rest and args.command != "compile":
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    if args.command == "compile":
        for name in LOCKS:
            compile_lock(name, rest)
        print("README.md: versions block " + ("rewritten" if write_readme() else "unchanged"))
        return 0
    if args.command == "check":
        found = [p for name in LOCKS for p in problems(name)]
        print("\n".join(found) or "every lock is in step with its ranges")
        return 1 if found else 0
    if args.command == "readme":
        if args.write:
            write_readme()
        else:
            print(render_readme())
        return 0
    freeze = (
        args.freeze.read_text(encoding="utf-8")
        if args.freeze
        else subprocess.run(
            [sys.executable, "-m", "pip", "freeze", "--all"], capture_output=True, text=True, check=True
        ).stdout
    )
    locked = {n: v for n, (v, _) in read_lock(REPO / args.lock).items()}
    report = diff_report(moved(locked, read_freeze(freeze)), args.lock)
    print(report, end="")
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
            summary.write(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

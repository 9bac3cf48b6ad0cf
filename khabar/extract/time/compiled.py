"""The tagger compiled with mypyc: the same source, about a quarter faster (docs/time.md, Speed).

``make`` builds ``tagger.py`` and ``values.py`` into ``build/compiled/`` (``compiled.build()``); the package loads that build only when it was made from the
very sources on disk, by this Python.  An edited source therefore runs as Python until the next
build, never as a stale extension, and a machine with no C compiler runs the Python modules.
``KHABAR_PURE_PYTHON=1`` forces the Python modules (tests compare the two).
"""
from __future__ import annotations

import hashlib
import importlib.machinery
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]  # the repository (an editable install): the build lives beside the package
BUILD = ROOT / "build" / "compiled"
MANIFEST = BUILD / "manifest.json"
TEMP = ROOT / "build" / "compiled-tmp"  # C sources and objects while building
PROFILE = ROOT / "build" / "compiled-profile"  # what the instrumented build counted
PACKAGE = "khabar.extract.time"
MODULES = ("values", "tagger")  # compiled together; values first, the tagger imports it

loaded: str | None = None  # 'mypyc' once the compiled modules are in use


def sources_digest() -> str:
    """What a build must have been made from: the compiled sources and this very Python (its
    version and build: a .venv remade from another interpreter of the same minor version must
    not load an extension built against the other's headers)."""
    h = hashlib.sha256((sys.implementation.cache_tag + sys.version).encode())
    for name in MODULES:
        h.update((HERE / f"{name}.py").read_bytes())
    return h.hexdigest()


def _manifest() -> tuple[dict | None, str]:
    """The build's manifest when it is usable, else None and why not."""
    if os.environ.get("KHABAR_PURE_PYTHON"):
        return None, "KHABAR_PURE_PYTHON is set"
    try:
        manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, "no compiled build (make builds one)"
    except (OSError, ValueError) as e:
        return None, f"unreadable build manifest: {e}"
    if manifest.get("digest") != sources_digest():
        return None, "the compiled build is older than the sources (make rebuilds it)"
    return manifest, "ok"


def state() -> tuple[bool, str]:
    """Whether a usable build is there, and why not."""
    manifest, why = _manifest()
    return manifest is not None, why


def load() -> str | None:
    """Put the compiled modules in place of the Python ones, if a build of these sources exists.
    Called by the package before it imports the tagger; any failure leaves the Python modules."""
    global loaded
    manifest, _why = _manifest()
    if manifest is None:
        return None
    done: list[str] = []
    try:
        for name, rel in manifest["modules"]:  # the group's shared library first, then values, tagger
            path = str(BUILD / rel)
            loader = importlib.machinery.ExtensionFileLoader(name, path)
            spec = importlib.machinery.ModuleSpec(name, loader, origin=path)
            module = loader.create_module(spec)
            sys.modules[name] = module
            done.append(name)
            loader.exec_module(module)
    except Exception as e:  # noqa: BLE001 - a broken build must never stop the tool
        for name in done:
            sys.modules.pop(name, None)
        print(f"khabar: compiled time tagger not used ({e}); running the Python modules", file=sys.stderr)
        return None
    loaded = "mypyc"
    return loaded


def _compile(flags: list[str]) -> int:
    """mypyc: tagger.py and values.py into build/compiled/, with extra C compiler flags, and
    the manifest.  The C sources and objects go to one fixed folder (a profile is filed by the
    object's path, so both builds of a profile-guided pair must use the same)."""
    from mypyc.build import mypycify  # dev dependency (requirements-dev.txt)
    from setuptools import Distribution  # type: ignore[import-untyped]

    # the files go, the folders stay: distutils remembers the folders it made in this process
    # and would not make them again for the second build
    for f in sorted(BUILD.rglob("*")) if BUILD.exists() else []:
        if not f.is_dir():
            f.unlink()
    TEMP.mkdir(parents=True, exist_ok=True)
    cwd = os.getcwd()
    os.chdir(ROOT)  # mypyc names the modules by their paths from here
    try:
        exts = mypycify([f"khabar/extract/time/{m}.py" for m in MODULES], target_dir=str(TEMP))
        for ext in exts:
            ext.extra_compile_args = [*ext.extra_compile_args, *flags]
            ext.extra_link_args = [*(ext.extra_link_args or []), *flags]
        dist = Distribution({"name": "khabar-compiled", "ext_modules": exts})
        cmd = dist.get_command_obj("build_ext")
        cmd.build_lib = str(BUILD)
        cmd.build_temp = str(TEMP)
        cmd.force = True  # every object compiled again, with these flags
        dist.run_command("build_ext")
    finally:
        os.chdir(cwd)
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    modules: list[tuple[str, str]] = []
    for so in sorted(BUILD.rglob("*" + suffix)):
        rel = so.relative_to(BUILD).as_posix()
        name = rel[: -len(suffix)].replace("/", ".")
        modules.append((name, rel))
    order = {f"{PACKAGE}.{m}": i + 1 for i, m in enumerate(MODULES)}
    modules.sort(key=lambda t: order.get(t[0], 0))  # the shared library (no package) first
    if [n for n, _ in modules if n in order] != list(order):
        print(f"khabar: mypyc built {modules}, not the expected modules", file=sys.stderr)
        return 1
    MANIFEST.write_text(json.dumps({"digest": sources_digest(), "modules": modules, "flags": flags}, indent=1), encoding="utf-8")
    return 0


def train() -> int:
    """The profile run of a profile-guided build: the tagger over the time gold sentences
    (tests/gold/time: news from many regions, with both preferences) and the bundled example
    articles, in a process that loaded the instrumented build."""
    from khabar.extract.time import find_times, prepare
    from khabar.extract.time.evaluate import load_gold

    if loaded != "mypyc":
        print("khabar: the instrumented build did not load", file=sys.stderr)
        return 1
    rows = [(r["sentence"], r["ref"] or None) for r in load_gold(ROOT / "tests" / "gold" / "time")]
    if not rows:
        return 1
    prepare()
    for prefer in ("past", "future"):
        for sentence, ref in rows:
            find_times(sentence, ref, prefer=prefer)
    for path in sorted((ROOT / "examples").glob("*.txt")):  # the plain-text example articles
        find_times(path.read_text(encoding="utf-8", errors="replace"), "2025-01-01")
    return 0


def build() -> int:
    """Compile tagger.py and values.py with mypyc into build/compiled/ and write the manifest,
    guided by a profile where the C compiler takes GCC's flags: an instrumented build runs
    train() in a child process, then the final build uses what it counted (branch layout,
    inlining: 5-10% faster on ANT articles it never saw; docs/time.md, Speed).  If any step
    of that fails, a plain build."""
    import shutil
    import subprocess

    shutil.rmtree(PROFILE, ignore_errors=True)
    shutil.rmtree(TEMP, ignore_errors=True)
    try:
        guided = _compile([f"-fprofile-generate={PROFILE}"]) == 0 and subprocess.run(
            [sys.executable, "-c", "import sys; from khabar.extract.time import compiled; sys.exit(compiled.train())"],
            cwd=ROOT, env={k: v for k, v in os.environ.items() if k != "KHABAR_PURE_PYTHON"}, timeout=600).returncode == 0
        if guided:
            guided = _compile([f"-fprofile-use={PROFILE}", "-fprofile-correction", "-Wno-missing-profile"]) == 0
    except Exception as e:  # noqa: BLE001 - another compiler, no profile support: the plain build below
        print(f"khabar: no profile-guided build ({e}); a plain one", file=sys.stderr)
        guided = False
    if not guided and _compile([]) != 0:
        return 1
    shutil.rmtree(PROFILE, ignore_errors=True)
    shutil.rmtree(TEMP, ignore_errors=True)
    names = [n for n, _ in json.loads(MANIFEST.read_text(encoding="utf-8"))["modules"]]
    print(f"khabar: compiled {', '.join(names)} into {BUILD}" + (" (profile-guided)" if guided else ""))
    return 0

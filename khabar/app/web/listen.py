"""Read a story's summary aloud with espeak-ng (offline), cached as WAV files.

``espeak_path()`` says whether speech is possible here; ``KHABAR_ESPEAK`` overrides
the binary ('' or 'off' switches speech off, e.g. for tests); otherwise it is looked
up on PATH.  ``summary_wav()`` writes (or reuses) the cached audio of a text.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

VOICE = "ar"
MAX_CHARS = 6000  # a summary longer than this is cut before speaking


class ListenError(RuntimeError):
    """Speech is not possible, with the reason for the user."""


def espeak_path() -> str | None:
    env = os.environ.get("KHABAR_ESPEAK")
    if env is not None:
        if env.strip().lower() in ("", "0", "off", "no", "false"):
            return None
        return env if (os.path.isfile(env) and os.access(env, os.X_OK)) else shutil.which(env)
    return shutil.which("espeak-ng")


def why_not() -> str | None:
    """None when speech works, else a sentence saying why not."""
    if os.environ.get("KHABAR_ESPEAK", "x").strip().lower() in ("", "0", "off", "no", "false"):
        return "speech is switched off (KHABAR_ESPEAK is empty or 'off')"
    if espeak_path() is None:
        return ("espeak-ng is not installed (Debian/Ubuntu: apt-get install espeak-ng; `make tts` does it "
                "when run as root)")
    return None


def cache_dir() -> Path:
    base = os.environ.get("KHABAR_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "khabar"
    )
    p = Path(base) / "audio"
    p.mkdir(parents=True, exist_ok=True)
    return p


def speak_to(text: str, out: Path, *, voice: str = VOICE, timeout: float = 120.0) -> Path:
    exe = espeak_path()
    if exe is None:
        raise ListenError(why_not() or "espeak-ng is not available")
    text = " ".join(text.split())[:MAX_CHARS]
    if not text:
        raise ListenError("there is no summary text to read")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + f".{os.getpid()}.tmp")
    try:
        proc = subprocess.run(
            [exe, "-v", voice, "-s", "150", "-w", str(tmp), "--stdin"],
            input=text.encode("utf-8"), capture_output=True, timeout=timeout, check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ListenError(f"espeak-ng failed: {exc}") from exc
    if proc.returncode != 0 or not tmp.exists() or tmp.stat().st_size < 100:
        tmp.unlink(missing_ok=True)
        raise ListenError(f"espeak-ng failed: {proc.stderr.decode('utf-8', 'replace').strip()[:200]}")
    os.replace(tmp, out)
    return out


def summary_wav(text: str, *, voice: str = VOICE) -> Path:
    """The WAV of ``text`` from the cache, generated on first use."""
    key = hashlib.sha1(f"{voice}\n{text}".encode()).hexdigest()[:20]
    path = cache_dir() / f"{key}.wav"
    if path.exists() and path.stat().st_size > 100:
        return path
    return speak_to(text, path, voice=voice)


def summary_text(detail: dict) -> str:
    """The text read aloud for a story: its title, then its summary sentences."""
    parts = [detail["story"].get("title") or ""]
    summ = detail.get("summary") or {}
    parts += [s.get("text", "") for s in summ.get("sentences", [])]
    if len(parts) == 1:  # no summary pass output: the first timeline entries
        parts += [e.get("description_ar") or "" for e in detail.get("timeline", {}).get("entries", [])[:5]]
    return ". ".join(p.strip().rstrip(".") for p in parts if p and p.strip()) + "."

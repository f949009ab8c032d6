"""Uploads waiting for the curator's confirmation between the import preview and the import.

The preview page stores the uploaded file here under a random token bound to the user; the
confirmation imports exactly that file and removes it. Files older than `MAX_AGE` are removed
on the next preview. The store is a directory on the server's disk (one host).
"""

from __future__ import annotations

import json
import secrets
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

MAX_AGE = 3600.0  # seconds a preview stays confirmable
ROOT = Path(tempfile.gettempdir()) / "nastavnik-pending-imports"


@dataclass(frozen=True)
class Pending:
    user_id: int
    filename: str
    strict: bool
    content: bytes
    programme: str = ""  # the programme whose own topics the file is read with


def _paths(token: str) -> tuple[Path, Path]:
    return ROOT / f"{token}.bin", ROOT / f"{token}.json"


def _sweep(now: float) -> None:
    """Remove stale uploads; another process may be taking or sweeping the same ones."""
    for path in ROOT.glob("*.json"):
        try:
            stale = now - path.stat().st_mtime > MAX_AGE
        except FileNotFoundError:
            continue
        if stale:
            for p in _paths(path.stem):
                p.unlink(missing_ok=True)


def keep(user_id: int, filename: str, strict: bool, content: bytes, programme: str = "") -> str:
    """Store an upload until it is confirmed (or mapped, for a questionnaire export); the
    token that names it."""
    ROOT.mkdir(mode=0o700, parents=True, exist_ok=True)
    _sweep(time.time())
    token = secrets.token_hex(16)
    data, meta = _paths(token)
    data.write_bytes(content)
    meta.write_text(json.dumps({"user_id": user_id, "filename": filename, "strict": strict,
                                "programme": programme}), encoding="utf-8")
    return token


def take(token: str, user_id: int) -> Pending | None:
    """The upload of this token if it is this user's and still fresh, removed from the store;
    None otherwise (a token of another user is left alone)."""
    if not token.isalnum() or len(token) != 32:
        return None
    data, meta = _paths(token)
    try:
        info = json.loads(meta.read_text(encoding="utf-8"))
        if info["user_id"] != user_id or time.time() - meta.stat().st_mtime > MAX_AGE:
            return None
        claimed = meta.with_name(f"{token}.taken-{secrets.token_hex(4)}")
        meta.rename(claimed)  # atomic: of two confirmations at once, one takes the file
    except (OSError, ValueError, KeyError):
        return None
    try:
        content = data.read_bytes()
    except OSError:
        return None
    finally:
        for p in (data, claimed):
            p.unlink(missing_ok=True)
    return Pending(user_id, str(info["filename"]), bool(info["strict"]), content,
                   str(info.get("programme") or ""))

"""Re-imports that never lose data: what one file row changes in a stored participant.

A row says which columns it gives (`given`: keys of the cells that are filled) and which it
clears (`cleared`: keys of the cells holding the clear marker «—»). A column missing from the
file, or an empty cell, leaves the stored value as it is; only «—» resets a field to its empty
default. Consents are merged, never dropped: a file adds consents and revocations only.

`mentor` and `mentee` in `given` mean the row puts the person in that bank; in `cleared`, that
the row takes them out of it (`«—»` in «Наставник: мест»; `0` or `«—»` in «Нужно наставников»).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from matcher.model import Consent, Participant

# The clear marker (and the dashes a keyboard or Excel's autocorrect puts in its place).
CLEAR_MARKER = "—"
CLEAR_MARKERS = frozenset({"—", "–", "-"})
# Fields a row may not clear: a participant cannot be without them.
REQUIRED_KEYS = frozenset({"id", "full_name", "role", "organisation", "birth_year"})
PARTS = ("mentor", "mentee")
# Top-level fields a row sets one by one (the parts and consents are merged by their own rules).
FIELD_KEYS = tuple(k for k in Participant.model_fields
                   if k not in ("id", "consents", *PARTS))


def is_clear_marker(value: str) -> bool:
    return value.strip() in CLEAR_MARKERS


def merge_consents(
    stored: tuple[Consent, ...], incoming: tuple[Consent, ...]
) -> tuple[tuple[Consent, ...], list[Consent], list[Consent]]:
    """Stored consents plus what a file adds: new consents, and revocations of stored ones.
    Nothing stored is dropped, so an older file cannot silently undo a revocation."""
    merged = list(stored)
    added: list[Consent] = []
    revoked: list[Consent] = []
    for c in incoming:
        same = next(
            (i for i, s in enumerate(merged) if s.kind == c.kind and s.given == c.given), None
        )
        if same is None:
            merged.append(c)
            added.append(c)
        elif merged[same].revoked is None and c.revoked is not None:
            merged[same] = c
            revoked.append(c)
    return tuple(merged), added, revoked


def _default(model: Any, key: str) -> Any:
    return model.model_fields[key].get_default(call_default_factory=True)


def _subkeys(keys: Iterable[str], part: str) -> set[str]:
    return {k.split(".", 1)[1] for k in keys if k.startswith(part + ".")}


def apply_row(
    stored: Participant,
    incoming: Participant,
    given: frozenset[str] | None,
    cleared: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """The data of `stored` with what the row gives and clears applied (consents merged);
    the caller validates it. `given=None` means the row gives every field (a whole record)."""
    data = stored.model_dump()
    new = incoming.model_dump()
    if given is None:
        data = {**new, "consents": stored.consents}
    else:
        for key in FIELD_KEYS:
            if key in cleared:
                data[key] = _default(Participant, key)
            elif key in given:
                data[key] = new[key]
        for part in PARTS:
            data[part] = _apply_part(part, data[part], new[part], given, cleared)
    consents, _, _ = merge_consents(stored.consents, incoming.consents)
    data["consents"] = [c.model_dump() for c in consents]
    return data


def _apply_part(
    part: str, stored: dict[str, Any] | None, new: dict[str, Any] | None,
    given: frozenset[str], cleared: frozenset[str],
) -> dict[str, Any] | None:
    """The mentor offer or mentee request after the row: kept, changed field by field,
    added, or (explicitly) removed."""
    if part in cleared:
        return None
    subs, gone = _subkeys(given, part), _subkeys(cleared, part)
    if new is None or not (part in given or subs or gone):
        return stored
    out = dict(new) if stored is None else dict(stored)
    for key in subs:
        out[key] = new[key]
    for key in gone:
        out.pop(key, None)  # the model's default fills it in again
    return out


def field_changes(before: Participant, after: Participant) -> list[tuple[str, Any, Any]]:
    """(field, before, after) for every field that differs, as JSON values; the parts field
    by field (`mentor.capacity_mentees`), so a preview names exactly what changes."""
    a, b = before.model_dump(mode="json"), after.model_dump(mode="json")
    out: list[tuple[str, Any, Any]] = []
    for key in Participant.model_fields:
        x, y = a.get(key), b.get(key)
        if key in PARTS and isinstance(x, dict) and isinstance(y, dict):
            out.extend((f"{key}.{k}", x.get(k), y.get(k)) for k in x
                       if _canonical(x.get(k)) != _canonical(y.get(k)))
        elif _canonical(x) != _canonical(y):
            out.append((key, x, y))
    return out


def _canonical(value: Any) -> Any:
    """Sets are dumped as lists in no set order: compare them as sorted."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return sorted(value)
    return value

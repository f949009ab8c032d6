"""Reading the rule, quota and solver-option rows of the programme page (issue 17).

Rows are numbered fields (`r0_kind`, `r0_field`, …; `q0_field`, …; `o_stable`, …); a row whose
kind (or field, for a quota) is empty is left out. Only shape is handled here: the model
refuses a bad row with its own message, named by its place (`rules.1.field`)."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData

from matcher.model import Attribute, Numeric, RuleKind, Side, Tier
from matcher.model.rules import MAX_QUOTAS, MAX_RULES

EMPTY_RULE_ROWS = 2  # blank rows the page offers under the stored ones
EMPTY_QUOTA_ROWS = 1
OPTION_NUMBERS = ("fairness", "balance", "unmatched_bonus", "priority_bonus", "min_load",
                  "min_load_penalty")
RULE_FIELDS = tuple(a.value for a in Attribute) + tuple(
    n.value for n in Numeric if n.value not in {a.value for a in Attribute})


def _text(form: FormData, key: str) -> str:
    return str(form.get(key) or "").strip()


def _number(text: str) -> Any:
    text = text.replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return text  # for the model to refuse with its own message
    return int(value) if value.is_integer() else value


def rule_rows(form: FormData) -> list[dict[str, Any]]:
    rows = []
    for i in range(MAX_RULES):
        kind = _text(form, f"r{i}_kind")
        if f"r{i}_kind" not in form:
            break
        if not kind:
            continue
        row: dict[str, Any] = {"kind": kind, "field": _text(form, f"r{i}_field"),
                               "tier": _text(form, f"r{i}_tier") or Tier.required.value,
                               "label": _text(form, f"r{i}_label")}
        if kind in (RuleKind.share_topic, RuleKind.gap):
            row["field"] = "" if kind == RuleKind.share_topic else row["field"]
        for key in ("min", "max"):
            row[key] = _number(_text(form, f"r{i}_{key}")) if kind == RuleKind.gap else None
        if kind == RuleKind.allowed:
            row["side"] = _text(form, f"r{i}_side") or Side.both.value
            row["values"] = [v.strip() for v in _text(form, f"r{i}_values").split(";")
                             if v.strip()]
        weight = _number(_text(form, f"r{i}_weight"))
        if weight is not None:
            row["weight"] = weight
        rows.append(row)
    return rows


def quota_rows(form: FormData) -> list[dict[str, Any]]:
    rows = []
    for i in range(MAX_QUOTAS):
        if f"q{i}_field" not in form:
            break
        field = _text(form, f"q{i}_field")
        if not field:
            continue
        share = _number(_text(form, f"q{i}_share"))
        rows.append({
            "field": field, "side": _text(form, f"q{i}_side") or Side.mentor.value,
            "value": _text(form, f"q{i}_value"),
            "at_most": _number(_text(form, f"q{i}_at_most")),
            "at_least": _number(_text(form, f"q{i}_at_least")),
            "share_at_most": share / 100 if isinstance(share, (int, float)) else share,
        })
    return rows


def option_values(form: FormData) -> dict[str, Any]:
    out: dict[str, Any] = {"stable": form.get("o_stable") == "1"}
    for key in OPTION_NUMBERS:
        value = _number(_text(form, f"o_{key}"))
        if value is not None:
            out[key] = value
    return out


def rules_values(form: FormData, data: dict[str, Any]) -> None:
    """Put the rules, quotas and options the form sent into the programme `data`."""
    if "rules_sent" in form:
        data["rules"] = rule_rows(form)
    if "quotas_sent" in form:
        data["quotas"] = quota_rows(form)
    if "options_sent" in form:
        data["options"] = {**(data.get("options") or {}), **option_values(form)}

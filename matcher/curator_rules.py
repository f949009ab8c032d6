"""The curator's own rules for one pair, written plainly: the specification.

`matcher.scoring.curator` evaluates the same rules for many pairs at once and must agree with
`kept` on every pair (a property test checks it). `describe` is how a rule reads on the pages
and in reasons; `broken_detail` is the reason a required rule gives for a pair that breaks it
(`matcher.hard_rules` row `programme_rule`), `preferred_reason` the explanation of the
`curator_rules` score component.
"""

from __future__ import annotations

from datetime import date

from matcher.messages import message
from matcher.messages.curator import FIELD_LABELS, SIDE_LABELS
from matcher.model import (
    Attribute,
    PairRule,
    Participant,
    Programme,
    Reason,
    RuleKind,
    Side,
    categorical_values,
    numeric_value,
)

LANGS = ("ru", "en")


def kept(rule: PairRule, mentor: Participant, mentee: Participant, at: date) -> bool:
    """Whether the pair keeps the rule; an unknown value keeps no rule that reads it."""
    match rule.kind:
        case RuleKind.same | RuleKind.different:
            a = categorical_values(mentor, rule.attribute)
            b = categorical_values(mentee, rule.attribute)
            if not a or not b:
                return False
            return bool(a & b) == (rule.kind == RuleKind.same)
        case RuleKind.gap:
            vm = numeric_value(mentor, rule.numeric, at)
            ve = numeric_value(mentee, rule.numeric, at)
            if vm is None or ve is None:
                return False
            gap = vm - ve
            return (rule.min is None or gap >= rule.min) and (rule.max is None or gap <= rule.max)
        case RuleKind.share_topic:
            return any(t in mentor.competencies for t in mentee.requests)
        case RuleKind.allowed:
            allowed = rule.normalised_values()
            people = {Side.mentor: (mentor,), Side.mentee: (mentee,),
                      Side.both: (mentor, mentee)}[rule.side]
            return all(categorical_values(p, rule.attribute) & allowed for p in people)
    raise AssertionError(rule.kind)  # pragma: no cover


def broken_required(mentor: Participant, mentee: Participant,
                    programme: Programme) -> tuple[PairRule, ...]:
    """The programme's required rules this pair breaks, in the programme's order."""
    at = programme.rules_date
    return tuple(r for r in programme.required_rules if not kept(r, mentor, mentee, at))


def _num(x: float) -> str:
    return f"{x:g}"


def describe(rule: PairRule, lang: str = "ru") -> str:
    """How the rule reads: the curator's own label, else a sentence made from the row."""
    if rule.label:
        return rule.label
    field = FIELD_LABELS.get(rule.field)
    f_ru, f_en = (field.ru, field.en) if field else (rule.field, rule.field)
    match rule.kind:
        case RuleKind.gap:
            if rule.min is not None and rule.max is not None:
                code = "rule.gap_from_to"
            else:
                code = "rule.gap_from" if rule.min is not None else "rule.gap_to"
            lo = _num(rule.min) if rule.min is not None else ""
            hi = _num(rule.max) if rule.max is not None else ""
            bounds = message(code, lang, min=lo, max=hi)
            return message("rule.gap", lang, field=f_ru, field_en=f_en, bounds=bounds)
        case RuleKind.allowed:
            side = SIDE_LABELS[rule.side.value]
            return message("rule.allowed", lang, field=f_ru, field_en=f_en, side=side.ru,
                           side_en=side.en, values="», «".join(rule.values))
        case _:
            return message(f"rule.{rule.kind.value}", lang, field=f_ru, field_en=f_en)


def _shown(p: Participant, rule: PairRule, at: date, lang: str) -> str:
    if rule.kind == RuleKind.gap:
        v = numeric_value(p, rule.numeric, at)
        return _num(v) if v is not None else message("rule.unknown", lang)
    if rule.kind == RuleKind.share_topic:
        return ""
    if rule.attribute == Attribute.site:
        value = p.site or p.organisation
    elif rule.attribute == Attribute.subject:
        value = ", ".join(p.subjects)
    else:
        raw = getattr(p, rule.field)
        value = raw.value if hasattr(raw, "value") else str(raw or "")
    return value or message("rule.unknown", lang)


def broken_detail(rule: PairRule, mentor: Participant, mentee: Participant,
                  at: date) -> dict[str, str]:
    """The `detail` parameters of the `programme_rule` reason: the rule and the two facts."""
    out: dict[str, str] = {}
    for lang in LANGS:
        text = describe(rule, lang)
        if rule.kind != RuleKind.share_topic:
            a, b = _shown(mentor, rule, at, lang), _shown(mentee, rule, at, lang)
            text += " (" + message("rule.facts", lang, mentor=a, mentee=b) + ")"
        out["detail" if lang == "ru" else "detail_en"] = text
    return out


def preferred_reason(programme: Programme, mentor: Participant, mentee: Participant) -> Reason:
    """The explanation of the `curator_rules` component: which preferences the pair keeps."""
    rules = programme.preferred_rules
    if not rules:
        return Reason(code="rules_none", ru=message("rules_none", "ru"),
                      en=message("rules_none", "en"))
    at = programme.rules_date
    kept_rules = [r for r in rules if kept(r, mentor, mentee, at)]
    missed = [r for r in rules if r not in kept_rules]
    code = ("rules_kept_all" if not missed else "rules_kept_none" if not kept_rules
            else "rules_kept_some")
    texts = {
        lang: message(code, lang,
                      kept="; ".join(describe(r, "ru") for r in kept_rules),
                      kept_en="; ".join(describe(r, "en") for r in kept_rules),
                      missed="; ".join(describe(r, "ru") for r in missed),
                      missed_en="; ".join(describe(r, "en") for r in missed))
        for lang in LANGS
    }
    return Reason(code=code, ru=texts["ru"], en=texts["en"])

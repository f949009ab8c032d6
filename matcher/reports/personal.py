"""A participant's own explanation of one run: their match and why, and nothing about others.

What a participant sees:
* as a mentee: the mentor's name and role, the form, kind, status and topics, their own pair
  score and its component reasons; in a group, the other members' names and roles (they will
  meet), never their scores or reasons;
* as a mentor: each mentee's name and role, the topics, and each of their own pairs' score
  and reasons;
* when left without a mentor: their own reasons and what can be done.

The curator's texts are written for the curator, so some are reworded here rather than shown:
the mutual-wishes reason (it states the partner's wish), the shared words of the free texts in
a mentor's view (they quote the mentee's text), the unmatched reasons that name other mentors
or count other people's refusals and consents. As a last guard, any other participant's name
left in a text is replaced by «…».
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Literal

from matcher.errors import UnknownParticipant
from matcher.labels import label
from matcher.messages.names import known_sex
from matcher.model import Bank, PairScore, Participant, Proposal, Reason, Role, RunResult
from matcher.reports.common import (
    active_proposals,
    check_lang,
    points,
    status_label,
    topic_label,
    tr,
)

ViewerRole = Literal["mentor", "mentee"]
REDACTED = "…"

# Component reasons replaced by a neutral text in a personal view (code -> (ru, en)).
NEUTRAL_COMPONENT = {
    "mutual_wishes": ("Учтены пожелания участников после встречи-знакомства",
                      "The wishes stated after the acquaintance meeting were taken into account"),
}

# A mentee whose proposed pair is no longer active (rejected or ended) reads this.
PROPOSAL_INACTIVE: tuple[str, str] = (
    "Предложенная пара отклонена или завершена; куратор подберёт новую",
    "The proposed pair was rejected or ended; the curator will look for a new one")

# Unmatched reasons and suggestions reworded for the participant (code -> (ru, en)); a code
# mapped to None is curator-only and left out.
PERSONAL_UNMATCHED: dict[str, tuple[str, str] | None] = {
    "no_eligible_mentor": (
        "Среди наставников программы пока нет подходящего по правилам подбора (форма и вид "
        "наставничества, согласия, формат встреч)",
        "No mentor in the programme fits the matching rules yet (form and kind of mentoring, "
        "consents, meeting format)"),
    "mentors_full": (
        "Подходящие наставники уже заняты: все места распределены",
        "The mentors who fit are already full"),
    "proposal_inactive": PROPOSAL_INACTIVE,
    "raise_capacity": (
        "Куратор может попросить одного из наставников взять ещё одного наставляемого",
        "The curator may ask a mentor to take one more mentee"),
    "ask_mentor_consent": None,
}


@dataclass(frozen=True)
class Person:
    name: str
    role: str

    def text(self) -> str:
        return f"{self.name} ({self.role})"


@dataclass(frozen=True)
class PairView:
    """One pair from the viewer's side: the partner, the pair's score and its reasons;
    `strengths` the reasons that added most, in plain words (what the pair was matched on)."""

    partner: Person
    score: float | None
    reasons: tuple[str, ...]
    strengths: tuple[str, ...] = ()
    partner_id: str = ""


@dataclass(frozen=True)
class MatchView:
    as_role: ViewerRole
    form: str
    kind: str
    status: str
    topics: tuple[str, ...]
    pairs: tuple[PairView, ...]  # a mentee: one (their mentor); a mentor: one per mentee
    group_members: tuple[Person, ...] = ()  # a mentee in a group: the others
    proposal_id: str = ""  # what the person answers about through their link
    status_code: str = ""  # the proposal's status value, for the page's wording


@dataclass(frozen=True)
class PersonalExplanation:
    participant_id: str
    name: str
    lang: str
    matches: tuple[MatchView, ...]
    unmatched_reasons: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        lang = self.lang
        out = [f"{self.name}"]
        for m in self.matches:
            out.append("")
            if m.as_role == "mentee":
                out.append(tr("Ваш наставник: ", "Your mentor: ", lang) + m.pairs[0].partner.text())
            else:
                out.append(tr("Вы наставник. Наставляемые: ", "You mentor: ", lang)
                           + ", ".join(p.partner.text() for p in m.pairs))
            out.append(tr("Форма: ", "Form: ", lang) + m.form)
            out.append(tr("Вид: ", "Kind: ", lang) + m.kind)
            out.append(tr("Статус: ", "Status: ", lang) + m.status)
            if m.topics:
                out.append(tr("Темы: ", "Topics: ", lang) + "; ".join(m.topics))
            if m.group_members:
                out.append(tr("Другие участники группы: ", "Other group members: ", lang)
                           + ", ".join(p.text() for p in m.group_members))
            for pair in m.pairs:
                head = (tr("Почему эта пара", "Why this pair", lang) if m.as_role == "mentee"
                        else pair.partner.name)
                score = "" if pair.score is None else f" ({points(pair.score)} / 100)"
                out.append(f"{head}{score}:")
                out += [f"  • {r}" for r in pair.reasons]
        if self.unmatched_reasons:
            out += ["", tr("Наставник пока не подобран. Причины:",
                           "No mentor has been found yet. Reasons:", lang)]
            out += [f"  • {r}" for r in self.unmatched_reasons]
        if self.suggestions:
            out.append(tr("Что можно сделать:", "What can be done:", lang))
            out += [f"  • {s}" for s in self.suggestions]
        if self.notes:
            out.append("")
            out += list(self.notes)
        return out

    def as_text(self) -> str:
        return "\n".join(self.lines()) + "\n"

    def as_html(self) -> str:
        """The text as escaped HTML paragraphs (for a page without a template)."""
        return "\n".join(f"<p>{html.escape(line)}</p>" for line in self.lines() if line)

    def as_dict(self) -> dict[str, Any]:
        """Plain nested values for a template (which escapes them)."""
        def person(p: Person) -> dict[str, str]:
            return {"name": p.name, "role": p.role}

        return {
            "participant_id": self.participant_id,
            "name": self.name,
            "lang": self.lang,
            "matches": [
                {"as_role": m.as_role, "form": m.form, "kind": m.kind, "status": m.status,
                 "topics": list(m.topics), "proposal_id": m.proposal_id,
                 "status_code": m.status_code,
                 "pairs": [{"partner": person(p.partner), "score": p.score,
                            "reasons": list(p.reasons), "strengths": list(p.strengths),
                            "partner_id": p.partner_id} for p in m.pairs],
                 "group_members": [person(p) for p in m.group_members]}
                for m in self.matches
            ],
            "unmatched_reasons": list(self.unmatched_reasons),
            "suggestions": list(self.suggestions),
            "notes": list(self.notes),
        }


def personal_explanation(bank: Bank, result: RunResult, participant_id: str, *,
                         lang: str = "ru") -> PersonalExplanation:
    """The explanation for `participant_id` of `result` (counting proposals only)."""
    lang = check_lang(lang)
    me = bank.by_id.get(participant_id)
    if me is None:
        raise UnknownParticipant(participant_id)
    mine = [p for p in active_proposals(result) if p.mentor == me.id or me.id in p.mentees]
    allowed = {me.id}
    for prop in mine:
        allowed.add(prop.mentor)
        allowed.update(prop.mentees)
    guard = _Guard(bank, allowed)

    matches = []
    for prop in mine:
        if me.id in prop.mentees:
            matches.append(_as_mentee(bank, prop, me, guard, lang))
        if prop.mentor == me.id:
            matches.append(_as_mentor(bank, prop, guard, lang))

    reasons: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    entry = next((u for u in result.unmatched if u.mentee == me.id), None)
    if entry is not None:
        reasons = tuple(t for r in entry.reasons if (t := _unmatched_text(r, guard, lang)))
        suggestions = tuple(t for r in entry.suggestions
                            if (t := _unmatched_text(r, guard, lang)))
    elif me.mentee is not None and not any(me.id in p.mentees for p in mine) and any(
            me.id in p.mentees for p in result.proposals):
        reasons = (tr(*PROPOSAL_INACTIVE, lang),)

    notes: list[str] = []
    if not matches and not reasons:
        if me.mentor is not None:
            notes.append(tr("В этом подборе наставляемые вам не назначены.",
                            "No mentees were assigned to you in this run.", lang))
        else:
            notes.append(tr("В этом подборе вы не участвуете.",
                            "You are not part of this run.", lang))
    return PersonalExplanation(participant_id=me.id, name=me.full_name, lang=lang,
                               matches=tuple(matches), unmatched_reasons=reasons,
                               suggestions=suggestions, notes=tuple(notes))


class _Guard:
    """Replaces the names of everyone the viewer is not paired with."""

    def __init__(self, bank: Bank, allowed: set[str]) -> None:
        # Longest first, so a full name is replaced before any shorter name inside it.
        self._names = sorted({p.full_name for p in bank.participants if p.id not in allowed},
                             key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for name in self._names:
            if name in text:
                text = text.replace(name, REDACTED)
        return text


# Role words that agree with a woman's name (the labels are the masculine or common forms).
FEMININE_ROLES: dict[Role, str] = {Role.student: "обучающаяся"}


def role_word(p: Participant, lang: str) -> str:
    """The person's role, agreeing with their gender in Russian («обучающаяся» for a girl)."""
    if lang != "en" and p.role in FEMININE_ROLES and known_sex(
            p.full_name, p.gender.value if p.gender else None) == "female":
        return FEMININE_ROLES[p.role]
    return label(p.role, lang)


def _person(p: Participant, lang: str) -> Person:
    return Person(p.full_name, role_word(p, lang))


def _common(prop: Proposal, lang: str) -> dict[str, Any]:
    return {"form": label(prop.form, lang), "kind": label(prop.kind, lang),
            "status": status_label(prop.status, lang),
            "topics": tuple(topic_label(t, lang) for t in prop.topics),
            "proposal_id": prop.id, "status_code": prop.status.value}


STRONG = 0.5  # a component at least this strong is something the pair was matched on
# Components whose reasons are technical or about effort, not what the pair shares.
NOT_STRENGTHS = frozenset({"text_similarity", "format_fit"})
MAX_STRENGTHS = 4


def _strengths(own: PairScore, lang: str, guard: _Guard) -> tuple[str, ...]:
    strong = sorted((c for c in own.components
                     if c.value >= STRONG and c.name not in NOT_STRENGTHS),
                    key=lambda c: -c.contribution)[:MAX_STRENGTHS]
    out = []
    for c in strong:
        if c.name in NEUTRAL_COMPONENT:
            out.append(tr(*NEUTRAL_COMPONENT[c.name], lang))
        else:
            out.append(guard(c.reason.text(lang)))
    return tuple(out)


def _pair_reasons(prop: Proposal, mentee_id: str, viewer: ViewerRole, guard: _Guard,
                  lang: str) -> tuple[float | None, tuple[str, ...]]:
    own = _own(prop, mentee_id)
    if own is None:
        return (prop.score if len(prop.mentees) == 1 else None), ()
    texts = []
    for c in own.components:
        if c.name in NEUTRAL_COMPONENT:
            texts.append(tr(*NEUTRAL_COMPONENT[c.name], lang))
            continue
        text = c.reason.text(lang)
        if c.name == "text_similarity" and viewer == "mentor":
            text = text.split("; общие слова:")[0].split("; words in common:")[0]
        texts.append(guard(text))
    return own.score, tuple(texts)


def _own(prop: Proposal, mentee_id: str) -> PairScore | None:
    return next((ps for ps in prop.pairs if ps.mentee == mentee_id), None)


def _strengths_of(prop: Proposal, mentee_id: str, guard: _Guard, lang: str) -> tuple[str, ...]:
    own = _own(prop, mentee_id)
    return () if own is None else _strengths(own, lang, guard)


def _as_mentee(bank: Bank, prop: Proposal, me: Participant, guard: _Guard,
               lang: str) -> MatchView:
    score, reasons = _pair_reasons(prop, me.id, "mentee", guard, lang)
    others = tuple(_person(bank.get(m), lang) for m in prop.mentees if m != me.id)
    return MatchView(as_role="mentee", pairs=(PairView(
        _person(bank.get(prop.mentor), lang), score, reasons,
        _strengths_of(prop, me.id, guard, lang), prop.mentor),),
        group_members=others, **_common(prop, lang))


def _as_mentor(bank: Bank, prop: Proposal, guard: _Guard, lang: str) -> MatchView:
    pairs = []
    for m in prop.mentees:
        score, reasons = _pair_reasons(prop, m, "mentor", guard, lang)
        pairs.append(PairView(_person(bank.get(m), lang), score, reasons,
                              _strengths_of(prop, m, guard, lang), m))
    return MatchView(as_role="mentor", pairs=tuple(pairs), **_common(prop, lang))


def _tail(reason: Reason, lang: str) -> str:
    """The part of a reason after its first colon («Получить согласие: X» -> «X»)."""
    return reason.text(lang).partition(": ")[2]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# Suggestions addressed to the curator, turned to the participant (code -> rewrite).
PERSONAL_SUGGESTIONS = {
    "accept_group": lambda r, lang: tr(
        "Вы можете согласиться на групповую форму работы",
        "You may agree to group mentoring", lang),
    "accept_remote": lambda r, lang: tr(
        "Вы можете согласиться на дистанционный (виртуальный) формат",
        "You may agree to remote (virtual) mentoring", lang),
    "ask_consent": lambda r, lang: tr("Нужно оформить согласие: ", "A consent is needed: ",
                                      lang) + _tail(r, lang),
    "recruit_mentor": lambda r, lang: tr("Куратор может ", "The curator may ", lang)
    + _lower_first(r.text(lang)),
}


def _unmatched_text(reason: Reason, guard: _Guard, lang: str) -> str:
    if reason.code in PERSONAL_UNMATCHED:
        texts = PERSONAL_UNMATCHED[reason.code]
        return "" if texts is None else tr(*texts, lang)
    if reason.code in PERSONAL_SUGGESTIONS:
        return guard(PERSONAL_SUGGESTIONS[reason.code](reason, lang))
    return guard(reason.text(lang))

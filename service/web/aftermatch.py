"""What the curator's cards show of the participants' answers: one line per answer, in the
page's language, with who answered, what, their reason and wishes, and when."""

from __future__ import annotations

from matcher.aftermatch import CHANGE_GROUNDS, AnswerKind, Ground, Initiator, word
from matcher.labels import label
from matcher.messages.names import known_sex
from matcher.model import Form, WishLevel
from service.domain import Actor, StoredRun
from service.runs.answers import run_answers
from service.runs.changes import CURATOR_CHANGES
from service.unit_of_work import AbstractUnitOfWork

ANSWER_LINE: dict[AnswerKind | None, tuple[str, str]] = {
    AnswerKind.accept: ("{ready} работать в паре", "ready to work in the pair"),
    AnswerKind.decline: ("отказ: просит подобрать другую пару", "declined: asks for another pair"),
    None: ("пожелания после знакомства", "wishes after the meeting"),
}
WISH_WORDS: dict[str, tuple[str, str]] = {
    WishLevel.yes.value: ("да", "yes"),
    WishLevel.maybe.value: ("возможно", "maybe"),
    WishLevel.no.value: ("нет", "no"),
}


def answer_lines(uow: AbstractUnitOfWork, actor: Actor, run: StoredRun, lang: str
                 ) -> dict[str, list[dict[str, str]]]:
    """By proposal id: each answer as {who, what, reason, wishes, at} in the page's language."""
    en = lang == "en"
    found, names = run_answers(uow, actor, run)
    out: dict[str, list[dict[str, str]]] = {}
    for pid, answers in found.items():
        rows = []
        for a in answers:
            who = names.get(a.participant_id, a.participant_id)
            sex = known_sex(who, None)
            what = ANSWER_LINE[a.answer][1 if en else 0].replace(
                "{ready}", {"male": "готов", "female": "готова"}.get(sex or "", "готов(а)"))
            wishes = ", ".join(
                f"{names.get(str(w.get('target')), str(w.get('target')))} — "
                f"{WISH_WORDS.get(str(w.get('level')), ('', ''))[1 if en else 0]}"
                + (f" (№ {w['rank']})" if w.get("rank") else "")
                for w in a.wishes)
            rows.append({"who": who, "what": what,
                         "reason": a.reason, "wishes": wishes,
                         "at": a.at.strftime("%d.%m.%Y %H:%M"), "kind": (
                             a.answer.value if a.answer else "wishes")})
        out[pid] = rows
    return out


def change_choices(lang: str, forms: tuple[Form, ...]) -> dict[str, list[tuple[str, str]]]:
    """The choices of the card's «change the pair» form, (value, words) in the page's
    language: the curator's changes, the regulation's grounds for them, the initiators and
    the programme's forms."""
    return {
        "changes": [(c.value, word(c, lang)) for c in CURATOR_CHANGES],
        "grounds": [(g.value, word(g, lang)) for g in Ground
                    if any(g in CHANGE_GROUNDS[c] for c in CURATOR_CHANGES)],
        "initiators": [(i.value, word(i, lang)) for i in Initiator],
        "forms": [(f.value, label(f, lang)) for f in forms],
    }

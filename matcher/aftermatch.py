"""After the match, defined once: what a participant answers through their link, and how a
pair changes later (ended, replaced, extended, its form changed) on which grounds and on whose
initiative, with the words for each in Russian and English.

The grounds are the regulation's (000, section 7): a pair ends when its plan is carried out in
full (7.1), early on the initiative of the mentor or the mentee or by their joint decision for
good cause (7.1), or on the curator's initiative when the programme is not properly carried out
(7.1); by mutual agreement of mentor and mentee it is extended or its content or form is
corrected (7.2). The service's use cases and pages read this module, so a page never offers a
ground the service would refuse.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "ANSWER_WORDS",
    "CHANGE_GROUNDS",
    "CHANGE_WORDS",
    "GROUND_INITIATORS",
    "GROUND_WORDS",
    "INITIATOR_WORDS",
    "AnswerKind",
    "ChangeKind",
    "Ground",
    "Initiator",
    "allowed_initiators",
    "ground_fits",
    "word",
]


class AnswerKind(StrEnum):
    """What a participant says about a proposed pair through their link."""

    accept = "accept"
    decline = "decline"


class ChangeKind(StrEnum):
    """What happens to a pair after it was confirmed."""

    end = "end"  # the pair ends, nobody replaces the mentor
    rematch = "replace"  # the pair ends and the mentee is matched again
    extend = "extend"  # the programme of the pair runs longer
    change_form = "change_form"  # same people, another form or kind of mentoring
    decline = "decline"  # a participant declined the proposed pair through their link
    promote = "promote"  # an alternate was proposed in place of a pair that went


class Ground(StrEnum):
    """The regulation's grounds for a change (000, 7.1 and 7.2)."""

    plan_completed = "plan_completed"
    good_cause = "good_cause"
    improper_performance = "improper_performance"
    mutual_agreement = "mutual_agreement"
    participant_declined = "participant_declined"


class Initiator(StrEnum):
    mentor = "mentor"
    mentee = "mentee"
    both = "both"  # joint decision of mentor and mentee
    curator = "curator"


# Which grounds each change the curator records may cite.
CHANGE_GROUNDS: dict[ChangeKind, frozenset[Ground]] = {
    ChangeKind.end: frozenset({Ground.plan_completed, Ground.good_cause,
                               Ground.improper_performance}),
    ChangeKind.rematch: frozenset({Ground.good_cause, Ground.improper_performance}),
    ChangeKind.extend: frozenset({Ground.mutual_agreement}),
    ChangeKind.change_form: frozenset({Ground.mutual_agreement}),
    ChangeKind.decline: frozenset({Ground.participant_declined}),
    ChangeKind.promote: frozenset({Ground.participant_declined, Ground.good_cause,
                                   Ground.improper_performance}),
}

# Who may start a change on each ground (7.1: mentor, mentee or both for good cause, the
# curator for improper performance; 7.2: mutual agreement is both sides').
GROUND_INITIATORS: dict[Ground, frozenset[Initiator]] = {
    Ground.plan_completed: frozenset(Initiator),
    Ground.good_cause: frozenset({Initiator.mentor, Initiator.mentee, Initiator.both}),
    Ground.improper_performance: frozenset({Initiator.curator}),
    Ground.mutual_agreement: frozenset({Initiator.both}),
    Ground.participant_declined: frozenset({Initiator.mentor, Initiator.mentee}),
}

ANSWER_WORDS: dict[AnswerKind, tuple[str, str]] = {
    AnswerKind.accept: ("согласие работать в паре", "agreed to work together"),
    AnswerKind.decline: ("отказ от пары", "declined the pair"),
}

CHANGE_WORDS: dict[ChangeKind, tuple[str, str]] = {
    ChangeKind.end: ("завершение", "ended"),
    ChangeKind.rematch: ("замена наставника", "mentor replaced"),
    ChangeKind.extend: ("продление", "extended"),
    ChangeKind.change_form: ("изменение формы", "form changed"),
    ChangeKind.decline: ("отказ участника", "declined by a participant"),
    ChangeKind.promote: ("предложен запасной наставник", "alternate mentor proposed"),
}

GROUND_WORDS: dict[Ground, tuple[str, str]] = {
    Ground.plan_completed: ("план мероприятий выполнен в полном объёме",
                            "the plan was carried out in full"),
    Ground.good_cause: ("по уважительным обстоятельствам",
                        "for good cause"),
    Ground.improper_performance: ("недолжное исполнение программы наставничества",
                                  "the programme was not properly carried out"),
    Ground.mutual_agreement: ("по обоюдному согласию наставника и наставляемого",
                              "by mutual agreement of mentor and mentee"),
    Ground.participant_declined: ("участник отказался от предложенной пары",
                                  "a participant declined the proposed pair"),
}

INITIATOR_WORDS: dict[Initiator, tuple[str, str]] = {
    Initiator.mentor: ("по инициативе наставника", "on the mentor's initiative"),
    Initiator.mentee: ("по инициативе наставляемого", "on the mentee's initiative"),
    Initiator.both: ("по обоюдному решению", "by joint decision"),
    Initiator.curator: ("по инициативе куратора", "on the curator's initiative"),
}


def allowed_initiators(ground: Ground) -> frozenset[Initiator]:
    return GROUND_INITIATORS[ground]


def ground_fits(change: ChangeKind, ground: Ground, initiator: Initiator) -> bool:
    """Whether `change` may be recorded on `ground` started by `initiator`."""
    return ground in CHANGE_GROUNDS[change] and initiator in GROUND_INITIATORS[ground]


def word(value: AnswerKind | ChangeKind | Ground | Initiator, lang: str = "ru") -> str:
    """The value's words in Russian (default) or English."""
    if isinstance(value, AnswerKind):
        ru, en = ANSWER_WORDS[value]
    elif isinstance(value, ChangeKind):
        ru, en = CHANGE_WORDS[value]
    elif isinstance(value, Ground):
        ru, en = GROUND_WORDS[value]
    else:
        ru, en = INITIATOR_WORDS[value]
    return en if lang == "en" else ru

"""Why a mentee got no mentor (or fewer than wanted), and what the curator can do about it.

Reasons, most basic first: the mentee's own missing consent; no eligible mentor at all (the hard
rules that excluded each mentor, counted by rule: "12 наставников: нет согласия наставника;
3: другая форма"); eligible mentors all full with better fits. Suggestions are actions: ask for
the consent, accept group or remote work, ask a mentor to take one more, recruit a mentor for a
topic nobody covers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

import numpy as np

from matcher.labels import label
from matcher.model import Bank, Kind, MeetingFormat, Participant, Programme, Reason, Unmatched
from matcher.rules import pair_exclusions
from matcher.solver.solution import Solution
from matcher.topics import taxonomy

# Short labels of the rule codes of `matcher.rules.pair_exclusions`, for counted summaries.
SHORT: dict[str, tuple[str, str]] = {
    "same_person": ("тот же человек", "same person"),
    "not_a_mentor": ("не в банке наставников", "not a mentor"),
    "not_a_mentee": ("не в банке наставляемых", "not a mentee"),
    "outside_programme": ("вне программы", "outside the programme"),
    "mentor_consent": ("нет согласия наставника", "mentor lacks consent"),
    "capacity_zero": ("нет свободных мест", "no capacity"),
    "mentee_consent": ("нет согласия наставляемого", "mentee lacks consent"),
    "mentor_said_no": ("наставник отказался", "the mentor said no"),
    "mentee_said_no": ("наставляемый отказался", "the mentee said no"),
    "conflict": ("конфликт", "conflict"),
    "rejected": ("отклонено куратором", "rejected by the curator"),
    "no_form": ("другая форма", "no common form"),
    "no_kind": ("нет общего вида", "no common kind"),
}


def _r(code: str, ru: str, en: str) -> Reason:
    return Reason(code=code, ru=ru, en=en)


def mentors_ru(n: int) -> str:
    """«1 наставник», «3 наставника», «12 наставников»."""
    if n % 10 == 1 and n % 100 != 11:
        word = "наставник"
    elif n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        word = "наставника"
    else:
        word = "наставников"
    return f"{n} {word}"


def _topic(t: str, lang: str) -> str:
    tax = taxonomy()
    return tax[t].label(lang) if t in tax else t


def exclusion_counts(scorer, mentee_ids: list[str], *, chunk: int = 2_000_000
                     ) -> dict[str, Counter[str]]:
    """For each mentee, how many of the programme's mentors each hard rule excludes, from the
    scorer's vectorised eligibility bits (which agree with `matcher.rules`, property-tested)."""
    from matcher.scoring.eligibility import EXCLUSION_CODES, evaluate
    from matcher.scoring.pairs import PairList

    pos = {pid: i for i, pid in enumerate(scorer.mentee_ids_)}
    n_m, n_e = len(scorer.mentor_ids_), len(scorer.mentee_ids_)
    out: dict[str, Counter[str]] = {}
    known = [e for e in mentee_ids if e in pos]
    step = max(1, chunk // max(n_m, 1))
    for start in range(0, len(known), step):
        part = known[start : start + step]
        cols = np.asarray([pos[e] for e in part], np.int64)
        px = PairList(np.tile(np.arange(n_m), cols.size), np.repeat(cols, n_m), n_e)
        bits = evaluate(scorer.features_, px).bits.reshape(cols.size, n_m)
        for i, e in enumerate(part):
            row = bits[i]
            out[e] = Counter({code: int(((row >> b) & 1).sum())
                              for b, code in enumerate(EXCLUSION_CODES)
                              if ((row >> b) & 1).any()})
    return out


def explain_unmatched(bank: Bank, programme: Programme, prep, sol: Solution, *,
                      rejected: Collection[tuple[str, str]] = (), scorer=None,
                      ) -> tuple[Unmatched, ...]:
    """An `Unmatched` entry for every programme mentee with fewer mentors than wanted.

    With a fitted scorer the per-rule counts are vectorised; without one every mentor is
    checked with `matcher.rules.pair_exclusions` (slow beyond district size)."""
    inst = prep.inst
    counts: dict[str, Counter[str]] = {}
    got = Counter(inst.mentee_ids[int(e)] for e in inst.mentee[sol.assigned()])
    has_cands = Counter(inst.mentee_ids[int(e)] for e in inst.mentee)
    order = np.argsort(inst.mentee, kind="stable")
    cuts = np.searchsorted(inst.mentee[order], np.arange(len(inst.mentee_ids) + 1))
    rows_of = {pid: order[cuts[i]:cuts[i + 1]] for i, pid in enumerate(inst.mentee_ids)}
    mentors = [p for p in bank.mentors if programme.covers(p)]
    if scorer is not None:
        lonely = [p.id for p in bank.mentees if programme.covers(p) and not has_cands.get(p.id)
                  and not p.missing_consents(programme.rules_date, as_mentor=False)]
        counts = exclusion_counts(scorer, lonely)
    out = []
    for mentee in bank.mentees:
        if not programme.covers(mentee) or mentee.mentee is None:
            continue
        n_got, wanted = got.get(mentee.id, 0), mentee.mentee.mentors_wanted
        if n_got >= wanted:
            continue
        if not has_cands.get(mentee.id):
            reasons, suggestions = no_eligible(bank, programme, mentee, mentors, rejected,
                                               counts=counts.get(mentee.id))
        else:
            reasons, suggestions = all_full(bank, prep, mentee, rows_of[mentee.id])
        if n_got:
            reasons = (_r("fewer_mentors", f"Подобрано наставников: {n_got} из {wanted}",
                          f"Mentors found: {n_got} of {wanted}"), *reasons)
        out.append(Unmatched(mentee=mentee.id, reasons=reasons, suggestions=suggestions))
    return tuple(out)


def no_eligible(bank: Bank, programme: Programme, mentee: Participant,
                mentors: list[Participant], rejected: Collection[tuple[str, str]] = (),
                *, counts: Counter[str] | None = None,
                ) -> tuple[tuple[Reason, ...], tuple[Reason, ...]]:
    """Reasons and suggestions for a mentee no mentor may take."""
    missing = mentee.missing_consents(programme.rules_date, as_mentor=False)
    if missing:
        ru = ", ".join(label(k, "ru") for k in missing)
        en = ", ".join(label(k, "en") for k in missing)
        return (
            (_r("mentee_consent", f"Нет согласия: {ru}", f"Missing consent: {en}"),),
            (_r("ask_consent", f"Получить согласие: {ru}", f"Ask for consent: {en}"),),
        )
    codes: Counter[str] = Counter()
    if counts is not None:
        codes = Counter({c: n for c, n in counts.items() if c != "same_person"})
    else:
        for m in mentors:
            if m.id == mentee.id:
                continue
            for reason in pair_exclusions(m, mentee, programme, bank=bank, rejected=rejected):
                codes[reason.code] += 1
    parts_ru = "; ".join(f"{mentors_ru(n)}: {SHORT.get(c, (c, c))[0]}" for c, n in
                         codes.most_common())
    parts_en = "; ".join(f"{n} mentors: {SHORT.get(c, (c, c))[1]}" for c, n in
                         codes.most_common())
    reasons = (_r("no_eligible_mentor",
                  "Нет ни одного допустимого наставника" + (f" ({parts_ru})" if parts_ru else ""),
                  "No eligible mentor" + (f" ({parts_en})" if parts_en else "")),)
    return reasons, _suggestions(programme, mentee, mentors, codes)


def _suggestions(programme: Programme, mentee: Participant, mentors: list[Participant],
                 codes: Counter[str]) -> tuple[Reason, ...]:
    out: list[Reason] = []
    request = mentee.mentee
    if request is not None and request.kinds and Kind.group not in request.kinds and (
        Kind.group in programme.kinds
        and any(m.mentor is not None and m.mentor.capacity_groups > 0 for m in mentors)
    ):
        out.append(_r("accept_group", "Предложить наставляемому групповую форму работы",
                      "Ask the mentee to accept group mentoring"))
    if MeetingFormat.remote not in mentee.formats or (
        request is not None and request.kinds and Kind.virtual not in request.kinds
        and Kind.virtual in programme.kinds
    ):
        out.append(_r("accept_remote", "Предложить дистанционный (виртуальный) формат",
                      "Ask the mentee to accept remote (virtual) mentoring"))
    if codes.get("mentor_consent"):
        out.append(_r("ask_mentor_consent",
                      f"Получить согласия у наставников ({mentors_ru(codes['mentor_consent'])} "
                      "без согласия)",
                      f"Collect consents from mentors ({codes['mentor_consent']} lack one)"))
    covered = {t for m in mentors for t in m.competencies}
    for t in sorted(mentee.requests, key=lambda t: -mentee.requests[t]):
        if t not in covered:
            out.append(_r("recruit_mentor", f"Привлечь наставника по теме «{_topic(t, 'ru')}»",
                          f"Recruit a mentor for “{_topic(t, 'en')}”"))
            break
    else:
        if mentee.requests:
            t = max(mentee.requests, key=lambda t: (mentee.requests[t], t))
            out.append(_r("recruit_mentor",
                          f"Привлечь ещё наставника по теме «{_topic(t, 'ru')}»",
                          f"Recruit another mentor for “{_topic(t, 'en')}”"))
    return tuple(out)


def all_full(bank: Bank, prep, mentee: Participant, rows: np.ndarray
             ) -> tuple[tuple[Reason, ...], tuple[Reason, ...]]:
    """Reasons and suggestions for a mentee whose eligible mentors (candidate `rows`) took
    others."""
    inst = prep.inst
    best = rows[np.argsort(-inst.score[rows], kind="stable")]
    names = [bank.get(inst.mentor_ids[int(inst.mentor[c])]) for c in best[:3]]
    who_ru = ", ".join(m.full_name for m in names)
    reasons = (_r("mentors_full",
                  f"Все допустимые наставники ({mentors_ru(rows.size)}) заняты более подходящими "
                  f"наставляемыми; лучшие варианты: {who_ru}",
                  f"All eligible mentors ({rows.size}) are full with better fits; best options: "
                  f"{who_ru}"),)
    top = names[0]
    suggestions = [_r("raise_capacity",
                      f"Попросить {top.full_name} взять ещё одного наставляемого",
                      f"Ask {top.full_name} to take one more mentee")]
    request = mentee.mentee
    if request is not None and request.kinds and Kind.group not in request.kinds and any(
        m.mentor is not None and m.mentor.capacity_groups > 0 for m in names
    ):
        suggestions.append(_r("accept_group", "Предложить наставляемому групповую форму работы",
                              "Ask the mentee to accept group mentoring"))
    return reasons, tuple(suggestions)

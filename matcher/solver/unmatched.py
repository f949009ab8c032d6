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
from typing import TYPE_CHECKING, Any

import numpy as np

from matcher.hard_rules import EXCLUSION_CODES, short
from matcher.labels import label
from matcher.messages import message, plural
from matcher.messages.reasons import reason
from matcher.model import Bank, Kind, MeetingFormat, Participant, Programme, Reason, Unmatched
from matcher.options import SCALE
from matcher.rules import form_obstacles, pair_exclusions
from matcher.solver.instance import I64, BoolArray, Instance, IntArray
from matcher.solver.solution import Solution
from matcher.topics import taxonomy

if TYPE_CHECKING:  # api imports this module lazily; the scorer loads sklearn
    from matcher.scoring import Scorer
    from matcher.solver.api import Prepared


def _topic(t: str, lang: str) -> str:
    tax = taxonomy()
    return tax[t].label(lang) if t in tax else t


def exclusion_counts(scorer: Scorer, mentee_ids: list[str], *, chunk: int = 2_000_000
                     ) -> dict[str, Counter[str]]:
    """For each mentee, how many of the programme's mentors each hard rule excludes, from the
    scorer's vectorised eligibility bits (which agree with `matcher.rules`, property-tested).
    Every mentor against a chunk of mentees is one dense block (broadcast, not gathered)."""
    from matcher.scoring.eligibility import evaluate
    from matcher.scoring.pairs import Block

    pos = {pid: i for i, pid in enumerate(scorer.mentee_ids_)}
    n_m, n_e = len(scorer.mentor_ids_), len(scorer.mentee_ids_)
    out: dict[str, Counter[str]] = {}
    known = [e for e in mentee_ids if e in pos]
    step = max(1, chunk // max(n_m, 1))
    rows = np.arange(n_m)
    for start in range(0, len(known), step):
        part = known[start : start + step]
        cols = np.asarray([pos[e] for e in part], np.int64)
        bits = evaluate(scorer.features_, Block(rows, cols, n_e)).bits  # mentors × part
        per_rule = np.stack([((bits >> np.uint16(b)) & np.uint16(1)).sum(axis=0, dtype=np.int64)
                             for b in range(len(EXCLUSION_CODES))], axis=1).tolist()
        for e, counts in zip(part, per_rule, strict=True):
            out[e] = Counter({code: n for code, n in zip(EXCLUSION_CODES, counts, strict=True)
                              if n})
    return out


def explain_unmatched(bank: Bank, programme: Programme, prep: Prepared, sol: Solution, *,
                      rejected: Collection[tuple[str, str]] = (), scorer: Scorer | None = None,
                      ) -> tuple[Unmatched, ...]:
    """An `Unmatched` entry for every programme mentee with fewer mentors than wanted.

    With a fitted scorer the per-rule counts are vectorised; without one every mentor is
    checked with `matcher.rules.pair_exclusions` (slow beyond district size)."""
    inst = prep.inst
    counts: dict[str, Counter[str]] = {}
    n_e = len(inst.mentee_ids)
    got = dict(zip(inst.mentee_ids, np.bincount(inst.mentee[sol.assigned()],
                                                minlength=n_e).tolist(), strict=True))
    has_cands = dict(zip(inst.mentee_ids, np.bincount(inst.mentee, minlength=n_e).tolist(),
                         strict=True))
    pos = {pid: i for i, pid in enumerate(inst.mentee_ids)}
    # The candidate rows of each mentee short of mentors, grouped by mentee in row order: only
    # those rows are sorted (most mentees are covered, and the candidates are millions).
    short = np.zeros(n_e, bool)
    for mentee in bank.mentees:
        i = pos.get(mentee.id, -1)
        if i >= 0 and mentee.mentee is not None and got[mentee.id] < mentee.mentee.mentors_wanted:
            short[i] = True
    rows_of_short = np.flatnonzero(short[inst.mentee])
    order = rows_of_short[np.argsort(inst.mentee[rows_of_short], kind="stable")]
    cuts = np.searchsorted(inst.mentee[order], np.arange(n_e + 1))
    mentors = ([p for p in bank.mentors if programme.covers(p)] if programme.organisations
               else list(bank.mentors))  # a programme of no listed organisations covers all
    weakest = weakest_taken(inst, sol)
    taken = np.zeros(inst.n_candidates, bool)
    taken[sol.assigned()] = True
    if scorer is not None:
        lonely = [p.id for p in bank.mentees if programme.covers(p) and not has_cands.get(p.id)
                  and not p.missing_consents(programme.rules_date, as_mentor=False)]
        counts = exclusion_counts(scorer, lonely)
    covered = frozenset().union(*(m.competencies for m in mentors))  # once, not per mentee
    out = []
    for mentee in bank.mentees:
        if not programme.covers(mentee) or mentee.mentee is None:
            continue
        n_got, wanted = got.get(mentee.id, 0), mentee.mentee.mentors_wanted
        if n_got >= wanted:
            continue
        if not has_cands.get(mentee.id):
            reasons, suggestions = no_eligible(bank, programme, mentee, mentors, rejected,
                                               counts=counts.get(mentee.id), covered=covered)
        else:
            i = pos[mentee.id]
            reasons, suggestions = all_full(bank, prep, mentee, order[cuts[i]:cuts[i + 1]],
                                            weakest, taken)
        if n_got:
            reasons = (reason("fewer_mentors", got=n_got, wanted=wanted), *reasons)
        out.append(Unmatched(mentee=mentee.id, reasons=reasons, suggestions=suggestions))
    return tuple(out)


def no_eligible(bank: Bank, programme: Programme, mentee: Participant,
                mentors: list[Participant], rejected: Collection[tuple[str, str]] = (),
                *, counts: Counter[str] | None = None, covered: frozenset[str] | None = None,
                ) -> tuple[tuple[Reason, ...], tuple[Reason, ...]]:
    """Reasons and suggestions for a mentee no mentor may take (`covered`: the topics the
    mentors cover, when the caller has them for every mentee)."""
    missing = mentee.missing_consents(programme.rules_date, as_mentor=False)
    if missing:
        consents = {"consents": ", ".join(label(k, "ru") for k in missing),
                    "consents_en": ", ".join(label(k, "en") for k in missing)}
        return (
            (reason("mentee_consent", text="missing_consent", **consents),),
            (reason("ask_consent", **consents),),
        )
    codes: Counter[str] = Counter()
    if counts is not None:
        codes = Counter({c: n for c, n in counts.items() if c != "same_person"})
    else:
        for m in mentors:
            if m.id == mentee.id:
                continue
            for r in pair_exclusions(m, mentee, programme, bank=bank, rejected=rejected):
                codes[r.code] += 1
    if codes.get("no_form"):
        codes = _name_form_rules(programme, mentee, mentors, codes)
    if codes:
        counted = codes.most_common()
        reasons = (reason("no_eligible_mentor", text="no_eligible_mentor_counted",
                          counts=_counted(counted, "ru"), counts_en=_counted(counted, "en")),)
    else:
        reasons = (reason("no_eligible_mentor"),)
    return reasons, _suggestions(programme, mentee, mentors, codes, covered)


NAMED_FORM_RULES_MAX_MENTORS = 20_000  # beyond this, per-pair checks cost too much for a reason


def _name_form_rules(programme: Programme, mentee: Participant, mentors: list[Participant],
                     codes: Counter[str]) -> Counter[str]:
    """`codes` with the `no_form` count split by the rule that stops the form the roles would
    allow (other organisation, stage, senior grade, young specialist, ...), each mentor counted
    under the first such rule; mentors whose roles suit no form stay under `no_form`."""
    if len(mentors) > NAMED_FORM_RULES_MAX_MENTORS:
        return codes
    named: Counter[str] = Counter()
    for m in mentors:
        if m.id != mentee.id:
            stops = form_obstacles(m, mentee, programme)
            if stops:
                named[stops[0][1]] += 1
    out = Counter(codes)
    moved = min(sum(named.values()), out["no_form"])
    out["no_form"] -= moved
    out += named  # drops zero counts, `no_form` among them when every mentor is named
    return out


def _counted(counts: list[tuple[str, int]], lang: str) -> str:
    """«12 наставников: другая форма; 3 наставника: конфликт» from (rule code, count)."""
    return "; ".join(
        message("excluded_count", lang, mentors=plural(n, "наставник"), n=n,
                rule=short(code, "ru"), rule_en=short(code, "en"))
        for code, n in counts)


def _suggestions(programme: Programme, mentee: Participant, mentors: list[Participant],
                 codes: Counter[str], covered: frozenset[str] | None = None
                 ) -> tuple[Reason, ...]:
    out: list[Reason] = []
    request = mentee.mentee
    if request is not None and request.kinds and Kind.group not in request.kinds and (
        Kind.group in programme.kinds
        and any(m.mentor is not None and m.mentor.capacity_groups > 0 for m in mentors)
    ):
        out.append(reason("accept_group"))
    if MeetingFormat.remote not in mentee.formats or (
        request is not None and request.kinds and Kind.virtual not in request.kinds
        and Kind.virtual in programme.kinds
    ):
        out.append(reason("accept_remote"))
    if codes.get("mentor_consent"):
        n = codes["mentor_consent"]
        out.append(reason("ask_mentor_consent", mentors=plural(n, "наставник"), n=n))
    if covered is None:
        covered = frozenset(t for m in mentors for t in m.competencies)
    for t in sorted(mentee.requests, key=lambda t: -mentee.requests[t]):
        if t not in covered:
            out.append(reason("recruit_mentor", topic=_topic(t, "ru"), topic_en=_topic(t, "en")))
            break
    else:
        if mentee.requests:
            t = max(mentee.requests, key=lambda t: (mentee.requests[t], t))
            out.append(reason("recruit_mentor", text="recruit_another_mentor",
                              topic=_topic(t, "ru"), topic_en=_topic(t, "en")))
    return tuple(out)


def weakest_taken(inst: Instance, sol: Solution) -> IntArray:
    """Per mentor, the lowest score among the mentees they were given (SCALE + 1 if none)."""
    idx = sol.assigned()
    out = np.full(len(inst.mentor_ids), SCALE + 1, I64)
    np.minimum.at(out, inst.mentor[idx], inst.score[idx])
    return out


def all_full(bank: Bank, prep: Prepared, mentee: Participant, rows: IntArray,
             weakest: IntArray, taken: BoolArray,
             ) -> tuple[tuple[Reason, ...], tuple[Reason, ...]]:
    """Reasons and suggestions for a mentee whose eligible mentors (candidate `rows`) took
    others: better fits, an exact tie, or a weaker fit no one else could take (`weakest`:
    per mentor, the lowest score they were given; `taken`: per candidate, assigned)."""
    inst = prep.inst
    if (~taken[rows]).any():  # the mentors this mentee already has are not the ones full
        rows = rows[~taken[rows]]
    best = rows[np.argsort(-inst.score[rows], kind="stable")]
    names = [bank.get(inst.mentor_ids[int(inst.mentor[c])]) for c in best[:3]]
    who_ru = ", ".join(m.full_name for m in names)
    theirs = weakest[inst.mentor[best]]
    tie = best[theirs == inst.score[best]]
    params: dict[str, Any] = {"mentors": plural(int(rows.size), "наставник"), "n": int(rows.size),
              "names": who_ru}
    if tie.size:
        tied = bank.get(inst.mentor_ids[int(inst.mentor[tie[0]])])
        reasons = (reason("mentors_full", text="mentors_full_tie", name=tied.full_name,
                          score=f"{inst.score[tie[0]] / SCALE:.2f}", **params),)
    elif (theirs < inst.score[best]).any():
        reasons = (reason("mentors_full", text="mentors_full_coverage", **params),)
    else:
        reasons = (reason("mentors_full", **params),)
    suggestions = [reason("raise_capacity", name=names[0].full_name)]
    request = mentee.mentee
    if request is not None and request.kinds and Kind.group not in request.kinds and any(
        m.mentor is not None and m.mentor.capacity_groups > 0 for m in names
    ):
        suggestions.append(reason("accept_group"))
    return reasons, tuple(suggestions)

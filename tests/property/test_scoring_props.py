"""Properties of the scorer on random small banks (hypothesis)."""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.candidates import Candidates
from matcher.model import Bank, Form, Kind, Participant, Programme, Role, Wish, WishLevel
from matcher.rules import PAIR_KINDS, common_kinds, eligible_forms, pair_exclusions
from matcher.scoring import COMPONENTS, Scorer, decode
from matcher.scoring.eligibility import FORM_ORDER
from matcher.scoring.explain import UNINFORMATIVE
from tests.strategies import banks, rejections

# Each example fits a scorer (~20–50 ms), so the default run keeps examples moderate; the rules
# agreement, the property that matters most, gets more. SCORING_EXAMPLES=500 for a deep run.
_EXAMPLES = int(os.environ.get("SCORING_EXAMPLES", "25"))
SETTINGS = settings(max_examples=_EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
RULES_SETTINGS = settings(SETTINGS, max_examples=3 * _EXAMPLES)


def pairs_of(cand: Candidates) -> set[tuple[str, str]]:
    return {(cand.mentor_ids[a], cand.mentee_ids[b])
            for a, b in zip(cand.mentor, cand.mentee, strict=True)}


def _fit(bank: Bank, programme: Programme, rejected=(), **kw) -> Scorer:
    return Scorer(**kw).fit(bank, programme, rejected=rejected)


@RULES_SETTINGS
@given(data=st.data())
def test_vectorised_eligibility_equals_the_rules_on_every_pair(data):
    bank, programme = data.draw(banks())
    rejected = data.draw(rejections(bank))
    scorer = _fit(bank, programme, rejected)
    bits = scorer.exclusion_bits()
    for i, mid in enumerate(scorer.mentor_ids_):
        for j, eid in enumerate(scorer.mentee_ids_):
            m, e = bank.get(mid), bank.get(eid)
            expected = tuple(r.code for r in pair_exclusions(
                m, e, programme, bank=bank, rejected=rejected))
            assert decode(int(bits[i, j])) == expected, (mid, eid)
            assert scorer.exclusion_codes(mid, eid) == expected


@RULES_SETTINGS
@given(data=st.data())
def test_candidates_hold_exactly_the_eligible_pairs_with_their_form_and_kinds(data):
    bank, programme = data.draw(banks())
    rejected = data.draw(rejections(bank))
    scorer = _fit(bank, programme, rejected)
    cand = scorer.candidates()
    got = pairs_of(cand)
    want = {
        (m, e) for m in scorer.mentor_ids_ for e in scorer.mentee_ids_
        if not pair_exclusions(bank.get(m), bank.get(e), programme, bank=bank, rejected=rejected)
    }
    assert got == want
    for k in range(len(cand)):
        m, e = bank.get(cand.mentor_ids[cand.mentor[k]]), bank.get(cand.mentee_ids[cand.mentee[k]])
        assert FORM_ORDER[cand.form[k]] == eligible_forms(m, e, programme)[0]
        kinds = common_kinds(m, e, programme)
        assert cand.pair_ok[k] == any(x in kinds for x in PAIR_KINDS)
        assert cand.group_ok[k] == (Kind.group in kinds)
        assert 0 <= cand.score[k] <= 1


@SETTINGS
@given(data=st.data())
def test_breakdown_adds_up_to_the_total_and_matches_candidates(data):
    bank, programme = data.draw(banks())
    scorer = _fit(bank, programme)
    cand = scorer.candidates()
    total = scorer.score_matrix()
    for k in range(len(cand)):
        mid, eid = cand.mentor_ids[cand.mentor[k]], cand.mentee_ids[cand.mentee[k]]
        ps = scorer.explain(mid, eid)
        assert sum(c.contribution for c in ps.components) == pytest.approx(ps.score, abs=1e-9)
        # Block and row-wise products may round the last float32 bit differently.
        assert ps.score == pytest.approx(cand.score[k], abs=1e-6)
        assert ps.score == pytest.approx(total[cand.mentor[k], cand.mentee[k]], abs=1e-6)
        # Informative reasons first, each part by contribution, largest first.
        keys = [(c.reason.code in UNINFORMATIVE, -c.contribution) for c in ps.components]
        assert keys == sorted(keys)
        by_name = {c.name: c.value for c in ps.components}
        # `curator_rules` is left out of an explanation when the programme prefers nothing.
        assert [by_name.get(n, 0.0) for n in COMPONENTS] == pytest.approx(
            cand.components[k].tolist(), abs=1e-6)


@SETTINGS
@given(data=st.data())
def test_ineligible_pairs_get_no_score(data):
    bank, programme = data.draw(banks())
    scorer = _fit(bank, programme)
    ok = scorer.eligible_matrix()
    assert np.all(scorer.score_matrix()[~ok] == 0)
    for name in COMPONENTS:
        values = scorer.components_matrix(name)
        assert np.all(values[~ok] == 0)
        assert np.all((values >= 0) & (values <= 1))


@SETTINGS
@given(data=st.data())
def test_same_input_and_seed_give_the_same_scores(data):
    bank, programme = data.draw(banks())
    a, b = _fit(bank, programme).candidates(), _fit(bank, programme).candidates()
    assert np.array_equal(a.mentor, b.mentor) and np.array_equal(a.mentee, b.mentee)
    assert np.array_equal(a.score, b.score)
    assert np.array_equal(a.components, b.components)


@SETTINGS
@given(data=st.data())
def test_top_k_regime_returns_exact_scores_of_the_best_pairs(data):
    """Forcing the top-k regime on a small bank: every returned pair is eligible, carries its
    exact score, and with k at least the number of mentors nothing is lost."""
    bank, programme = data.draw(banks())
    exact = _fit(bank, programme).candidates()
    approx = _fit(bank, programme, exact_limit=0, top_k=max(1, len(bank.participants)),
                  block_pairs=data.draw(st.integers(1, 50))).candidates()
    assert np.array_equal(exact.mentor, approx.mentor)
    assert np.array_equal(exact.mentee, approx.mentee)
    np.testing.assert_allclose(exact.score, approx.score, atol=1e-6)
    small = _fit(bank, programme, exact_limit=0, top_k=1).candidates()
    assert len(np.unique(small.mentee)) == len(small)


def _with_wish(p: Participant, target: str, level: WishLevel) -> Participant:
    wishes = tuple(w for w in p.wishes if w.target != target)
    return p.model_copy(update={"wishes": (*wishes, Wish(target=target, level=level))})


def _rebuild(bank: Bank, p: Participant) -> Bank:
    people = [p if q.id == p.id else q for q in bank.participants]
    return Bank(participants=tuple(people), conflicts=bank.conflicts)


@SETTINGS
@given(data=st.data())
def test_a_no_from_either_side_always_excludes(data):
    bank, programme = data.draw(banks())
    scorer = _fit(bank, programme)
    if not scorer.mentor_ids_ or not scorer.mentee_ids_:
        return
    mid = data.draw(st.sampled_from(scorer.mentor_ids_))
    eid = data.draw(st.sampled_from([e for e in scorer.mentee_ids_ if e != mid] or [None]))
    if eid is None:
        return
    side = data.draw(st.sampled_from(("mentor", "mentee")))
    who, target = (mid, eid) if side == "mentor" else (eid, mid)
    changed = _rebuild(bank, _with_wish(bank.get(who), target, WishLevel.no))
    after = _fit(changed, programme)
    assert f"{side}_said_no" in after.exclusion_codes(mid, eid)
    cand = after.candidates()
    assert (mid, eid) not in pairs_of(cand)


@SETTINGS
@given(data=st.data())
def test_components_are_monotone_in_their_inputs(data):
    """Giving the mentor a requested topic (or a higher level), saying yes instead of nothing,
    adding a shared interest or a common free slot never lowers that component."""
    bank, programme = data.draw(banks())
    scorer = _fit(bank, programme)
    ok = scorer.eligible_matrix()
    if not ok.any():
        return
    i, j = map(int, data.draw(st.sampled_from(np.argwhere(ok).tolist())))
    mid, eid = scorer.mentor_ids_[i], scorer.mentee_ids_[j]
    m, e = bank.get(mid), bank.get(eid)
    before = {c.name: c.value for c in scorer.explain(mid, eid).components}
    change = data.draw(st.sampled_from(("topic", "wish", "interest", "slot")))
    if change == "topic" and e.requests:
        topic = data.draw(st.sampled_from(sorted(e.requests)))
        level = max(m.competencies.get(topic, 0), data.draw(st.integers(1, 3)))
        m2, name = m.model_copy(update={"competencies": {**m.competencies, topic: level}}), \
            "topic_coverage"
        changed = _rebuild(bank, m2)
    elif change == "wish":
        who, target = data.draw(st.sampled_from(((m, eid), (e, mid))))
        current = who.wish_about(target)
        if current is not None and current.level != WishLevel.maybe:
            return
        changed, name = _rebuild(bank, _with_wish(who, target, WishLevel.yes)), "mutual_wishes"
    elif change == "interest":
        extra = "новый общий интерес"
        changed = _rebuild(bank, m.model_copy(update={"interests": (*m.interests, extra)}))
        changed = _rebuild(changed, e.model_copy(update={"interests": (*e.interests, extra)}))
        name = "shared_interests"
    elif change == "slot" and m.free_slots and e.free_slots:
        slot = m.free_slots[0]
        changed = _rebuild(bank, e.model_copy(update={"free_slots": (*e.free_slots, slot)}))
        name = "time_overlap"
    else:
        return
    after = _fit(changed, programme)
    if after.exclusion_codes(mid, eid):
        return  # e.g. a new competency opened `reverse` with different topics counted
    if after.pair_form(mid, eid) != scorer.pair_form(mid, eid):
        return
    value = {c.name: c.value for c in after.explain(mid, eid).components}[name]
    assert value >= before[name] - 1e-6, (name, before[name], value)


@RULES_SETTINGS
@given(data=st.data())
def test_candidates_keep_the_seeds_rules(data):
    """Issue 10: no «ученик – ученик» or «руководитель – педагог» pair across organisations,
    no employer pair below the programme's senior grade, no student under its minimum age."""
    bank, programme = data.draw(banks())
    scorer = _fit(bank, programme)
    cand = scorer.candidates()
    d, at = programme.definitions, programme.rules_date
    for a, b, f in zip(cand.mentor, cand.mentee, cand.form, strict=True):
        m, e = bank.get(cand.mentor_ids[a]), bank.get(cand.mentee_ids[b])
        forms = eligible_forms(m, e, programme)
        assert FORM_ORDER[f] == forms[0]
        if {Form.student_student, Form.leader_teacher} & set(forms):
            assert m.organisation == e.organisation
        if Form.employer_student in forms:
            assert e.course is not None or (e.grade or 0) >= d.employer_min_grade
        for p in (m, e):
            assert p.role != Role.student or p.age_at(at) >= d.min_student_age

"""Properties of the curator's own rules and quotas on random banks (issue 17)."""

from __future__ import annotations

import os
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.curator_rules import kept
from matcher.model import Quota
from matcher.rules import pair_exclusions
from matcher.scoring import Scorer, decode
from matcher.solver.api import solve
from matcher.validation import violations
from tests.strategies import banks, pair_rules, with_departments

_EXAMPLES = int(os.environ.get("CURATOR_EXAMPLES", "25"))
SETTINGS = settings(max_examples=_EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(data=st.data())
def test_vectorised_rules_agree_with_the_spec_on_every_pair(data):
    bank, programme = data.draw(banks())
    bank = data.draw(with_departments(bank))
    rules = tuple(data.draw(st.lists(pair_rules(), min_size=1, max_size=4)))
    programme = programme.model_validate(programme.model_dump() | {"rules": rules})
    scorer = Scorer().fit(bank, programme)
    bits = scorer.exclusion_bits()
    preferred = programme.preferred_rules
    total_weight = sum(r.weight for r in preferred)
    for i, mid in enumerate(scorer.mentor_ids_):
        for j, eid in enumerate(scorer.mentee_ids_):
            m, e = bank.get(mid), bank.get(eid)
            expected = tuple(r.code for r in pair_exclusions(m, e, programme, bank=bank))
            assert decode(int(bits[i, j])) == expected, (mid, eid)
            if expected or not preferred:
                continue
            want = sum(r.weight for r in preferred
                       if kept(r, m, e, programme.rules_date)) / total_weight
            got = scorer.components_matrix("curator_rules")[i, j]
            assert abs(got - want) < 1e-5, (mid, eid)


@SETTINGS
@given(data=st.data())
def test_a_quota_per_partner_organisation_holds_in_every_result(data):
    bank, programme = data.draw(banks(min_people=6, max_people=16))
    limit = data.draw(st.sampled_from((0, 1, 2, 10)))
    at_least = data.draw(st.sampled_from((None, 1)))
    quota = Quota(field="organisation", side="mentor", at_most=limit, at_least=at_least)
    programme = programme.model_validate(programme.model_dump() | {
        "quotas": (quota,), "time_limit_s": 2.0})
    result = solve(bank, programme)  # the validator inside raises on a broken quota
    per_org = Counter(bank.get(p.mentor).organisation for p in result.proposals
                      for _ in p.mentees)
    assert all(n <= limit for n in per_org.values()), per_org
    assert violations(bank, programme, result) == []
    assert result.violations == ()  # the reported objective recomputes, shortfalls included
    if limit == 0:
        assert not result.proposals

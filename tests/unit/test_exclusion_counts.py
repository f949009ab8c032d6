"""The unmatched mentees' per-rule counts come from the scorer's vectorised bits: they must
be the counts `matcher.rules` gives mentor by mentor."""

from __future__ import annotations

from collections import Counter
from datetime import date

from datasets.generators import generate
from matcher.model import Programme
from matcher.rules import pair_exclusions
from matcher.scoring import Scorer
from matcher.solver.unmatched import exclusion_counts


def test_counts_by_rule_equal_the_rules_mentor_by_mentor_in_any_chunk_size():
    bank = generate("students", seed=5).bank
    programme = Programme(id="p", start=date(2026, 9, 1), end=date(2027, 5, 31))
    scorer = Scorer().fit(bank, programme)
    people = {p.id: p for p in bank.participants}
    mentors = [people[m] for m in scorer.mentor_ids_]
    mentees = list(scorer.mentee_ids_)
    expected = {
        e: Counter(r.code for m in mentors for r in pair_exclusions(m, people[e], programme,
                                                                     bank=bank))
        for e in mentees}
    assert any(expected.values())
    for chunk in (1, 7 * len(mentors), 2_000_000):  # one mentee per block, several, all
        assert exclusion_counts(scorer, mentees, chunk=chunk) == expected

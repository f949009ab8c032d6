"""Ranked topic choices (issue 17, item 5): ranks count to their full length in topic
coverage, the bank files read and write them, and a programme whose people rank 30 topics
reaches the optimum the ranks define."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from datasets import ranked_topics as rt
from matcher.bank_io import csv_io
from matcher.model import Bank, MentorOffer, Participant, rank_weight
from matcher.scoring import Scorer
from matcher.solver.api import solve
from tests.factories import bank, programme, teacher_mentee, teacher_mentor

TOPICS = [f"prog_topic_{i:02}" for i in range(1, 31)]


def coverage(people: list[Participant], m: str, e: str) -> float:
    scorer = Scorer().fit(bank(*people), programme())
    return next(c.value for c in scorer.explain(m, e).components if c.name == "topic_coverage")


def test_rank_weight_keeps_thirty_distinct_values() -> None:
    values = [rank_weight(r, 30) for r in range(1, 31)]
    assert values == sorted(values, reverse=True)
    assert len(set(values)) == 30
    assert rank_weight(None, 30) == rank_weight(30, 30)


def test_a_rank_must_name_a_topic_of_the_person_and_fit_its_list() -> None:
    with pytest.raises(ValidationError, match="topic_rank_unknown"):
        teacher_mentee(requests={"teaching_methods": 3}, request_ranks={"assessment": 1})
    with pytest.raises(ValidationError, match="topic_rank_range"):
        teacher_mentee(requests={"teaching_methods": 3}, request_ranks={"teaching_methods": 2})


def test_topic_coverage_follows_a_ranking_of_thirty_to_its_end() -> None:
    mentee = teacher_mentee("e", requests=dict.fromkeys(TOPICS, 3),
                            request_ranks={t: i + 1 for i, t in enumerate(TOPICS)})
    mentors = [teacher_mentor(f"m{i:02}", competencies={t: 3}) for i, t in enumerate(TOPICS)]
    cov = [coverage([*mentors, mentee], m.id, "e") for m in mentors]
    assert all(a > b for a, b in itertools.pairwise(cov)), cov
    # The same mentee with three priority levels: ten topics share each value.
    flat = teacher_mentee("e", requests={t: 3 - i // 10 for i, t in enumerate(TOPICS)})
    assert len({coverage([*mentors, flat], m.id, "e") for m in mentors}) == 3


def test_no_ranks_scores_exactly_as_before() -> None:
    m = teacher_mentor(competencies={"teaching_methods": 2, "assessment": 3})
    e = teacher_mentee(requests={"teaching_methods": 3, "assessment": 1})
    cov = coverage([m, e], "m", "e")
    assert cov == pytest.approx((2 / 3 * 3 + 1 * 1) / 4, abs=1e-6)


def test_a_mentors_ranks_scale_their_levels() -> None:
    e = teacher_mentee(requests={"teaching_methods": 3})
    first = teacher_mentor("m1", competencies={"teaching_methods": 3, "assessment": 3},
                           competency_ranks={"teaching_methods": 1, "assessment": 2})
    second = teacher_mentor("m2", competencies={"teaching_methods": 3, "assessment": 3},
                            competency_ranks={"teaching_methods": 2, "assessment": 1})
    assert coverage([first, second, e], "m1", "e") == pytest.approx(1.0)
    assert coverage([first, second, e], "m2", "e") == pytest.approx(0.5)


def test_the_ranked_list_column_reads_and_writes_back(tmp_path: Path) -> None:
    path = tmp_path / "bank.csv"
    csv_io.write_csv(bank(teacher_mentee(requests={"teaching_methods": 2})), path)
    with path.open(encoding="utf-8-sig", newline="") as f:
        delim = csv_io.sniff_delimiter(f.read())
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=delim))
    assert "Запрос по порядку" in rows[0]
    rows[1][rows[0].index("Запрос по порядку")] = "Оценивание; Методика преподавания"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, delimiter=delim).writerows(rows)
    p = csv_io.read_csv(path).bank.get("e")
    assert p.request_ranks == {"assessment": 1, "teaching_methods": 2}
    assert p.requests == {"teaching_methods": 2, "assessment": 3}
    again = tmp_path / "again.csv"
    csv_io.write_csv(csv_io.read_csv(path).bank, again)
    assert csv_io.read_csv(again).bank.get("e") == p


@pytest.mark.parametrize("stable", [False, True])
def test_thirty_ranked_topics_reach_the_optimum_the_ranks_define(stable: bool) -> None:
    from matcher.options import SolveOptions

    n = 30
    values = rt.true_value(n)
    best = rt.optimum(values)

    def share(collapsed: bool) -> float:
        res = solve(rt.bank(n, collapsed=collapsed), rt.programme(),
                    options=SolveOptions(stable=stable))
        got = [(int(p.mentor[1:]), int(e[1:])) for p in res.proposals for e in p.mentees]
        assert len(got) == n
        return float(sum(values[m, e] for m, e in got)) / best

    ranked, collapsed = share(False), share(True)
    if not stable:
        assert ranked > 0.999
    assert ranked > collapsed
    assert np.isfinite(collapsed)


def test_the_stable_option_prefers_by_a_ranking_of_thirty_to_its_end() -> None:
    from matcher.preferences import preference_key

    mentee = teacher_mentee("e", requests=dict.fromkeys(TOPICS, 3),
                            request_ranks={t: i + 1 for i, t in enumerate(TOPICS)})
    mentors = [teacher_mentor(f"m{i:02}", competencies={t: 3}) for i, t in enumerate(TOPICS)]
    # The same pair score for all: the ranking alone orders them, every place distinct.
    keys = [preference_key(mentee, m.id, 500, partner=m) for m in mentors]
    assert all(a > b for a, b in itertools.pairwise(keys)), keys
    # A mentor's ranking orders mentees asking for one topic each the same way.
    mentor = teacher_mentor("m", competencies=dict.fromkeys(TOPICS, 3),
                            competency_ranks={t: i + 1 for i, t in enumerate(TOPICS)})
    asking = [teacher_mentee(f"e{i:02}", requests={t: 3}) for i, t in enumerate(TOPICS)]
    keys = [preference_key(mentor, e.id, 500, partner=e, as_mentor=True) for e in asking]
    assert all(a > b for a, b in itertools.pairwise(keys)), keys
    # Nobody ranked: the key is the one it always was.
    plain = teacher_mentee("p")
    assert preference_key(plain, "m00", 500, partner=mentors[0]) == \
        preference_key(plain, "m00", 500) == preference_key(None, "", 500)


def _partly_covering_bank(n: int, seed: int) -> Bank:
    """Mentors offering a few of the 30 topics each, in an order of their own; mentees
    ranking all 30: each side's ranking orders its candidates differently from the score."""
    rng = np.random.default_rng(seed)
    mentors = []
    for i in range(n):
        offered = [TOPICS[k] for k in rng.choice(30, size=4, replace=False)]
        mentors.append(teacher_mentor(
            f"m{i:02}", competencies=dict.fromkeys(offered, 3),
            competency_ranks={t: r + 1 for r, t in enumerate(offered)},
            experience_years=int(rng.integers(5, 30)), mentor=MentorOffer(capacity_mentees=1)))
    mentees = [teacher_mentee(f"e{j:02}", requests=dict.fromkeys(TOPICS, 3),
                              request_ranks={t: int(r) + 1 for t, r
                                             in zip(TOPICS, rng.permutation(30), strict=True)})
               for j in range(n)]
    return bank(*mentors, *mentees)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_stable_result_over_ranked_topics_has_no_blocking_pair(seed: int) -> None:
    from matcher.options import SolveOptions
    from matcher.solver.api import score_candidates
    from matcher.validation import violations

    people, prog = _partly_covering_bank(16, seed), programme()
    _, cands = score_candidates(people, prog)
    result = solve(people, prog, candidates=cands, options=SolveOptions(stable=True))
    assert len([e for p in result.proposals for e in p.mentees]) == 16
    assert violations(people, prog, result, stable=True, candidates=cands) == []

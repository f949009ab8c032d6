"""The hidden truth behind a generated bank: latent needs, skills and personalities.

The observable fields of a generated bank (requests, competencies, texts, subjects, interests,
wishes) are noisy views of these latents, so a scorer can be evaluated by how well its scores
recover `HiddenTruth.true_fit` (Spearman correlation, precision@k).

True fit of mentor m and mentee e, in [0, 1]:

    profile(m, e)  = Σ_t need[e, t] · skill[m, t] · subj(m, e, t) · level(m, e)  /  Σ_t need[e, t]
    affinity(m, e) = (1 + cos(z[m], z[e])) / 2
    true_fit(m, e) = PROFILE_WEIGHT · profile + (1 − PROFILE_WEIGHT) · affinity,   0 if m is e

where `need` (mentees) and `skill` (mentors) are in [0, 1] per taxonomy topic; `subj` is 1 when
the mentor teaches or knows the subject the mentee's needs are about (or the mentee has none),
otherwise `off_subject[t]`: `OFF_SUBJECT` for subject-bound topics (and professional skills,
tied to a vocational field), `OFF_SUBJECT_METHOD` for lesson-level methodology (methods,
lessons, assessment, functional literacy, projects: easier to learn from a colleague of the
same subject), 1 for the rest; `level` is `STUDY_LEVEL_PENALTY` when both are students and
the mentor is not older (grade or course) than the mentee, else 1; `z` is a unit personality
embedding that also drives interests and the wishes stated after the acquaintance meeting.

How the observables relate: requests are the top needs with noise (sometimes a spurious topic,
sometimes a real need left out), competencies the top skills with noise and a cap, texts
mention most requested/listed topics and some unlisted real ones, interests are hobbies drawn
by affinity to `z`, wishes judge the true fit plus noise. Experience and category drive the
general skill level; digital fluency (falling with age) drives new-practice skills.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

PROFILE_WEIGHT = 0.7
OFF_SUBJECT = 0.15
OFF_SUBJECT_METHOD = 0.7
STUDY_LEVEL_PENALTY = 0.2
_CHUNK = 1 << 17  # pairs per vectorised step: bounds memory at ~16 MB per float32 array


@dataclass(frozen=True, eq=False)
class HiddenTruth:
    """Latent vectors per person (rows follow `Bank.participants`) and the mentor/mentee index.

    `mentor_person[i]` is the row of the i-th mentor (`mentor_ids[i]`), `mentee_person[j]` the
    row of the j-th mentee; `true_fit` takes indices into these two lists.
    """

    topic_ids: tuple[str, ...]
    person_ids: tuple[str, ...]
    skill: np.ndarray  # float32 (people, topics): what a person can teach
    need: np.ndarray  # float32 (people, topics): what a person lacks (zero for non-mentees)
    off_subject: np.ndarray  # float32 (topics,): skill multiplier when subjects differ
    subject_mask: np.ndarray  # int64 (people,): bit k set = teaches/knows subject k
    need_subject: np.ndarray  # int16 (people,): subject index of a person's needs, -1 if none
    study_level: np.ndarray  # int16 (people,): grade or 11 + course for students, 0 otherwise
    z: np.ndarray  # float32 (people, dims): unit personality/affinity embedding
    mentor_person: np.ndarray  # int32 (mentors,)
    mentee_person: np.ndarray  # int32 (mentees,)

    @cached_property
    def mentor_ids(self) -> tuple[str, ...]:
        return tuple(self.person_ids[i] for i in self.mentor_person)

    @cached_property
    def mentee_ids(self) -> tuple[str, ...]:
        return tuple(self.person_ids[i] for i in self.mentee_person)

    @cached_property
    def mentor_index(self) -> dict[str, int]:
        """Participant id → index into `mentor_ids` (the `true_fit` mentor index)."""
        return {pid: i for i, pid in enumerate(self.mentor_ids)}

    @cached_property
    def mentee_index(self) -> dict[str, int]:
        """Participant id → index into `mentee_ids` (the `true_fit` mentee index)."""
        return {pid: i for i, pid in enumerate(self.mentee_ids)}

    def true_fit(self, mentor_idx: np.ndarray, mentee_idx: np.ndarray) -> np.ndarray:
        """True fit in [0, 1] of each (mentor_idx[k], mentee_idx[k]) pair, as float64.

        Indices point into `mentor_ids` and `mentee_ids`; the arrays broadcast against each
        other, so one mentor against many mentees works. Work is chunked, never a dense matrix.
        """
        mi, ei = np.broadcast_arrays(np.asarray(mentor_idx), np.asarray(mentee_idx))
        shape = mi.shape
        m = self.mentor_person[mi.ravel()]
        e = self.mentee_person[ei.ravel()]
        out = np.empty(m.shape[0], dtype=np.float64)
        for lo in range(0, m.shape[0], _CHUNK):
            out[lo:lo + _CHUNK] = self._fit_people(m[lo:lo + _CHUNK], e[lo:lo + _CHUNK])
        return out.reshape(shape)

    def true_fit_people(self, mentor_rows: np.ndarray, mentee_rows: np.ndarray) -> np.ndarray:
        """True fit for person rows (indices into `Bank.participants`) instead of list indices."""
        m, e = np.broadcast_arrays(np.asarray(mentor_rows), np.asarray(mentee_rows))
        out = np.empty(m.size, dtype=np.float64)
        mr, er = m.ravel(), e.ravel()
        for lo in range(0, mr.shape[0], _CHUNK):
            out[lo:lo + _CHUNK] = self._fit_people(mr[lo:lo + _CHUNK], er[lo:lo + _CHUNK])
        return out.reshape(m.shape)

    def profile_fit(self, mentor_rows: np.ndarray, mentee_rows: np.ndarray) -> np.ndarray:
        """The profile part of the true fit alone, for person rows."""
        return self._profile(np.asarray(mentor_rows), np.asarray(mentee_rows)).astype(np.float64)

    def _profile(self, m: np.ndarray, e: np.ndarray) -> np.ndarray:
        need = self.need[e]
        skill = self.skill[m]
        ns = self.need_subject[e].astype(np.int64)
        match = (ns < 0) | (((self.subject_mask[m] >> np.maximum(ns, 0)) & 1) == 1)
        factor = np.where(match[:, None], np.float32(1.0), self.off_subject[None, :])
        total = need.sum(axis=1)
        covered = (need * skill * factor).sum(axis=1)
        profile = np.where(total > 0, covered / np.maximum(total, 1e-9), 0.0)
        sm, se = self.study_level[m], self.study_level[e]
        wrong_level = (sm > 0) & (se > 0) & (sm <= se)
        return np.where(wrong_level, profile * STUDY_LEVEL_PENALTY, profile)

    def _fit_people(self, m: np.ndarray, e: np.ndarray) -> np.ndarray:
        profile = self._profile(m, e)
        affinity = 0.5 * (1.0 + (self.z[m] * self.z[e]).sum(axis=1))
        fit = PROFILE_WEIGHT * profile + (1.0 - PROFILE_WEIGHT) * affinity
        fit = np.where(m == e, 0.0, fit)
        return np.clip(fit, 0.0, 1.0)

"""The depersonalised export for the regional centre, as CSV (one row per pair, and per mentee
left without a mentor) or JSON (participants, proposals, unmatched, coverage figures).

What goes out: stable pseudonyms, keyed codes of the organisation and the programme, role,
an age band for adults or the grade/course for students, the young-specialist flag, form, kind,
topics, the score rounded to two places, the status, reason codes — and only for people whose
personal-data consent is active on the programme's rules date. The people's quasi-identifiers
are generalised to k-anonymity (`matcher.reports.anonymity`, k = 5 by default); the export's
`privacy` note says how far, and how many people and rows were left out.

What never goes out: names, ids from the bank, birth years or exact ages, subjects, free text
(experience, difficulties, interests, curator notes, reason texts, which may name people),
wishes and consents.

A pseudonym is HMAC-SHA256 of the participant's bank id under the caller's key, in base32: the
same person and key give the same pseudonym in every run, another key gives another. Base32
uses only the digits 2–7, so a pseudonym can never contain a year. Keep the key secret and the
same from run to run; ids must be unique within the key's scope (one key per bank).
"""

from __future__ import annotations

import base64
import csv
import hashlib
import hmac
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from matcher.errors import UnknownParticipant
from matcher.labels import label
from matcher.model import (
    Bank,
    ConsentKind,
    Form,
    Kind,
    Participant,
    Programme,
    Proposal,
    ProposalStatus,
    Role,
    RunResult,
)
from matcher.monitoring import QualityRow
from matcher.reports.anonymity import DEFAULT_K, OTHER_ROLE, Quasi, anonymise, study_code
from matcher.reports.common import (
    AUDIENCES,
    active_proposals,
    check_lang,
    status_label,
    topic_label,
    tr,
)
from matcher.reports.coverage import build_report
from matcher.spreadsheet_safety import csv_text

QUASI_IDENTIFIERS = ("organisation", "role", "age_band", "study", "young_specialist")
PSEUDONYM_CHARS = 10  # 50 bits: collisions are negligible at a region's size
FORMAT = "nastavnik-export/2"  # 2: keyed organisation and programme codes, k-anonymity

# (code, Russian, English); bounds as the young-specialist rule counts age.
AGE_BANDS = (
    (35, "under_35", "до 35", "under 35"),
    (51, "35_50", "35–50", "35–50"),
    (None, "over_50", "старше 50", "over 50"),
)


class Pseudonymiser:
    """Keyed, stable pseudonyms: `person(id)` → «P-…», `proposal(id)` → «G-…»."""

    def __init__(self, key: str | bytes) -> None:
        raw = key.encode("utf-8") if isinstance(key, str) else bytes(key)
        if not raw:
            raise ValueError("the pseudonym key must not be empty")
        self._key = raw

    def _digest(self, kind: str, value: str) -> str:
        mac = hmac.new(self._key, f"{kind}\x00{value}".encode(), hashlib.sha256).digest()
        return base64.b32encode(mac).decode("ascii")[:PSEUDONYM_CHARS]

    def person(self, pid: str) -> str:
        return "P-" + self._digest("participant", pid)

    def proposal(self, proposal_id: str) -> str:
        return "G-" + self._digest("proposal", proposal_id)

    def organisation(self, name: str) -> str:
        return "O-" + self._digest("organisation", name)

    def programme(self, programme_id: str) -> str:
        return "R-" + self._digest("programme", programme_id)


def age_band(p: Participant, at: date) -> str | None:
    """The age band code of an adult; None for a student (the grade or course says enough)."""
    if p.role == Role.student:
        return None
    age = p.age_at(at)
    for bound, code, _, _ in AGE_BANDS:
        if bound is None or age < bound:
            return code
    raise AssertionError("unreachable: the last band has no bound")


WIDER_AGE_LABELS = {"35_plus": ("35 и старше", "35 and over"), "any": ("взрослый", "adult")}


def age_band_label(code: str | None, lang: str = "ru") -> str:
    for _, c, ru, en in AGE_BANDS:
        if c == code:
            return tr(ru, en, lang)
    ru, en = WIDER_AGE_LABELS.get(code or "", ("", ""))
    return tr(ru, en, lang)


def study_label(code: str | None, lang: str = "ru") -> str:
    """`grade_7` → «7 класс», `grades_5_9` → «5–9 класс», `school`, `course_2`, `college`."""
    if code is None:
        return ""
    kind, _, rest = code.partition("_")
    if kind in ("grade", "course"):
        return tr(f"{rest} класс", f"grade {rest}", lang) if kind == "grade" else tr(
            f"{rest} курс", f"college year {rest}", lang)
    if kind in ("grades", "courses"):
        low, _, high = rest.partition("_")
        return tr(f"{low}–{high} класс", f"grades {low}–{high}", lang) if kind == "grades" \
            else tr(f"{low}–{high} курс", f"college years {low}–{high}", lang)
    named = {"school": ("школьник", "school student"), "college": ("студент", "college student"),
             "student": ("обучающийся", "student")}
    ru, en = named.get(code, ("", ""))
    return tr(ru, en, lang)


def role_label(role: str, lang: str = "ru") -> str:
    return tr("другое", "other", lang) if role == OTHER_ROLE else label(Role(role), lang)


@dataclass(frozen=True)
class ExportPerson:
    pseudonym: str
    role: str  # a Role value or "other"
    organisation: str  # keyed code «O-…»
    age_band: str | None
    study: str | None
    young_specialist: bool | None

    def as_json(self) -> dict[str, Any]:
        return {"id": self.pseudonym, "role": self.role, "organisation": self.organisation,
                "age_band": self.age_band, "study": self.study,
                "young_specialist": self.young_specialist}


@dataclass(frozen=True)
class Export:
    """Everything the export holds, already depersonalised."""

    programme: dict[str, Any]
    run: dict[str, Any]
    people: dict[str, ExportPerson]  # by pseudonym
    proposals: tuple[dict[str, Any], ...]
    unmatched: tuple[dict[str, Any], ...]
    coverage: dict[str, dict[str, Any]]
    privacy: dict[str, Any]  # k, what was generalised, who was left out and why (counts)
    # The monitoring surveys' figures by form, kind and score band (no people at all); a group
    # of fewer than k pairs keeps its count and loses its figures.
    monitoring: tuple[dict[str, Any], ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "programme": self.programme,
            "run": self.run,
            "privacy": self.privacy,
            "coverage": self.coverage,
            "participants": [p.as_json() for p in self.people.values()],
            "proposals": list(self.proposals),
            "unmatched": list(self.unmatched),
            "monitoring": list(self.monitoring),
        }


def monitoring_rows(quality: Sequence[QualityRow], k: int = DEFAULT_K
                    ) -> tuple[dict[str, Any], ...]:
    """The quality figures as the export carries them: shares 0–100, means 1–5; a group of
    fewer than `k` pairs is counted but its figures are suppressed (they would be a person's)."""
    out = []
    for q in quality:
        row: dict[str, Any] = {"group": q.group, "key": q.key, "pairs": q.pairs}
        if q.pairs < k:
            row["suppressed"] = True
        else:
            row.update({
                "answered": q.answered,
                "fit_share": None if q.fit_share is None else round(100 * q.fit_share, 1),
                "mean_quality": None if q.mean_quality is None else round(q.mean_quality, 2),
                "mean_satisfaction": (None if q.mean_satisfaction is None
                                      else round(q.mean_satisfaction, 2)),
                "goal_share": None if q.goal_share is None else round(100 * q.goal_share, 1)})
        out.append(row)
    return tuple(out)


def build_export(bank: Bank, programme: Programme, result: RunResult, *, key: str | bytes,
                 include_inactive: bool = False, k: int = DEFAULT_K,
                 quality: Sequence[QualityRow] = ()) -> Export:
    """The export of `result`: counting proposals only, unless `include_inactive` adds the
    rejected and ended ones (with their status).

    Only people whose personal-data consent is active on the programme's rules date go out;
    the organisation and programme are keyed codes; the people's quasi-identifiers are
    generalised to `k`-anonymity, and a pair or unmatched row naming a person who is left out
    is suppressed. `privacy` counts all of it."""
    names = Pseudonymiser(key)
    at = programme.rules_date
    proposals = result.proposals if include_inactive else active_proposals(result)
    report = build_report(bank, programme, result)
    exact: dict[str, Quasi] = {}
    without_consent: set[str] = set()

    def consider(pid: str) -> None:
        p = bank.by_id.get(pid)
        if p is None:
            raise UnknownParticipant(pid)
        if not p.consent_active(ConsentKind.personal_data, at):
            without_consent.add(names.person(pid))
            return
        exact.setdefault(names.person(pid), Quasi(
            organisation=names.organisation(p.organisation), role=p.role.value,
            age_band=age_band(p, at), study=study_code(p.grade, p.course),
            young_specialist=p.is_young_specialist(at)))

    for prop in proposals:
        for pid in (prop.mentor, *prop.mentees):
            consider(pid)
    for u in report.unmatched:
        consider(u.mentee_id)
    for um in result.unmatched:  # the report leaves out those without consent; count them
        if um.mentee in bank.by_id:
            consider(um.mentee)
    anon = anonymise(exact, k)
    people = {a: ExportPerson(a, q.role, q.organisation, q.age_band, q.study,
                              q.young_specialist) for a, q in anon.people.items()}
    pair_rows_out = unmatched_out = 0

    def person(pid: str) -> str:
        return names.person(pid)

    out_props: list[dict[str, Any]] = []
    for prop in proposals:
        row = _proposal(prop, names, person)
        kept = [(m, s) for m, s in zip(row["mentees"], row["pair_scores"], strict=True)
                if m in people]
        pair_rows_out += (len(row["mentees"]) - len(kept) if row["mentor"] in people
                          else len(row["mentees"]))
        if row["mentor"] in people and kept:
            out_props.append({**row, "mentees": [m for m, _ in kept],
                              "pair_scores": [s for _, s in kept]})
    unmatched = []
    for u in report.unmatched:
        alias = person(u.mentee_id)
        if alias not in people:
            unmatched_out += 1
            continue
        unmatched.append({"mentee": alias, "found": u.covered, "wanted": u.wanted,
                          "reasons": [r.code for r in u.reasons]})
    privacy = {"k": k, "k_achieved": anon.achieved, "quasi_identifiers": list(QUASI_IDENTIFIERS),
               "generalisation": list(anon.steps),
               "suppressed_people": len(anon.suppressed),
               "excluded_without_consent": len(without_consent),
               "suppressed_pair_rows": pair_rows_out,
               "suppressed_unmatched_rows": unmatched_out}
    coverage: dict[str, dict[str, Any]] = {
        aud: {
            "mentees_total": c.mentees_total, "mentees_covered": c.mentees_covered,
            "mentees_confirmed": c.mentees_confirmed, "people_total": c.people_total,
            "people_involved": c.people_involved,
            "involved_share": None if c.involved_share is None else round(c.involved_share, 4),
            "people_confirmed": c.people_confirmed,
            "confirmed_involved_share": None if c.confirmed_involved_share is None
            else round(c.confirmed_involved_share, 4),
            "target": c.target, "meets_target": c.meets_target,
        }
        for aud in AUDIENCES for c in (report.coverage[aud],)
    }
    return Export(
        programme={"id": names.programme(programme.id), "start": programme.start.isoformat(),
                   "end": programme.end.isoformat(),
                   "organisations": sorted({p.organisation for p in people.values()})},
        run={"created_at": result.created_at.isoformat(), "status": result.status.value},
        people=people, proposals=tuple(out_props), unmatched=tuple(unmatched),
        coverage=coverage, privacy=privacy, monitoring=monitoring_rows(quality, k),
    )


def _proposal(prop: Proposal, names: Pseudonymiser,
              person: Callable[[str], str]) -> dict[str, Any]:
    own = {ps.mentee: ps.score for ps in prop.pairs}
    return {
        "id": names.proposal(prop.id),
        "mentor": person(prop.mentor),
        "mentees": [person(m) for m in prop.mentees],
        "form": prop.form.value,
        "kind": prop.kind.value,
        "topics": list(prop.topics),
        "score": round(prop.score, 2),
        "pair_scores": [round(own.get(m, prop.score), 2) for m in prop.mentees],
        "status": prop.status.value,
    }


# --- files ----------------------------------------------------------------------------------

CSV_COLUMNS = (
    ("proposal", "Пара/группа", "Pair/group"),
    ("mentor", "Наставник", "Mentor"),
    ("mentor_role", "Роль наставника", "Mentor's role"),
    ("mentor_organisation", "Организация наставника", "Mentor's organisation"),
    ("mentor_age", "Возраст наставника", "Mentor's age"),
    ("mentee", "Наставляемый", "Mentee"),
    ("mentee_role", "Роль наставляемого", "Mentee's role"),
    ("mentee_organisation", "Организация наставляемого", "Mentee's organisation"),
    ("mentee_age", "Возраст или класс наставляемого", "Mentee's age or grade"),
    ("mentee_young", "Молодой специалист", "Young specialist"),
    ("form", "Форма", "Form"),
    ("kind", "Вид", "Kind"),
    ("group_size", "Наставляемых в группе", "Mentees in the group"),
    ("topics", "Темы", "Topics"),
    ("score", "Балл пары", "Pair score"),
    ("status", "Статус", "Status"),
    ("reasons", "Причины (коды)", "Reasons (codes)"),
)


def csv_rows(export: Export, lang: str = "ru") -> list[dict[str, str]]:
    """One row per mentee in a proposal, then one per mentee without a mentor."""
    def who(alias: str) -> ExportPerson:
        return export.people[alias]

    def age(p: ExportPerson) -> str:
        if p.study is not None:
            return study_label(p.study, lang)
        return age_band_label(p.age_band, lang)

    def yes(flag: bool | None) -> str:
        if flag is None:
            return ""
        return tr("да", "yes", lang) if flag else tr("нет", "no", lang)

    rows: list[dict[str, str]] = []
    for prop in export.proposals:
        mentor = who(prop["mentor"])
        for alias, score in zip(prop["mentees"], prop["pair_scores"], strict=True):
            mentee = who(alias)
            rows.append({
                "proposal": prop["id"], "mentor": mentor.pseudonym,
                "mentor_role": role_label(mentor.role, lang),
                "mentor_organisation": mentor.organisation, "mentor_age": age(mentor),
                "mentee": mentee.pseudonym, "mentee_role": role_label(mentee.role, lang),
                "mentee_organisation": mentee.organisation, "mentee_age": age(mentee),
                "mentee_young": yes(mentee.young_specialist),
                "form": label(Form(prop["form"]), lang), "kind": label(Kind(prop["kind"]), lang),
                "group_size": str(len(prop["mentees"])),
                "topics": "; ".join(topic_label(t, lang) for t in prop["topics"]),
                "score": f"{score:.2f}",
                "status": status_label(ProposalStatus(prop["status"]), lang), "reasons": "",
            })
    for u in export.unmatched:
        mentee = who(u["mentee"])
        rows.append({
            "proposal": "", "mentor": "", "mentor_role": "", "mentor_organisation": "",
            "mentor_age": "", "mentee": mentee.pseudonym,
            "mentee_role": role_label(mentee.role, lang),
            "mentee_organisation": mentee.organisation, "mentee_age": age(mentee),
            "mentee_young": yes(mentee.young_specialist), "form": "", "kind": "",
            "group_size": "", "topics": "", "score": "",
            "status": tr("без наставника", "unmatched", lang),
            "reasons": "; ".join(u["reasons"]),
        })
    return rows


def to_csv(export: Export, lang: str = "ru") -> str:
    buf = io.StringIO()
    headers = {key: tr(ru, en, lang) for key, ru, en in CSV_COLUMNS}
    writer = csv.DictWriter(buf, fieldnames=[k for k, _, _ in CSV_COLUMNS], delimiter=";",
                            lineterminator="\n")
    writer.writerow({k: csv_text(v) for k, v in headers.items()})
    writer.writerows({k: csv_text(v) for k, v in row.items()} for row in csv_rows(export, lang))
    return buf.getvalue()


def to_json(export: Export) -> str:
    return json.dumps(export.as_json(), ensure_ascii=False, indent=2) + "\n"


def write_export(bank: Bank, programme: Programme, result: RunResult, path: str | Path, *,
                 key: str | bytes, lang: str = "ru", include_inactive: bool = False,
                 k: int = DEFAULT_K) -> None:
    """Write the export as CSV (`;`-separated, UTF-8 with BOM so Excel reads it) or JSON, by
    the extension of `path`."""
    lang = check_lang(lang)
    suffix = Path(path).suffix.lower()
    if suffix not in (".csv", ".json"):
        raise ValueError(f"unknown export format {suffix!r}: use .csv or .json")
    export = build_export(bank, programme, result, key=key, include_inactive=include_inactive,
                          k=k)
    if suffix == ".csv":
        Path(path).write_text(to_csv(export, lang), encoding="utf-8-sig")
    else:
        Path(path).write_text(to_json(export), encoding="utf-8")

"""Page models of a run: proposal cards with their top reasons and the rerun's marks, and the
report's charts as bars. Presentation only: diffs and figures come from `service.runs` and
`matcher.reports`, and which decisions a status allows, with the words for both, from
`matcher.lifecycle`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from matcher.labels import label
from matcher.lifecycle import (
    DecisionAction,
    action_word,
    actions_from,
    allows,
    needs_reason,
    status_word,
)
from matcher.messages import message
from matcher.model import Bank, Form, Kind, Proposal, ProposalStatus, Role
from matcher.reports import Report
from matcher.reports.common import status_label, topic_label
from service.domain import (
    EndedEntry,
    MenteeTop,
    ProposalMark,
    ProposalSummary,
    RunPerson,
    StoredProposal,
)
from service.runs import DiffView
from service.runs.readmodel import TOP_REASONS, top_of
from service.web.forms import component_label
from service.web.views import Bar


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    role: str


@dataclass(frozen=True)
class MenteeLine:
    person: Person
    score: float
    reasons: tuple[tuple[str, float, str], ...]  # (component label, value, reason text)


@dataclass(frozen=True)
class CardAction:
    """A decision button of a card: its path segment, its words and whether it asks a reason."""

    value: str
    ru: str
    en: str
    needs_reason: bool


@dataclass(frozen=True)
class Card:
    """One proposal as the review page shows it."""

    id: str
    version: int
    status: ProposalStatus
    status_text: str
    status_reason: str
    mentor: Person
    mentees: tuple[MenteeLine, ...]
    form: str
    kind: str
    is_group: bool
    topics: tuple[str, ...]
    score: float
    mark: str = ""  # "kept", "new", "changed" on a rerun; "" on a first run
    mark_text: str = ""
    before: str = ""  # a changed proposal: who it replaced
    updated_by: str = ""

    def can(self, action: str) -> bool:
        """Whether the lifecycle lets the curator take `action` on this proposal now."""
        return allows(self.status, DecisionAction(action))

    @property
    def actions(self) -> tuple[CardAction, ...]:
        """The decisions this proposal allows, as the review page offers them."""
        return tuple(CardAction(a.value, action_word(a, "ru").capitalize(),
                                action_word(a, "en").capitalize(), needs_reason(a))
                     for a in actions_from(self.status))


def person(bank: Bank, pid: str, lang: str) -> Person:
    p = bank.by_id.get(pid)
    if p is None:
        return Person(pid, pid, "")
    return Person(pid, p.full_name, label(p.role, lang))


def person_of(people: Mapping[str, RunPerson], pid: str, lang: str) -> Person:
    """A person of the run's read model (as the run read them)."""
    p = people.get(pid)
    if p is None:
        return Person(pid, pid, "")
    return Person(pid, p.full_name, label(Role(p.role), lang) if p.role in ROLES else p.role)


ROLES = frozenset(r.value for r in Role)


def _names(bank: Bank, prop: Proposal) -> str:
    mentor = bank.by_id.get(prop.mentor)
    mentees = [bank.by_id[e].full_name if e in bank.by_id else e for e in prop.mentees]
    return f"{mentor.full_name if mentor else prop.mentor} → {', '.join(mentees)}"


def _mark_words(mark: ProposalMark | None, lang: str) -> tuple[str, str, str]:
    if mark is None:
        return "", "", ""
    if mark.mark == "changed":
        return "changed", mark.reason.text(lang) if mark.reason else "", mark.before
    if mark.mark == "kept":
        return "kept", ("сохранено с прошлого подбора" if lang != "en"
                        else "kept from the previous run"), ""
    return mark.mark, "новое" if lang != "en" else "new", ""


def _lines(top: tuple[MenteeTop, ...], people: Mapping[str, RunPerson], lang: str
           ) -> tuple[MenteeLine, ...]:
    return tuple(MenteeLine(person_of(people, e, lang), score, tuple(
        (component_label(name, lang), value, en if lang == "en" else ru)
        for name, value, ru, en in reasons)) for e, score, reasons in top)


def page_cards(rows: list[StoredProposal] | tuple[StoredProposal, ...],
               people: Mapping[str, RunPerson], marks: Mapping[str, ProposalMark],
               lang: str, *, reasons: int | None = TOP_REASONS) -> list[Card]:
    """The cards of stored proposals, in the order given, with `reasons` reasons per mentee
    (None: all of them, as the details fragment shows)."""
    out = []
    for row in rows:
        p = row.proposal
        mark = _mark_words(marks.get(p.id), lang)
        out.append(Card(
            id=p.id, version=row.version, status=p.status,
            status_text=status_word(p.status, lang), status_reason=p.status_reason,
            mentor=person_of(people, p.mentor, lang),
            mentees=_lines(top_of(p, reasons), people, lang),
            form=label(p.form, lang), kind=label(p.kind, lang), is_group=p.is_group,
            topics=tuple(topic_label(t, lang) for t in p.topics), score=p.score,
            mark=mark[0], mark_text=mark[1], before=mark[2], updated_by=row.updated_by,
        ))
    return out


def cards(rows: list[StoredProposal] | tuple[StoredProposal, ...], bank: Bank, lang: str,
          diff: DiffView | None = None) -> list[Card]:
    """Every card of a run from its bank and diff, in the review order (the page itself reads
    one page of the read model with `page_cards`)."""
    marks: dict[str, ProposalMark] = {}
    if diff is not None and diff.previous_run_id is not None:
        marks.update({p.id: ProposalMark("kept") for p in diff.diff.kept})
        marks.update({p.id: ProposalMark("new") for p in diff.diff.new})
        for (before, after), reason in zip(diff.diff.changed, diff.changed_reasons, strict=True):
            marks[after.id] = ProposalMark("changed", reason, _names(diff.bank, before))
    people = {p.id: RunPerson(p.id, p.full_name, p.role.value, p.organisation)
              for p in bank.participants}
    out = page_cards(rows, people, marks, lang)
    order = {ProposalStatus.proposed: 0, ProposalStatus.confirmed: 1, ProposalStatus.locked: 2,
             ProposalStatus.rejected: 3, ProposalStatus.ended: 4}
    return sorted(out, key=lambda c: (order[c.status], c.mark != "changed", c.mark != "new",
                                      -c.score, c.id))


@dataclass(frozen=True)
class Row:
    """One proposal as the review table shows it: one line, its strongest reason only."""

    id: str
    version: int
    status: ProposalStatus
    status_text: str
    status_reason: str
    mentor: str
    mentees: tuple[str, ...]
    form: str
    kind: str
    is_group: bool
    score: float
    reason: str  # the strongest reason of the (first) mentee
    mark: str
    mark_text: str
    before: str
    decided_by: str  # who took the latest decision ("" while undecided)
    decided_at: str  # when, «30.11.2026 14:05»

    @property
    def people(self) -> str:
        return f"{self.mentor} → {', '.join(self.mentees)}"

    @property
    def may_undo(self) -> bool:
        """Whether the row offers «undo»: a decision was taken here and the status is one a
        decision leads to (the service checks the history itself)."""
        return self.version > 1 and self.status != ProposalStatus.proposed

    def can(self, action: str) -> bool:
        return allows(self.status, DecisionAction(action))


def summary_rows(items: list[ProposalSummary], marks: Mapping[str, ProposalMark], lang: str
                 ) -> list[Row]:
    """The review table's rows from the list rows (names as the run read them)."""
    out = []
    for s in items:
        status = ProposalStatus(s.status)
        mark = _mark_words(marks.get(s.proposal_id), lang)
        top = next((reasons for _, _, reasons in s.top if reasons), ())
        reason = ""
        if top:
            _, _, ru, en = top[0]
            reason = en if lang == "en" else ru
        decided = s.version > 1 and bool(s.updated_by)
        out.append(Row(
            id=s.proposal_id, version=s.version, status=status,
            status_text=status_word(status, lang), status_reason=s.status_reason,
            mentor=s.mentor_name, mentees=s.mentee_names,
            form=label(Form(s.form), lang), kind=label(Kind(s.kind), lang),
            is_group=Kind(s.kind) == Kind.group or len(s.mentees) > 1, score=s.score,
            reason=reason, mark=mark[0], mark_text=mark[1], before=mark[2],
            decided_by=s.updated_by if decided else "",
            decided_at=s.updated_at.strftime("%d.%m.%Y %H:%M") if decided else ""))
    return out


@dataclass(frozen=True)
class EndedLine:
    names: str
    reason: str
    promised: str = ""  # «была подтверждена: участникам уже сообщили» for a promised pair


PROMISED = frozenset({ProposalStatus.confirmed.value, ProposalStatus.locked.value})


def ended_lines(ended: list[EndedEntry], lang: str) -> list[EndedLine]:
    """The pairs a rerun ended, promised ones (confirmed, locked) first and marked."""
    out = []
    for e in sorted(ended, key=lambda e: e.was not in PROMISED):
        promised = ""
        if e.was in PROMISED:
            status = ProposalStatus(e.was)
            promised = message("promised", lang, status=_feminine(status_word(status, "ru")),
                               status_en=status_word(status, "en"))
        out.append(EndedLine(e.names, e.reason.text(lang), promised))
    return out


def _feminine(word: str) -> str:
    """«подтверждено» -> «подтверждена»: the status agreeing with «пара»."""
    return word[:-1] + "а" if word.endswith("о") else word


# --- the report's charts ---------------------------------------------------------------------


@dataclass(frozen=True)
class Charts:
    coverage: list[Bar]
    forms: list[Bar]
    load: list[Bar]
    statuses: list[Bar]
    histogram: list[Bar]


def _t(ru: str, en: str, lang: str) -> str:
    return en if lang == "en" else ru


def charts(report: Report, lang: str) -> Charts:
    coverage = []
    names = {"teachers": _t("Педагоги", "Teachers", lang),
             "students": _t("Обучающиеся", "Students", lang)}
    for aud, cov in report.coverage.items():
        share = cov.confirmed_involved_share
        target = "—" if cov.target is None else f"{cov.target:.0%}"
        coverage.append(Bar(
            label=f"{names[aud]}: {_t('вовлечены (подтверждено)', 'involved (confirmed)', lang)}",
            value=share or 0.0, share=min(share or 0.0, 1.0),
            text=f"{cov.people_confirmed} / {cov.people_total}", target=cov.target,
            ok=cov.meets_target, note=f"{_t('цель', 'target', lang)} {target}"))
        proposed = cov.involved_share
        coverage.append(Bar(
            label=f"{names[aud]}: "
                  f"{_t('вовлечены с предложенными', 'involved with the proposed', lang)}",
            value=proposed or 0.0, share=min(proposed or 0.0, 1.0),
            text=f"{cov.people_involved} / {cov.people_total}",
            note=_t("ещё не подтверждено: ", "not confirmed yet: ", lang)
            + str(cov.people_proposed)))
        mshare = cov.mentee_share
        coverage.append(Bar(
            label=f"{names[aud]}: "
                  f"{_t('наставляемые с наставником', 'mentees with a mentor', lang)}",
            value=mshare or 0.0, share=mshare or 0.0,
            text=f"{cov.mentees_covered} / {cov.mentees_total}"))
    top_form = max(report.mentees_by_form.values(), default=0) or 1
    forms = [Bar(label(f, lang), n, n / top_form, str(n))
             for f, n in report.mentees_by_form.items() if isinstance(f, Form)]
    load = []
    for row in sorted(report.load, key=lambda r: (-r.mentees, r.name)):
        cap = max(row.capacity_mentees, row.mentees, 1)
        over = row.over_capacity
        load.append(Bar(row.name, row.mentees, row.mentees / cap,
                        f"{row.mentees} / {row.capacity_mentees}",
                        target=row.capacity_mentees / cap if over else None, ok=not over,
                        note=_t("сверх возможного", "over capacity", lang) if over else ""))
    top_status = max(report.proposals_by_status.values(), default=0) or 1
    statuses = [Bar(status_label(s, lang), n, n / top_status, str(n))
                for s, n in report.proposals_by_status.items()]
    bins = report.scores.histogram
    top_bin = max(bins, default=0) or 1
    histogram = [Bar(f"{_edge(i, len(bins))}–{_edge(i + 1, len(bins))}", n, n / top_bin, str(n))
                 for i, n in enumerate(bins)]
    return Charts(coverage, forms, load, statuses, histogram)


def _edge(i: int, bins: int) -> int:
    """The score (0 to 100, as curators read it) where histogram bin `i` starts."""
    return round(100 * i / bins)


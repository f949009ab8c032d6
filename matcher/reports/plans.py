"""The personalised mentoring programme («персонализированная программа наставничества») of
one pair or group, built from a run's proposal.

The seeds define it (000, 003): a short programme, 3 months to a year, that describes the form
and kind of mentoring, the participants, the direction of the work and a list of activities
aimed at the mentee's identified difficulties. So a plan holds the participants with their
positions, the form, kind and period, the goals (the mentee's requested topics, and for a pair
the difficulties the mentee wrote), the mentor's competencies that match them, a month-by-month
plan drawn from the topics, the expected results with how each is measured, and whom it is
signed by. Plans are plain frozen values: the curator's edits (goals, plan lines) are new
values made with `dataclasses.replace`, and the DOCX writer (`plans_docx`) only lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from matcher.errors import UnknownParticipant
from matcher.model import (
    KEPT_STATUSES,
    Bank,
    Form,
    Frequency,
    Participant,
    Programme,
    Proposal,
    ProposalStatus,
    Role,
    RunResult,
)
from matcher.model.programme import add_months
from matcher.reports.common import check_lang, is_active, topic_label, tr

# How many meetings a month each frequency means; biweekly when nobody said.
MEETINGS_A_MONTH: dict[Frequency, int] = {
    Frequency.weekly: 4, Frequency.biweekly: 2, Frequency.monthly: 1}
DEFAULT_FREQUENCY = Frequency.biweekly

# The activities a middle month cycles through, for teachers' and for students' programmes:
# (Russian, English), «{topic}» filled in.
TEACHER_ACTIVITIES: tuple[tuple[str, str], ...] = (
    ("Консультация по теме «{topic}»: разбор затруднений наставляемого",
     "Consultation on “{topic}”: going through the mentee's difficulties"),
    ("Взаимопосещение уроков (занятий) с анализом по теме «{topic}»",
     "Visiting each other's lessons with an analysis of “{topic}”"),
    ("Совместная разработка урока (мероприятия) по теме «{topic}»",
     "Preparing a lesson (an event) together on “{topic}”"),
    ("Практическое задание по теме «{topic}» и его обсуждение",
     "A practical task on “{topic}” and its discussion"),
)
STUDENT_ACTIVITIES: tuple[tuple[str, str], ...] = (
    ("Занятие по теме «{topic}»: разбор трудностей наставляемого",
     "A session on “{topic}”: going through the mentee's difficulties"),
    ("Совместное выполнение заданий по теме «{topic}»",
     "Working through tasks on “{topic}” together"),
    ("Практическое задание по теме «{topic}» и его обсуждение",
     "A practical task on “{topic}” and its discussion"),
    ("Обсуждение успехов по теме «{topic}» и следующих шагов",
     "Going over the progress on “{topic}” and the next steps"),
)
T: dict[str, tuple[str, str]] = {
    "first": ("Знакомство; диагностика затруднений и запросов наставляемого; согласование "
              "целей и плана программы",
              "Getting acquainted; a diagnostic of the mentee's difficulties and requests; "
              "agreeing the goals and the plan"),
    "last": ("Итоговая встреча: самоанализ наставляемого, оценка результатов, отчёт наставника "
             "куратору",
             "Final meeting: the mentee's self-assessment, assessing the results, the mentor's "
             "report to the curator"),
    "general": ("Встреча по запросу наставляемого", "A meeting on the mentee's request"),
    "reverse": ("Наставляемый знакомит наставника с практикой «{topic}»",
                "The mentee shows the mentor the practice of “{topic}”"),
    "goal": ("Преодолеть затруднения по теме «{topic}»", "Overcome the difficulties in “{topic}”"),
    "goal_general": ("Поддержать наставляемого по его запросу",
                     "Support the mentee in what they asked for"),
    "goal_reverse": ("Освоить с помощью наставляемого практику «{topic}»",
                     "Learn the practice of “{topic}” from the mentee"),
    "result_teacher": ("Наставляемый самостоятельно решает задачи по теме «{topic}»",
                       "The mentee handles “{topic}” on their own"),
    "measure_teacher": ("повторная диагностика профессиональных дефицитов; анализ посещённых "
                        "уроков (занятий)",
                        "a repeated diagnostic of professional deficits; analysis of the "
                        "lessons visited"),
    "result_student": ("Заметный прогресс наставляемого по теме «{topic}»",
                       "Visible progress of the mentee in “{topic}”"),
    "measure_student": ("текущая успеваемость и наблюдение наставника; самооценка наставляемого",
                        "current marks and the mentor's observation; the mentee's self-"
                        "assessment"),
    "result_reverse": ("Наставник применяет практику «{topic}» в своей работе",
                       "The mentor uses the practice of “{topic}” in their work"),
    "measure_reverse": ("отчёт наставника; посещение его урока (занятия)",
                        "the mentor's report; a visit to their lesson"),
    "result_satisfied": ("Участники удовлетворены работой в паре (группе)",
                         "The participants are satisfied with the work of the pair (group)"),
    "measure_satisfied": ("анкетирование наставника и наставляемого по завершении программы",
                          "a questionnaire of the mentor and the mentee at the end"),
}


def _t(key: str, lang: str, **kw: object) -> str:
    ru, en = T[key]
    return (en if lang == "en" else ru).format(**kw)


@dataclass(frozen=True)
class PlanLine:
    """One line of the month-by-month plan: the month (its first day), what is done, and how
    many meetings the month holds."""

    month: date
    activity: str
    meetings: int


@dataclass(frozen=True)
class ExpectedResult:
    """What the programme should achieve and how it is checked."""

    result: str
    measure: str


@dataclass(frozen=True)
class Plan:
    """The personalised programme of one pair or group (see the module's docstring)."""

    number: int
    proposal: Proposal
    mentor: Participant
    mentees: tuple[Participant, ...]
    start: date
    end: date
    goals: tuple[str, ...]
    # The difficulties the mentee wrote, for a pair only: in a group they stay private.
    difficulties: tuple[str, ...]
    # The mentor's competencies that meet the goals: (topic id, level 1–3).
    competencies: tuple[tuple[str, int], ...]
    lines: tuple[PlanLine, ...]
    results: tuple[ExpectedResult, ...]
    organisation: str
    programme_name: str
    edited: bool = False  # the curator changed the goals or the plan lines

    @property
    def is_draft(self) -> bool:
        """Not yet confirmed by the curator: the document says «проект»."""
        return self.proposal.status not in KEPT_STATUSES


def months(start: date, end: date) -> tuple[date, ...]:
    """The first days of the months the period touches: 01.09.2026–31.05.2027 gives nine."""
    first = start.replace(day=1)
    out: list[date] = []
    while first <= end:
        out.append(first)
        first = add_months(first, 1)
    return tuple(out)


def _topics(proposal: Proposal, mentees: tuple[Participant, ...]) -> tuple[str, ...]:
    """The topics the plan works on: the proposal's, else whatever the mentees asked for."""
    if proposal.topics:
        return proposal.topics
    asked = dict.fromkeys(t for m in mentees for t in m.requests)
    return tuple(asked)


def _frequency(mentor: Participant, mentees: tuple[Participant, ...]) -> Frequency:
    """The mentee's wished frequency (the first mentee's in a group), else the mentor's."""
    for p in (*mentees, mentor):
        if p.meeting_frequency is not None:
            return p.meeting_frequency
    return DEFAULT_FREQUENCY


def _for_students(proposal: Proposal, mentees: tuple[Participant, ...]) -> bool:
    return proposal.form in (Form.student_student, Form.employer_student, Form.leader_student) or (
        all(m.role == Role.student for m in mentees))


def plan_lines(proposal: Proposal, mentees: tuple[Participant, ...], mentor: Participant,
               start: date, end: date, lang: str = "ru") -> tuple[PlanLine, ...]:
    """The month-by-month plan: acquaintance and diagnostic in the first month, the final
    meeting in the last, and the months between cycling through the topics and the kinds of
    activity (a two-way pair's return topics take their turn too)."""
    lang = check_lang(lang)
    all_months = months(start, end)
    meetings = MEETINGS_A_MONTH[_frequency(mentor, mentees)]
    topics = _topics(proposal, mentees)
    activities = STUDENT_ACTIVITIES if _for_students(proposal, mentees) else TEACHER_ACTIVITIES
    middle = all_months[1:-1]
    lines = [PlanLine(all_months[0], _t("first", lang), meetings)]
    reverse = proposal.return_topics
    for i, month in enumerate(middle):
        if topics:
            topic = topic_label(topics[i % len(topics)], lang)
            ru, en = activities[(i // len(topics)) % len(activities)]
            text = tr(ru, en, lang).format(topic=topic)
        else:
            text = _t("general", lang)
        if reverse:
            text += "; " + _t("reverse", lang, topic=topic_label(reverse[i % len(reverse)], lang))
        lines.append(PlanLine(month, text, meetings))
    lines.append(PlanLine(all_months[-1], _t("last", lang), meetings))
    if proposal.is_group and lang == "ru":  # the texts speak of one mentee; a group has several
        lines = [PlanLine(x.month, x.activity.replace("наставляемого", "наставляемых"),
                          x.meetings) for x in lines]
    return tuple(lines)


def _results(proposal: Proposal, topics: tuple[str, ...], students: bool,
             lang: str) -> tuple[ExpectedResult, ...]:
    kind = "student" if students else "teacher"
    out = [ExpectedResult(_t(f"result_{kind}", lang, topic=topic_label(t, lang)),
                          _t(f"measure_{kind}", lang)) for t in topics]
    out += [ExpectedResult(_t("result_reverse", lang, topic=topic_label(t, lang)),
                           _t("measure_reverse", lang)) for t in proposal.return_topics]
    out.append(ExpectedResult(_t("result_satisfied", lang), _t("measure_satisfied", lang)))
    return tuple(out)


def build_plan(bank: Bank, programme: Programme, proposal: Proposal, *, number: int = 1,
               lang: str = "ru") -> Plan:
    """The programme of one proposal over the programme's period."""
    lang = check_lang(lang)
    for pid in (proposal.mentor, *proposal.mentees):
        if pid not in bank.by_id:
            raise UnknownParticipant(pid)
    mentor = bank.get(proposal.mentor)
    mentees = tuple(bank.get(m) for m in proposal.mentees)
    topics = _topics(proposal, mentees)
    goals = [_t("goal", lang, topic=topic_label(t, lang)) for t in topics]
    goals += [_t("goal_reverse", lang, topic=topic_label(t, lang))
              for t in proposal.return_topics]
    difficulties = () if proposal.is_group else tuple(
        m.difficulties_text.strip() for m in mentees if m.difficulties_text.strip())
    competencies = tuple((t, mentor.competencies[t]) for t in topics if t in mentor.competencies)
    return Plan(
        number=number, proposal=proposal, mentor=mentor, mentees=mentees,
        start=programme.start, end=programme.end,
        goals=tuple(goals) or (_t("goal_general", lang),),
        difficulties=difficulties, competencies=competencies,
        lines=plan_lines(proposal, mentees, mentor, programme.start, programme.end, lang),
        results=_results(proposal, topics, _for_students(proposal, mentees), lang),
        organisation=mentees[0].organisation, programme_name=programme.name,
    )


def build_plans(bank: Bank, programme: Programme, result: RunResult, *,
                confirmed_only: bool = False, lang: str = "ru") -> tuple[Plan, ...]:
    """One programme per active pair and group of the run (rejected and ended ones have none),
    numbered in the order's order: by form, then the mentor's name. `confirmed_only` leaves
    out the proposals the curator has not confirmed yet."""
    chosen = [p for p in result.proposals if is_active(p)
              and (not confirmed_only or p.status != ProposalStatus.proposed)]
    for prop in chosen:
        for pid in (prop.mentor, *prop.mentees):
            if pid not in bank.by_id:
                raise UnknownParticipant(pid)
    forms = list(Form)
    chosen.sort(key=lambda p: (forms.index(p.form), bank.get(p.mentor).full_name, p.id))
    return tuple(build_plan(bank, programme, p, number=i, lang=lang)
                 for i, p in enumerate(chosen, start=1))


# --- the curator's edits --------------------------------------------------------------------

MAX_GOALS = 20
MAX_LINES = 60
MAX_TEXT = 1000
MAX_MEETINGS = 31


@dataclass(frozen=True)
class PlanEdit:
    """What the curator may change in a generated programme: the goals and the plan lines.
    Everything else (participants, form, period, competencies) follows the run."""

    goals: tuple[str, ...]
    lines: tuple[PlanLine, ...]


def apply_edit(plan: Plan, edit: PlanEdit | None) -> Plan:
    """The plan with the curator's goals and lines in place of the generated ones."""
    if edit is None:
        return plan
    return replace(plan, goals=edit.goals or plan.goals, lines=edit.lines or plan.lines,
                   edited=True)


def edit_to_json(edit: PlanEdit) -> dict[str, object]:
    return {"goals": list(edit.goals),
            "lines": [{"month": x.month.isoformat(), "activity": x.activity,
                       "meetings": x.meetings} for x in edit.lines]}


def edit_from_json(data: dict[str, object]) -> PlanEdit:
    """The stored edit back; a value that cannot be read raises ValueError."""
    goals = data.get("goals", [])
    lines = data.get("lines", [])
    if not isinstance(goals, list) or not isinstance(lines, list):
        raise ValueError("a plan edit holds lists of goals and lines")
    out: list[PlanLine] = []
    for x in lines:
        if not isinstance(x, dict):
            raise ValueError("a plan line is an object")
        out.append(PlanLine(date.fromisoformat(str(x["month"])).replace(day=1),
                            str(x["activity"]), int(x["meetings"])))
    return PlanEdit(tuple(str(g) for g in goals), tuple(out))

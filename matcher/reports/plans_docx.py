"""The personalised programmes of a run as one DOCX file, one programme per pair or group, each
on its own pages: the director's approval, the title, the participants, form, kind and period,
goals, the mentor's matching competencies, the month-by-month plan, the expected results with
how they are measured, and the signatures. Same page and table layout as the order.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Cm, Pt

from matcher.labels import label
from matcher.model import Participant
from matcher.reports.common import check_lang, initials, period_text, position, topic_label
from matcher.reports.docx_layout import add_row, add_table, para, setup
from matcher.reports.plans import Plan
from matcher.reports.wording import name_in, sex

MONTHS: tuple[tuple[str, str], ...] = (
    ("Январь", "January"), ("Февраль", "February"), ("Март", "March"), ("Апрель", "April"),
    ("Май", "May"), ("Июнь", "June"), ("Июль", "July"), ("Август", "August"),
    ("Сентябрь", "September"), ("Октябрь", "October"), ("Ноябрь", "November"),
    ("Декабрь", "December"),
)

# (Russian, English) texts of the programme; {…} are filled in.
T: dict[str, tuple[str, str]] = {
    "approve": ("УТВЕРЖДАЮ\nДиректор\n____________ /И.О. Фамилия/\n«___» ____________ 20__ г.",
                "APPROVED\nDirector\n____________ /Initials Surname/\n___ ____________ 20__"),
    "title": ("Персонализированная программа наставничества № {number}",
              "Personalised mentoring programme No. {number}"),
    "draft": (" (проект)", " (draft)"),
    "for_mentee": ("для наставляемого {name}", "for the mentee {name}"),
    "for_mentee_f": ("для наставляемой {name}", "for the mentee {name}"),
    "for_group": ("для группы наставляемых ({n} чел.)", "for a group of {n} mentees"),
    "of_programme": ("в рамках программы наставничества «{name}»",
                     "within the mentoring programme “{name}”"),
    "s_people": ("1. Участники", "1. Participants"),
    "h_part": ("Участие", "Taking part as"),
    "h_name": ("ФИО", "Name"),
    "h_position": ("Должность (класс)", "Position (grade)"),
    "mentor": ("Наставник", "Mentor"),
    "mentee": ("Наставляемый", "Mentee"),
    "mentee_f": ("Наставляемая", "Mentee"),
    "s_frame": ("2. Форма, вид и срок", "2. Form, kind and period"),
    "form": ("Форма наставничества: {value}.", "Form of mentoring: {value}."),
    "kind": ("Вид наставничества: {value}.", "Kind of mentoring: {value}."),
    "period": ("Срок реализации: {value}.", "Period: {value}."),
    "s_goals": ("3. Цели", "3. Goals"),
    "difficulties": ("Затруднения, названные наставляемым: {value}",
                     "Difficulties the mentee named: {value}"),
    "s_competencies": ("4. Компетенции наставника, отвечающие запросу",
                       "4. The mentor's competencies that meet the request"),
    "competency": ("{topic} — уровень {level} из 3", "{topic} — level {level} of 3"),
    "none": ("Не указаны в банке наставников.", "Not given in the mentors' bank."),
    "s_plan": ("5. План мероприятий", "5. Plan of activities"),
    "h_no": ("№", "No."),
    "h_month": ("Месяц", "Month"),
    "h_activity": ("Мероприятие", "Activity"),
    "h_meetings": ("Встреч", "Meetings"),
    "h_done": ("Отметка о выполнении", "Done"),
    "s_results": ("6. Ожидаемые результаты и как они измеряются",
                  "6. Expected results and how they are measured"),
    "h_result": ("Результат", "Result"),
    "h_measure": ("Как измеряется", "How it is measured"),
    "s_signatures": ("7. Подписи", "7. Signatures"),
    "signature": ("{role}\t____________\t/{name}/", "{role}\t____________\t/{name}/"),
    "guardian": ("Законный представитель\t____________\t/____________/",
                 "Parent or guardian\t____________\t/____________/"),
    "curator": ("Куратор\t____________\t/____________/", "Curator\t____________\t/____________/"),
    "empty": ("В подборе нет пар и групп, для которых нужна программа.",
              "The run has no pairs or groups to write a programme for."),
}

PEOPLE_WIDTHS = [4.0, 6.0, 6.5]
# Each column wide enough for its longest word at 12 pt (bold «выполнении» in the header);
# they sum to the text width, 16.5 cm. The render test checks no word breaks.
PLAN_WIDTHS = [1.0, 3.2, 7.0, 2.0, 3.3]
RESULT_WIDTHS = [1.0, 7.5, 8.0]


def _t(key: str, lang: str, **kw: object) -> str:
    ru, en = T[key]
    return (en if lang == "en" else ru).format(**kw)


def month_text(month: date, lang: str = "ru") -> str:
    """«Сентябрь 2026», as a school plan heads its months."""
    ru, en = MONTHS[month.month - 1]
    return f"{en if lang == 'en' else ru} {month.year}"


def _role(key: str, person: Participant, lang: str) -> str:
    """The role word agreed with the person's gender where it is known («наставляемая»);
    «наставник» is the office's title for either gender, as in the order."""
    female = sex(person) == "female" and f"{key}_f" in T
    return _t(f"{key}_f" if female else key, lang)


def for_whom(plan: Plan, lang: str = "ru") -> str:
    """«для наставляемой Беловой Анны Сергеевны»: the mentee's name in the genitive, the role
    word agreed with their gender; a group is named by its size."""
    if len(plan.mentees) > 1:
        return _t("for_group", lang, n=len(plan.mentees))
    mentee = plan.mentees[0]
    if lang == "en":
        return _t("for_mentee", lang, name=mentee.full_name)
    key = "for_mentee_f" if sex(mentee) == "female" else "for_mentee"
    return _t(key, lang, name=name_in(mentee, "gent"))


def write_plans(plans: tuple[Plan, ...], path: str | Path, *, lang: str = "ru") -> None:
    """Write the programmes to `path` (.docx), one after another, each on its own pages."""
    build_plans_docx(plans, lang=lang).save(str(path))


def build_plans_docx(plans: tuple[Plan, ...], *, lang: str = "ru") -> DocxDocument:
    """The programmes as a python-docx Document (see `write_plans`)."""
    lang = check_lang(lang)
    doc = Document()
    setup(doc)
    if not plans:
        para(doc, _t("empty", lang))
    for i, plan in enumerate(plans):
        if i:
            doc.add_page_break()
        _plan(doc, plan, lang)
    return doc


def _heading(doc: DocxDocument, text: str) -> None:
    para(doc, text, bold=True, before=12, after=6)


def _plan(doc: DocxDocument, plan: Plan, lang: str) -> None:
    para(doc, _t("approve", lang), align=WD_ALIGN_PARAGRAPH.RIGHT, after=12)
    title = _t("title", lang, number=plan.number) + (_t("draft", lang) if plan.is_draft else "")
    para(doc, title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(doc, for_whom(plan, lang), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(doc, plan.organisation, align=WD_ALIGN_PARAGRAPH.CENTER)
    if plan.programme_name:
        para(doc, _t("of_programme", lang, name=plan.programme_name),
             align=WD_ALIGN_PARAGRAPH.CENTER)

    _heading(doc, _t("s_people", lang))
    table = add_table(doc, [_t(k, lang) for k in ("h_part", "h_name", "h_position")],
                      PEOPLE_WIDTHS)
    add_row(table, PEOPLE_WIDTHS, [[_role("mentor", plan.mentor, lang)], [plan.mentor.full_name],
                                   [_position(plan.mentor, lang)]])
    for m in plan.mentees:
        add_row(table, PEOPLE_WIDTHS, [[_role("mentee", m, lang)], [m.full_name],
                                       [_position(m, lang)]])

    _heading(doc, _t("s_frame", lang))
    proposal = plan.proposal
    for key, value in (("form", label(proposal.form, lang)), ("kind", label(proposal.kind, lang)),
                       ("period", period_text(plan.start, plan.end))):
        para(doc, _t(key, lang, value=value))

    _heading(doc, _t("s_goals", lang))
    for i, goal in enumerate(plan.goals, start=1):
        para(doc, f"{i}. {goal}.")
    for text in plan.difficulties:
        para(doc, _t("difficulties", lang, value=text), before=6)

    _heading(doc, _t("s_competencies", lang))
    for topic, level in plan.competencies:
        para(doc, "– " + _t("competency", lang, topic=topic_label(topic, lang), level=level))
    if not plan.competencies:
        para(doc, _t("none", lang))

    _heading(doc, _t("s_plan", lang))
    table = add_table(doc, [_t(k, lang) for k in ("h_no", "h_month", "h_activity", "h_meetings",
                                                   "h_done")], PLAN_WIDTHS)
    for i, line in enumerate(plan.lines, start=1):
        add_row(table, PLAN_WIDTHS, [[str(i)], [month_text(line.month, lang)], [line.activity],
                                     [str(line.meetings)], [""]])

    _heading(doc, _t("s_results", lang))
    table = add_table(doc, [_t(k, lang) for k in ("h_no", "h_result", "h_measure")],
                      RESULT_WIDTHS)
    for i, res in enumerate(plan.results, start=1):
        add_row(table, RESULT_WIDTHS, [[str(i)], [res.result], [res.measure]])

    _heading(doc, _t("s_signatures", lang))
    people = [("mentor", plan.mentor)] + [("mentee", m) for m in plan.mentees]
    for key, person in people:
        _signature(doc, _t("signature", lang, role=_role(key, person, lang),
                           name=initials(person.full_name)))
        if person.is_minor(plan.start):
            _signature(doc, _t("guardian", lang))
    _signature(doc, _t("curator", lang))


def _position(p: Participant, lang: str) -> str:
    """The job title as the school wrote it, else the role with subjects, grade, category."""
    return p.position or position(p, lang)


def _signature(doc: DocxDocument, text: str) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(12)
    p.paragraph_format.tab_stops.add_tab_stop(Cm(6), WD_TAB_ALIGNMENT.LEFT)
    p.paragraph_format.tab_stops.add_tab_stop(Cm(16.5), WD_TAB_ALIGNMENT.RIGHT)
    p.add_run(text)

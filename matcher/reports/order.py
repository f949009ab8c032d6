"""The draft order «О закреплении наставнических пар/групп» as a DOCX file.

The layout follows the orders in the schools' documents: organisation, «ПРИКАЗ», a date and
number line left for the office to fill in, the title, a preamble citing the regulation on the
mentorship system, «ПРИКАЗЫВАЮ:» with numbered points, the director's signature line; then the
appendix with the pairs and groups and the lines where every participant signs that they have
read the order and consent (the regulations require written consent). Times New Roman 14 pt
for the text and 12 pt inside the tables, A4, margins as Russian office documents use them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Cm, Pt

from matcher.errors import UnknownParticipant
from matcher.labels import label
from matcher.model import (
    Bank,
    Form,
    Gender,
    Participant,
    Programme,
    Proposal,
    ProposalStatus,
    RunResult,
)
from matcher.reports.common import check_lang, for_order, initials, period, position, status_label
from matcher.reports.docx_layout import TABLE_PT
from matcher.reports.docx_layout import add_row as _add_row
from matcher.reports.docx_layout import add_table as _table
from matcher.reports.docx_layout import para as _para
from matcher.reports.docx_layout import setup as _setup

# (Russian, English) texts of the order; {…} are filled in.
T: dict[str, tuple[str, str]] = {
    "order": ("ПРИКАЗ", "ORDER"),
    "date_line": ("«___» ____________ 20__ г.", "___ ____________ 20__"),
    "number_blank": ("№ ________", "No. ________"),
    "number": ("№ {number}", "No. {number}"),
    "title": ("О закреплении наставнических пар/групп", "On assigning mentoring pairs/groups"),
    "regulation": (
        "Положением о системе наставничества педагогических работников в {organisation}",
        "the Regulation on the mentoring system for teaching staff of {organisation}",
    ),
    "preamble": (
        "В соответствии с {regulation}{programme}, на основании письменного согласия "
        "участников",
        "In accordance with {regulation}{programme}, and on the basis of the participants' "
        "written consent",
    ),
    "programme": (", в целях реализации программы наставничества «{name}»",
                  ", to implement the mentoring programme “{name}”"),
    "order_verb": ("ПРИКАЗЫВАЮ:", "I ORDER:"),
    "p1": ("Закрепить наставнические пары/группы согласно приложению к настоящему приказу.",
           "To assign the mentoring pairs/groups listed in the appendix to this order."),
    "p2": ("Установить срок реализации программ наставничества: {period}.",
           "To set the period of the mentoring programmes: {period}."),
    "p3": ("Назначить куратором реализации программ наставничества {curator}; куратору "
           "организовать работу наставнических пар/групп, мониторинг и оценку их результатов.",
           "To appoint {curator} curator of the mentoring programmes; the curator shall "
           "organise the work of the pairs/groups and monitor and assess their results."),
    "curator_blank": ("____________________ (ФИО, должность)",
                      "____________________ (name, position)"),
    "p4": ("Контроль за исполнением настоящего приказа оставляю за собой.",
           "I reserve control over the execution of this order."),
    "director": ("Директор", "Director"),
    "director_blank": ("И.О. Фамилия", "Initials Surname"),
    "appendix": ("Приложение\nк приказу {organisation}\nот {date} {number}",
                 "Appendix\nto the order of {organisation}\ndated {date} {number}"),
    "appendix_title": ("Наставнические пары/группы", "Mentoring pairs/groups"),
    "h_no": ("№", "No."),
    "h_mentor": ("Наставник (ФИО, должность/роль)", "Mentor (name, position/role)"),
    "h_mentees": ("Наставляемый(-ые)", "Mentee(s)"),
    "h_form": ("Форма", "Form"),
    "h_kind": ("Вид", "Kind"),
    "h_period": ("Срок", "Period"),
    "h_status": ("Статус", "Status"),
    "group_of": ("Группа ({n} чел.):", "Group ({n} people):"),
    "draft_note": ("«проект» — пара/группа ещё не подтверждена куратором.",
                   "“proposed” — the pair/group has not been confirmed by the curator yet."),
    "empty": ("Подтверждённых наставнических пар/групп нет.",
              "There are no confirmed mentoring pairs/groups."),
    "consent_title": (
        "Ознакомлены с приказом; письменное согласие на участие в наставничестве и на обработку "
        "персональных данных подтверждаем:",
        "We have read the order and confirm our written consent to take part in mentoring and "
        "to the processing of personal data:"),
    "h_name": ("ФИО", "Name"),
    "h_part": ("Участие", "Taking part as"),
    "h_sign": ("Подпись", "Signature"),
    "h_date": ("Дата", "Date"),
    "as_mentor": ("наставник (№ {numbers})", "mentor (No. {numbers})"),
    "as_mentee": ("наставляемый (№ {numbers})", "mentee (No. {numbers})"),
    "as_mentee_f": ("наставляемая (№ {numbers})", "mentee (No. {numbers})"),
    "guardian": ("Законный представитель: ____________________ (ФИО)",
                 "Parent or guardian: ____________________ (name)"),
    "guardian_of": ("согласие законного представителя несовершеннолетнего",
                    "consent of the minor's parent or guardian"),
    "date_blank": ("«___» ________ 20__ г.", "___ ________ 20__"),
}


def _t(key: str, lang: str, **kw: object) -> str:
    ru, en = T[key]
    return (en if lang == "en" else ru).format(**kw)


@dataclass(frozen=True)
class OrderRow:
    """One numbered row of the appendix."""

    number: int
    proposal: Proposal
    mentor: Participant
    mentees: tuple[Participant, ...]


def order_rows(bank: Bank, result: RunResult, *,
               include_proposed: bool = False) -> tuple[OrderRow, ...]:
    """The appendix rows: confirmed and locked proposals (and proposed ones if asked), by form
    as the enum lists them, then by the mentor's name."""
    chosen = for_order(result, include_proposed=include_proposed)
    for prop in chosen:
        for pid in (prop.mentor, *prop.mentees):
            if pid not in bank.by_id:
                raise UnknownParticipant(pid)
    forms = list(Form)
    ordered = sorted(chosen, key=lambda p: (forms.index(p.form), bank.get(p.mentor).full_name,
                                            p.id))
    return tuple(
        OrderRow(number=i, proposal=p, mentor=bank.get(p.mentor),
                 mentees=tuple(bank.get(m) for m in p.mentees))
        for i, p in enumerate(ordered, start=1)
    )


def write_order(
    bank: Bank,
    programme: Programme,
    result: RunResult,
    path: str | Path,
    *,
    organisation: str,
    include_proposed: bool = False,
    lang: str = "ru",
    number: str | None = None,
    order_date: date | None = None,
    director: str | None = None,
    curator: str | None = None,
    regulation: str | None = None,
) -> None:
    """Write the draft order to `path` (.docx). `number`, `order_date`, `director` (full name)
    and `curator` (name and position) fill in the lines otherwise left blank; `regulation`
    replaces the cited regulation, in the instrumental case («Положением о …»)."""
    doc = build_order(bank, programme, result, organisation=organisation,
                      include_proposed=include_proposed, lang=lang, number=number,
                      order_date=order_date, director=director, curator=curator,
                      regulation=regulation)
    doc.save(str(path))


def build_order(
    bank: Bank,
    programme: Programme,
    result: RunResult,
    *,
    organisation: str,
    include_proposed: bool = False,
    lang: str = "ru",
    number: str | None = None,
    order_date: date | None = None,
    director: str | None = None,
    curator: str | None = None,
    regulation: str | None = None,
) -> DocxDocument:
    """The order as a python-docx Document (see `write_order`)."""
    lang = check_lang(lang)
    if not organisation.strip():
        raise ValueError("the order needs the organisation's name")
    rows = order_rows(bank, result, include_proposed=include_proposed)
    doc = Document()
    _setup(doc)

    _para(doc, organisation, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, _t("order", lang), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=12,
          after=12)
    _date_line(doc, lang, number, order_date)
    _para(doc, _t("title", lang), bold=True, before=12, after=12)
    prog = _t("programme", lang, name=programme.name) if programme.name else ""
    regulation = regulation or _t("regulation", lang, organisation=organisation)
    _para(doc, _t("preamble", lang, regulation=regulation, programme=prog),
          align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
    _para(doc, _t("order_verb", lang), bold=True, before=6, after=6)
    points = [
        _t("p1", lang),
        _t("p2", lang, period=period(programme)),
        _t("p3", lang, curator=curator or _t("curator_blank", lang)),
        _t("p4", lang),
    ]
    for i, text in enumerate(points, start=1):
        _para(doc, f"{i}. {text}", align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
    _signature(doc, lang, director)

    doc.add_page_break()
    when = order_date.strftime("%d.%m.%Y") if order_date else _t("date_blank", lang)
    num = _t("number", lang, number=number) if number else _t("number_blank", lang)
    _para(doc, _t("appendix", lang, organisation=organisation, date=when, number=num),
          align=WD_ALIGN_PARAGRAPH.RIGHT, after=12)
    _para(doc, _t("appendix_title", lang), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    if rows:
        _pairs_table(doc, rows, programme, lang, with_status=include_proposed)
        if include_proposed and any(r.proposal.status == ProposalStatus.proposed for r in rows):
            _para(doc, _t("draft_note", lang), before=6, size=TABLE_PT)
        _para(doc, _t("consent_title", lang), bold=True, before=18, after=6)
        _consent_table(doc, rows, programme, lang)
    else:
        _para(doc, _t("empty", lang))
    return doc


# --- layout ---------------------------------------------------------------------------------


def _date_line(doc: DocxDocument, lang: str, number: str | None, when: date | None) -> None:
    left = when.strftime("%d.%m.%Y") if when else _t("date_line", lang)
    right = _t("number", lang, number=number) if number else _t("number_blank", lang)
    p = doc.add_paragraph()
    p.paragraph_format.tab_stops.add_tab_stop(Cm(16.5), WD_TAB_ALIGNMENT.RIGHT)
    p.add_run(f"{left}\t{right}")


def date_line(doc: DocxDocument, lang: str, number: str | None, when: date | None) -> None:
    """The line ««___» ________ 20__ г. … № ____» of an order (filled in where given)."""
    _date_line(doc, lang, number, when)


def signature(doc: DocxDocument, lang: str, director: str | None) -> None:
    """The director's signature line of an order."""
    _signature(doc, lang, director)


def order_text(key: str, lang: str, **kw: object) -> str:
    """A text of the order's layout (`T`) in the language, filled in."""
    return _t(key, lang, **kw)


def _signature(doc: DocxDocument, lang: str, director: str | None) -> None:
    name = initials(director) if director else _t("director_blank", lang)
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(36)
    p.paragraph_format.tab_stops.add_tab_stop(Cm(6), WD_TAB_ALIGNMENT.LEFT)
    p.paragraph_format.tab_stops.add_tab_stop(Cm(16.5), WD_TAB_ALIGNMENT.RIGHT)
    p.add_run(f"{_t('director', lang)}\t____________\t/{name}/")


def _pairs_table(doc: DocxDocument, rows: tuple[OrderRow, ...], programme: Programme,
                 lang: str, *, with_status: bool) -> None:
    headers = [_t(k, lang) for k in ("h_no", "h_mentor", "h_mentees", "h_form", "h_kind",
                                      "h_period")]
    widths = [1.0, 4.6, 5.0, 2.6, 2.3, 2.5]
    if with_status:
        headers.append(_t("h_status", lang))
        widths = [1.0, 4.0, 4.4, 2.4, 2.1, 2.2, 2.0]
    table = _table(doc, headers, widths)
    span = period(programme).replace(" – ", " –\n")
    for r in rows:
        mentees: list[str] = []
        if r.proposal.is_group:
            mentees.append(_t("group_of", lang, n=len(r.mentees)))
            mentees += [f"{i}) {m.full_name}, {position(m, lang)}"
                        for i, m in enumerate(r.mentees, start=1)]
        else:
            mentees += [f"{m.full_name}, {position(m, lang)}" for m in r.mentees]
        cells = [[str(r.number)], [r.mentor.full_name, position(r.mentor, lang)], mentees,
                 [label(r.proposal.form, lang)], [label(r.proposal.kind, lang)],
                 span.split("\n")]
        if with_status:
            cells.append([status_label(r.proposal.status, lang)])
        _add_row(table, widths, cells)


def signatories(rows: tuple[OrderRow, ...]) -> list[tuple[Participant, list[int], list[int]]]:
    """Everyone in the appendix once, in order of appearance: (person, numbers of the rows
    where they mentor, numbers where they are mentored)."""
    seen: dict[str, tuple[Participant, list[int], list[int]]] = {}
    for r in rows:
        seen.setdefault(r.mentor.id, (r.mentor, [], []))[1].append(r.number)
        for m in r.mentees:
            seen.setdefault(m.id, (m, [], []))[2].append(r.number)
    return list(seen.values())


def _consent_table(doc: DocxDocument, rows: tuple[OrderRow, ...], programme: Programme,
                   lang: str) -> None:
    widths = [1.0, 5.5, 4.5, 3.0, 3.5]
    table = _table(doc, [_t(k, lang) for k in ("h_no", "h_name", "h_part", "h_sign", "h_date")],
                   widths)
    for i, (person, mentor_of, mentee_of) in enumerate(signatories(rows), start=1):
        part = []
        if mentor_of:
            part.append(_t("as_mentor", lang, numbers=", ".join(map(str, mentor_of))))
        if mentee_of:
            key = "as_mentee_f" if person.gender == Gender.female else "as_mentee"
            part.append(_t(key, lang, numbers=", ".join(map(str, mentee_of))))
        blank_date = [_t("date_blank", lang)]
        _add_row(table, widths, [[str(i)], [person.full_name], part, [""], blank_date])
        if person.is_minor(programme.start):
            _add_row(table, widths, [[""], [_t("guardian", lang)], [_t("guardian_of", lang)],
                                     [""], blank_date])

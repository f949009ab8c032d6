"""The school's orders as DOCX files, one per organisation: «О закреплении наставнических
пар/групп» (the pairs order), «О назначении наставников» (the order appointing mentors) and
«О внесении изменений в состав наставнических пар/групп» (the order on changes: pairs ended or
whose mentor was replaced, extended, given another form, and alternates assigned in a declined
pair's place, each with the ground and who asked).

The preamble cites the regulation that fits the pairs: the teachers' («Положение о системе
наставничества педагогических работников») over teachers' pairs, the students' («Положение о
наставничестве обучающихся») over students' pairs, both over both; an organisation's own
wording replaces either (`OrderSettings`). A pair belongs to its mentee's organisation (a
mentor may come from a partner), so a programme over two schools gives two orders of each kind
(`build_orders`).

The layout follows the orders in the schools' documents: organisation, «ПРИКАЗ», a date and
number line left for the office to fill in, the title, a preamble citing the regulation on the
mentorship system, «ПРИКАЗЫВАЮ:» with numbered points, the director's signature line; then the
appendix with the pairs and groups and the lines where every participant signs that they have
read the order and consent (the regulations require written consent). Times New Roman 14 pt
for the text and 12 pt inside the tables, A4, margins as Russian office documents use them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Cm, Pt

from matcher.errors import UnknownParticipant
from matcher.labels import label
from matcher.messages.names import Case, decline_name
from matcher.model import (
    KEPT_STATUSES,
    Bank,
    Form,
    Participant,
    Programme,
    Proposal,
    ProposalStatus,
    Role,
    RunResult,
)
from matcher.reports.common import (
    check_lang,
    for_order,
    initials,
    is_active,
    period,
    position,
    ru_date,
    status_label,
)
from matcher.reports.docx_layout import TABLE_PT
from matcher.reports.docx_layout import add_row as _add_row
from matcher.reports.docx_layout import add_table as _table
from matcher.reports.docx_layout import para as _para
from matcher.reports.docx_layout import setup as _setup
from matcher.reports.wording import position_in, sex

OrderKind = Literal["pairs", "mentors", "changes"]
ORDER_KINDS: tuple[OrderKind, ...] = ("pairs", "mentors", "changes")

# (Russian, English) texts of the order; {…} are filled in.
T: dict[str, tuple[str, str]] = {
    "order": ("ПРИКАЗ", "ORDER"),
    "date_line": ("«___» ____________ 20__ г.", "___ ____________ 20__"),
    "number_blank": ("№ ________", "No. ________"),
    "number": ("№ {number}", "No. {number}"),
    "title": ("О закреплении наставнических пар/групп", "On assigning mentoring pairs/groups"),
    "title_mentors": ("О назначении наставников", "On appointing mentors"),
    "title_changes": ("О внесении изменений в состав наставнических пар/групп",
                      "On changes to the mentoring pairs/groups"),
    "regulation": (
        "Положением о системе наставничества педагогических работников в {organisation}",
        "the Regulation on the mentoring system for teaching staff of {organisation}",
    ),
    "regulation_students": (
        "Положением о наставничестве обучающихся в {organisation}",
        "the Regulation on mentoring of students of {organisation}",
    ),
    "regulations_both": ("{a} и {b}", "{a} and {b}"),
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
    "m1": ("Назначить наставниками с их письменного согласия работников (обучающихся) "
           "согласно приложению к настоящему приказу.",
           "To appoint as mentors, with their written consent, the staff (students) listed in "
           "the appendix to this order."),
    "m2": ("Наставникам совместно с наставляемыми разработать персонализированные программы "
           "наставничества и представить их куратору.",
           "The mentors shall draw up personalised mentoring programmes with their mentees and "
           "submit them to the curator."),
    "m3": ("Куратору {curator} внести наставников в базу наставников и организовать их работу.",
           "The curator {curator} shall enter the mentors in the mentors' bank and organise "
           "their work."),
    "c1": ("Внести изменения в состав наставнических пар/групп согласно приложению к "
           "настоящему приказу.",
           "To change the mentoring pairs/groups as listed in the appendix to this order."),
    "c2": ("Куратору {curator} внести изменения в базу наставников и базу наставляемых.",
           "The curator {curator} shall update the mentors' and the mentees' banks."),
    "curator_short_blank": ("____________________", "____________________"),
    "curator_blank": ("____________________ (ФИО, должность)",
                      "____________________ (name, position)"),
    "p4": ("Контроль за исполнением настоящего приказа оставляю за собой.",
           "I reserve control over the execution of this order."),
    "director": ("Директор", "Director"),
    "director_blank": ("И.О. Фамилия", "Initials Surname"),
    "appendix": ("Приложение\nк приказу {organisation}\nот {date} {number}",
                 "Appendix\nto the order of {organisation}\ndated {date} {number}"),
    "appendix_title": ("Наставнические пары/группы", "Mentoring pairs/groups"),
    "appendix_title_mentors": ("Наставники", "Mentors"),
    "appendix_title_changes": ("Изменения в составе наставнических пар/групп",
                               "Changes to the mentoring pairs/groups"),
    "period_line": ("Срок реализации: {period}", "Period: {period}"),
    "h_form_kind": ("Форма, вид", "Form, kind"),
    "h_mentor_name": ("Наставник (ФИО)", "Mentor (name)"),
    "h_position": ("Должность (класс)", "Position (grade)"),
    "h_mentees_of": ("Наставляемые", "Mentees"),
    "h_pair": ("Пара/группа", "Pair/group"),
    "h_change": ("Изменение", "Change"),
    "h_ground": ("Основание", "Ground"),
    "h_initiator": ("Инициатор", "Initiated by"),
    "change_ended": ("прекращение работы", "ended"),
    "change_replaced": ("замена наставника: {name}", "mentor replaced: {name}"),
    "change_extend": ("продление срока до {until}", "extended until {until}"),
    "change_form": ("изменение формы: «{form}»", "form changed to “{form}”"),
    "change_promote": ("закрепление нового наставника", "a new mentor assigned"),
    "no_ground": ("не указано", "not given"),
    "empty_mentors": ("Наставников в подтверждённых парах/группах нет.",
                      "There are no mentors in confirmed pairs/groups."),
    "empty_changes": ("Завершённых или изменённых пар/групп нет.",
                      "No pair or group was ended or changed."),
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


MAX_SETTING = 300  # characters of one setting


@dataclass(frozen=True)
class OrderSettings:
    """What an organisation's orders say unless filled in before download: the order's number
    and date, the director's and the curator's full names and the curator's position, and the
    regulations cited in the preamble, one for the teachers' mentoring and one for the
    students', each as the preamble needs it («Положением о …», the instrumental case). An
    empty value leaves the line blank (or the default regulation)."""

    number: str = ""
    order_date: date | None = None
    director: str = ""
    curator: str = ""
    curator_position: str = ""
    regulation_teachers: str = ""
    regulation_students: str = ""

    def __post_init__(self) -> None:
        for name in ("number", "director", "curator", "curator_position",
                     "regulation_teachers", "regulation_students"):
            if len(getattr(self, name)) > MAX_SETTING:
                raise ValueError(f"{name} is longer than {MAX_SETTING} characters")

    def merged(self, other: OrderSettings) -> OrderSettings:
        """These settings with every value `other` gives in place of ours."""
        return OrderSettings(**{
            name: getattr(other, name) or getattr(self, name)
            for name in self.__dataclass_fields__})


def settings_to_json(s: OrderSettings) -> dict[str, object]:
    data: dict[str, object] = {name: getattr(s, name) for name in s.__dataclass_fields__}
    data["order_date"] = None if s.order_date is None else s.order_date.isoformat()
    return data


def settings_from_json(data: dict[str, object]) -> OrderSettings:
    when = data.get("order_date")
    texts = {name: str(data.get(name) or "") for name in OrderSettings.__dataclass_fields__
             if name != "order_date"}
    return OrderSettings(order_date=None if not when else date.fromisoformat(str(when)),
                         **texts)


@dataclass(frozen=True)
class OrderRow:
    """One numbered row of the appendix."""

    number: int
    proposal: Proposal
    mentor: Participant
    mentees: tuple[Participant, ...]


@dataclass(frozen=True)
class ChangeGround:
    """Why a pair ended and who asked, as the curator's decision recorded it."""

    ground: str
    initiator: str = ""
    on: date | None = None


@dataclass(frozen=True)
class RecordedChange:
    """A recorded change that left the pair going: an extension (`until`), another form or
    kind (`form`, its label), or an alternate assigned in a declined pair's place (`promote`)."""

    proposal_id: str
    change: Literal["extend", "change_form", "promote"]
    ground: ChangeGround
    until: date | None = None
    form: str = ""


@dataclass(frozen=True)
class ChangeRow:
    """One row of the order on changes: the pair, what changed, the ground and who asked."""

    number: int
    proposal: Proposal
    mentor: Participant
    mentees: tuple[Participant, ...]
    replaced_by: tuple[Participant, ...]  # the mentees' new mentors, if any
    ground: ChangeGround
    recorded: RecordedChange | None = None  # None: the pair ended


@dataclass(frozen=True)
class OrderFile:
    """One order of one organisation, with a file name saying what and for whom."""

    kind: OrderKind
    organisation: str
    filename: str
    document: DocxDocument


def proposal_organisation(bank: Bank, proposal: Proposal) -> str:
    """The organisation a pair belongs to: its (first) mentee's."""
    return bank.get(proposal.mentees[0]).organisation


def _check_people(bank: Bank, proposals: tuple[Proposal, ...]) -> None:
    for prop in proposals:
        for pid in (prop.mentor, *prop.mentees):
            if pid not in bank.by_id:
                raise UnknownParticipant(pid)


def _sorted(bank: Bank, proposals: list[Proposal]) -> list[Proposal]:
    forms = list(Form)
    return sorted(proposals, key=lambda p: (forms.index(p.form), bank.get(p.mentor).full_name,
                                            p.id))


def order_rows(bank: Bank, result: RunResult, *, include_proposed: bool = False,
               organisation: str | None = None) -> tuple[OrderRow, ...]:
    """The appendix rows: confirmed and locked proposals (and proposed ones if asked) of the
    organisation (every one if None), by form as the enum lists them, then the mentor's name."""
    chosen = for_order(result, include_proposed=include_proposed)
    _check_people(bank, chosen)
    mine = [p for p in chosen
            if organisation is None or proposal_organisation(bank, p) == organisation]
    return tuple(
        OrderRow(number=i, proposal=p, mentor=bank.get(p.mentor),
                 mentees=tuple(bank.get(m) for m in p.mentees))
        for i, p in enumerate(_sorted(bank, mine), start=1)
    )


def change_rows(bank: Bank, result: RunResult, grounds: Mapping[str, ChangeGround] | None = None,
                *, organisation: str | None = None,
                recorded: Sequence[RecordedChange] = ()) -> tuple[ChangeRow, ...]:
    """The ended pairs and groups of the organisation, each with its ground (the curator's
    recorded reason, else the proposal's status reason) and, where a mentee has an active
    pair with another mentor, that mentor as the replacement; then the `recorded` changes of
    confirmed or locked pairs (extensions, other forms, assigned alternates) in the order
    made (a proposed pair is in no order yet)."""
    grounds = grounds or {}
    ended = tuple(p for p in result.proposals if p.status == ProposalStatus.ended)
    by_id = {p.id: p for p in result.proposals}
    others = [(c, by_id[c.proposal_id]) for c in recorded
              if c.proposal_id in by_id and by_id[c.proposal_id].status in KEPT_STATUSES]
    _check_people(bank, ended + tuple(p for _, p in others))
    mine = [p for p in ended
            if organisation is None or proposal_organisation(bank, p) == organisation]
    active = [p for p in result.proposals if is_active(p)]
    rows = []
    for i, p in enumerate(_sorted(bank, mine), start=1):
        new = dict.fromkeys(q.mentor for q in active if q.mentor != p.mentor
                            and set(q.mentees) & set(p.mentees))
        ground = grounds.get(p.id) or ChangeGround(p.status_reason)
        rows.append(ChangeRow(i, p, bank.get(p.mentor), tuple(bank.get(m) for m in p.mentees),
                              tuple(bank.get(m) for m in new if m in bank.by_id), ground))
    for c, p in others:
        if organisation is None or proposal_organisation(bank, p) == organisation:
            rows.append(ChangeRow(len(rows) + 1, p, bank.get(p.mentor),
                                  tuple(bank.get(m) for m in p.mentees), (), c.ground, c))
    return tuple(rows)


def regulation_of(rows: tuple[OrderRow, ...] | tuple[ChangeRow, ...], programme: Programme,
                  organisation: str, settings: OrderSettings, lang: str) -> str:
    """The regulation the preamble cites: the students' over students' pairs, the teachers'
    over the others (both over both); with no rows, by the programme's forms."""
    students_forms = {Form.student_student, Form.employer_student, Form.leader_student}
    if rows:
        students = any(m.role == Role.student for r in rows for m in r.mentees)
        teachers = any(m.role != Role.student for r in rows for m in r.mentees)
    else:
        students = bool(set(programme.forms) & students_forms)
        teachers = bool(set(programme.forms) - students_forms) or not students
    texts = []
    if teachers:
        texts.append(settings.regulation_teachers
                     or _t("regulation", lang, organisation=organisation))
    if students:
        texts.append(settings.regulation_students
                     or _t("regulation_students", lang, organisation=organisation))
    return texts[0] if len(texts) == 1 else _t("regulations_both", lang, a=texts[0], b=texts[1])


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
    kind: OrderKind = "pairs",
    settings: OrderSettings | None = None,
    grounds: Mapping[str, ChangeGround] | None = None,
    only_organisation: bool = False,
) -> None:
    """Write one order to `path` (.docx); see `build_order`."""
    doc = build_order(bank, programme, result, organisation=organisation,
                      include_proposed=include_proposed, lang=lang, number=number,
                      order_date=order_date, director=director, curator=curator,
                      regulation=regulation, kind=kind, settings=settings, grounds=grounds,
                      only_organisation=only_organisation)
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
    kind: OrderKind = "pairs",
    settings: OrderSettings | None = None,
    grounds: Mapping[str, ChangeGround] | None = None,
    only_organisation: bool = False,
    recorded: Sequence[RecordedChange] = (),
) -> DocxDocument:
    """The order of `kind` as a python-docx Document. `number`, `order_date`, `director` (full
    name) and `curator` (name and position as the sentence needs them, the accusative) fill in
    the lines otherwise left blank, over the organisation's `settings` (whose curator and
    position are declined here); `regulation` replaces the cited one. `only_organisation`
    keeps the pairs whose mentee belongs to `organisation` (see `build_orders`). `recorded`:
    the changes of pairs still going that the order on changes lists after the ended ones."""
    lang = check_lang(lang)
    if not organisation.strip():
        raise ValueError("the order needs the organisation's name")
    settings = settings or OrderSettings()
    number = number or settings.number or None
    order_date = order_date or settings.order_date
    director = director or settings.director or None
    who = organisation if only_organisation else None
    if kind == "changes":
        rows: tuple[OrderRow, ...] | tuple[ChangeRow, ...] = change_rows(
            bank, result, grounds, organisation=who, recorded=recorded)
    else:
        rows = order_rows(bank, result, include_proposed=include_proposed, organisation=who)
    doc = Document()
    _setup(doc)

    _para(doc, organisation, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, _t("order", lang), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=12,
          after=12)
    _date_line(doc, lang, number, order_date)
    title = {"pairs": "title", "mentors": "title_mentors", "changes": "title_changes"}[kind]
    _para(doc, _t(title, lang), bold=True, before=12, after=12)
    prog = _t("programme", lang, name=programme.name) if programme.name else ""
    regulation = regulation or regulation_of(rows, programme, organisation, settings, lang)
    _para(doc, _t("preamble", lang, regulation=regulation, programme=prog),
          align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
    _para(doc, _t("order_verb", lang), bold=True, before=6, after=6)
    for i, text in enumerate(_points(kind, programme, curator, settings, lang), start=1):
        _para(doc, f"{i}. {text}", align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
    _signature(doc, lang, director)

    doc.add_page_break()
    when = ru_date(order_date) if order_date else _t("date_blank", lang)
    num = _t("number", lang, number=number) if number else _t("number_blank", lang)
    _para(doc, _t("appendix", lang, organisation=organisation, date=when, number=num),
          align=WD_ALIGN_PARAGRAPH.RIGHT, after=12)
    heading = {"pairs": "appendix_title", "mentors": "appendix_title_mentors",
               "changes": "appendix_title_changes"}[kind]
    _para(doc, _t(heading, lang), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    if kind == "changes":
        _changes_appendix(doc, rows, lang)  # type: ignore[arg-type]
    else:
        _pairs_appendix(doc, rows, programme, lang, kind, include_proposed)  # type: ignore[arg-type]
    return doc


def _points(kind: OrderKind, programme: Programme, curator: str | None,
            settings: OrderSettings, lang: str) -> list[str]:
    """The numbered points of the order. The curator is named as each sentence needs:
    «Назначить куратором Васильеву Елену Игоревну, заместителя директора по УВР», «Куратору
    Васильевой Елене Игоревне»."""
    if curator:
        appoint, dative = curator, curator
    elif settings.curator:
        appoint = _declined(settings.curator, "accs")
        if settings.curator_position:
            appoint += ", " + position_in(settings.curator_position, "accs")
        dative = _declined(settings.curator, "datv")
    else:
        appoint, dative = _t("curator_blank", lang), _t("curator_short_blank", lang)
    if lang == "en":
        appoint = curator or settings.curator or _t("curator_blank", lang)
        dative = curator or settings.curator or _t("curator_short_blank", lang)
    control = _t("p4", lang)
    if kind == "pairs":
        return [_t("p1", lang), _t("p2", lang, period=period(programme)),
                _t("p3", lang, curator=appoint), control]
    if kind == "mentors":
        return [_t("m1", lang), _t("p2", lang, period=period(programme)), _t("m2", lang),
                _t("m3", lang, curator=dative), control]
    return [_t("c1", lang), _t("c2", lang, curator=dative), control]


def _declined(full_name: str, case: Case) -> str:
    return decline_name(full_name, case)


# --- layout ---------------------------------------------------------------------------------

# Column widths in cm, each summing to the text width (21 − 3 − 1.5 = 16.5 cm) and each wide
# enough for the longest word it holds at 12 pt («индивидуальное», «подтверждено»,
# «несовершеннолетнего», «педагог – педагог»), so no word breaks across lines (the render
# test checks it in LibreOffice). The period is the same for every pair: it stands above the
# table, not in a narrow column.
PAIRS_WIDTHS = [1.0, 5.0, 6.0, 4.5]
PAIRS_STATUS_WIDTHS = [1.0, 4.3, 4.7, 3.5, 3.0]
MENTORS_WIDTHS = [1.0, 4.7, 4.3, 6.5]
CHANGES_WIDTHS = [1.0, 4.6, 3.6, 3.8, 3.5]
CONSENT_WIDTHS = [1.0, 4.5, 4.8, 2.0, 4.2]


def _date_line(doc: DocxDocument, lang: str, number: str | None, when: date | None) -> None:
    left = ru_date(when) if when else _t("date_line", lang)
    right = _t("number", lang, number=number) if number else _t("number_blank", lang)
    p = doc.add_paragraph()
    p.paragraph_format.tab_stops.add_tab_stop(Cm(16.5), WD_TAB_ALIGNMENT.RIGHT)
    p.add_run(f"{left}\t{right}")


def _signature(doc: DocxDocument, lang: str, director: str | None) -> None:
    name = initials(director) if director else _t("director_blank", lang)
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(36)
    p.paragraph_format.tab_stops.add_tab_stop(Cm(6), WD_TAB_ALIGNMENT.LEFT)
    p.paragraph_format.tab_stops.add_tab_stop(Cm(16.5), WD_TAB_ALIGNMENT.RIGHT)
    p.add_run(f"{_t('director', lang)}\t____________\t/{name}/")


def _pairs_appendix(doc: DocxDocument, rows: tuple[OrderRow, ...], programme: Programme,
                    lang: str, kind: OrderKind, include_proposed: bool) -> None:
    if not rows:
        _para(doc, _t("empty" if kind == "pairs" else "empty_mentors", lang))
        return
    _para(doc, _t("period_line", lang, period=period(programme)), after=6, size=TABLE_PT)
    if kind == "pairs":
        _pairs_table(doc, rows, lang, with_status=include_proposed)
    else:
        _mentors_table(doc, rows, lang)
    if include_proposed and any(r.proposal.status == ProposalStatus.proposed for r in rows):
        _para(doc, _t("draft_note", lang), before=6, size=TABLE_PT)
    _para(doc, _t("consent_title", lang), bold=True, before=18, after=6)
    _consent_table(doc, rows, programme, lang)


def _mentees_cell(r: OrderRow, lang: str) -> list[str]:
    if r.proposal.is_group:
        return [_t("group_of", lang, n=len(r.mentees))] + [
            f"{i}) {m.full_name}, {position(m, lang)}" for i, m in enumerate(r.mentees, start=1)]
    return [f"{m.full_name}, {position(m, lang)}" for m in r.mentees]


def _pairs_table(doc: DocxDocument, rows: tuple[OrderRow, ...], lang: str, *,
                 with_status: bool) -> None:
    headers = [_t(k, lang) for k in ("h_no", "h_mentor", "h_mentees", "h_form_kind")]
    widths = PAIRS_WIDTHS
    if with_status:
        headers.append(_t("h_status", lang))
        widths = PAIRS_STATUS_WIDTHS
    table = _table(doc, headers, widths)
    for r in rows:
        cells = [[str(r.number)], [r.mentor.full_name, position(r.mentor, lang)],
                 _mentees_cell(r, lang),
                 [label(r.proposal.form, lang), label(r.proposal.kind, lang)]]
        if with_status:
            cells.append([status_label(r.proposal.status, lang)])
        _add_row(table, widths, cells)


def _mentors_table(doc: DocxDocument, rows: tuple[OrderRow, ...], lang: str) -> None:
    """One row per mentor with every pair and group they lead."""
    table = _table(doc, [_t(k, lang) for k in ("h_no", "h_mentor_name", "h_position",
                                                "h_mentees_of")], MENTORS_WIDTHS)
    mentors: dict[str, list[OrderRow]] = {}
    for r in rows:
        mentors.setdefault(r.mentor.id, []).append(r)
    for i, led in enumerate(mentors.values(), start=1):
        mentor = led[0].mentor
        mentees = [line for r in led for line in _mentees_cell(r, lang)]
        _add_row(table, MENTORS_WIDTHS, [[str(i)], [mentor.full_name],
                                         [mentor.position or position(mentor, lang)], mentees])


def _changes_appendix(doc: DocxDocument, rows: tuple[ChangeRow, ...], lang: str) -> None:
    if not rows:
        _para(doc, _t("empty_changes", lang))
        return
    table = _table(doc, [_t(k, lang) for k in ("h_no", "h_pair", "h_change", "h_ground",
                                                "h_initiator")], CHANGES_WIDTHS)
    for r in rows:
        pair = [f"{r.mentor.full_name} →"] + [m.full_name for m in r.mentees]
        if r.recorded is None:
            change = [_t("change_ended", lang)] + [
                _t("change_replaced", lang, name=m.full_name) for m in r.replaced_by]
        else:
            until = ru_date(r.recorded.until) if r.recorded.until else ""
            change = [_t(f"change_{r.recorded.change.removeprefix('change_')}", lang,
                         until=until, form=r.recorded.form)]
        ground = [r.ground.ground or _t("no_ground", lang)]
        if r.ground.on is not None:
            ground.append(ru_date(r.ground.on))
        _add_row(table, CHANGES_WIDTHS, [[str(r.number)], pair, change, ground,
                                         [r.ground.initiator or "—"]])


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
    widths = CONSENT_WIDTHS
    table = _table(doc, [_t(k, lang) for k in ("h_no", "h_name", "h_part", "h_sign", "h_date")],
                   widths)
    for i, (person, mentor_of, mentee_of) in enumerate(signatories(rows), start=1):
        part = []
        if mentor_of:
            part.append(_t("as_mentor", lang, numbers=", ".join(map(str, mentor_of))))
        if mentee_of:
            key = "as_mentee_f" if sex(person) == "female" else "as_mentee"
            part.append(_t(key, lang, numbers=", ".join(map(str, mentee_of))))
        blank_date = [_t("date_blank", lang)]
        _add_row(table, widths, [[str(i)], [person.full_name], part, [""], blank_date])
        if person.is_minor(programme.start):
            _add_row(table, widths, [[""], [_t("guardian", lang)], [_t("guardian_of", lang)],
                                     [""], blank_date])


# --- one order per organisation ---------------------------------------------------------------

FILE_TITLES: dict[OrderKind, str] = {
    "pairs": "Приказ о закреплении наставнических пар",
    "mentors": "Приказ о назначении наставников",
    "changes": "Приказ об изменениях в составе пар",
}


def order_filename(kind: OrderKind, organisation: str, programme: Programme) -> str:
    """«Приказ о закреплении наставнических пар — МБОУ СОШ № 7 — Наставничество 2026.docx»:
    what, for which organisation and programme; characters a file system refuses are dropped."""
    name = " — ".join([FILE_TITLES[kind], organisation, programme.name or programme.id])
    name = name.replace("/", "-").replace("\\", "-")
    safe = "".join(c for c in name if c not in ':*?"<>|' and c.isprintable())
    return " ".join(safe.split())[:180] + ".docx"


def order_organisations(bank: Bank, result: RunResult, kind: OrderKind, *,
                        include_proposed: bool = False,
                        recorded: Sequence[RecordedChange] = ()) -> tuple[str, ...]:
    """The organisations that get an order of `kind`: those with a row in it, by name."""
    if kind == "changes":
        changed = {c.proposal_id for c in recorded}
        props = tuple(p for p in result.proposals
                      if p.status == ProposalStatus.ended or p.id in changed)
    else:
        props = for_order(result, include_proposed=include_proposed)
    _check_people(bank, props)
    return tuple(sorted({proposal_organisation(bank, p) for p in props}))


def build_orders(bank: Bank, programme: Programme, result: RunResult, kind: OrderKind, *,
                 settings: Mapping[str, OrderSettings] | None = None,
                 grounds: Mapping[str, ChangeGround] | None = None,
                 include_proposed: bool = False, lang: str = "ru") -> tuple[OrderFile, ...]:
    """One order of `kind` per organisation with pairs in it, each with that organisation's
    settings (by name) and a file name saying what and for whom."""
    settings = settings or {}
    return tuple(
        OrderFile(kind, org, order_filename(kind, org, programme), build_order(
            bank, programme, result, organisation=org, include_proposed=include_proposed,
            lang=lang, kind=kind, settings=settings.get(org), grounds=grounds,
            only_organisation=True))
        for org in order_organisations(bank, result, kind, include_proposed=include_proposed))

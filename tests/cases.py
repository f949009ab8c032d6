"""Cases that several test modules share, kept here so no test module imports another.

`SAMPLE` is the demo bank file the web tests import and read.

The report school is a small hand-built school for the report tests, with its hand-computed
figures (programme 01.09.2026 – 31.05.2027, targets 50 % of teachers and 70 % of students):

    P1  Смирнова О. В.  → Белова А. С.            individual, teacher–teacher, confirmed, 0.82
    P2  Кузнецов А. Н.  → Морозов И. П.           individual, teacher–teacher, proposed,  0.64
    P3  Петров М. А.    → Соколова В. Д.,         group, student–student, locked,
                          Николаев А. С.                  pair scores 0.75 and 0.65
    P4  Лебедев С. В.   → Федорова П. А.          individual, employer–student, rejected
    Егорова Д. О. is unmatched (the run says why); Федорова П. А. lost her only proposal.
    Васильева Е. И. (deputy head) offers to mentor and has nobody.

Teachers (pedagogical roles): 6 in the bank, 3 mentees, 2 with a mentor, 1 confirmed;
4 involved (Смирнова, Кузнецов, Белова, Морозов) → 4/6 ≥ 50 % if P2 were confirmed, but only
2 confirmed (Смирнова, Белова) → 2/6 < 50 %: the target is not met (drafts meet nothing).
Students: 4 in the bank, 3 mentees, 2 with a mentor (both locked); 3 involved, all confirmed
→ 3/4 ≥ 70 %.
The employer belongs to neither audience.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path

from matcher.model import (
    Bank,
    Category,
    ComponentScore,
    Conflict,
    ConsentKind,
    Form,
    Frequency,
    Gender,
    Kind,
    MenteeRequest,
    MentorOffer,
    PairScore,
    Programme,
    Proposal,
    ProposalStatus,
    Reason,
    Role,
    RunResult,
    SolveStatus,
    Unmatched,
    Wish,
    WishLevel,
)
from tests.factories import consents, person

SAMPLE = Path(__file__).resolve().parents[1] / "datasets" / "samples" / "sample.xlsx"

START = date(2026, 9, 1)
END = date(2027, 5, 31)
SCHOOL = "МБОУ «Средняя школа № 7»"
PLANT = "ООО «Кстовский нефтехимический завод»"
PROGRAMME = Programme(id="prog-2026", name="Наставничество 2026/27", organisations=(SCHOOL, PLANT),
                      start=START, end=END)


_consents = partial(consents, given=date(2026, 8, 25))
MENTOR_OK = _consents(ConsentKind.personal_data, ConsentKind.mentor_duties)
MENTEE_OK = _consents(ConsentKind.personal_data, ConsentKind.participation)
MINOR_MENTEE_OK = _consents(ConsentKind.personal_data, ConsentKind.participation,
                            ConsentKind.guardian)
MINOR_MENTOR_OK = _consents(ConsentKind.personal_data, ConsentKind.mentor_duties,
                            ConsentKind.guardian)

# Free texts and notes that must never leave the curator's hands.
SECRETS = {
    "T1": "Готовлю к ОГЭ и ЕГЭ по математике, веду олимпиадный кружок",
    "T2": "Тридцать лет веду историю, руковожу школьным музеем",
    "T3": "Не получается удерживать дисциплину на уроках в 7 «Б»",
    "T4": "Сложно составить рабочую программу по обществознанию",
    "T5": "Боюсь открытых уроков и родительских собраний",
    "S2": "Плохо понимаю дроби, стесняюсь спрашивать у доски",
    "S3": "Хочу подтянуть алгебру перед переводом в профильный класс",
    "S4": "Мечтаю стать программистом, но не знаю, с чего начать",
    "conflict": "Родственники: мать и сын",
    "status_reason": "Наставляемая попросила сменить наставника из-за графика",
}


_p = partial(person, organisation=SCHOOL, site="Кстово")  # E1 overrides the organisation
PEOPLE = (
    _p(id="T1", full_name="Смирнова Ольга Викторовна", role=Role.teacher, birth_year=1972,
       gender=Gender.female, subjects=("математика",), category=Category.highest,
       experience_years=28, years_in_organisation=20,
       competencies={"teaching_methods": 3, "classroom_management": 3, "exam_preparation": 3},
       experience_text=SECRETS["T1"], interests=("туризм", "шахматы"),
       mentor=MentorOffer(capacity_mentees=2, capacity_groups=1,
                          forms=frozenset({Form.teacher_teacher}),
                          kinds=frozenset({Kind.individual, Kind.group})),
       wishes=(Wish(target="T3", level=WishLevel.maybe),), consents=MENTOR_OK),
    _p(id="T2", full_name="Кузнецов Андрей Николаевич", role=Role.teacher, birth_year=1968,
       gender=Gender.male, subjects=("история", "обществознание"), category=Category.highest,
       experience_years=32, years_in_organisation=25, competencies={"teaching_methods": 3},
       experience_text=SECRETS["T2"], mentor=MentorOffer(capacity_mentees=1),
       consents=MENTOR_OK),
    _p(id="T3", full_name="Белова Анна Сергеевна", role=Role.teacher, birth_year=2001,
       gender=Gender.female, subjects=("математика",), experience_years=1,
       years_in_organisation=1, requests={"classroom_management": 3, "teaching_methods": 2},
       difficulties_text=SECRETS["T3"], interests=("шахматы",),
       meeting_frequency=Frequency.weekly, mentee=MenteeRequest(),
       wishes=(Wish(target="T1", level=WishLevel.yes, rank=1),), consents=MENTEE_OK),
    _p(id="T4", full_name="Морозов Илья Павлович", role=Role.teacher, birth_year=1999,
       gender=Gender.male, subjects=("обществознание",), experience_years=2,
       years_in_organisation=2, requests={"teaching_methods": 3},
       difficulties_text=SECRETS["T4"], mentee=MenteeRequest(),
       wishes=(Wish(target="T1", level=WishLevel.no),), consents=MENTEE_OK),
    _p(id="T5", full_name="Егорова Дарья Олеговна", role=Role.teacher, birth_year=2000,
       gender=Gender.female, subjects=("русский язык",), experience_years=1,
       years_in_organisation=1, requests={"working_with_parents": 3},
       difficulties_text=SECRETS["T5"], mentee=MenteeRequest(), consents=MENTEE_OK),
    _p(id="T6", full_name="Васильева Елена Игоревна", role=Role.leader, birth_year=1980,
       gender=Gender.female, category=Category.first, experience_years=20,
       years_in_organisation=10, competencies={"school_documentation": 3},
       mentor=MentorOffer(capacity_mentees=1, forms=frozenset({Form.leader_teacher})),
       consents=MENTOR_OK),
    _p(id="S1", full_name="Петров Максим Андреевич", role=Role.student, birth_year=2010,
       gender=Gender.male, grade=10, competencies={"academic_lag": 3},
       mentor=MentorOffer(capacity_mentees=3, capacity_groups=1,
                          forms=frozenset({Form.student_student}),
                          kinds=frozenset({Kind.group})),
       consents=MINOR_MENTOR_OK),
    _p(id="S2", full_name="Соколова Виктория Дмитриевна", role=Role.student, birth_year=2013,
       gender=Gender.female, grade=7, requests={"academic_lag": 3},
       difficulties_text=SECRETS["S2"], interests=("рисование",),
       mentee=MenteeRequest(kinds=frozenset({Kind.group})), consents=MINOR_MENTEE_OK),
    _p(id="S3", full_name="Николаев Артём Сергеевич", role=Role.student, birth_year=2013,
       gender=Gender.male, grade=7, requests={"academic_lag": 3},
       difficulties_text=SECRETS["S3"], interests=("футбол",),
       mentee=MenteeRequest(kinds=frozenset({Kind.group})),
       wishes=(Wish(target="S1", level=WishLevel.yes, rank=1),), consents=MINOR_MENTEE_OK),
    _p(id="S4", full_name="Федорова Полина Александровна", role=Role.student, birth_year=2011,
       gender=Gender.female, grade=9, requests={"career_choice": 3},
       difficulties_text=SECRETS["S4"], mentee=MenteeRequest(), consents=MINOR_MENTEE_OK),
    _p(id="E1", full_name="Лебедев Сергей Викторович", role=Role.employer, birth_year=1985,
       organisation=PLANT, gender=Gender.male,
       experience_years=15, competencies={"career_choice": 3},
       mentor=MentorOffer(capacity_mentees=1, forms=frozenset({Form.employer_student})),
       consents=MENTOR_OK),
)
BANK = Bank(participants=PEOPLE,
            conflicts=(Conflict(a="T2", b="S3", note=SECRETS["conflict"]),))


def _c(name: str, value: float, ru: str, en: str, code: str = "") -> ComponentScore:
    return ComponentScore(name=name, value=value, weight=0.1,
                          reason=Reason(code=code or name, ru=ru, en=en))


PAIR_T3 = PairScore(mentee="T3", score=0.82, components=(
    _c("topic_coverage", 1.0,
       "Запросы наставляемого закрыты компетенциями наставника: дисциплина и управление "
       "классом (уровень 3), методика преподавания (уровень 3)",
       "The mentor's competencies cover the mentee's requests: classroom management (level 3), "
       "teaching methods (level 3)", "coverage"),
    _c("subject_match", 1.0, "Наставник ведёт тот же предмет: математика",
       "The mentor teaches the same subject: mathematics", "subject_same"),
    _c("text_similarity", 0.31,
       "Опыт наставника перекликается с затруднениями наставляемого (сходство 0.31); "
       "общие слова: уроках",
       "The mentor's experience echoes the mentee's difficulties (similarity 0.31); "
       "words in common: уроках", "text_close"),
    _c("mutual_wishes", 0.6,
       "Пожелания после встречи-знакомства: наставник — возможно, наставляемый — да "
       "(выбор № 1)",
       "Wishes after the acquaintance meeting: mentor — maybe, mentee — yes (choice 1)",
       "wishes_one_sided"),
    _c("shared_interests", 1.0, "Общие интересы: шахматы", "Shared interests: chess",
       "interests_shared"),
))
PAIR_T4 = PairScore(mentee="T4", score=0.64, components=(
    _c("topic_coverage", 1.0,
       "Запросы наставляемого закрыты компетенциями наставника: методика преподавания "
       "(уровень 3)", "The mentor's competencies cover the mentee's requests: teaching methods "
       "(level 3)", "coverage"),
    _c("subject_match", 1.0, "Наставник ведёт тот же предмет: обществознание",
       "The mentor teaches the same subject: social studies", "subject_same"),
))
PAIR_S2 = PairScore(mentee="S2", score=0.75, components=(
    _c("experience_gap", 1.0, "Наставник старше по обучению: 10 класс, наставляемый — 7 класс",
       "The mentor is further on: grade 10, the mentee grade 7", "gap_grade"),
    _c("time_overlap", 1.0, "Общие свободные окна: вт 15:00–16:00",
       "Common free time: Tue 15:00–16:00", "time_common"),
))
PAIR_S3 = PairScore(mentee="S3", score=0.65, components=(
    _c("experience_gap", 1.0, "Наставник старше по обучению: 10 класс, наставляемый — 7 класс",
       "The mentor is further on: grade 10, the mentee grade 7", "gap_grade"),
    _c("mutual_wishes", 0.5, "Пожелания после встречи-знакомства: наставник — не высказался, "
       "наставляемый — да (выбор № 1)", "Wishes: mentor — no opinion, mentee — yes (choice 1)",
       "wishes_one_sided"),
    _c("time_overlap", 0.4, "Общие свободные окна: чт 14:00–14:40",
       "Common free time: Thu 14:00–14:40", "time_common"),
))

PROPOSALS = (
    Proposal(id="p1", mentor="T1", mentees=("T3",), form=Form.teacher_teacher,
             kind=Kind.individual, topics=("classroom_management", "teaching_methods"),
             score=0.82, pairs=(PAIR_T3,), status=ProposalStatus.confirmed),
    Proposal(id="p2", mentor="T2", mentees=("T4",), form=Form.teacher_teacher,
             kind=Kind.individual, topics=("teaching_methods",), score=0.64, pairs=(PAIR_T4,)),
    Proposal(id="p3", mentor="S1", mentees=("S2", "S3"), form=Form.student_student,
             kind=Kind.group, topics=("academic_lag",), score=0.70, pairs=(PAIR_S2, PAIR_S3),
             status=ProposalStatus.locked),
    Proposal(id="p4", mentor="E1", mentees=("S4",), form=Form.employer_student,
             kind=Kind.individual, topics=("career_choice",), score=0.58,
             pairs=(PairScore(mentee="S4", score=0.58),), status=ProposalStatus.rejected,
             status_reason=SECRETS["status_reason"]),
)

UNMATCHED_T5 = Unmatched(
    mentee="T5",
    reasons=(Reason(code="mentors_full",
                    ru="Все допустимые наставники (1 наставник) заняты более подходящими "
                       "наставляемыми; лучшие варианты: Смирнова Ольга Викторовна",
                    en="All eligible mentors (1) are full with better fits; best options: "
                       "Смирнова Ольга Викторовна"),),
    suggestions=(Reason(code="raise_capacity",
                        ru="Попросить Смирнову Ольгу Викторовну взять ещё одного наставляемого",
                        en="Ask Смирнова Ольга Викторовна to take one more mentee"),
                 Reason(code="recruit_mentor",
                        ru="Привлечь ещё наставника по теме «Работа с родителями»",
                        en="Recruit another mentor for “Working with parents”")),
)

RESULT = RunResult(
    programme_id=PROGRAMME.id, created_at=datetime(2026, 9, 10, 9, 30, tzinfo=UTC),
    status=SolveStatus.optimal, objective=2.86, best_bound=2.86, proposals=PROPOSALS,
    unmatched=(UNMATCHED_T5,),
)

BIRTH_YEARS = {p.id: p.birth_year for p in PEOPLE}


"""The sample and template bank files shipped in `datasets/samples/`, rebuilt from code.

Run `python -m matcher.bank_io.samples [DIR]` after changing the columns so the files stay in
sync. The sample is a small school bank: experienced teachers, young specialists, a deputy head,
a psychologist, a digitally strong young teacher (reverse mentoring), an employer, a university
teacher, and students with grades, each with the consents they have given.
"""

from __future__ import annotations

import re
import sys
import zipfile
from datetime import date, time
from pathlib import Path
from typing import Any

from matcher.bank_io import write_csv, write_json, write_xlsx
from matcher.model import (
    Bank,
    Conflict,
    Consent,
    ConsentKind,
    Form,
    Kind,
    MenteeRequest,
    MentorOffer,
    Participant,
    TimeSlot,
    Weekday,
    Wish,
    WishLevel,
)

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "datasets" / "samples"
SCHOOL = "МБОУ «Средняя школа № 7»"
PD_DATE = date(2025, 9, 2)
DUTY_DATE = date(2025, 9, 15)
GUARDIAN_DATE = date(2025, 9, 5)


def _slots(*items: tuple[Weekday, str, str]) -> tuple[TimeSlot, ...]:
    return tuple(TimeSlot(day=d, start=time.fromisoformat(s), end=time.fromisoformat(e))
                 for d, s, e in items)


def _consents(*, mentor: bool = False, mentee: bool = False, minor: bool = False,
              guardian: bool = True) -> tuple[Consent, ...]:
    out = [Consent(kind=ConsentKind.personal_data, given=PD_DATE)]
    if mentor:
        out.append(Consent(kind=ConsentKind.mentor_duties, given=DUTY_DATE))
    if mentee:
        out.append(Consent(kind=ConsentKind.participation, given=DUTY_DATE))
    if minor and guardian:
        out.append(Consent(kind=ConsentKind.guardian, given=GUARDIAN_DATE))
    return tuple(out)


# Addresses for reminders (most adults gave one; children and a few adults did not). The
# domains are under the reserved `.example` name, so a letter never reaches a real mailbox.
EMAILS = {
    "T01": "smirnova.ov@school7.example", "T02": "kuznetsov.an@school7.example",
    "T03": "volkova.es@school7.example", "L01": "sokolova.ia@school7.example",
    "P01": "morozova.ni@school7.example", "T04": "D.Nikitin@school7.example",
    "E01": "belov.sv@kmz.example", "U01": "grigorieva.mp@mininuniver.example",
    "T05": "pavlova.da@school7.example", "T06": "kovalev.ai@school7.example",
    "T07": "fedorova.yr@school7.example", "T08": "zaytseva.am@school7.example",
    "T10": "sadykova.lr@school7.example", "T11": "mikhaylova.ko@school7.example",
    "C01": "yakovlev.ne@kntech.example",
}


def _p(**kw: Any) -> Participant:
    kw.setdefault("email", EMAILS.get(kw["id"], ""))
    kw.setdefault("organisation", SCHOOL)
    kw.setdefault("site", "Кстово")
    minor = kw["role"] == "student" and kw["birth_year"] >= 2008
    kw.setdefault("consents", _consents(
        mentor="mentor" in kw, mentee="mentee" in kw, minor=minor,
        guardian=kw.pop("guardian", True)))
    return Participant(**kw)


def _forms(*names: str) -> frozenset[Form]:
    return frozenset(Form(name) for name in names)


def _kinds(*names: str) -> frozenset[Kind]:
    return frozenset(Kind(name) for name in names)


MON, TUE, WED, THU, FRI = Weekday.mon, Weekday.tue, Weekday.wed, Weekday.thu, Weekday.fri


def _mentors() -> list[Participant]:
    return [
        _p(id="T01", full_name="Смирнова Ольга Викторовна", role="teacher", birth_year=1972,
           gender="female", subjects=("математика",), category="highest", experience_years=28,
           years_in_organisation=20, digital_level=2,
           competencies={"teaching_methods": 3, "exam_preparation": 3, "subject_content": 3,
                         "gifted_children": 2},
           experience_text="Готовлю к ОГЭ и ЕГЭ по математике, веду олимпиадный кружок, "
                           "руководила методическим объединением учителей математики.",
           interests=("туризм", "шахматы"), free_slots=_slots((TUE, "14:30", "16:00"),
                                                              (THU, "15:00", "16:30")),
           meeting_frequency="weekly",
           mentor=MentorOffer(capacity_mentees=2, capacity_groups=1,
                              forms=_forms("teacher_teacher"),
                              kinds=_kinds("individual", "group"))),
        _p(id="T02", full_name="Кузнецов Андрей Николаевич", role="teacher", birth_year=1968,
           gender="male", subjects=("история", "обществознание"), category="highest",
           experience_years=32, years_in_organisation=25,
           competencies={"upbringing": 3, "working_with_parents": 3,
                         "classroom_management": 3},
           experience_text="Двадцать лет классный руководитель, провожу родительские собрания "
                           "без конфликтов, знаю, как удержать дисциплину в 7–8 классах.",
           interests=("краеведение", "рыбалка"), free_slots=_slots((MON, "14:00", "15:00")),
           mentor=MentorOffer(capacity_mentees=1, forms=_forms("teacher_teacher"))),
        _p(id="T03", full_name="Волкова Елена Сергеевна", role="teacher", birth_year=1979,
           gender="female", subjects=("русский язык", "литература"), category="first",
           experience_years=20, years_in_organisation=12,
           competencies={"functional_literacy": 3, "assessment": 2,
                         "methodological_writing": 3, "professional_contests": 3},
           experience_text="Призёр регионального этапа конкурса «Учитель года», автор "
                           "методических разработок по читательской грамотности.",
           interests=("театр", "книги"), free_slots=_slots((WED, "15:00", "16:00")),
           meeting_frequency="biweekly",
           mentor=MentorOffer(capacity_mentees=2, forms=_forms("teacher_teacher"))),
        _p(id="L01", full_name="Соколова Ирина Александровна", role="leader", birth_year=1975,
           gender="female", subjects=("география",), category="highest", experience_years=25,
           years_in_organisation=15,
           competencies={"legal_framework": 3, "school_documentation": 3, "assessment": 2},
           experience_text="Заместитель директора по учебной работе: рабочие программы, "
                           "электронный журнал, ФГОС и ФОП.",
           free_slots=_slots((FRI, "13:00", "14:00")),
           mentor=MentorOffer(capacity_mentees=2, capacity_groups=1, forms=_forms("leader_teacher"),
                              kinds=_kinds("individual", "group"))),
        _p(id="P01", full_name="Морозова Наталья Игоревна", role="psychologist",
           birth_year=1985, gender="female", category="first", experience_years=14,
           years_in_organisation=6,
           competencies={"psychological_support": 3, "inclusion": 3, "team_adaptation": 3,
                         "classroom_management": 2},
           experience_text="Педагог-психолог: сопровождение детей с ОВЗ, профилактика "
                           "выгорания, тренинги для молодых педагогов.",
           interests=("йога",), formats={"in_person", "remote"},
           mentor=MentorOffer(capacity_mentees=3, capacity_groups=1,
                              forms=_forms("teacher_teacher"),
                              kinds=_kinds("individual", "group"))),
        _p(id="T04", full_name="Никитин Дмитрий Олегович", role="teacher", birth_year=1996,
           gender="male", subjects=("информатика",), category="first", experience_years=6,
           years_in_organisation=6, digital_level=3,
           competencies={"digital_tools": 3, "distance_learning": 3, "new_technologies": 3},
           requests={"upbringing": 2},
           experience_text="Веду курсы по цифровым инструментам для коллег, настроил "
                           "электронные курсы школы.",
           difficulties_text="Впервые стал классным руководителем, нужен совет по "
                             "воспитательной работе.",
           interests=("робототехника", "настольные игры"), formats={"in_person", "remote"},
           free_slots=_slots((TUE, "16:00", "17:00")),
           mentor=MentorOffer(capacity_mentees=2, forms=_forms("reverse")),
           mentee=MenteeRequest(forms=_forms("teacher_teacher"))),
        _p(id="E01", full_name="Белов Сергей Викторович", role="employer", birth_year=1980,
           gender="male", organisation="АО «Кстовский машиностроительный завод»",
           experience_years=20, competencies={"career_choice": 3, "professional_skills": 3,
                                              "project_work": 2},
           experience_text="Главный инженер-технолог, руководит практикой студентов техникума "
                           "и профориентационными экскурсиями на завод.",
           free_slots=_slots((THU, "16:00", "17:30")), meeting_frequency="monthly",
           mentor=MentorOffer(capacity_mentees=3, capacity_groups=1,
                              forms=_forms("employer_student"),
                              kinds=_kinds("individual", "group"))),
        _p(id="U01", full_name="Григорьева Марина Павловна", role="university_teacher",
           birth_year=1970, gender="female", organisation="НГПУ им. К. Минина",
           site="Нижний Новгород", experience_years=27,
           competencies={"teaching_methods": 3, "methodological_writing": 3, "project_work": 3},
           experience_text="Доцент кафедры методики, руководит проектами молодых учителей.",
           formats={"remote"},
           mentor=MentorOffer(capacity_mentees=2, forms=_forms("university_teacher_young_teacher"),
                              kinds=_kinds("individual", "virtual"))),
        _p(id="S01", full_name="Лебедева Анастасия Игоревна", role="student", birth_year=2009,
           gender="female", subjects=("математика", "физика"), grade=11,
           competencies={"olympiads": 3, "study_skills": 2},
           experience_text="Призёр регионального этапа ВсОШ по математике.",
           interests=("программирование",), free_slots=_slots((WED, "14:00", "15:00")),
           mentor=MentorOffer(capacity_mentees=2, forms=_forms("student_student"))),
        _p(id="S02", full_name="Орлов Максим Денисович", role="student", birth_year=2010,
           gender="male", grade=10, competencies={"sports_results": 3, "leadership": 3},
           experience_text="Председатель совета обучающихся, КМС по лёгкой атлетике.",
           interests=("лёгкая атлетика", "волонтёрство"),
           mentor=MentorOffer(capacity_mentees=1, forms=_forms("student_student"))),
    ]


def _mentees() -> list[Participant]:
    return [
        _p(id="T05", full_name="Павлова Дарья Андреевна", role="teacher", birth_year=2001,
           gender="female", subjects=("математика",), experience_years=1,
           years_in_organisation=1, digital_level=2,
           requests={"teaching_methods": 3, "classroom_management": 3, "working_with_parents": 2},
           difficulties_text="Не успеваю за урок, 7 «Б» шумит; боюсь родительских собраний.",
           interests=("шахматы", "походы"), free_slots=_slots((TUE, "14:30", "15:30")),
           meeting_frequency="weekly", mentee=MenteeRequest(forms=_forms("teacher_teacher")),
           wishes=(Wish(target="T01", level=WishLevel.yes, rank=1),
                   Wish(target="T02", level=WishLevel.maybe, rank=2))),
        _p(id="T06", full_name="Ковалёв Артём Игоревич", role="teacher", birth_year=1999,
           gender="male", subjects=("физика",), experience_years=2, years_in_organisation=2,
           requests={"exam_preparation": 3, "school_documentation": 2},
           difficulties_text="Первый выпуск 9 класса на ОГЭ по физике; путаюсь в рабочей "
                             "программе.",
           free_slots=_slots((THU, "15:00", "16:00")), mentee=MenteeRequest()),
        _p(id="T07", full_name="Фёдорова Юлия Романовна", role="teacher", birth_year=2000,
           gender="female", subjects=("русский язык", "литература"), experience_years=1,
           years_in_organisation=1,
           requests={"functional_literacy": 3, "upbringing": 2, "assessment": 2},
           difficulties_text="Как оценивать сочинения по критериям и развивать читательскую "
                             "грамотность.",
           interests=("театр",), free_slots=_slots((WED, "15:00", "16:00")),
           mentee=MenteeRequest(), wishes=(Wish(target="T03", level=WishLevel.yes, rank=1),)),
        _p(id="T08", full_name="Зайцева Алина Маратовна", role="teacher", birth_year=2002,
           gender="female", subjects=("начальные классы",), experience_years=0.5,
           years_in_organisation=0.5,
           requests={"working_with_parents": 3, "team_adaptation": 2, "lesson_design": 3},
           difficulties_text="Родители первоклассников пишут в чат ночью; трудно выстроить "
                             "урок по ФОП.",
           mentee=MenteeRequest(kinds=_kinds("individual", "group"))),
        _p(id="T09", full_name="Егоров Виктор Павлович", role="teacher", birth_year=1965,
           gender="male", subjects=("технология",), category="highest", experience_years=35,
           years_in_organisation=30, digital_level=0,
           competencies={"teaching_methods": 3, "project_work": 3},
           requests={"digital_tools": 3, "distance_learning": 2},
           difficulties_text="Хочу освоить электронный журнал и онлайн-тесты.",
           mentee=MenteeRequest(forms=_forms("reverse"))),
        _p(id="T10", full_name="Садыкова Ляйсан Ринатовна", role="teacher", birth_year=1995,
           gender="female", subjects=("английский язык",), category="first",
           experience_years=8, years_in_organisation=3,
           requests={"professional_contests": 3, "methodological_writing": 2},
           difficulties_text="Готовлюсь к муниципальному конкурсу, не умею описать опыт.",
           mentee=MenteeRequest()),
        _p(id="T11", full_name="Михайлова Ксения Олеговна", role="teacher", birth_year=1998,
           gender="female", subjects=("биология", "химия"), experience_years=3,
           years_in_organisation=3,
           requests={"inclusion": 3, "psychological_support": 2},
           difficulties_text="В классе двое детей с ОВЗ, не знаю, как адаптировать задания.",
           formats={"in_person", "remote"},
           mentee=MenteeRequest(forms=_forms("teacher_teacher", "university_teacher_young_teacher"),
                                mentors_wanted=2)),
        _p(id="S03", full_name="Антонов Илья Сергеевич", role="student", birth_year=2013,
           gender="male", subjects=("математика",), grade=7,
           requests={"academic_lag": 3, "study_skills": 2},
           difficulties_text="Отстал по алгебре после болезни.", mentee=MenteeRequest()),
        _p(id="S04", full_name="Кириллова Варвара Алексеевна", role="student", birth_year=2015,
           gender="female", grade=5, requests={"class_adaptation": 3},
           difficulties_text="Перешла из другой школы, пока нет друзей в классе.",
           interests=("рисование",), mentee=MenteeRequest()),
        _p(id="S05", full_name="Тимофеев Глеб Андреевич", role="student", birth_year=2011,
           gender="male", grade=9, requests={"career_choice": 3, "professional_skills": 2},
           difficulties_text="Выбираю между техникумом и 10 классом, интересует инженерия.",
           mentee=MenteeRequest(forms=_forms("employer_student"),
                                kinds=_kinds("individual", "group"))),
        _p(id="S06", full_name="Ахмедова Сабина Рустамовна", role="student", birth_year=2012,
           gender="female", subjects=("математика",), grade=8, requests={"olympiads": 3},
           mentee=MenteeRequest(forms=_forms("student_student")),
           wishes=(Wish(target="S01", level=WishLevel.yes, rank=1),)),
        _p(id="S07", full_name="Васильев Роман Олегович", role="student", birth_year=2010,
           gender="male", grade=10, requests={"career_choice": 3, "entrepreneurship": 2},
           mentee=MenteeRequest(forms=_forms("employer_student"))),
        # The guardian's consent has not come back yet: the check warns she is left out.
        _p(id="S08", full_name="Громова Полина Витальевна", role="student", birth_year=2013,
           gender="female", grade=7, requests={"creative_results": 2, "leadership": 3},
           mentee=MenteeRequest(forms=_forms("student_student")), guardian=False),
        _p(id="C01", full_name="Яковлев Никита Евгеньевич", role="student", birth_year=2006,
           gender="male", organisation="ГБПОУ «Кстовский нефтяной техникум»", course=2,
           requests={"professional_skills": 3, "career_choice": 2},
           difficulties_text="Ищу практику по специальности «Технология машиностроения».",
           mentee=MenteeRequest(forms=_forms("employer_student"))),
    ]


def sample_bank() -> Bank:
    """The shipped sample bank: 24 people and one recorded conflict."""
    conflicts = (Conflict(a="T02", b="T06", note="Конфликт в прошлом учебном году"),)
    return Bank(participants=tuple(_mentors() + _mentees()), conflicts=conflicts)


def write_samples(directory: Path = DEFAULT_DIR) -> list[Path]:
    """Write template.* (empty) and sample.* in every format; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for stem, bank in (("template", Bank()), ("sample", sample_bank())):
        for ext in ("json", "csv", "xlsx"):
            path = directory / f"{stem}.{ext}"
            if ext == "xlsx":
                write_xlsx(bank, path, template=True)
                freeze_xlsx(path)
            elif ext == "csv":
                write_csv(bank, path)
            else:
                write_json(bank, path)
            written.append(path)
    return written


FIXED_STAMP = "2025-09-01T00:00:00Z"
_STAMP = re.compile(rb"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


def freeze_xlsx(path: Path) -> None:
    """Fix the timestamps openpyxl stamps into an XLSX, so regenerating a sample gives the
    same bytes and version control shows no change."""
    with zipfile.ZipFile(path) as src:
        entries = [(info.filename, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = _STAMP.sub(FIXED_STAMP.encode(), data)
            info = zipfile.ZipInfo(name, date_time=(2025, 9, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, data)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    for path in write_samples(Path(args[0]) if args else DEFAULT_DIR):
        print(path)


if __name__ == "__main__":
    main()

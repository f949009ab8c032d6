"""Job titles («Должность») read into a role and subjects, as schools write them.

«учитель математики» is a teacher of mathematics, «заместитель директора по УВР» a leader,
«социальный педагог» a teacher (002 lists them apart from the psychologist), «педагог-психолог»
a psychologist. The title itself is kept as the participant's `position` (the role variant).
"""

from __future__ import annotations

from matcher.bank_io.cells import CellError, CellValue, norm, text
from matcher.messages import message
from matcher.model import Role

# Title beginnings, longest first where one starts another; the rest of the title after a
# teaching title names subjects («учитель русского языка и литературы»).
_PREFIXES: tuple[tuple[str, Role, bool], ...] = (
    ("советник директора", Role.teacher, False),  # «советник директора по воспитанию»
    ("заместитель директора", Role.leader, False),
    ("заместитель заведующего", Role.leader, False),
    ("зам. директора", Role.leader, False),
    ("замдиректора", Role.leader, False),
    ("директор", Role.leader, False),
    ("заведующий", Role.leader, False),
    ("заведующая", Role.leader, False),
    ("руководитель образовательной организации", Role.leader, False),
    ("руководитель колледжа", Role.leader, False),
    ("руководитель оо", Role.leader, False),
    ("педагог-психолог", Role.psychologist, False),
    ("психолог", Role.psychologist, False),
    ("социальный педагог", Role.teacher, False),
    ("педагог дополнительного образования", Role.teacher, False),
    ("педагог-организатор", Role.teacher, False),
    ("педагог-библиотекарь", Role.teacher, False),
    ("педагог-методист", Role.teacher, False),
    ("педагог-наставник", Role.teacher, False),
    ("тьютор", Role.teacher, False),
    ("методист", Role.teacher, False),
    ("старший воспитатель", Role.teacher, False),
    ("воспитатель", Role.teacher, False),
    ("классный руководитель", Role.teacher, False),
    ("учитель-логопед", Role.teacher, False),
    ("учитель-дефектолог", Role.teacher, False),
    ("мастер производственного обучения", Role.teacher, False),
    ("преподаватель вуза", Role.university_teacher, False),
    ("преподаватель университета", Role.university_teacher, False),
    ("доцент", Role.university_teacher, False),
    ("профессор", Role.university_teacher, False),
    ("учитель", Role.teacher, True),
    ("преподаватель", Role.teacher, True),
    ("педагог", Role.teacher, True),
    ("представитель работодателя", Role.employer, False),
    ("представитель предприятия", Role.employer, False),
    ("работодатель", Role.employer, False),
    ("ученик", Role.student, False),
    ("ученица", Role.student, False),
    ("учащийся", Role.student, False),
    ("обучающийся", Role.student, False),
    ("студент", Role.student, False),
)

# Subjects in the genitive, as a title names them, and the subject as the bank writes it.
SUBJECTS_GENITIVE: dict[str, str] = {
    "русского языка": "русский язык",
    "литературы": "литература",
    "математики": "математика",
    "алгебры": "алгебра",
    "геометрии": "геометрия",
    "английского языка": "английский язык",
    "немецкого языка": "немецкий язык",
    "французского языка": "французский язык",
    "иностранного языка": "иностранный язык",
    "иностранных языков": "иностранный язык",
    "начальных классов": "начальные классы",
    "начальной школы": "начальные классы",
    "истории": "история",
    "обществознания": "обществознание",
    "истории и обществознания": "история",
    "физической культуры": "физическая культура",
    "физкультуры": "физическая культура",
    "биологии": "биология",
    "физики": "физика",
    "информатики": "информатика",
    "химии": "химия",
    "географии": "география",
    "технологии": "технология",
    "музыки": "музыка",
    "изобразительного искусства": "изобразительное искусство",
    "изо": "изобразительное искусство",
    "обж": "ОБЖ",
    "обзр": "ОБЗР",
    "астрономии": "астрономия",
    "экономики": "экономика",
    "права": "право",
}


def _subjects(rest: str) -> tuple[str, ...]:
    """Subjects named after a teaching title: «математики», «русского языка и литературы»."""
    rest = rest.strip(" ,")
    if not rest:
        return ()
    if rest in SUBJECTS_GENITIVE:
        return (SUBJECTS_GENITIVE[rest],)
    parts = [p.strip() for p in rest.replace(",", " и ").split(" и ") if p.strip()]
    found = [SUBJECTS_GENITIVE.get(p) for p in parts]
    if all(found):
        return tuple(s for s in found if s)
    return (rest,)  # an unknown subject is kept as written rather than refused


def parse_position(value: CellValue) -> tuple[Role, tuple[str, ...]]:
    """The role and subjects a job title names; `CellError` for a title no rule knows."""
    title = norm(text(value))
    for prefix, role, teaches in _PREFIXES:
        if title == prefix or title.startswith(prefix + " ") or title.startswith(prefix + ","):
            return role, _subjects(title[len(prefix):]) if teaches else ()
    raise CellError(message("parse.position", value=text(value)))

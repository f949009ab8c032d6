"""Reading the programme settings form into the values the `Programme` model validates.

Only shape is handled here (checkbox lists, percents to shares); every rule is the model's,
so the page and the API refuse the same programmes with the same messages."""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.datastructures import FormData

from matcher.messages import has, message
from matcher.model import Category, Form, Goal, Kind, Programme, StudentModel, Weights
from service.errors import FieldError
from service.web.rule_forms import rules_values

COMPONENT_GROUPS: tuple[tuple[tuple[str, str], tuple[str, ...]], ...] = (
    (("Профессиональное соответствие", "Profile fit"),
     ("topic_coverage", "subject_match", "text_similarity", "experience_gap")),
    (("Взаимный интерес", "Mutual interest"),
     ("mutual_wishes", "shared_interests", "expectations")),
    (("Организация встреч", "Logistics"), ("time_overlap", "format_fit")),
)

COMPONENT_LABELS: dict[str, tuple[str, str]] = {
    "topic_coverage": ("Запросы наставляемого закрыты компетенциями наставника",
                       "Requests covered by the mentor's competencies"),
    "subject_match": ("Тот же предмет", "Same subject"),
    "text_similarity": ("Сходство текстов анкет (затруднения и опыт)",
                        "Similar questionnaire texts (difficulties and experience)"),
    "experience_gap": ("Разница в опыте в нужную сторону", "Experience gap in the right direction"),
    "mutual_wishes": ("Взаимные пожелания после знакомства", "Mutual wishes after meeting"),
    "shared_interests": ("Общие интересы", "Shared interests"),
    "expectations": ("Совпадение ожиданий (частота, формат)",
                     "Matching expectations (frequency, format)"),
    "time_overlap": ("Общее свободное время", "Overlapping free time"),
    "format_fit": ("Формат встреч (очно / дистанционно)", "Meeting format (in person / remote)"),
}

assert set(COMPONENT_LABELS) == set(Weights.model_fields), "a weight without a label"


def component_label(name: str, lang: str) -> str:
    ru, en = COMPONENT_LABELS.get(name, (name, name))
    return en if lang == "en" else ru


# Where an error on a programme field is shown: the id of the input (or of its fieldset).
FIELD_ANCHORS: dict[str, str] = {"forms": "fs-forms", "kinds": "fs-kinds", "weights": "fs-weights",
                                 "definitions": "fs-definitions"}


def field_key(field: str) -> str:
    """The form's name for an error's field: `weights.mutual_wishes` -> `w_mutual_wishes`,
    `definitions.min_student_age` -> `d_min_student_age`, `forms[0]` -> `forms`."""
    root, _, rest = field.partition(".")
    root = root.split("[")[0]
    if rest and root in ("weights", "definitions"):
        return ("w_" if root == "weights" else "d_") + rest.split(".")[0].split("[")[0]
    return root


def field_label(field: str, lang: str) -> str:
    """The field as the form names it, in `lang` (never the model's name)."""
    root, _, rest = field.partition(".")
    root = root.split("[")[0]
    if root == "weights" and rest in COMPONENT_LABELS:
        return component_label(rest, lang)
    code = f"field.programme.{root}"
    return message(code, lang) if has(code) else ""


def form_errors(errors: list[FieldError], lang: str) -> list[tuple[str, str, str]]:
    """(form field, its label, the message) for each error, in the page's language; the
    message starts in lower case after the label."""
    out = []
    for e in errors:
        text = e.text(lang)
        out.append((field_key(e.field), field_label(e.field, lang),
                    text[:1].lower() + text[1:] if lang != "en" and text[1:2].islower() else text))
    return out


def field_anchor(key: str) -> str:
    return FIELD_ANCHORS.get(key, key)


def _num(value: Any) -> Any:
    """A number typed with a decimal comma is read as with a point; anything else is left
    for the model to refuse with its own message."""
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        try:
            return float(text) if text else value
        except ValueError:
            return value
    return value


def _share(value: Any) -> Any:
    """Percent in the form, share in the model."""
    number = _num(value)
    return number / 100 if isinstance(number, float) else number


def programme_values(form: FormData, *, base: Programme | None = None) -> dict[str, Any]:
    """The programme fields present in `form` (the settings page sends all of them)."""
    data: dict[str, Any] = {} if base is None else base.model_dump()
    for key in ("id", "name"):
        if key in form:
            data[key] = str(form[key]).strip()
    for key in ("start", "end"):
        if key in form:
            data[key] = str(form[key])
    if "forms_sent" in form:
        data["forms"] = [v for v in form.getlist("forms") if v in set(Form)]
    if "kinds_sent" in form:
        data["kinds"] = [v for v in form.getlist("kinds") if v in set(Kind)]
    for key in ("group_min", "group_max", "seed"):
        if key in form:
            value = _num(form[key])
            data[key] = int(value) if isinstance(value, float) and value.is_integer() else value
    if "time_limit_s" in form:
        data["time_limit_s"] = _num(form["time_limit_s"])
    if "group_value" in form:
        data["group_value"] = _num(form["group_value"])
    definitions = _definitions(form)
    if definitions:
        data["definitions"] = {**(data.get("definitions") or {}), **definitions}
    if "goal" in form and form["goal"] in set(Goal):
        data["goal"] = form["goal"]
    for key in ("target_teacher_coverage", "target_student_coverage"):
        if key in form:
            data[key] = _share(form[key])
    weights = {name: _num(form[f"w_{name}"]) for name in Weights.model_fields
               if f"w_{name}" in form}
    if weights:
        data["weights"] = {**(data.get("weights") or {}), **weights}
    rules_values(form, data)
    if "topics_text" in form:
        data["topics"] = parse_topics_text(str(form["topics_text"]), data.get("topics") or [])
    return data


def topics_text(topics: list[dict[str, Any]]) -> str:
    """A programme's own topics as the page edits them: «id: Название; синоним; …» a line."""
    return "\n".join(f"{t['id']}: " + "; ".join([t["label_ru"], *t.get("synonyms", ())])
                     for t in topics)


def parse_topics_text(text: str, base: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The page's topic lines back into topics; what the page does not show (English label,
    block, audience) is kept from the stored topic of the same id."""
    known = {t["id"]: t for t in base}
    out: list[dict[str, Any]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        tid, _, rest = line.partition(":")
        names = [n.strip() for n in rest.split(";") if n.strip()]
        tid = tid.strip()
        out.append({**known.get(tid, {}), "id": tid, "label_ru": names[0] if names else "",
                    "synonyms": names[1:]})
    return out


DEFINITION_NUMBERS = ("young_max_experience", "mentor_min_years_in_organisation",
                      "min_student_age", "employer_min_grade")


def _definitions(form: FormData) -> dict[str, Any]:
    """The `definitions` fields present in `form` (named `d_<field>`); an empty age limit of a
    young specialist means none."""
    out: dict[str, Any] = {}
    if "d_young_max_age" in form:
        value = _num(form["d_young_max_age"])
        out["young_max_age"] = None if value == "" else _whole(value)
    for key in DEFINITION_NUMBERS:
        if f"d_{key}" in form:
            value = _num(form[f"d_{key}"])
            out[key] = value if key == "young_max_experience" else _whole(value)
    if "d_mentor_min_category" in form and form["d_mentor_min_category"] in set(Category):
        out["mentor_min_category"] = form["d_mentor_min_category"]
    if "d_student_models_sent" in form:
        out["student_models"] = [v for v in form.getlist("d_student_models")
                                 if v in set(StudentModel)]
    return out


def _whole(value: Any) -> Any:
    """A whole number typed into the form as an int; anything else for the model to refuse."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def new_programme_defaults(today: date) -> dict[str, Any]:
    """Dates of the "new programme" form: nine months from the first of this month."""
    start = date(today.year, today.month, 1)
    months = start.month - 1 + 9
    end = date(start.year + months // 12, months % 12 + 1, 1)
    return {"start": start.isoformat(), "end": end.isoformat()}

"""The data of an order on changes of mentoring pairs («О внесении изменений в состав
наставнических пар/групп»): one numbered point per recorded change, in the order the changes
were made, each naming the people, the change, its ground in the regulation's words (000, 7.1
and 7.2) and whose initiative it was. The service's API returns it as data; the document to
sign is the organisation's order on changes (`order.py`, kind "changes"), from the same records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from matcher.aftermatch import ChangeKind, Ground, Initiator, word
from matcher.labels import label
from matcher.model import Bank, Form, Kind, Programme
from matcher.reports.common import check_lang, initials

__all__ = ["ChangeLine", "OrderOnChanges", "OrderPoint", "order_on_changes_data"]

# (Russian, English) texts of the order on changes; {…} are filled in.
T: dict[str, tuple[str, str]] = {
    "title": ("О внесении изменений в состав наставнических пар/групп",
              "On changes to the mentoring pairs/groups"),
    "empty": ("Изменений в составе наставнических пар/групп не было.",
              "There were no changes to the mentoring pairs/groups."),
    "control": ("Куратору внести изменения в базу наставников и наставляемых.",
                "The curator shall update the banks of mentors and mentees."),
    "preamble": ("В соответствии с разделом 7 Положения о системе наставничества "
                 "педагогических работников в {organisation}",
                 "In accordance with section 7 of the Regulation on the mentoring system for "
                 "teaching staff of {organisation}"),
    ChangeKind.end: ("Завершить работу наставнической пары (группы) {pair} с {on} — {ground}, "
                     "{initiator}.",
                     "To end the mentoring pair (group) {pair} on {on}: {ground}, {initiator}."),
    ChangeKind.rematch: ("Досрочно завершить работу наставнической пары {pair} с {on} — "
                         "{ground}, {initiator}; наставляемому подобрать другого наставника.",
                         "To end the mentoring pair {pair} early on {on}: {ground}, "
                         "{initiator}; to find the mentee another mentor."),
    ChangeKind.extend: ("Продлить срок реализации программы наставничества пары (группы) "
                        "{pair} до {until} — {ground}.",
                        "To extend the mentoring programme of the pair (group) {pair} until "
                        "{until}: {ground}."),
    ChangeKind.change_form: ("Изменить форму наставничества пары (группы) {pair} на «{form}» "
                             "— {ground}.",
                             "To change the form of mentoring of the pair (group) {pair} to "
                             "“{form}”: {ground}."),
    ChangeKind.decline: ("Не закреплять предложенную пару {pair}: {ground} ({initiator}).",
                         "Not to assign the proposed pair {pair}: {ground} ({initiator})."),
    ChangeKind.promote: ("Закрепить за наставляемым нового наставника: {pair}.",
                         "To assign the mentee a new mentor: {pair}."),
}


@dataclass(frozen=True)
class ChangeLine:
    """One recorded change of a pair, as the service keeps it."""

    change: ChangeKind
    ground: Ground
    initiator: Initiator
    mentor: str
    mentees: tuple[str, ...]
    at: date
    note: str = ""
    extended_until: date | None = None
    new_form: Form | None = None
    new_kind: Kind | None = None


@dataclass(frozen=True)
class OrderPoint:
    number: int
    change: ChangeKind
    text: str
    mentor: str
    mentees: tuple[str, ...]
    ground: Ground
    initiator: Initiator
    at: date


@dataclass(frozen=True)
class OrderOnChanges:
    title: str
    preamble: str
    organisation: str
    programme_name: str
    points: tuple[OrderPoint, ...]


def _t(key: object, lang: str) -> str:
    ru, en = T[key]  # type: ignore[index]
    return en if lang == "en" else ru


def order_on_changes_data(bank: Bank, programme: Programme, lines: list[ChangeLine],
                          organisation: str, *, lang: str = "ru") -> OrderOnChanges:
    """The order's title, preamble and one point per change, numbered in the order made."""
    lang = check_lang(lang)

    def who(pid: str) -> str:
        return initials(bank.by_id[pid].full_name) if pid in bank.by_id else pid

    points = []
    for i, c in enumerate(lines, 1):
        pair = f"{who(c.mentor)} — {', '.join(who(e) for e in c.mentees)}"
        text = _t(c.change, lang).format(
            pair=pair, on=c.at.strftime("%d.%m.%Y"), ground=word(c.ground, lang),
            initiator=word(c.initiator, lang),
            until=c.extended_until.strftime("%d.%m.%Y") if c.extended_until else "",
            form=label(c.new_form, lang) if c.new_form else (
                label(c.new_kind, lang) if c.new_kind else ""))
        if c.note:
            text = f"{text} ({c.note})"
        points.append(OrderPoint(i, c.change, text, c.mentor, c.mentees, c.ground,
                                 c.initiator, c.at))
    return OrderOnChanges(_t("title", lang), _t("preamble", lang).format(
        organisation=organisation), organisation, programme.name or programme.id, tuple(points))

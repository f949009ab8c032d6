"""Russian full names with correct gender forms: surname, first name, patronymic.

Surnames are stored in the male form and turned into the female form by the usual rules
(Иванов/Иванова, Горский/Горская, Толстой/Толстая; Шевченко, Кравчук, Черных do not change).
Patronymics are derived from male first names (Сергей → Сергеевич/Сергеевна,
Илья → Ильич/Ильинична), so every person's patronymic agrees with their gender.
"""

from __future__ import annotations

import numpy as np

MALE_SURNAMES: tuple[str, ...] = (
    # -ов / -ев / -ёв
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов",
    "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров",
    "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин",
    "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв",
    "Сергеев", "Фролов", "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв", "Ильин",
    "Максимов", "Поляков", "Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев", "Антонов",
    "Тарасов", "Жуков", "Баранов", "Филиппов", "Комаров", "Давыдов", "Беляев", "Герасимов",
    "Богданов", "Осипов", "Сидоров", "Матвеев", "Титов", "Марков", "Миронов", "Крылов",
    "Куликов", "Карпов", "Власов", "Мельников", "Денисов", "Гаврилов", "Тихонов", "Казаков",
    "Афанасьев", "Данилов", "Савельев", "Тимофеев", "Фомин", "Чернов", "Абрамов", "Мартынов",
    "Ефимов", "Федотов", "Щербаков", "Назаров", "Калинин", "Исаев", "Чернышёв", "Быков",
    "Маслов", "Родионов", "Коновалов", "Лазарев", "Воронин", "Климов", "Филатов", "Пономарёв",
    "Голубев", "Кудрявцев", "Прохоров", "Наумов", "Потапов", "Журавлёв", "Овчинников",
    "Трофимов", "Леонов", "Соболев", "Ермаков", "Колесников", "Гончаров", "Емельянов",
    "Никифоров", "Грачёв", "Котов", "Гришин", "Ефремов", "Архипов", "Громов", "Кириллов",
    "Малышев", "Панов", "Моисеев", "Румянцев", "Акимов", "Кондратьев", "Бирюков", "Горбунов",
    "Анисимов", "Ерёмин", "Тихомиров", "Галкин", "Лукьянов", "Михеев", "Скворцов", "Юдин",
    "Белоусов", "Нестеров", "Симонов", "Прокофьев", "Харитонов", "Князев", "Цветков",
    "Левин", "Митрофанов", "Воронцов", "Субботин", "Блинов", "Куприянов", "Шилов", "Фадеев",
    "Шубин", "Коротков", "Зуев", "Лаптев", "Рябов", "Дорофеев", "Некрасов", "Суханов",
    "Зимин", "Пахомов", "Шестаков", "Муравьёв", "Бобров", "Жаров", "Ситников", "Рожков",
    "Пестов", "Ларионов", "Веселов", "Горшков", "Кравцов", "Шарапов", "Лыков",
    # -ин / -ын
    "Лапин", "Пушкин", "Рыбин", "Сазонов", "Кошкин", "Мухин", "Синицын", "Птицын",
    "Курочкин", "Голицын", "Лисицын", "Бородин", "Карасин",
    # -ский / -цкий / -ой / -ый
    "Ковальский", "Горский", "Троицкий", "Успенский", "Покровский", "Вознесенский",
    "Рождественский", "Преображенский", "Добровольский", "Жуковский", "Островский",
    "Заболоцкий", "Высоцкий", "Городецкий", "Толстой", "Донской", "Полевой", "Луговой",
    "Береговой", "Русский", "Белый", "Рыжий",
    # unchanged in the female form
    "Шевченко", "Бондаренко", "Коваленко", "Ткаченко", "Кравченко", "Кравчук", "Полищук",
    "Мартынюк", "Черных", "Седых", "Белых", "Долгих", "Мороз", "Гайдамак", "Дурново",
)

MALE_FIRST_NAMES: tuple[str, ...] = (
    "Александр", "Алексей", "Анатолий", "Андрей", "Антон", "Аркадий", "Арсений", "Артём",
    "Борис", "Вадим", "Валентин", "Валерий", "Василий", "Виктор", "Виталий", "Владимир",
    "Владислав", "Всеволод", "Вячеслав", "Геннадий", "Георгий", "Глеб", "Григорий",
    "Даниил", "Денис", "Дмитрий", "Евгений", "Егор", "Иван", "Игорь", "Илья", "Кирилл",
    "Константин", "Лев", "Леонид", "Максим", "Марк", "Матвей", "Михаил", "Никита",
    "Николай", "Олег", "Павел", "Пётр", "Роман", "Руслан", "Семён", "Сергей", "Станислав",
    "Степан", "Тимофей", "Тимур", "Фёдор", "Филипп", "Эдуард", "Юрий", "Яков", "Ярослав",
    "Захар", "Богдан", "Ростислав", "Святослав", "Герман", "Макар",
)

FEMALE_FIRST_NAMES: tuple[str, ...] = (
    "Александра", "Алёна", "Алина", "Алла", "Анастасия", "Ангелина", "Анна", "Антонина",
    "Арина", "Валентина", "Валерия", "Вера", "Вероника", "Виктория", "Галина", "Дарья",
    "Диана", "Евгения", "Екатерина", "Елена", "Елизавета", "Жанна", "Зинаида", "Зоя",
    "Инна", "Ирина", "Карина", "Кира", "Ксения", "Лариса", "Лидия", "Любовь", "Людмила",
    "Маргарита", "Марина", "Мария", "Милана", "Надежда", "Наталья", "Нина", "Оксана",
    "Олеся", "Ольга", "Полина", "Раиса", "Светлана", "София", "Таисия", "Тамара",
    "Татьяна", "Ульяна", "Юлия", "Яна", "Эльвира", "Варвара", "Василиса", "Вероника",
    "Любава", "Снежана", "Злата", "Эмилия", "Лилия", "Римма", "Нелли",
)
FEMALE_FIRST_NAMES = tuple(dict.fromkeys(FEMALE_FIRST_NAMES))  # drop accidental repeats

# Patronymics that the general rules do not produce.
_PATRONYMIC_EXCEPTIONS: dict[str, tuple[str, str]] = {
    "Илья": ("Ильич", "Ильинична"),
    "Никита": ("Никитич", "Никитична"),
    "Лев": ("Львович", "Львовна"),
    "Павел": ("Павлович", "Павловна"),
    "Пётр": ("Петрович", "Петровна"),
    "Михаил": ("Михайлович", "Михайловна"),
    "Яков": ("Яковлевич", "Яковлевна"),
    "Дмитрий": ("Дмитриевич", "Дмитриевна"),
    "Георгий": ("Георгиевич", "Георгиевна"),
    "Семён": ("Семёнович", "Семёновна"),
    "Артём": ("Артёмович", "Артёмовна"),
    "Фёдор": ("Фёдорович", "Фёдоровна"),
}


def patronymic(father: str, female: bool) -> str:
    """The patronymic from a father's first name, in the male or female form."""
    if father in _PATRONYMIC_EXCEPTIONS:
        return _PATRONYMIC_EXCEPTIONS[father][int(female)]
    suffix_m, suffix_f = "ович", "овна"
    stem = father
    if father.endswith("ий"):  # Евгений → Евгеньевич
        stem, suffix_m, suffix_f = father[:-2] + "ь", "евич", "евна"
    elif father.endswith("й"):  # Сергей → Сергеевич, Николай → Николаевич
        stem, suffix_m, suffix_f = father[:-1], "евич", "евна"
    elif father.endswith("ь"):  # Игорь → Игоревич
        stem, suffix_m, suffix_f = father[:-1], "евич", "евна"
    return stem + (suffix_f if female else suffix_m)


def female_surname(male: str) -> str:
    """The female form of a surname given in the male form."""
    for end_m, end_f in (("ский", "ская"), ("цкий", "цкая"), ("ой", "ая"), ("ый", "ая"),
                         ("ий", "ая")):
        if male.endswith(end_m):
            return male[: -len(end_m)] + end_f
    if male.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return male + "а"
    return male  # Шевченко, Кравчук, Черных, Мороз: the same for both genders


FEMALE_SURNAMES: tuple[str, ...] = tuple(female_surname(s) for s in MALE_SURNAMES)
MALE_PATRONYMICS: tuple[str, ...] = tuple(patronymic(n, False) for n in MALE_FIRST_NAMES)
FEMALE_PATRONYMICS: tuple[str, ...] = tuple(patronymic(n, True) for n in MALE_FIRST_NAMES)


def _weights(n: int, skew: float) -> np.ndarray:
    """Zipf-like popularity: the first names in a list are more common, none vanishes."""
    w = 1.0 / np.arange(1, n + 1) ** skew
    return w / w.sum()


def draw_full_names(rng: np.random.Generator, female: np.ndarray) -> list[str]:
    """One "Фамилия Имя Отчество" per entry of the boolean `female` array, drawn with
    realistic popularity skew; surname and patronymic agree with the gender."""
    n = int(female.shape[0])
    sur = rng.choice(len(MALE_SURNAMES), size=n, p=_weights(len(MALE_SURNAMES), 0.6))
    first_m = rng.choice(len(MALE_FIRST_NAMES), size=n, p=_weights(len(MALE_FIRST_NAMES), 0.4))
    first_f = rng.choice(
        len(FEMALE_FIRST_NAMES), size=n, p=_weights(len(FEMALE_FIRST_NAMES), 0.4)
    )
    father = rng.choice(len(MALE_FIRST_NAMES), size=n, p=_weights(len(MALE_FIRST_NAMES), 0.4))
    out: list[str] = []
    for i in range(n):
        if female[i]:
            out.append(f"{FEMALE_SURNAMES[sur[i]]} {FEMALE_FIRST_NAMES[first_f[i]]} "
                       f"{FEMALE_PATRONYMICS[father[i]]}")
        else:
            out.append(f"{MALE_SURNAMES[sur[i]]} {MALE_FIRST_NAMES[first_m[i]]} "
                       f"{MALE_PATRONYMICS[father[i]]}")
    return out


# Russian letters in Latin as passports write them (ICAO 9303, the table of Russian
# international passports since 2014): how people spell their names in e-mail addresses.
_LATIN = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ("a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
     "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "ie", "y", "", "e", "iu", "ia"),
    strict=True))


def latin(text: str) -> str:
    """A Russian word in lower-case Latin letters (other characters dropped)."""
    return "".join(_LATIN.get(c, c if c.isascii() and c.isalnum() else "")
                   for c in text.lower())


def email_login(full_name: str) -> str:
    """«Смирнова Ольга Викторовна» -> «smirnova.ov»: surname and initials, as schools issue."""
    parts = full_name.split()
    return ".".join(filter(None, (latin(parts[0]), "".join(latin(p)[:1] for p in parts[1:]))))

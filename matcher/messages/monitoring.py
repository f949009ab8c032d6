"""Texts of monitoring pairs by questionnaire (matcher.monitoring, the survey pages and API):
the surveys' names and questions, the risks, and the refusals of an answer.

Merged into `matcher.messages.catalogue.CATALOGUE`; codes are unique across groups.
"""

from __future__ import annotations

from matcher.messages.text import Text

__all__ = ["MONITORING"]

MONITORING: dict[str, Text] = {
    "monitoring.title": Text("Сопровождение пар", "Following the pairs"),
    "monitoring.kind.fit": Text("После знакомства", "After the first meeting"),
    "monitoring.kind.quality": Text("Как идут встречи ({seq})", "How the meetings go ({seq})"),
    "monitoring.kind.closing": Text("Итоги программы", "End of the programme"),
    "monitoring.band": Text("оценка пары {band}", "pair score {band}"),
    "monitoring.fit.good": Text("Мы подходим друг другу", "A good fit"),
    "monitoring.fit.deciding": Text("Пока не понятно", "Still deciding"),
    "monitoring.fit.bad": Text("Мы не подходим друг другу", "Not a good fit"),
    "monitoring.goal.reached": Text("достигнута", "reached"),
    "monitoring.goal.partly": Text("частично", "partly"),
    "monitoring.goal.not_reached": Text("не достигнута", "not reached"),
    "monitoring.risk.not_a_fit": Text("участник ответил, что пара не подходит",
                                      "a participant said the pair is not a good fit"),
    "monitoring.risk.no_meeting": Text("встреч не было", "no meeting logged"),
    "monitoring.risk.low_quality": Text("низкая оценка встреч", "the meetings were rated low"),
    "monitoring.risk.no_answer": Text("нет ответа на анкету", "a survey is unanswered"),
    "survey.not_your_pair": Text(
        "Это не ваша пара: по этой ссылке можно ответить только о своей паре",
        "This is not your pair: this link answers only about your own pair"),
    "survey.not_open": Text(
        "Эта анкета откроется {date}", "This survey opens on {date}"),
    "survey.no_such": Text("Такой анкеты в программе нет", "The programme has no such survey"),
    "survey.field_needed": Text("Ответьте на этот вопрос", "Answer this question"),
    "survey.unknown_goal": Text(
        "Тема «{value}» не из запросов этой пары", "Topic “{value}” is not one of this pair's"),
    # Reminders by e-mail (service.runs.reminders): one letter per person, their own link.
    "reminder.subject": Text(
        "Напоминание: анкета программы наставничества «{programme}»",
        "Reminder: a survey of the mentoring programme “{programme}”"),
    "reminder.body": Text(
        "Здравствуйте, {name}!\n\n"
        "Ждём ваших ответов на анкеты программы наставничества «{programme}»:\n"
        "{surveys}\n\n"
        "Ответить можно по вашей личной ссылке: она открывает только ваши анкеты, пароль не "
        "нужен. Ссылка действует до {expires}.\n{url}\n\n"
        "Если вы уже ответили, не обращайте внимания на это письмо. Письмо отправлено "
        "автоматически, отвечать на него не нужно; вопросы — куратору программы.\n",
        "Hello, {name}!\n\n"
        "We are waiting for your answers to the surveys of the mentoring programme "
        "“{programme}”:\n{surveys}\n\n"
        "Answer through your personal link: it opens only your own surveys, no password "
        "needed. The link works until {expires}.\n{url}\n\n"
        "If you have answered already, please ignore this letter. It was sent automatically; "
        "ask the programme's curator if you have questions.\n"),
    "reminder.survey_line": Text("— «{survey}», срок ответа — {due}",
                                 "— “{survey}”, due on {due}"),
    "reminder.confirm_needed": Text(
        "Отметьте, что письма можно отправить, и нажмите кнопку ещё раз",
        "Tick that the letters may be sent, and press the button again"),
    "mail.off": Text(
        "Отправка писем не настроена: администратор задаёт SMTP_HOST и SMTP_FROM",
        "Sending e-mail is not set up: the administrator sets SMTP_HOST and SMTP_FROM"),
    "mail.unavailable": Text(
        "Почтовый сервер недоступен, письма не отправлены: {reason}",
        "The mail server is unavailable, no letter was sent: {reason}"),
}

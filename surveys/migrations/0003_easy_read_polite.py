"""The shipped service-user questionnaire's easy-read form spoke to the respondent as "tu" while every other word
of the respondent's pages says "jūs". The file is corrected; this puts the same words on the versions and questions
already imported from it (the texts are matched exactly, so an organisation's own wording is left alone). With the
stored content equal to the corrected file, re-importing the library is no change."""

from django.db import migrations

INTROS = {
    "Mes norime žinoti, ką tu galvoji. Tavo vardo niekas nesužinos.": (
        "Mes norime žinoti, ką jūs galvojate. Jūsų vardo niekas nesužinos."
    ),
}
QUESTIONS = {
    "Ar žinai, kam pasakyti, jei kas nors negerai?": "Ar žinote, kam pasakyti, jei kas nors negerai?",
    "Ar tau čia patinka?": "Ar jums čia patinka?",
    "Ką norėtum pakeisti?": "Ką norėtumėte pakeisti?",
}


def polite(apps, schema_editor):
    Version = apps.get_model("surveys", "InstrumentVersion")
    Question = apps.get_model("surveys", "Question")
    for old, new in INTROS.items():
        Version.objects.filter(easy_intro_lt=old).update(easy_intro_lt=new)
    for old, new in QUESTIONS.items():
        Question.objects.filter(easy_text_lt=old).update(easy_text_lt=new)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_answer_respondent_copies")]

    operations = [migrations.RunPython(polite, migrations.RunPython.noop)]

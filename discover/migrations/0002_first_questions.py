"""The first questions: thirty activities of our own, five an area, one of each on every page.

Editors change them in the admin afterwards; migrating again never touches what they did.
"""

from django.db import migrations

# One row a page: practical, investigative, creative, helping, leading, organising.
QUESTIONS = [
    ("practical", "Repair a bicycle"),
    ("investigative", "Find out why a computer keeps crashing"),
    ("creative", "Design a poster for an event"),
    ("helping", "Look after a patient"),
    ("leading", "Lead a team on a project"),
    ("organising", "Keep records up to date and accurate"),
    #
    ("organising", "Plan a timetable or staff rota"),
    ("practical", "Build a garden wall"),
    ("investigative", "Test water samples in a laboratory"),
    ("creative", "Write an article for a magazine"),
    ("helping", "Help a child learn to read"),
    ("leading", "Persuade customers to buy a product"),
    #
    ("leading", "Run your own business"),
    ("organising", "Check invoices for mistakes"),
    ("practical", "Drive a van and deliver parcels"),
    ("investigative", "Work out why sales fell last month"),
    ("creative", "Invent a new dish for a menu"),
    ("helping", "Listen to someone talk through a problem"),
    #
    ("helping", "Teach a group of adults a new skill"),
    ("leading", "Speak at a meeting to win people round"),
    ("organising", "Keep a warehouse's stock in order"),
    ("practical", "Fit a new kitchen"),
    ("investigative", "Study how an illness spreads"),
    ("creative", "Dress a shop window"),
    #
    ("creative", "Take photographs for a website"),
    ("helping", "Help an older person live in their own home"),
    ("leading", "Decide how a budget is spent"),
    ("organising", "Book appointments and keep a diary"),
    ("practical", "Wire the lights in a new house"),
    ("investigative", "Solve a tricky problem with numbers"),
]


def add_questions(apps, schema_editor):
    Question = apps.get_model("discover", "Question")
    using = schema_editor.connection.alias
    if Question.objects.using(using).exists():
        return
    Question.objects.using(using).bulk_create(
        Question(area=area, text=text, position=10 * (number + 1))
        for number, (area, text) in enumerate(QUESTIONS)
    )


def remove_questions(apps, schema_editor):
    Question = apps.get_model("discover", "Question")
    texts = [text for _, text in QUESTIONS]
    Question.objects.using(schema_editor.connection.alias).filter(text__in=texts).delete()


class Migration(migrations.Migration):
    dependencies = [("discover", "0001_initial")]

    operations = [migrations.RunPython(add_questions, remove_questions)]

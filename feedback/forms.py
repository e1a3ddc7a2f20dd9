from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma

from feedback.models import (
    DOING_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    PAGE_MAX_LENGTH,
    Feedback,
    plain_text,
)
from lib.same_site import local_path


class VisitorTextField(forms.CharField):
    """Free text from a visitor: control characters go before the length is checked."""

    def to_python(self, value):
        return plain_text(super().to_python(value))


class PageField(forms.CharField):
    """The page the visitor came from: a path on this site, or nothing."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, strip=True, **kwargs)

    def to_python(self, value):
        # A bad address is dropped, not reported: the visitor cannot see or fix a hidden field.
        return local_path(super().to_python(value), PAGE_MAX_LENGTH)


def _too_long(what, limit):
    return f"{what} must be {intcomma(limit)} characters or fewer"


class FeedbackForm(forms.Form):
    """The feedback form: a required message, an optional context, and a trap for bots."""

    KINDS = {Feedback.Kind.PROBLEM, Feedback.Kind.GENERAL}

    message = VisitorTextField(
        label="What went wrong, or what could be better?",
        max_length=MESSAGE_MAX_LENGTH,
        error_messages={
            "required": "Enter what went wrong, or what could be better",
            "max_length": _too_long("What went wrong, or what could be better", MESSAGE_MAX_LENGTH),
        },
    )
    doing = VisitorTextField(
        label="What were you doing? (optional)",
        required=False,
        max_length=DOING_MAX_LENGTH,
        error_messages={"max_length": _too_long("What you were doing", DOING_MAX_LENGTH)},
    )
    page = PageField()
    kind = forms.CharField(widget=forms.HiddenInput, required=False)
    # Set when the visitor came here by answering "No": ties the message to that answer.
    answer = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)
    # The honeypot: hidden from people by the stylesheet and from assistive technology by
    # `hidden`, so only a bot that fills in every field it finds puts anything here.
    website = forms.CharField(label="Leave this field empty", required=False)

    def __init__(self, *args, **kwargs):
        # Ids that cannot clash with a page's own when the form is shown in place on that page.
        kwargs.setdefault("auto_id", "feedback-%s")
        super().__init__(*args, **kwargs)

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        return kind if kind in self.KINDS else Feedback.Kind.GENERAL

    @property
    def is_bot(self):
        return bool(self.cleaned_data.get("website"))

    def save(self):
        """Store the feedback, unless a bot sent it; either way the visitor is thanked."""
        # A bot that filled the honeypot gets the same thank-you as a person, so it learns nothing,
        # but its submission is not stored: "every thanked submission is stored" excludes these.
        if self.is_bot:
            return None
        data = self.cleaned_data
        return Feedback.record(
            kind=data["kind"],
            page=data["page"],
            message=data["message"],
            doing=data["doing"],
            follows=Feedback.answer_to_follow(data["answer"]),
        )

    @property
    def answer_value(self):
        return (self["answer"].value() or "")[:200]

    @property
    def kind_value(self):
        """The kind this form is for, from the address or the submission."""
        value = self["kind"].value()
        return value if value in self.KINDS else Feedback.Kind.GENERAL

    @property
    def page_value(self):
        """The page this form is about, from the address or the submission; never off the site."""
        return local_path(self["page"].value() or "", PAGE_MAX_LENGTH)


class UsefulForm(forms.Form):
    """The "Is this page useful?" answer."""

    ANSWERS = {"yes": Feedback.Kind.USEFUL, "no": Feedback.Kind.NOT_USEFUL}

    answer = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No")])
    page = PageField()

    def save(self):
        data = self.cleaned_data
        return Feedback.record(kind=self.ANSWERS[data["answer"]], page=data["page"])

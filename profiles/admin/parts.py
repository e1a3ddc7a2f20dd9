"""The lists of a profile's rows on its form, made from JobProfile.parts."""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.forms.models import BaseInlineFormSet


class TextField(forms.CharField):
    """Long text with the line breaks stored as they are shown.

    Browsers send a text area's line breaks as CR LF: kept, they would make an unchanged text
    look changed, and move "last updated" and fill the history with edits nobody made.
    """

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")


# Admin classes whose forms have long text: profiles and their rows.
LONG_TEXT = {models.TextField: {"form_class": TextField}}


class OrderedRowFormSet(BaseInlineFormSet):
    """Rows in the order the editor numbers them, renumbered 1, 2, 3… when saved.

    A row whose number the editor changed goes before one that already had that number (typing
    1 moves a row to the top), and a new row left unnumbered goes last.
    """

    def clean(self):
        super().clean()
        kept = [
            (index, form)
            for index, form in enumerate(self.forms)
            if hasattr(form, "cleaned_data")
            and not self._should_delete_form(form)
            and (form.instance.pk or form.has_changed())
        ]

        def rank(item):
            index, form = item
            position = form.cleaned_data.get("position")
            unnumbered = position is None
            return (unnumbered, position or 0, "position" not in form.changed_data, index)

        self.ordered_rows = []
        for number, (_, form) in enumerate(sorted(kept, key=rank), start=1):
            form.instance.position = number
            self.ordered_rows.append(form.instance)


class AlternativeTitleForm(forms.ModelForm):
    def validate_unique(self):
        # The formset compares every title of the profile (all its rows are in it), and says
        # which row repeats which; the database check alone would only say "already exists".
        pass


class AlternativeTitleFormSet(OrderedRowFormSet):
    def clean(self):
        seen = set()
        for form in self.forms:
            if self._should_delete_form(form) or not hasattr(form, "cleaned_data"):
                continue
            title = form.cleaned_data.get("title")
            if not title:
                continue
            # Two spellings that differ only in capitals or spaces are the same title to a reader.
            key = " ".join(title.casefold().split())
            if key in seen:
                form.add_error("title", f"“{title}” is already in the list. Remove one of them.")
            seen.add(key)
        super().clean()


class OrderNumberMixin:
    """An "Order" number for a row: typing numbers reorders rows, with or without JavaScript."""

    formset = OrderedRowFormSet

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "position":
            return forms.IntegerField(
                label="Order",
                required=False,
                min_value=0,
                max_value=32767,
                widget=forms.NumberInput(attrs={"class": "app-order-input"}),
                help_text="Lower numbers come first. Leave blank to put a new row last.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


# What a part's inline list needs beyond what JobProfile.parts says of it.
INLINE_OPTIONS = {
    "alternative_titles": {"form": AlternativeTitleForm, "formset": AlternativeTitleFormSet},
    "related_to": {"autocomplete_fields": ["to_profile"], "verbose_name": "related career"},
}


def inlines_for(parts, fieldsets):
    return [inline_for(part, fieldsets) for part in parts]


def inline_for(part, fieldsets):
    """The inline list for one of a profile's parts, placed after the fieldset it follows.

    Lists of short rows are tables with one blank row at the end: without JavaScript that is
    how an editor adds a row. Rows the model orders itself (opportunities, by date) have no
    Order number.
    """
    after_fieldset = next(
        (name for name, options in fieldsets if part.after in flatten_fieldsets([(name, options)])),
        None,
    )
    if after_fieldset is None:
        raise ImproperlyConfigured(
            f"JobProfile.parts: {part.name!r} follows {part.after!r}, which no fieldset of the "
            "profile's form shows."
        )
    attrs = {
        "model": part.model,
        "fk_name": part.fk,
        "fields": [*part.fields, "position"] if part.ordered else list(part.fields),
        # One blank row in every list, so a row can be added without JavaScript too.
        "extra": 1,
        "verbose_name_plural": part.label or None,  # None: the model's own
        "after_fieldset": after_fieldset,
        "formfield_overrides": LONG_TEXT,
        **INLINE_OPTIONS.get(part.name, {}),
    }
    bases = (admin.StackedInline if part.stacked else admin.TabularInline,)
    if part.ordered:
        bases = (OrderNumberMixin, *bases)
    return type(f"{part.model_name}Inline", bases, attrs)

"""What a job profile is made of besides its own fields, declared once: JobProfile.parts.

The editors' form (one inline list a part), the interchange format, "last updated", the change
signal (and so the search index and the page cache) and the preview all read this declaration,
so a new kind of row is its model, one line in JobProfile.parts and its template.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Prefetch


@dataclass(frozen=True)
class Part:
    """One kind of row a profile owns, under the profile's related name for them."""

    name: str  # the related name: profile.<name>
    model_name: str  # a model of this app with a foreign key to the profile
    fields: tuple[str, ...]  # what editors fill in and files carry, in that order
    after: str  # the profile field it follows, on the editors' form and in a file
    label: str = ""  # its heading on the editors' form
    fk: str = "profile"  # the foreign key naming the profile that owns the row
    public: bool = True  # visitors see it: a change dates the content and expires pages
    # Not shown, but changes what search finds: a change still reaches the change signal.
    searched: bool = False
    editable: bool = True  # edited as a list on the profile's form
    in_format: bool = True  # carried as a list of rows by the interchange format
    improved_only: bool = False  # shown by the improved layout alone
    # When set, pages show only the rows visitors may see now, as profile.<shown>: the
    # model's QuerySet.shown() picks them from the database and row.is_shown() from a form.
    shown: str = ""
    stacked: bool = False  # long rows: edited one under another rather than as a table

    @property
    def model(self):
        return apps.get_model("profiles", self.model_name)

    @property
    def ordered(self):
        """Whether editors order the rows (by a position field), or the model orders them."""
        return any(field.name == "position" for field in self.model._meta.concrete_fields)

    def rows_of(self, profile_id):
        """This part's rows of one profile (a held change's copy too), in the model's order."""
        return self.model._base_manager.filter(**{self.fk: profile_id})

    def page_prefetch(self):
        if not self.shown:
            return self.name
        return Prefetch(self.name, queryset=self.model.objects.shown(), to_attr=self.shown)

    def rows_shown(self, rows):
        """Of these rows (unsaved ones too), those the page would show."""
        return [row for row in rows if row.is_shown()] if self.shown else list(rows)


class Parts(tuple):
    """A profile's parts in the order its page reads."""

    def __new__(cls, *parts):
        return super().__new__(cls, parts)

    def named(self, name):
        return next(part for part in self if part.name == name)

    @property
    def public(self):
        return tuple(part for part in self if part.public)

    @property
    def notifying(self):
        """The parts whose changes the change signal must hear of: public or searched."""
        return tuple(part for part in self if part.public or part.searched)

    @property
    def editable(self):
        return tuple(part for part in self if part.editable)

    @property
    def in_format(self):
        return tuple(part for part in self if part.in_format)

    def on_page(self, *, improved):
        """The parts the page shows in a layout."""
        return tuple(part for part in self.public if improved or not part.improved_only)

    def page_prefetches(self, *, improved, only=None):
        """What to prefetch for the parts a layout shows: all of them, or those named."""
        parts = self.on_page(improved=improved)
        return [part.page_prefetch() for part in parts if only is None or part.name in only]

"""Admin forms for articles: what an editor submits or publishes must pass the content checks."""

from wagtail.admin.forms import WagtailAdminPageForm

# Problems the form's own validation already shows beside the blocks concerned.
SHOWN_BY_FIELDS = {"invalid-block"}


class ArticlePageForm(WagtailAdminPageForm):
    """Saving a draft accepts anything; Submit, Publish, Schedule and approving with edits run the checks.

    Wagtail defers validation only for "Save draft"; every other action validates
    fully, and then the blocking problems of the article as submitted are shown
    beside the fields they concern (or above the form when no field is theirs).
    """

    def is_valid(self):
        valid = super().is_valid()
        if not valid or self.is_deferred_validation or getattr(self, "content_checked", False):
            return valid
        self.content_checked = True
        article = self.save(commit=False)
        for problem in article.content_problems():
            if problem.blocks and problem.code not in SHOWN_BY_FIELDS:
                self.add_error(problem.field if problem.field in self.fields else None, problem.message)
        return not self.errors

"""Admin: category and author snippets, the Markdown article import, review governance, broken links."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from blog import checks, review
from blog.importer import import_files
from blog.models import ArticlePage, Author, BlogIndexPage, Category
from blog.reports import BrokenLinksMenuItem, BrokenLinksView

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = "Categories"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    list_display = ["name", "role"]
    search_fields = ["name"]


class BlogSnippets(SnippetViewSetGroup):
    items = (CategoryViewSet, AuthorViewSet)
    menu_icon = "doc-full"
    menu_label = "Blog"
    menu_name = "blog"


register_snippet(BlogSnippets)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".md,.markdown,text/markdown"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ImportForm(forms.Form):
    files = MultipleFileField(
        label="Markdown files",
        help_text="One or more .md files with front matter (title, slug, date, author, category, tags, summary).",
    )
    publish = forms.BooleanField(
        required=False,
        label="Publish the articles that pass the checks, without review",
        help_text="Superusers only. Otherwise the articles are submitted for review.",
    )

    def __init__(self, *args, may_publish=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_publish:
            del self.fields["publish"]

    def clean_files(self):
        files = self.cleaned_data["files"]
        for upload in files:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(f"{upload.name} is larger than 2 MB.")
        return files


def can_import(user):
    index = BlogIndexPage.objects.first()
    return index is not None and index.permissions_for_user(user).can_add_subpage()


def import_view(request):
    """Imports go to review like an editor's articles; a superuser may publish those that pass the checks."""
    if not can_import(request.user):
        raise PermissionDenied
    may_publish = request.user.is_superuser
    report = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, may_publish=may_publish)
        if form.is_valid():
            publish = form.cleaned_data.get("publish", False)
            files = [(upload.name, upload.read()) for upload in form.cleaned_data["files"]]
            report = import_files(files, publish=publish, user=request.user)
            form = ImportForm(may_publish=may_publish)
    else:
        form = ImportForm(may_publish=may_publish)
    return TemplateResponse(
        request,
        "blog/admin/import_articles.html",
        {"form": form, "report": report, "page_title": "Import articles", "header_icon": "upload"},
    )


@hooks.register("register_admin_urls")
def register_import_url():
    return [path("blog/import/", import_view, name="blog_import_articles")]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem("Import articles", reverse("blog_import_articles"), icon_name="upload", order=290)


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    for action, label, message in review.LOG_ACTIONS:
        actions.register_action(action, label, message)


@hooks.register("after_publish_page")
def log_publish_without_review(request, page):
    review.log_direct_publish(page, request.user)


@hooks.register("after_create_page")
def review_articles_of_a_new_blog_index(request, page):
    if isinstance(page.specific_deferred, BlogIndexPage):
        review.attach(page)


@hooks.register("before_copy_page")
def refuse_live_copies_of_articles(request, page):
    """A copy of an article repeats a live article's text: copies start as drafts and go through review.

    Covers copying an article, and copying a page with its subpages (the blog index, the home page).
    """
    if request.method != "POST" or not (request.POST.get("publish_copies") or request.POST.get("alias")):
        return None
    articles = isinstance(page.specific_deferred, ArticlePage) or (
        request.POST.get("copy_subpages") and page.get_descendants().type(ArticlePage).exists()
    )
    if not articles:
        return None
    messages.error(
        request,
        "Articles cannot be copied live or as aliases: a copy repeats a live article's text. "
        "Copy as a draft (untick “Publish copies” and “Alias”), rewrite it and submit it for review.",
    )
    return redirect(request.get_full_path())


@hooks.register("before_bulk_action")
def refuse_bulk_publish_of_failing_articles(request, action_type, objects, action_class_instance):
    """Bulk publishing stops before anything goes live if an article fails the checks, and says which."""
    if action_type != "publish":
        return None
    refused = []
    for page in objects:
        revision = page.get_latest_revision()
        if revision is not None and isinstance(page.specific_deferred, ArticlePage):
            problems = checks.blocking(checks.check(revision))
            if problems:
                refused.append(f"“{page.get_admin_display_title()}”: {' '.join(p.message for p in problems)}")
    if not refused:
        return None
    messages.error(request, "Nothing was published. These articles fail the content checks: " + " ".join(refused))
    return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_explore_root"))


@hooks.register("register_admin_urls")
def register_broken_links_urls():
    return [
        path("reports/broken-links/", BrokenLinksView.as_view(), name="blog_broken_links"),
        path(
            "reports/broken-links/results/",
            BrokenLinksView.as_view(results_only=True),
            name="blog_broken_links_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_broken_links_menu_item():
    return BrokenLinksMenuItem(
        "Broken external links", reverse("blog_broken_links"), name="broken-links", icon_name="link", order=1150
    )

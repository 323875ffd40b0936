"""Admin: category and author snippets, the Markdown article import and the broken links report."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from blog.models import Author, BlogIndexPage, Category
from blog.reports import BrokenLinksMenuItem, BrokenLinksView
from blog.services.importer import import_files

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
        required=False, label="Publish the imported articles", help_text="Otherwise they are saved as drafts."
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        for upload in files:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(f"{upload.name} is larger than 2 MB.")
        return files


def can_import(user, publish=False):
    index = BlogIndexPage.objects.first()
    if index is None:
        return False
    permissions = index.permissions_for_user(user)
    return permissions.can_add_subpage() and (not publish or permissions.can_publish_subpage())


def import_view(request):
    if not can_import(request.user):
        raise PermissionDenied
    report = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            publish = form.cleaned_data["publish"]
            if publish and not can_import(request.user, publish=True):
                raise PermissionDenied
            files = [(upload.name, upload.read()) for upload in form.cleaned_data["files"]]
            report = import_files(files, publish=publish, user=request.user)
            form = ImportForm()
    else:
        form = ImportForm()
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

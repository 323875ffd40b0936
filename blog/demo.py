"""Demo content for the blog. (Foundation: only the blog index.)"""

from blog.models import BlogIndexPage


def load(home, stdout):
    if BlogIndexPage.objects.exists():
        return BlogIndexPage.objects.first()
    index = BlogIndexPage(
        title="Blog",
        slug="blog",
        introduction=(
            "Case studies from agencies that build with AI under real constraints: what they decided, "
            "what went wrong, and what it cost."
        ),
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    stdout.write("Created the blog index.")
    return index

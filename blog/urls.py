"""Blog URLs outside the page tree (feeds and search live on BlogIndexPage routes)."""

urlpatterns = []

"""An index on Wagtail's page URL paths, which HomePage.route looks pages up by.

Wagtail walks the tree one slug at a time and has no such index; the one-query
route reads every ancestor of a URL by its path, which without it scans every
page (about 10 ms per request with 50,000 articles). The table is Wagtail's, so
the index is created in SQL (the same statement on PostgreSQL and SQLite).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("agencyscript", "0002_article_call_to_action"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS agencyscript_page_url_path ON wagtailcore_page (url_path)",
            reverse_sql="DROP INDEX IF EXISTS agencyscript_page_url_path",
        )
    ]

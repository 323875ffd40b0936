# The review workflow for articles: an automatic content check, review by the
# Reviewers group, and a final automatic check (see blog.review). Reviewers may
# use the admin and approve; they hold no publish permission.

import django.db.models.deletion
from django.db import migrations, models

WORKFLOW = "Article review"
REVIEWERS = "Reviewers"
STEPS = [("blog", "contentchecktask", "Automatic check"), ("wagtailcore", "groupapprovaltask", "Review by Reviewers"),
         ("blog", "contentchecktask", "Final automatic check")]


def install(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    BlogIndexPage = apps.get_model("blog", "BlogIndexPage")

    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    reviewers.permissions.add(*Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"))
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW)
    if not created:
        return
    for order, (app_label, model, name) in enumerate(STEPS):
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        task = apps.get_model(app_label, model).objects.create(name=name, content_type=content_type)
        if model == "groupapprovaltask":
            task.groups.add(reviewers)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    for index in BlogIndexPage.objects.all():
        WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})


def uninstall(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    names = [name for _, _, name in STEPS]
    Workflow.objects.filter(name=WORKFLOW).delete()
    Task.objects.filter(name__in=names, workflow_tasks__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0008_fingerprints"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContentCheckTask",
            fields=[
                (
                    "task_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to="wagtailcore.task",
                    ),
                ),
            ],
            options={
                "verbose_name": "automatic content check",
                "verbose_name_plural": "automatic content checks",
            },
            bases=("wagtailcore.task",),
        ),
        migrations.RunPython(install, uninstall),
    ]

"""The newsroom's roles as groups with permissions (see README, "Editorial workflow")."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CRUD = ("add", "change", "delete", "view")

ROLES = {
    "Writer": {
        "articles": {
            "article": ("add", "change", "view"),
            "articleauthor": CRUD,
            "author": ("view",),
            "image": ("add", "change", "view"),
            "correction": ("view",),
            "source": ("view",),
            "reprintrule": ("view",),
        },
        "taggit": {"tag": ("add", "view")},
        "companies": {"company": ("view",)},
    },
    "Editor": {
        "articles": {
            "article": (*CRUD, "publish", "kill", "edit_any"),
            "articleauthor": CRUD,
            "author": CRUD,
            "image": CRUD,
            "correction": CRUD,
            "transition": ("view",),
            "source": ("view",),
            "reprintrule": ("view",),
            "permissiongrant": ("view",),
            "rightsevent": ("view",),
        },
        "taggit": {"tag": CRUD},
        "companies": {
            "company": ("add", "change", "view"),
            "companyalias": CRUD,
            "mention": CRUD,
            "fundinground": CRUD,
            "suggestion": ("change", "view"),
            "suggestionsighting": ("view",),
        },
        # To link an author profile to a staff account.
        "auth": {"user": ("view",)},
    },
    "Rights manager": {
        "articles": {
            "source": CRUD,
            "reprintrule": CRUD,
            "permissiongrant": CRUD,
            "rightsevent": ("view",),
            "article": ("view",),
            "author": ("view",),
        },
    },
}


def _codename(action: str, model: str) -> str:
    return f"{action}_{model}" if action in CRUD else f"{action}_article"


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, apps_models in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for app_label, models in apps_models.items():
            for model, actions in models.items():
                wanted.extend((app_label, _codename(action, model)) for action in actions)
        perms = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in wanted
        ]
        group.permissions.add(*perms)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_workflow_models"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("companies", "0004_companies_seed_rounds"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]

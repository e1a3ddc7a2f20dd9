from django.db import migrations

from editors import roles


class Migration(migrations.Migration):
    # Only the apps whose permissions the group needs from the start: others' are added when
    # they migrate (see editors.roles).
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("profiles", "0003_slugredirect"),
    ]

    operations = [migrations.RunPython(roles.create_group, roles.delete_group)]

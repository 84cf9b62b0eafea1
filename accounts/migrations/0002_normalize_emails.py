from django.db import migrations

from accounts.identity import normalize_email


def normalize_stored_emails(apps, schema_editor):
    """Login matches the normalised email exactly: store every email that way.

    A row whose normalised spelling another row already holds is left alone (it could
    not be stored next to it).
    """
    User = apps.get_model("accounts", "User")
    for user in User.objects.only("email").iterator():
        email = normalize_email(user.email)
        if email != user.email and not User.objects.filter(email=email).exists():
            user.email = email
            user.save(update_fields=["email"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(normalize_stored_emails, migrations.RunPython.noop)]

"""Django admin's (and its user forms') own messages, in the portal's Spanish.

Django's Spanish admin speaks "usted" and puts a masculine article before every model
name ("El causa …"). Agents read these messages all day, so the portal's catalogue
(LOCALE_PATHS, which wins over Django's) translates them in its own voice: tú, and
phrasings that read right whatever the model's gender. Listing the msgids here keeps
`make messages` from dropping them as obsolete; nothing imports this module.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    # django/contrib/admin/options.py
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("You may edit it again below."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop(
        "Items must be selected in order to perform actions on them. No items have been changed."
    ),
    gettext_noop("No action selected."),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    gettext_noop("Add %s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("0 of %(cnt)s selected"),
    gettext_noop("Select this object for an action - {}"),
    gettext_noop("Hold down “Control”, or “Command” on a Mac, to select more than one."),
    # django/contrib/admin/templates
    gettext_noop("Save and add another"),
    gettext_noop("Add another %(model)s"),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("In case you’ve forgotten, you are:"),
    gettext_noop("Enter a new password for the user <strong>%(username)s</strong>."),
    gettext_noop(
        "Please enter your new password twice so we can verify you typed it in correctly."
    ),
    gettext_noop(
        "Please enter the correct %(username)s and password for a staff account. Note that "
        "both fields may be case-sensitive."
    ),
    # django/contrib/auth/forms.py (the admin's user forms)
    gettext_noop("Enter the same password as before, for verification."),
]
PLURALS = [
    ngettext_lazy(
        "%(count)s %(name)s was changed successfully.",
        "%(count)s %(name)s were changed successfully.",
        "count",
    ),
    ngettext_lazy("Please correct the error below.", "Please correct the errors below.", "count"),
]

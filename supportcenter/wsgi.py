import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

# A server or worker started without DJANGO_SETTINGS_MODULE runs the production settings
# (never in debug; they refuse to start without a real secret key). manage.py, for
# local work, defaults to the development settings (base).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supportcenter.settings.production")

application = get_wsgi_application()

# The URLconf, and with it every view's imports (the wizard's cause suggestions load
# scikit-learn), is loaded while the worker boots, not by the first request it serves:
# that request would take seconds, and under load a worker could time out in it.
get_resolver().url_patterns  # noqa: B018  (the property loads the URLconf)

import os

from django.core.wsgi import get_wsgi_application

# A server or worker started without DJANGO_SETTINGS_MODULE runs the production settings
# (never in debug; they refuse to start without a real secret key). manage.py, for
# local work, defaults to the development settings (base).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supportcenter.settings.production")

application = get_wsgi_application()

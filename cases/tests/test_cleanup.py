"""Files left by interrupted requests are deleted within the hour; files something may
still use are not."""

import os
import time
from pathlib import Path

import pytest
from celery.schedules import schedule

from cases.models import Attachment
from cases.tasks import cleanup_uploads
from cases.tests.factories import CauseFactory, create_case, upload

pytestmark = pytest.mark.django_db


def aged(path: Path, minutes: float) -> Path:
    then = time.time() - minutes * 60
    os.utime(path, (then, then))
    return path


def stored(settings, folder: str, name: str, minutes: float) -> Path:
    path = Path(settings.MEDIA_ROOT) / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4 test")
    return aged(path, minutes)


class TestCleanupUploads:
    def test_runs_often_enough_to_clean_an_orphan_within_the_hour(self, settings):
        every = settings.CELERY_BEAT_SCHEDULE["cases-cleanup-uploads"]["schedule"]
        seconds = every.run_every.total_seconds() if isinstance(every, schedule) else every
        assert seconds + settings.ORPHAN_FILE_MIN_AGE_MINUTES * 60 <= 3600

    def test_deletes_an_orphan_attachment_file_older_than_the_minimum_age(
        self, settings, seller_user
    ):
        settings.ORPHAN_FILE_MIN_AGE_MINUTES = 30
        case = create_case(seller_user, cause=CauseFactory(), attachments=[upload("kept.pdf")])
        kept = aged(Path(Attachment.objects.get(case=case).file.path), 600)
        orphan = stored(settings, "attachments/2026/11", "orphan.pdf", 31)
        recent = stored(settings, "attachments/2026/11", "committing.pdf", 10)

        assert cleanup_uploads() == 1

        assert not orphan.exists()
        assert kept.exists() and recent.exists()

    def test_keeps_staged_wizard_files_while_their_session_may_live(self, settings):
        settings.SESSION_COOKIE_AGE = 8 * 3600
        abandoned = stored(settings, "wizard/u1", "abandoned.pdf", 8 * 60 + 1)
        in_use = stored(settings, "wizard/u2", "in-use.pdf", 7 * 60)

        assert cleanup_uploads() == 1

        assert not abandoned.exists() and in_use.exists()

    def test_hours_sets_both_ages(self, settings):
        staged = stored(settings, "wizard/u1", "staged.pdf", 61)
        orphan = stored(settings, "attachments/2026/11", "orphan.pdf", 61)
        young = stored(settings, "attachments/2026/11", "young.pdf", 59)

        assert cleanup_uploads(hours=1) == 2

        assert not staged.exists() and not orphan.exists() and young.exists()

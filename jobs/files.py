"""The files jobs write for the person who asked: kept in default_storage for a day, then deleted.

default_storage is what every machine shares (a network folder, an object store), so the machine
that serves the download sees what a worker elsewhere wrote.
"""

from datetime import timedelta

from django.core.files import File
from django.core.files.storage import default_storage

from .models import Job, JobFile

KEPT_FOR = timedelta(days=1)


def keep_file(job: Job, *, file, name: str, content_type: str, now) -> JobFile:
    """Store an open, rewound file as the job's, downloadable as `name` until a day from `now`."""
    path = default_storage.save(f"jobs/{job.pk}/{name}", File(file, name=name))
    return JobFile.objects.create(
        job=job,
        path=path,
        name=name,
        content_type=content_type,
        size=default_storage.size(path),
        expires_at=now + KEPT_FOR,
    )


def delete_expired_files(*, now) -> int:
    """Delete the files whose day has passed, from storage and from the records (a daily job)."""
    expired = list(JobFile.objects.filter(expires_at__lte=now))
    for job_file in expired:
        default_storage.delete(job_file.path)
    JobFile.objects.filter(pk__in=[job_file.pk for job_file in expired]).delete()
    return len(expired)

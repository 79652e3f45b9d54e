"""What a person can see of background work: each job's progress and attempts, and each day's run."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """One piece of background work as people follow it, across all the attempts the queue makes."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        RETRYING = "retrying", _("Waiting to retry")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    task_name = models.CharField(_("task"), max_length=200)
    subject = models.CharField(
        _("subject"), max_length=200, blank=True, help_text=_("What it works on, as its person sees it: a file's name.")
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("most attempts"))
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [models.Index(fields=["state", "updated_at"], name="jobs_job_state_updated_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(total__isnull=True) | Q(done__lte=F("total")), name="jobs_job_done_within_total"
            ),
            models.CheckConstraint(condition=Q(attempts__lte=F("max_attempts")), name="jobs_job_attempts_within_most"),
        ]

    def __str__(self):
        return f"{self.task_name} ({self.get_state_display()})"

    def start_attempt(self, *, now):
        """Count one more attempt and mark the job running."""
        self.attempts += 1
        self.state = self.State.RUNNING
        self.next_attempt_at = None
        self.updated_at = now
        self.save(update_fields=["attempts", "state", "next_attempt_at", "updated_at"])

    def report_progress(self, *, done, total, now):
        """Record how far the work has gone, for the person waiting on it."""
        self.done, self.total, self.updated_at = done, total, now
        self.save(update_fields=["done", "total", "updated_at"])

    def succeed(self, *, now):
        self.state = self.State.SUCCEEDED
        self.done = self.total if self.total is not None else self.done
        self.last_error = ""
        self.updated_at = now
        self.save(update_fields=["state", "done", "last_error", "updated_at"])

    def record_failure(self, *, error, retry_at, now):
        """Keep the error; wait for the retry at retry_at, or, with none left (None), fail for good."""
        self.last_error = error
        self.state = self.State.RETRYING if retry_at else self.State.FAILED
        self.next_attempt_at = retry_at
        self.updated_at = now
        self.save(update_fields=["last_error", "state", "next_attempt_at", "updated_at"])


class DailyRun(models.Model):
    """The day `run_daily` did the daily jobs, and what each did; one row a day makes it idempotent."""

    day = models.DateField(_("day"), unique=True)
    started_at = models.DateTimeField(_("started at"))
    results = models.JSONField(_("results"), default=dict)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("daily run")
        verbose_name_plural = _("daily runs")

    def __str__(self):
        return str(self.day)


class JobFile(models.Model):
    """A file a job wrote (an export) for the person who asked, kept in default_storage until it expires."""

    job = models.OneToOneField(Job, verbose_name=_("job"), on_delete=models.CASCADE, related_name="file")
    path = models.CharField(_("path in storage"), max_length=300)
    name = models.CharField(_("file name"), max_length=200, help_text=_("The name it is downloaded under."))
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("job file")
        verbose_name_plural = _("job files")

    def __str__(self):
        return self.name

    def is_expired(self, *, now) -> bool:
        return self.expires_at <= now

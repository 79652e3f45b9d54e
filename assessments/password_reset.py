"""The password-reset mail, sent by the task queue so that a mail server's hiccup is retried."""

from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.utils import timezone

from jobs.retrying import retried_task


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, enqueueing the mail instead of sending it during the request."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        # The link's token is made when the mail goes out, so that no secret waits in the queue.
        queued_context = {name: value for name, value in context.items() if name not in ("user", "token")}
        send_password_reset_mail.enqueue_job(
            now=timezone.now(),  # Django's save() calls this method: the request's edge, where the clock is read
            user_id=context["user"].pk,
            mail_context=queued_context,
            subject_template_name=subject_template_name,
            email_template_name=email_template_name,
            from_email=from_email,
            to_email=to_email,
            html_email_template_name=html_email_template_name,
        )


@retried_task()
def send_password_reset_mail(
    _job,
    *,
    user_id,
    mail_context,
    subject_template_name,
    email_template_name,
    from_email,
    to_email,
    html_email_template_name,
):
    """Render and send the reset mail as Django's form would, but let a failure raise, to be retried."""
    user = get_user_model()._default_manager.get(pk=user_id)
    context = {**mail_context, "user": user, "token": default_token_generator.make_token(user)}
    subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
    message = EmailMultiAlternatives(
        subject, loader.render_to_string(email_template_name, context), from_email, [to_email]
    )
    if html_email_template_name is not None:
        message.attach_alternative(loader.render_to_string(html_email_template_name, context), "text/html")
    message.send()

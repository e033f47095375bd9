from django.tasks import task


@task()
def send_webhooks() -> int:
    """Deliver what is due, off the request (the database worker runs it; `send_webhooks` from cron retries)."""
    from .webhooks import send_due

    return send_due()

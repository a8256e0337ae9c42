from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .retention import purge_deliveries
from .services import deliver_webhooks


@db_task()
def deliver_webhooks_task():
    deliver_webhooks()


@db_periodic_task(crontab(minute="*"))
def deliver_webhooks_sweep():
    """Retries what failed once its backoff is over, and what a lost task left."""
    deliver_webhooks()


@db_periodic_task(crontab(minute="17", hour="3"))
def purge_deliveries_daily():
    purge_deliveries()

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .services import deliver_outbox


@db_task()
def deliver_outbox_task():
    deliver_outbox()


@db_periodic_task(crontab(minute="*"))
def deliver_outbox_sweep():
    """Safety net: sends what a lost task or a failed attempt left in the outbox."""
    deliver_outbox()

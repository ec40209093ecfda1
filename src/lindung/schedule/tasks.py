from django_tasks import task

from lindung.schedule.services import scheduled_run_execute


@task()
def scheduled_run_task(run_id: int) -> None:
    """A scheduled billing, lapse or late-fee run (queued by `lindung scheduler`, run by `lindung db_worker`)."""
    scheduled_run_execute(run_id=run_id)

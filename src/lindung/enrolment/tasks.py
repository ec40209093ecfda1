from django_tasks import task

from lindung.enrolment.services import batch_process


@task()
def batch_process_task(batch_id: int) -> None:
    """Background check of a large enrolment file (run by `lindung db_worker`)."""
    batch_process(batch_id=batch_id)

from django_tasks import task

from lindung.enrolment.services import batch_job_run, batch_process


@task()
def batch_process_task(batch_id: int) -> None:
    """Background check of a large enrolment file (run by `lindung db_worker`)."""
    batch_process(batch_id=batch_id)


@task()
def batch_job_task(batch_id: int) -> None:
    """Background verification or acceptance of a large batch (run by `lindung db_worker`)."""
    batch_job_run(batch_id=batch_id)

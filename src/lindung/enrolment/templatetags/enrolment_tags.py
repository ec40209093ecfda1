from django import template

from lindung.enrolment.messages import row_message

register = template.Library()


@register.filter
def row_msg(message: str) -> str:
    """A stored row message in the reader's language."""
    return row_message(message)

class ApplicationError(Exception):
    """The one error type services raise; views and the API turn it into a message for the user.

    ``message`` is written for the user, in Bahasa Indonesia. ``code`` is stable for the API.
    """

    def __init__(self, message: str, *, code: str = "invalid", extra: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.extra = extra or {}

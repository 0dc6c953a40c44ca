import logging

from config.log_filters import DropQueryString


def _access(path: str) -> logging.LogRecord:
    return logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", path, "1.1", 200),
        None,
    )


def test_an_access_log_line_never_carries_the_query_string():
    record = _access("/cases/petitions/?q=0977123456")
    DropQueryString().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET /cases/petitions/?… HTTP/1.1" 200'


def test_a_path_without_a_query_is_logged_as_it_is():
    record = _access("/inbox/")
    DropQueryString().filter(record)
    assert "/inbox/ HTTP/1.1" in record.getMessage()


def test_the_uvicorn_access_logger_has_the_filter():
    names = [type(f).__name__ for f in logging.getLogger("uvicorn.access").filters]
    assert "DropQueryString" in names

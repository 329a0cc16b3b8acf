"""What a region's IT runs against Arrangeer: the probes of the load balancer, the metrics
Prometheus scrapes and the one log line per request (docs/operations.md)."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any
from unittest import mock

from django.db import OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from arrangeer.conf.logs import REQUEST_LOGGER, logging_config
from arrangeer.testing.servers import free_port, redis_server
from arrangeer.testing.world import World, build_world

METRICS_TOKEN = "m" * 40
OPS_MIDDLEWARE = (
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "arrangeer.core.middleware.RequestLogMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
)


@pytest.fixture
def world(db: None) -> World:
    return build_world()


_free_port = free_port


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A Redis of the test's own on a free port, without persistence, stopped afterwards."""
    with redis_server() as url:
        yield url


# --- Readiness for the load balancer ---------------------------------------------------------


@pytest.mark.django_db
def test_readiness_answers_without_login_with_one_query_and_no_data(
    django_assert_num_queries: Any,
) -> None:
    with django_assert_num_queries(1):
        response = Client().get(reverse("core:ready"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}
    assert "Set-Cookie" not in response.headers


@pytest.mark.django_db
def test_readiness_is_503_when_the_database_does_not_answer() -> None:
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        response = Client().get(reverse("core:ready"))
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unavailable"


@pytest.mark.django_db
def test_readiness_checks_redis_when_it_is_configured(settings: Any, redis_url: str) -> None:
    settings.REDIS_URL = redis_url
    response = Client().get(reverse("core:ready"))
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok"}


@pytest.mark.django_db
def test_readiness_is_503_when_redis_does_not_answer(settings: Any) -> None:
    settings.REDIS_URL = f"redis://127.0.0.1:{_free_port()}/0"
    response = Client().get(reverse("core:ready"))
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "redis": "unavailable"},
    }


@pytest.mark.django_db
def test_the_probes_are_not_redirected_to_https_but_pages_are(settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    assert client.get(reverse("core:health")).status_code == 200
    assert client.get(reverse("core:ready")).status_code == 200
    assert client.get(reverse("accounts:login")).status_code == 301


# --- Metrics for Prometheus ------------------------------------------------------------------


@pytest.mark.django_db
def test_metrics_do_not_exist_without_a_token(settings: Any) -> None:
    settings.METRICS_TOKEN = ""
    assert Client().get(reverse("core:metrics")).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("authorization", ["", "Bearer wrong-token", f"Basic {METRICS_TOKEN}"])
def test_metrics_need_the_operators_token(settings: Any, authorization: str) -> None:
    settings.METRICS_TOKEN = METRICS_TOKEN
    headers = {"Authorization": authorization} if authorization else {}
    response = Client().get(reverse("core:metrics"), headers=headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"django_http" not in response.content


def test_metrics_count_requests_and_latency_per_view_without_child_data(
    settings: Any, world: World, verified_client: Any
) -> None:
    settings.METRICS_TOKEN = METRICS_TOKEN
    verified_client(world.coordinator).get(reverse("cases:list"), {"q": "Sem Vermeer"})
    response = Client().get(
        reverse("core:metrics"), headers={"Authorization": f"Bearer {METRICS_TOKEN}"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        'django_http_requests_latency_seconds_by_view_method_count{method="GET",view="cases:list"}'
        in body
    )
    assert (
        'django_http_responses_total_by_status_view_method_total{method="GET",status="200",view="cases:list"}'
        in body
    )
    assert "Sem" not in body and "Vermeer" not in body


def test_the_operations_middleware_adds_no_queries(
    settings: Any, world: World, verified_client: Any
) -> None:
    url = reverse("cases:list")

    def queries_of_the_list() -> int:
        client = verified_client(world.coordinator)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    with_ops = queries_of_the_list()
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m not in OPS_MIDDLEWARE]
    assert with_ops == queries_of_the_list()


# --- One log line per request ----------------------------------------------------------------


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """The production log format (LOG_FORMAT=json) on the request logger and the root logger,
    written into a string for the test to read."""
    config = logging_config(log_format="json", level="INFO")
    spec = dict(config["formatters"]["json"])
    formatter = spec.pop("()")(**spec)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    handler.addFilter(config["filters"]["paths_as_routes"]["()"]())
    root, request_logger = logging.getLogger(), logging.getLogger(REQUEST_LOGGER)
    levels = (root.level, request_logger.level)
    root.addHandler(handler)
    request_logger.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        request_logger.setLevel(levels[1])


def _lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_request_logs_one_json_line_with_its_id_and_no_child_data(
    world: World, verified_client: Any, json_log: io.StringIO
) -> None:
    client = verified_client(world.coordinator)
    request_id = "3f6c2a9e-proxy-0001"
    response = client.get(
        reverse("cases:list"), {"q": "Sem Vermeer"}, headers={"X-Request-ID": request_id}
    )
    assert response.status_code == 200
    assert response["X-Request-ID"] == request_id
    text = json_log.getvalue()
    assert "Sem" not in text and "Vermeer" not in text and "q=" not in text
    [line] = _lines(json_log)
    assert line["event"] == "request"
    assert line["request_id"] == request_id
    assert line["view"] == "cases:list"
    assert line["route"] == "dossiers/"
    assert line["method"] == "GET"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert line["level"] == "info"


def test_a_case_page_logs_its_url_pattern_not_the_case(
    world: World, verified_client: Any, json_log: io.StringIO
) -> None:
    url = reverse("cases:detail", kwargs={"case_id": world.case.uuid})
    response = verified_client(world.coordinator).get(url)
    assert response.status_code == 200
    [line] = _lines(json_log)
    assert line["route"] == "dossiers/<uuid:case_id>/"
    assert str(world.case.uuid) not in json_log.getvalue()
    assert line["request_id"] == response["X-Request-ID"]


@pytest.mark.django_db
@pytest.mark.parametrize("given", ["", "Sem Vermeer", "x" * 200, "id\nforged line"])
def test_an_unusable_incoming_request_id_is_replaced(json_log: io.StringIO, given: str) -> None:
    headers = {"X-Request-ID": given} if given else {}
    response = Client().get(reverse("core:health"), headers=headers)
    request_id = response["X-Request-ID"]
    assert request_id != given and len(request_id) == 32
    [line] = _lines(json_log)
    assert line["request_id"] == request_id


@pytest.mark.django_db
def test_every_line_written_during_a_request_carries_its_id(
    settings: Any, json_log: io.StringIO
) -> None:
    settings.REDIS_URL = f"redis://127.0.0.1:{_free_port()}/0"
    response = Client().get(reverse("core:ready"), headers={"X-Request-ID": "probe-00000001"})
    assert response.status_code == 503
    warning, request, django_error = _lines(json_log)
    assert warning["logger"] == "arrangeer.core.views_ops"
    assert warning["level"] == "warning"
    assert request["status"] == 503
    # Django's own line about the failed response comes after the middleware returned.
    assert django_error["logger"] == "django.request"
    assert django_error["event"] == "Service Unavailable: gezond/gereed/"
    for line in (warning, request, django_error):
        assert line["request_id"] == "probe-00000001"
        assert set(line) == {
            "event",
            "request_id",
            "level",
            "logger",
            "timestamp",
            *(("method", "view", "route", "status", "duration_ms") if line is request else ()),
        }


@pytest.mark.django_db
def test_a_secret_in_a_path_stays_out_of_the_log(json_log: io.StringIO) -> None:
    secret = "a1b2c3d4e5f6g7h8i9j0-invitation-token"
    response = Client().get(reverse("meetings_feed", kwargs={"token": secret}))
    assert response.status_code == 404
    assert secret not in json_log.getvalue()
    lines = _lines(json_log)
    assert {line["request_id"] for line in lines} == {response["X-Request-ID"]}
    assert any(line["event"] == "Not Found: agenda/<str:token>.ics" for line in lines)

"""Uploads in a private bucket of S3-compatible object storage (conf/storage.py,
core/storage.py): switched on by S3_BUCKET, refused when half or wrongly set; the objects are
encrypted, private and have no address; the readiness probe checks the bucket. Local disk stays
the default. Two real app servers on one bucket: test_two_app_servers.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage as storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

import boto3
import pytest
from moto import mock_aws

from arrangeer.cases.access import Actor, access_case
from arrangeer.conf.storage import DISK_STORAGE, S3_BACKEND, default_storage
from arrangeer.plans import services
from arrangeer.testing.auth import login_verified
from arrangeer.testing.world import World, build_world

BUCKET = "arrangeer-uploads"
REGION = "eu-central-1"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
S3 = {"S3_BUCKET": BUCKET, "S3_REGION": REGION}


# --- The settings ---------------------------------------------------------------------------


def test_without_a_bucket_uploads_stay_on_local_disk() -> None:
    assert default_storage({}) == DISK_STORAGE
    assert default_storage({"S3_BUCKET": " "}) == DISK_STORAGE


def test_a_bucket_switches_uploads_to_a_private_encrypted_bucket() -> None:
    found = default_storage(
        {
            **S3,
            "S3_ENDPOINT_URL": "https://s3.example.nl",
            "S3_ACCESS_KEY_ID": "sleutel",
            "S3_SECRET_ACCESS_KEY": "geheim",
            "S3_PREFIX": "/arrangeer/",
            "S3_ADDRESSING_STYLE": "path",
        },
        require_https=True,
    )
    options = found["OPTIONS"]
    assert found["BACKEND"] == S3_BACKEND
    assert options["bucket_name"] == BUCKET
    assert options["endpoint_url"] == "https://s3.example.nl"
    assert options["region_name"] == REGION
    assert options["location"] == "arrangeer"
    assert (options["access_key"], options["secret_key"]) == ("sleutel", "geheim")
    # Private: no ACL, no (presigned) addresses; encrypted at rest; never overwritten.
    assert options["default_acl"] is None
    assert options["querystring_auth"] is False
    assert options["custom_domain"] is None
    assert options["object_parameters"] == {"ServerSideEncryption": "AES256"}
    assert options["file_overwrite"] is False
    assert options["client_config"].s3 == {"addressing_style": "path"}
    assert options["client_config"].connect_timeout == 5


def test_without_keys_the_machine_credentials_are_used_and_kms_can_be_chosen() -> None:
    options = default_storage(
        {**S3, "S3_SERVER_SIDE_ENCRYPTION": "aws:kms", "S3_KMS_KEY_ID": "alias/arrangeer"}
    )["OPTIONS"]
    assert "access_key" not in options
    assert options["object_parameters"] == {
        "ServerSideEncryption": "aws:kms",
        "SSEKMSKeyId": "alias/arrangeer",
    }


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"S3_ENDPOINT_URL": "https://s3.example.nl"}, "without S3_BUCKET"),
        ({**S3, "S3_ACCESS_KEY_ID": "sleutel"}, "together"),
        ({**S3, "S3_SERVER_SIDE_ENCRYPTION": "none"}, "S3_SERVER_SIDE_ENCRYPTION must be"),
        ({**S3, "S3_KMS_KEY_ID": "alias/x"}, "needs S3_SERVER_SIDE_ENCRYPTION=aws:kms"),
        ({**S3, "S3_ADDRESSING_STYLE": "dns"}, "S3_ADDRESSING_STYLE must be"),
        ({**S3, "S3_ENDPOINT_URL": "s3.example.nl"}, "https:// address"),
        ({**S3, "S3_READ_TIMEOUT": "0"}, "S3_READ_TIMEOUT must be"),
    ],
)
def test_half_or_wrong_settings_are_refused(environment: dict[str, str], message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        default_storage(environment)


def test_production_refuses_object_storage_over_plain_http() -> None:
    environment = {**S3, "S3_ENDPOINT_URL": "http://minio.internal:9000"}
    assert default_storage(environment)["OPTIONS"]["endpoint_url"] == environment["S3_ENDPOINT_URL"]
    with pytest.raises(ImproperlyConfigured, match="https:// address in production"):
        default_storage(environment, require_https=True)


# --- The bucket (moto in this process) ------------------------------------------------------


@pytest.fixture
def bucket(settings: Any) -> Iterator[Any]:
    """Uploads go to a private bucket of an S3 simulated in this process."""
    with mock_aws():
        client = boto3.client("s3", region_name=REGION)
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        settings.STORAGES = {
            **settings.STORAGES,
            "default": default_storage(
                {**S3, "S3_ACCESS_KEY_ID": "a", "S3_SECRET_ACCESS_KEY": "b"}
            ),
        }
        yield client


@pytest.fixture
def world(db: None) -> World:
    return build_world(with_plan=True)


def _attach(world: World) -> Any:
    return services.add_attachment(
        access_case(Actor(world.coordinator), world.case.uuid),
        upload=SimpleUploadedFile("verslag.pdf", PDF, content_type="application/pdf"),
        description="Verslag",
        category="onderwijs",
    )


def test_an_upload_is_an_encrypted_private_object_without_an_address(
    bucket: Any, world: World
) -> None:
    attachment = _attach(world)

    stored = bucket.head_object(Bucket=BUCKET, Key=attachment.file.name)
    assert stored["ServerSideEncryption"] == "AES256"
    assert stored["ContentLength"] == len(PDF)
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=attachment.file.name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner only
    with pytest.raises(NotImplementedError, match="after the access check"):
        storage.url(attachment.file.name)


def test_the_download_streams_the_object_after_the_access_check(bucket: Any, world: World) -> None:
    attachment = _attach(world)
    url = reverse(
        "plans:attachment", kwargs={"case_id": world.case.uuid, "attachment_id": attachment.uuid}
    )

    response = login_verified(Client(), world.coordinator).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]

    outsider = login_verified(Client(), world.teacher_other_school).get(url)
    assert outsider.status_code == 404


def test_a_removed_file_leaves_the_bucket_once_the_removal_commits(
    bucket: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    attachment = _attach(world)
    key = attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_attachment(
            access_case(Actor(world.coordinator), world.case.uuid), attachment
        )
    assert bucket.list_objects_v2(Bucket=BUCKET, Prefix=key).get("KeyCount") == 0


# --- Readiness ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_readiness_checks_the_bucket_when_uploads_go_to_object_storage(
    bucket: Any, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        response = Client().get(reverse("core:ready"))
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "storage": "ok"}


@pytest.mark.django_db
def test_readiness_is_503_when_the_bucket_does_not_answer(bucket: Any) -> None:
    bucket.delete_bucket(Bucket=BUCKET)
    response = Client().get(reverse("core:ready"))
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "storage": "unavailable"},
    }

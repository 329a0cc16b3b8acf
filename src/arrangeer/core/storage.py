"""Uploads in a private bucket of S3-compatible object storage (django-storages), when
S3_BUCKET is set (conf/storage.py). Every app server reads and writes the same bucket, so a
file uploaded through one server is there on all of them.

A file has no address of its own: Arrangeer streams it after the access check
(`plans.views_files`), so `url()` refuses instead of handing out a public or presigned link."""

from __future__ import annotations

import functools
import logging
from typing import Any

from django.core.files.storage import Storage, default_storage

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from storages.backends.s3 import S3Storage

logger = logging.getLogger(__name__)

# A probe that waits longer than the load balancer's own timeout tells it nothing.
PROBE_TIMEOUT_SECONDS = 2


class PrivateS3Storage(S3Storage):
    def url(self, name: str | None, *args: Any, **kwargs: Any) -> str:
        raise NotImplementedError(
            "Uploads have no address of their own: Arrangeer serves them after the access check."
        )

    @functools.cached_property
    def probe_client(self) -> Any:
        """A client of the same bucket for the readiness probe: short time-outs, no retries.
        Made once per process (making one costs tens of milliseconds)."""
        config = self.client_config.merge(
            Config(
                connect_timeout=PROBE_TIMEOUT_SECONDS,
                read_timeout=PROBE_TIMEOUT_SECONDS,
                retries={"max_attempts": 1, "mode": "standard"},
            )
        )
        return self._create_session().client(
            "s3",
            region_name=self.region_name,
            use_ssl=self.use_ssl,
            endpoint_url=self.endpoint_url,
            config=config,
            verify=self.verify,
        )


def bucket_answers(storage: Storage | None = None) -> bool:
    """One HEAD of the bucket: it exists and these credentials may use it. Reads no file."""
    found = storage or default_storage
    assert isinstance(found, PrivateS3Storage)
    try:
        found.probe_client.head_bucket(Bucket=found.bucket_name)
    except (BotoCoreError, ClientError) as error:
        logger.warning("Readiness: the object storage does not answer (%s).", type(error).__name__)
        return False
    return True

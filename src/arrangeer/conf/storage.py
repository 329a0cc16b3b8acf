"""Where uploads are kept: on local disk under MEDIA_ROOT (the default), or in a private bucket
of S3-compatible object storage when S3_BUCKET is set (docs/configuration.md, "Uploads").

Either way a file is only ever served by Arrangeer itself, after the access check: the bucket
gets no public ACL and the storage hands out no addresses (no public or presigned URLs)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

DISK_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3_BACKEND = "arrangeer.core.storage.PrivateS3Storage"
# What S3 itself encrypts the object with: its own keys (AES256) or a key in its KMS.
SERVER_SIDE_ENCRYPTION = ("AES256", "aws:kms")
ADDRESSING_STYLES = ("auto", "path", "virtual")
# A download is read into memory up to this size, beyond it into a temporary file.
MAX_MEMORY_BYTES = 2 * 1024 * 1024


def _value(environ: Mapping[str, str], name: str, default: str = "") -> str:
    return environ.get(name, default).strip()


def _seconds(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = _value(environ, name, str(default))
    if not raw.isdigit() or int(raw) < 1:
        raise ImproperlyConfigured(f"{name} must be a whole number of seconds (1 or more).")
    return int(raw)


def default_storage(environ: Mapping[str, str], *, require_https: bool = False) -> dict[str, Any]:
    """STORAGES["default"] from the environment: local disk without S3_BUCKET, otherwise the
    private bucket with server-side encryption. Refuses half or wrong settings."""
    bucket = _value(environ, "S3_BUCKET")
    if not bucket:
        others = sorted(
            name for name in environ if name.startswith("S3_") and _value(environ, name)
        )
        if others:
            raise ImproperlyConfigured(
                f"{', '.join(others)} set without S3_BUCKET: set the bucket too, or remove them."
            )
        return dict(DISK_STORAGE)

    endpoint = _s3_endpoint(environ, require_https=require_https)
    access_key, secret_key = _s3_keys(environ)
    object_parameters = _s3_encryption(environ)
    addressing = _value(environ, "S3_ADDRESSING_STYLE", "auto")
    if addressing not in ADDRESSING_STYLES:
        raise ImproperlyConfigured(
            f"S3_ADDRESSING_STYLE must be one of {', '.join(ADDRESSING_STYLES)}."
        )
    from botocore.config import Config

    options: dict[str, Any] = {
        "bucket_name": bucket,
        "endpoint_url": endpoint or None,
        "region_name": _value(environ, "S3_REGION") or None,
        "location": _value(environ, "S3_PREFIX").strip("/"),
        # Private: no ACL on the objects (the bucket's own, private, applies), no addresses.
        "default_acl": None,
        "querystring_auth": False,
        "custom_domain": None,
        "object_parameters": object_parameters,
        # A file is never replaced: names are random, and a clash gets a new name.
        "file_overwrite": False,
        "max_memory_size": MAX_MEMORY_BYTES,
        "client_config": Config(
            connect_timeout=_seconds(environ, "S3_CONNECT_TIMEOUT", 5),
            read_timeout=_seconds(environ, "S3_READ_TIMEOUT", 60),
            retries={"max_attempts": 3, "mode": "standard"},
            s3={"addressing_style": addressing},
        ),
    }
    if access_key:
        options["access_key"] = access_key
        options["secret_key"] = secret_key
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}


def _s3_endpoint(environ: Mapping[str, str], *, require_https: bool) -> str:
    """The S3 endpoint's address (empty: AWS itself): https, or http outside production."""
    endpoint = _value(environ, "S3_ENDPOINT_URL")
    if endpoint and not endpoint.startswith(("https://", "http://")):
        raise ImproperlyConfigured("S3_ENDPOINT_URL must be an https:// address.")
    if require_https and endpoint.startswith("http://"):
        raise ImproperlyConfigured("S3_ENDPOINT_URL must be an https:// address in production.")
    return endpoint


def _s3_keys(environ: Mapping[str, str]) -> tuple[str, str]:
    """The access key and its secret, both or neither (the machine's own credentials)."""
    access_key = _value(environ, "S3_ACCESS_KEY_ID")
    secret_key = _value(environ, "S3_SECRET_ACCESS_KEY")
    if bool(access_key) != bool(secret_key):
        raise ImproperlyConfigured(
            "Set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY together (or neither, to use the "
            "machine's own credentials)."
        )
    return access_key, secret_key


def _s3_encryption(environ: Mapping[str, str]) -> dict[str, str]:
    """The objects' server-side encryption (AES256, or aws:kms with its own key)."""
    encryption = _value(environ, "S3_SERVER_SIDE_ENCRYPTION", "AES256")
    if encryption not in SERVER_SIDE_ENCRYPTION:
        raise ImproperlyConfigured(
            f"S3_SERVER_SIDE_ENCRYPTION must be one of {', '.join(SERVER_SIDE_ENCRYPTION)}."
        )
    kms_key = _value(environ, "S3_KMS_KEY_ID")
    if kms_key and encryption != "aws:kms":
        raise ImproperlyConfigured("S3_KMS_KEY_ID needs S3_SERVER_SIDE_ENCRYPTION=aws:kms.")
    object_parameters = {"ServerSideEncryption": encryption}
    if kms_key:
        object_parameters["SSEKMSKeyId"] = kms_key
    return object_parameters

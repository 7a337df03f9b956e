"""A document store in an S3-compatible bucket (Amazon S3, MinIO, Ceph and the like), for an
installation whose web hosts must all read what any one of them stored.

Objects are named `<prefix><key>` with the store's own keys only (see `storage.checked`), kept
private, and written whole: S3 never shows a reader half an object. The client comes from
boto3, which reads credentials the usual way (environment, shared files, an instance role).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claims.desk.storage import MissingContent, checked

if TYPE_CHECKING:
    from mypy_boto3_s3.client import S3Client

_ABSENT = {"NoSuchKey", "404", "NotFound"}


class BucketStore:
    """Documents as objects of one bucket, under an optional prefix ("tci/documents/")."""

    def __init__(self, client: S3Client, bucket: str, prefix: str = "") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix

    @classmethod
    def connect(cls, bucket: str, *, endpoint_url: str | None = None, region: str | None = None,
                prefix: str = "") -> BucketStore:
        """A store on `bucket`, at `endpoint_url` when the bucket is not on Amazon's S3."""
        import boto3  # only installations that keep documents in a bucket need it
        from botocore.config import Config

        client = boto3.client(
            "s3", endpoint_url=endpoint_url, region_name=region,
            config=Config(retries={"max_attempts": 5, "mode": "standard"},
                          connect_timeout=5, read_timeout=60))
        return cls(client, bucket, prefix)

    def _name(self, key: str) -> str:
        return self.prefix + checked(key)

    def put(self, key: str, content: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self._name(key), Body=content,
                               ContentType="application/octet-stream")

    def get(self, key: str) -> bytes:
        from botocore.exceptions import ClientError

        try:
            found: Any = self.client.get_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in _ABSENT:
                raise MissingContent(key) from error
            raise
        content: bytes = found["Body"].read()
        return content

    def drop(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))

    def check(self) -> None:
        """Raise unless the bucket answers: called once at start-up, so that a wrong name or
        missing credentials stop the process instead of the first upload."""
        self.client.head_bucket(Bucket=self.bucket)
